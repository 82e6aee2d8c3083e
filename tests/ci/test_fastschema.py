"""The compiled validator is a fast path only: it never accepts what jsonschema (the reference) rejects."""

from __future__ import annotations

import copy
import random
import re
from pathlib import Path

import pytest

from auditkit.speed import fastschema
from auditkit.inputs.documents.markdown import split_front_matter
from auditkit.inputs.validation import SCHEMA_NAMES, schema, validate_value, validator
from auditkit.inputs.yamlsource import Document, SourceError, parse_yaml

TESTS = Path(__file__).parents[1]
KINDS = {"catalog": "catalog", "evidence": "evidence", "judgments": "judgments", "organization": "organization"}


def _documents():
    """Every example file of tests/example-files and the mini project, with the schema it is written for."""
    out = []
    for kind, name in KINDS.items():
        for path in sorted((TESTS / "example-files" / kind).rglob("*")):
            if path.suffix in (".yaml", ".yml", ".md"):
                out.append((name, path))
    for path in sorted((TESTS / "fixtures" / "mini").rglob("*")):
        if path.suffix in (".yaml", ".md"):
            name = ("catalog" if "controls" in path.parts else "judgments" if path.name == "judgments.yaml"
                    else "organization" if path.name == "organization.yaml" else "evidence")
            out.append((name, path))
    return out


def _load(path: Path):
    """The file's value; raises SourceError when it is not even YAML (or its front matter is not closed)."""
    text = path.read_text("utf-8")
    doc = split_front_matter(text, str(path))[0] if path.suffix == ".md" else parse_yaml(text, str(path))
    return doc.data


def _parses(path: Path) -> bool:
    try:
        _load(path)
    except SourceError:
        return False
    return True


def _schema_documents():
    """The documents that parse: files that are not even YAML are not about schemas (see the test below)."""
    return [(name, path) for name, path in _documents() if _parses(path)]


def _mutants(value, rng: random.Random, count: int = 25):
    """Small breakages of a valid value: a key dropped or added, a value of the wrong type, a list emptied."""
    paths = []

    def walk(node, path):
        paths.append(path)
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, path + (k,))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, path + (i,))

    walk(value, ())
    for _ in range(count):
        mutant = copy.deepcopy(value)
        path = rng.choice(paths)
        parent = mutant
        for part in path[:-1]:
            parent = parent[part]
        target = parent[path[-1]] if path else mutant
        move = rng.randrange(5)
        if move == 0 and isinstance(target, dict) and target:
            target.pop(rng.choice(list(target)))
        elif move == 1 and isinstance(target, dict):
            target["unexpected_field"] = "x"
        elif move == 2 and path:
            parent[path[-1]] = rng.choice([7, 1.0, True, None, "text", [], {}, "2026-13-45", "", "-1 days"])
        elif move == 3 and isinstance(target, list):
            target.clear()
        elif path:
            parent[path[-1]] = [target]
        yield mutant


def test_every_named_schema_has_a_compiled_validator():
    """If this fails, a schema started using a keyword the compiled validator does not implement alike: the
    fast path is silently off for it (correct, but slow). Either avoid the keyword or extend fastschema."""
    assert {name: fastschema.compiled(name) is not None for name in SCHEMA_NAMES} == {name: True for name in SCHEMA_NAMES}


def test_documents_left_out_of_the_schema_test_are_negative_examples_with_a_located_error():
    """Only files meant to be broken may be left out, and each says where it breaks (file:line:col)."""
    left_out = [path for _, path in _documents() if not _parses(path)]
    for path in left_out:
        assert "negative" in path.parts, path
        with pytest.raises(SourceError) as caught:
            _load(path)
        assert re.match(rf"{re.escape(str(path))}:\d+:\d+: ", str(caught.value)), str(caught.value)


@pytest.mark.parametrize(("name", "path"), _schema_documents(), ids=lambda v: getattr(v, "name", v))
def test_compiled_never_accepts_what_jsonschema_rejects(name, path):
    value = _load(path)
    fast = fastschema.compiled(name)
    reference = validator(name)
    assert fast(value) == reference.is_valid(value)  # on the file itself they agree exactly
    rng = random.Random(path.name)
    for mutant in _mutants(value, rng):
        if fast(mutant):
            assert reference.is_valid(mutant), (path, mutant)


def test_rule_parameter_schemas_and_dependent_required():
    from auditkit.engine.checks import RULES

    for rule in RULES.values():
        if rule.params_schema:
            assert fastschema.compiled(rule.params_schema) is not None, rule.name
    condition = schema("common")["$defs"]["condition"]
    check = fastschema.compiled({"$ref": "https://auditkit.dev/schemas/common.schema.json#/$defs/condition"})
    assert check is not None and "dependentRequired" in condition
    assert check({"field": "resolved", "within": "8 hours", "of": "opened"})
    assert not check({"field": "resolved", "within": "8 hours"})  # within needs of


@pytest.mark.parametrize("unsafe", [
    {"type": "string", "format": "date"},
    {"type": "object", "unevaluatedProperties": False},
    {"properties": {"a": {"$ref": "#/$defs/x", "minLength": 2}}, "$defs": {"x": {"type": "string"}}},
    {"enum": [1, "a"]},
    {"const": 0},
    {"items": [{"type": "string"}]},
    {"$ref": "https://example.org/elsewhere.json"},
])
def test_schemas_with_keywords_implemented_differently_get_no_compiled_validator(unsafe):
    assert fastschema.compiled(unsafe) is None


def test_true_false_and_null_in_enums_are_typed():
    check = fastschema.compiled({"enum": ["off", False, None]})
    assert check("off") and check(False) and check(None)
    assert not check(0) and not check("False") and not check(True)
    assert fastschema.compiled({"const": False})(False) and not fastschema.compiled({"const": False})(0)


def test_errors_still_come_from_jsonschema_with_locations():
    doc = parse_yaml("id: x\ntype: treaty\ntitle: t\n", "e.yaml")
    problems = validate_value(doc.data, doc, "evidence")
    assert [str(p) for p in problems] == ["e.yaml:2:7: 'treaty' is not one of: scope, policy, objectives, plan, procedure, "
                                          "process, agreement, contract, catalogue, register, record-set, minutes, report, "
                                          "risk-assessment, requirements, design, programme, record, other (type)"]
    assert validate_value({"id": "x", "type": "policy", "title": "t"}, Document("v.yaml", None), "evidence") == []


CONFIG = """\
controls: controls
scoring: {weights: {high: 3}, readiness_threshold: 0.8}
grading: {gap: {low: observation}, process-absent: major-nc}
gates:
  min_score: 0.75
  min_clause_score: {"8": 0.7, "8.6.1": 0.9}
  major_nonconformities: fail
  new_nonconformities: off
  stale_within: 30 days
  baseline: history/baseline.json
  lint:
    level: warn
    fields: {"*": [owner, [review_interval, next_review]], contract: [effective]}
    sections: {policy: [Purpose, [Scope, Applicability]]}
    links: true
"""


def test_config_with_gates_compiled_and_mutated():
    value = parse_yaml(CONFIG, "auditkit.yaml").data
    fast, reference = fastschema.compiled("config"), validator("config")
    assert fast(value) and reference.is_valid(value)
    for mutant in _mutants(value, random.Random(7), count=200):
        if fast(mutant):
            assert reference.is_valid(mutant), mutant


def test_compiled_code_is_cached_and_a_damaged_entry_is_compiled_again(tmp_path, monkeypatch):
    """The second run loads the validator's bytecode instead of generating it; a damaged entry costs a compile."""
    import fastjsonschema

    monkeypatch.setenv("AUDITKIT_CODE_CACHE", str(tmp_path))
    fastschema._code_cache.cache_clear()
    try:
        definition = {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}
        first = fastschema._validator_function(definition)
        entries = list(tmp_path.glob("*.bytecode"))
        assert len(entries) == 1

        def no_generation(*args, **kwargs):
            raise AssertionError("generated again although cached")

        with monkeypatch.context() as patched:
            patched.setattr(fastjsonschema, "compile_to_code", no_generation)
            cached = fastschema._validator_function(definition)
        for validate in (first, cached):
            validate({"id": "x"})
            with pytest.raises(fastjsonschema.JsonSchemaException):
                validate({"id": 3})

        entries[0].write_bytes(b"not bytecode")
        again = fastschema._validator_function(definition)
        with pytest.raises(fastjsonschema.JsonSchemaException):
            again({})
        assert entries[0].read_bytes() != b"not bytecode"
    finally:
        fastschema._code_cache.cache_clear()
