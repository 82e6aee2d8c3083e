"""The project cache (.auditkit-cache/): same results as without it, keyed by content, never trusted for errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditkit.speed import cache
from auditkit.speed.cache import FILE, FileCache, _decode_document, _encode_document, project_cache
from auditkit.inputs.yamlsource import SourceError, parse_yaml

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
    with project_cache(tmp_path) as store:
        parse_yaml("blob: !!binary aGVsbG8=\n", "b.yaml", cache=store)
        parse_yaml("a: 1\n", "a.yaml", cache=store)
    saved = _entries(tmp_path / ".auditkit-cache" / FILE)
    assert [entry["d"] for kind, entry in saved.values() if kind == "yaml"] == [{"a": 1}]


def _entries(path: Path) -> dict:
    """key -> (kind, decoded entry) of a saved cache; every line after the header is ``kind<TAB>key<TAB>HMAC<TAB>JSON``."""
    header, *lines = path.read_text("utf-8").split("\n")
    assert header.startswith("auditkit-cache\t") and lines[-1] == ""
    entries = {}
    for line in lines[:-1]:
        kind, key, _mac, text = line.split("\t", 3)
        entries[key] = (kind, json.loads(text))
    return entries


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
    stored = mini / ".auditkit-cache" / FILE
    assert stored.is_file() and (mini / ".auditkit-cache" / ".gitignore").read_text() == "*\n"
    second = _run(mini, cli)
    assert cold == first == second
    assert {kind for kind, _entry in _entries(stored).values()} == {"yaml", "markdown", "valid", "concepts"}


def test_the_cache_is_off_by_default_in_ci(mini, cli, monkeypatch):
    monkeypatch.setenv("CI", "true")
    assert cli("check", "--as-of", AS_OF).exit_code == 0
    assert not (mini / ".auditkit-cache").exists()
    assert cli("check", "--as-of", AS_OF, "--cache").exit_code == 0  # a CI that keeps the cache asks for it
    assert (mini / ".auditkit-cache" / FILE).is_file()
    monkeypatch.setenv("CI", "false")
    (mini / ".auditkit-cache" / FILE).unlink()
    assert cli("check", "--as-of", AS_OF).exit_code == 0
    assert (mini / ".auditkit-cache" / FILE).is_file()


def test_the_second_run_reads_nothing_again(mini):
    from auditkit.inputs.config import load_config
    from auditkit.engine.project import load_inputs

    cfg = load_config(mini)
    with project_cache(mini) as first:
        load_inputs(cfg, cache=first)
    assert first.misses > 0
    with project_cache(mini) as second:
        load_inputs(cfg, cache=second)
    assert second.misses == 0 and second.hits > 0


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
    (folder / FILE).write_text("{not a cache\n\tat all\n")
    assert _run(mini, cli) == _run(mini, cli, "--no-cache")
    # entries made by another version of auditkit are not used, nor lines that do not decode
    text = "a: 1\n"
    key = cache._digest(text, "t.yaml", "0")
    (folder / FILE).write_text(f"auditkit-cache\tother\nyaml\t{key}\t" + '{"d": {"a": 2}, "t": [1, 1]}\n')
    assert FileCache(folder / FILE).document(text, "t.yaml", 0, lambda: _parse(text)).data == {"a": 1}
    (folder / FILE).write_text(f"auditkit-cache\t{cache.code_fingerprint()}\nyaml\t{key}\t" + '{"d": {"a": 2\n')
    assert FileCache(folder / FILE).document(text, "t.yaml", 0, lambda: _parse(text)).data == {"a": 1}


def test_a_tampered_entry_cannot_break_a_document(tmp_path):
    """A cache entry that is not a tree of marks is refused (the text is parsed instead); one that does not fit
    the values only makes locations fall back to the nearest mark."""
    store = FileCache(tmp_path / "c.json")
    text = "a: 1\nb: [2, 3]\n"
    doc = store.document(text, "t.yaml", 0, lambda: _parse(text))
    key = next(key for kind, key in store._kept if kind == "yaml")
    store._kept["yaml", key] = json.dumps({"d": doc.data, "t": [1]})
    again = store.document(text, "t.yaml", 0, lambda: _parse(text))
    assert again.marks == doc.marks and store.misses == 2
    store._kept["yaml", key] = json.dumps({"d": doc.data, "t": [1, 1, {"a": "junk"}]})
    odd = store.document(text, "t.yaml", 0, lambda: _parse(text))
    assert odd.locate(("b", 1)).line == 1 and odd.locate(("a",), key=True).line == 1


def _parse(text):
    from auditkit.inputs.yamlsource import _parse_yaml

    return _parse_yaml(text, "t.yaml", 0)


def test_yaml_errors_are_not_cached(tmp_path):
    with project_cache(tmp_path) as store:
        for _ in range(2):
            with pytest.raises(SourceError):
                parse_yaml("a: [1\n", "bad.yaml", cache=store)
        assert not [kind for kind, _key in store._kept if kind == "yaml"]


def test_cache_holds_plain_json_only(mini, cli):
    _run(mini, cli)
    assert _entries(mini / ".auditkit-cache" / FILE)  # every line decodes as JSON (_entries asserts the layout)
    assert {path.name for path in (mini / ".auditkit-cache").iterdir()} == {FILE, ".gitignore"}


def test_a_run_writes_only_what_changed(mini, cli):
    """A run over unchanged files leaves the cache file alone; after one file changed, every other entry is
    written back exactly as it was read (not decoded and encoded again), and a cache of the first format goes."""
    _run(mini, cli)
    stored = mini / ".auditkit-cache" / FILE
    (mini / ".auditkit-cache" / "inputs-v1.json").write_text("{}")
    before, written = stored.read_text(), stored.stat().st_mtime_ns
    _run(mini, cli)
    assert stored.stat().st_mtime_ns == written and (mini / ".auditkit-cache" / "inputs-v1.json").exists()
    policy = mini / "evidence" / "policy.md"
    policy.write_text(policy.read_text().replace("## Purpose", "## Aim"))
    _run(mini, cli)
    old, new = set(before.split("\n")[1:]), set(stored.read_text().split("\n")[1:])
    # the policy's body and its concept matches are the new entries, in place of their old ones; every other line
    # is as it was
    assert len(new - old) == 2 == len(old - new)
    assert sorted(line.split("\t")[0] for line in new - old) == ["concepts", "markdown"]
    assert not (mini / ".auditkit-cache" / "inputs-v1.json").exists()


def test_text_with_line_separators_survives_the_cache(tmp_path):
    """JSON leaves U+2028, U+2029 and U+0085 unescaped; the cache's lines are split at "\\n" only."""
    text = 'note: "one\u2028two\u2029three\x85four\\nfive\\ttab"\n'
    with project_cache(tmp_path) as store:
        first = parse_yaml(text, "n.yaml", cache=store)
    with project_cache(tmp_path) as store:
        again = parse_yaml(text, "n.yaml", cache=store)
    assert store.hits == 1 and store.misses == 0
    assert again.data == first.data and "\u2028" in again.data["note"] and "\n" in again.data["note"]
