"""Each document is prepared for concept matching once per assessment, however many checks read it and however
small the cache of prepared documents, and what the checks say in advance about their reads changes no result."""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import date
from pathlib import Path

from auditkit.api import Project
from auditkit.engine import concept_reads, concepts
from auditkit.engine.checks.base import Rule
from auditkit.engine.checks.sections import HasSections

ROOT = Path(__file__).resolve().parents[2]
AS_OF = date(2026, 11, 5)


def _assessment(root: Path = ROOT, cache: bool = False) -> dict:
    with Project.open(root, workers=False, cache=cache) as project:
        return project.assessment(AS_OF)


def _count_preparations(monkeypatch) -> Counter:
    prepared: Counter = Counter()
    original = concepts._Read.__init__

    def counted(self, outline):
        prepared[outline.path] += 1
        original(self, outline)

    monkeypatch.setattr(concepts._Read, "__init__", counted)
    # No cache of prepared documents at all: an organisation with more documents than the cache holds.
    monkeypatch.setattr(concepts, "_read_cached", concepts._Read)
    return prepared


def test_each_document_is_prepared_once_for_all_the_checks_that_read_it(monkeypatch):
    prepared = _count_preparations(monkeypatch)
    readers: Counter = Counter()
    original = HasSections.evaluate

    def evaluate(self, spec, items, ctx):
        readers.update(i.file for i in items)
        return original(self, spec, items, ctx)

    monkeypatch.setattr(HasSections, "evaluate", evaluate)
    _assessment()
    assert max(readers.values()) > 2, "the example has documents that several section checks read"
    # Once for the section checks, once for the subjects of uncovered subclauses (engine/mentions.py).
    assert prepared and max(prepared.values()) <= 2, prepared.most_common(3)


def test_results_are_those_of_matching_each_document_for_each_check(monkeypatch):
    announced = _assessment()
    monkeypatch.setattr(HasSections, "concept_reads", Rule.concept_reads)
    assert _assessment() == announced  # nothing announced: prepared on demand
    monkeypatch.setattr(concept_reads.ConceptReads, "match",
                        lambda self, item, wanted: concepts.match_concepts(concepts.outline_of(item), wanted))
    assert _assessment() == announced  # the plain way: every check matches every document it reads itself


def _example_copy(tmp_path: Path) -> Path:
    root = tmp_path / "example"
    root.mkdir()
    for name in ("evidence", "controls"):
        shutil.copytree(ROOT / name, root / name)
    for name in ("judgments.yaml", "auditkit.yaml"):
        shutil.copy(ROOT / name, root / name)
    return root


def test_a_warm_cache_gives_the_same_matches_without_reading_documents_again(tmp_path, monkeypatch):
    root = _example_copy(tmp_path)
    plain = _assessment(root)
    matched: Counter = Counter()
    original = concept_reads.match_concepts

    def counted(document, wanted):
        matched[document.path] += 1
        return original(document, wanted)

    monkeypatch.setattr(concept_reads, "match_concepts", counted)
    assert _assessment(root, cache=True) == plain  # cold: matched and kept
    read_cold = sorted(matched)
    assert len(read_cold) > 5
    matched.clear()
    assert _assessment(root, cache=True) == plain  # warm: taken from the cache
    assert not matched, matched
    # A document that changed is read again, and only that one.
    changed = root / "evidence" / "policies" / "sm-policy.md"
    assert any(path.endswith("policies/sm-policy.md") for path in read_cold)
    changed.write_text(changed.read_text("utf-8") + "\n## Another heading\n", "utf-8")
    _assessment(root, cache=True)
    assert len(matched) == 1 and next(iter(matched)).endswith("policies/sm-policy.md"), matched


def _sections_of(assessment: dict, requirement: str) -> str:
    result = next(r for r in assessment["results"] if r["requirement"] == requirement)
    return " | ".join(c["message"] for c in result["checks"] if c["rule"] == "has_sections")


def test_a_document_a_descriptor_points_at_is_read_again_when_it_changes(tmp_path):
    """The descriptor did not change, the document did: in the same process, and in the cache, the new text counts."""
    root = _example_copy(tmp_path)
    (root / "docs-src").mkdir()
    document = root / "docs-src" / "resource-plan.md"
    document.write_text("# Resource plan\n\n## Staffing overview\n\nText.\n", "utf-8")
    (root / "evidence" / "plans" / "resource-plan.yaml").write_text(
        'id: resource-plan\ntype: plan\ntitle: "Resource plan"\ndocument: ../../docs-src/resource-plan.md\n'
        'covers: ["6.3"]\n', "utf-8")
    before = _sections_of(_assessment(root, cache=True), "7.1-01")
    assert "resource-plan" in before
    document.write_text("# Resource plan\n\n## Resources\n\nStaffing, tools and budget.\n", "utf-8")
    in_process = _assessment(root, cache=True)
    fresh = _assessment(root)
    assert _sections_of(in_process, "7.1-01") == _sections_of(fresh, "7.1-01") != before
    assert in_process == fresh
    assert _assessment(root, cache=True) == fresh  # and a later run that finds the new entry


def test_the_order_of_a_concepts_languages_is_part_of_its_key():
    from auditkit.model.concepts import Concept

    reads = concept_reads.ConceptReads()
    english_first = Concept("c", {"en": "C"}, {"en": ("Staffing",), "zh": ("人员配置",)})
    chinese_first = Concept("c", {"en": "C"}, {"zh": ("人员配置",), "en": ("Staffing",)})
    assert reads._words_of(english_first) != reads._words_of(chinese_first)
