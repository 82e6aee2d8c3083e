"""The project cache (.auditkit-cache/): same results as without it, keyed by content, never trusted for errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditkit import cache
from auditkit.cache import FileCache, _decode_document, _encode_document, project_cache
from auditkit.yamlsource import SourceError, parse_yaml

from .conftest import AS_OF

YAML = """\
id: x
nested:
  list:
    - {a: 1, b: [true, null, 2.5]}
    - plain
    - - deep
      - {k: v}
  empty: {}
  when: 2026-01-01
anchor: &a {p: 1}
alias: *a
"""


def test_a_document_survives_the_cache_with_every_mark():
    doc = parse_yaml(YAML, "x.yaml", line_offset=3)
    back = _decode_document(json.loads(json.dumps(_encode_document(doc))), "x.yaml", 3)
    assert back.data == doc.data and back.marks == doc.marks and back.key_marks == doc.key_marks
    assert back.locate(("nested", "list", 2, 1, "k"), key=True) == doc.locate(("nested", "list", 2, 1, "k"), key=True)
    assert back.locate(("alias", "p")) == doc.locate(("alias", "p"))
    assert back.locate(("nested", "when")).line == 9 + 3  # the offset of front matter is kept


def test_values_json_cannot_hold_are_left_out_of_the_saved_cache(tmp_path):
    with project_cache(tmp_path):
        parse_yaml("blob: !!binary aGVsbG8=\n", "b.yaml")
        parse_yaml("a: 1\n", "a.yaml")
    saved = json.loads((tmp_path / ".auditkit-cache" / "inputs-v1.json").read_text())
    assert [entry["d"] for entry in saved["yaml"].values()] == [{"a": 1}]


def _run(mini, cli, *args):
    args = args or ("--cache",)
    result = cli("check", "--as-of", AS_OF, "--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.stdout)
    return data


def test_a_cached_run_gives_the_same_result(mini, cli):
    cold = _run(mini, cli, "--no-cache")
    assert not (mini / ".auditkit-cache").exists()
    first = _run(mini, cli)
    stored = mini / ".auditkit-cache" / "inputs-v1.json"
    assert stored.is_file() and (mini / ".auditkit-cache" / ".gitignore").read_text() == "*\n"
    second = _run(mini, cli)
    assert cold == first == second
    entries = json.loads(stored.read_text())
    assert entries["yaml"] and entries["markdown"] and entries["valid"]


def test_the_cache_is_off_by_default_in_ci(mini, cli, monkeypatch):
    monkeypatch.setenv("CI", "true")
    assert cli("check", "--as-of", AS_OF).exit_code == 0
    assert not (mini / ".auditkit-cache").exists()
    assert cli("check", "--as-of", AS_OF, "--cache").exit_code == 0  # a CI that keeps the cache asks for it
    assert (mini / ".auditkit-cache" / "inputs-v1.json").is_file()
    monkeypatch.setenv("CI", "false")
    (mini / ".auditkit-cache" / "inputs-v1.json").unlink()
    assert cli("check", "--as-of", AS_OF).exit_code == 0
    assert (mini / ".auditkit-cache" / "inputs-v1.json").is_file()


def test_the_second_run_reads_nothing_again(mini):
    from auditkit.config import load_config
    from auditkit.project import load_inputs

    cfg = load_config(mini)
    with project_cache(mini) as first:
        load_inputs(cfg)
    assert first.misses > 0
    with project_cache(mini) as second:
        load_inputs(cfg)
    assert second.misses == 0 and second.hits > 0
    assert cache.active() is None  # closed again


def test_a_changed_file_is_read_again(mini, cli):
    _run(mini, cli)
    policy = mini / "evidence" / "policy.md"
    policy.write_text(policy.read_text().replace("## Purpose", "## Aim"))
    data = _run(mini, cli)
    assert any(f["requirement"] == "5.2.2-01" for f in data["findings"])  # has_sections now fails


def test_an_invalid_file_is_reported_on_every_run(mini, cli):
    _run(mini, cli)
    sla = mini / "evidence" / "sla-a.yaml"
    good = sla.read_text()
    sla.write_text(good.replace("type: agreement", "type: treaty"))
    for _ in range(2):
        result = cli("check", "--as-of", AS_OF, "--cache")
        assert result.exit_code == 2 and "evidence/sla-a.yaml:2:7: error: 'treaty' is not one of" in result.stderr
    sla.write_text(good)
    assert cli("check", "--as-of", AS_OF, "--cache").exit_code == 0


def test_a_broken_or_foreign_cache_is_ignored(mini, cli):
    folder = mini / ".auditkit-cache"
    folder.mkdir()
    (folder / "inputs-v1.json").write_text("{not json")
    assert _run(mini, cli) == _run(mini, cli, "--no-cache")
    # entries made by another version of auditkit are not used
    (folder / "inputs-v1.json").write_text(json.dumps({"fingerprint": "other", "yaml": {"k": {"d": 1, "m": [], "k": []}}}))
    store = FileCache(folder / "inputs-v1.json")
    assert store._old["yaml"] == {}


def test_a_tampered_entry_cannot_break_a_document(tmp_path):
    """A cache entry that is not a tree of marks is refused (the text is parsed instead); one that does not fit
    the values only makes locations fall back to the nearest mark."""
    store = FileCache(tmp_path / "c.json")
    text = "a: 1\nb: [2, 3]\n"
    doc = store.document(text, "t.yaml", 0, lambda: _parse(text))
    key = next(iter(store._new["yaml"]))
    store._new["yaml"][key]["t"] = [1]
    again = store.document(text, "t.yaml", 0, lambda: _parse(text))
    assert again.marks == doc.marks and store.misses == 2
    store._new["yaml"][key]["t"] = [1, 1, {"a": "junk"}]
    odd = store.document(text, "t.yaml", 0, lambda: _parse(text))
    assert odd.locate(("b", 1)).line == 1 and odd.locate(("a",), key=True).line == 1


def _parse(text):
    from auditkit.yamlsource import _parse_yaml

    return _parse_yaml(text, "t.yaml", 0)


def test_yaml_errors_are_not_cached(tmp_path):
    with project_cache(tmp_path) as store:
        for _ in range(2):
            with pytest.raises(SourceError):
                parse_yaml("a: [1\n", "bad.yaml")
        assert store._new["yaml"] == {}


def test_cache_holds_plain_json_only(mini, cli):
    _run(mini, cli)
    raw = (mini / ".auditkit-cache" / "inputs-v1.json").read_bytes()
    assert raw.startswith(b"{") and json.loads(raw)["fingerprint"]
    assert not list(Path(mini / ".auditkit-cache").glob("*.pickle"))
