"""The YAML reader: positions, duplicate keys, dates as text, and no exception but SourceError on any input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditkit.inputs.documents.markdown import split_front_matter
from auditkit.inputs.yamlsource import SourceError, parse_yaml


def test_values_keep_their_positions_and_dates_stay_text():
    doc = parse_yaml("a: 1\nlist:\n  - x\n  - 2026-01-01\nnested: {k: v}\n", "f.yaml")
    assert doc.data == {"a": 1, "list": ["x", "2026-01-01"], "nested": {"k": "v"}}
    loc = doc.locate(("list", 1))
    assert (loc.line, loc.column, loc.pointer) == (4, 5, "list[1]")
    assert doc.locate(("nested", "k"), key=True).column == 10
    assert doc.locate(("nested", "missing")).line == 5  # nearest parent


def test_numeric_keys_become_text():
    assert parse_yaml("8.1: x\n", "f.yaml").data == {"8.1": "x"}


def test_duplicate_key_in_nested_mapping():
    with pytest.raises(SourceError) as err:
        parse_yaml("a:\n  b: 1\n  c: 2\n  b: 3\n", "f.yaml")
    assert str(err.value) == "f.yaml:4:3: duplicate key 'b' (first defined on line 2)"


def test_front_matter_lines_are_file_lines():
    text = "---\nid: x\ntype: [\n---\n# Title\n"
    with pytest.raises(SourceError) as err:
        split_front_matter(text, "d.md")
    assert str(err.value).startswith("d.md:4:")


def test_merge_keys_refused_with_location():
    with pytest.raises(SourceError) as err:
        parse_yaml("base: &b {x: 1}\nother:\n  <<: *b\n", "f.yaml")
    assert "f.yaml:3:3" in str(err.value) and "merge keys" in str(err.value)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab:- \n\t[]{}&*!|>'\"#%@`,?2.") + ["\u00e9", "\x00"]), max_size=80))
def test_any_text_parses_or_raises_a_located_source_error(text):
    try:
        parse_yaml(text, "fuzz.yaml")
    except SourceError as exc:
        assert exc.problem.location.file == "fuzz.yaml"


def test_keys_are_the_text_as_written():
    assert parse_yaml("8.1: a\n8.10: b\non: c\n010: d\n", "f.yaml").data == {"8.1": "a", "8.10": "b", "on": "c", "010": "d"}


SCALARS = ["", "~", "null", "Null", "NULL", "true", "True", "yes", "No", "off", "on", "y", "n", "0", "-1", "+7", "0x1F",
           "0o17", "017", "1_000", "1.5", "-.5", ".inf", "-.Inf", ".nan", "1e3", "6.8523015e+5", "2026-03-01",
           "2026-03-01T14:05:00Z", "2026-3-1", "=", "<<", "!", "&", "*", "12:30", "190:20:30", "8.10", "v1", "text"]


@given(st.sampled_from(SCALARS) | st.text(alphabet=st.sampled_from(list("0123456789.-+:eExX_tTrRuUnNlLyYoO~ ")), max_size=8))
def test_tags_resolve_as_pyyaml_resolves_them(scalar):
    """auditkit's loader skips PyYAML's path resolvers (a safe loader has none); every plain scalar still gets the
    tag PyYAML gives it, so ints, floats, booleans, nulls and dates read as before."""
    import yaml

    from auditkit.inputs.yamlsource import _Loader

    for kind, implicit in ((yaml.ScalarNode, (True, False)), (yaml.ScalarNode, (False, True)),
                           (yaml.SequenceNode, True), (yaml.MappingNode, True)):
        assert _Loader("").resolve(kind, scalar, implicit) == yaml.SafeLoader("").resolve(kind, scalar, implicit)
