"""A cache that came from somewhere else (CI storage, a commit, a hand edit) can only be a miss."""

from __future__ import annotations

import json

from auditkit.inputs.yamlsource import _parse_yaml
from auditkit.speed import secret
from auditkit.speed.cache import FILE, FOLDER, FileCache, project_cache
from auditkit.inputs.yamlsource import parse_yaml

AS_OF = "2026-11-05"


def _check(cli, *args):
    result = cli("check", "--as-of", AS_OF, "--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def test_an_edited_cache_entry_does_not_change_what_check_finds(mini, cli):
    honest = _check(cli, "--no-cache")
    _check(cli, "--cache")
    path = mini / FOLDER / FILE
    lines = path.read_text("utf-8").split("\n")
    # the forger changes the organisation's name inside the cached parse of organization.yaml, keeping the tag
    forged = [line.replace("Mini Test", "Forged", 1) if line.startswith("yaml\t") else line for line in lines]
    assert forged != lines
    path.write_text("\n".join(forged), "utf-8")
    assert _check(cli, "--cache") == honest


def test_a_forged_valid_verdict_does_not_skip_validation(mini, cli):
    _check(cli, "--cache")
    path = mini / FOLDER / FILE
    sla = mini / "evidence" / "sla-a.yaml"
    sla.write_text(sla.read_text().replace("approved: 2026-01-05", "approved: not-a-date"))
    # mark every possible value valid: the forger copies a "valid" line for each key a run could ask for
    header, *rest = path.read_text("utf-8").split("\n")
    store = FileCache(path)
    result = cli("check", "--as-of", AS_OF, "--cache")
    assert result.exit_code == 2 and "sla-a.yaml" in result.stderr
    keys = [k for (kind, k) in store._kept] + [k for (kind, k) in store._stored]
    path.write_text("\n".join([header] + [f"valid\t{k}\t{'0' * 64}\t1" for k in keys]) + "\n", "utf-8")
    result = cli("check", "--as-of", AS_OF, "--cache")
    assert result.exit_code == 2 and "sla-a.yaml:5:11: error:" in result.stderr


def test_a_cache_written_under_another_key_is_all_misses(tmp_path, monkeypatch):
    text = "a: 1\nb: [2, 3]\n"
    with project_cache(tmp_path) as store:
        parse_yaml(text, "t.yaml", cache=store)
    with project_cache(tmp_path) as store:
        parse_yaml(text, "t.yaml", cache=store)
    assert store.hits == 1  # this user's own cache hits
    monkeypatch.setenv("AUDITKIT_CACHE_KEY", "another machine")
    secret.local_key.cache_clear()
    try:
        with project_cache(tmp_path) as foreign:
            assert parse_yaml(text, "t.yaml", cache=foreign).data == {"a": 1, "b": [2, 3]}
        assert foreign.hits == 0 and foreign.misses == 1
    finally:
        secret.local_key.cache_clear()


def test_a_pipe_in_place_of_the_cache_file_does_not_hang(tmp_path):
    import os

    (tmp_path / FOLDER).mkdir()
    os.mkfifo(tmp_path / FOLDER / FILE)
    store = FileCache(tmp_path / FOLDER / FILE)
    assert store.document("a: 1\n", "t.yaml", 0, lambda: _parse_yaml("a: 1\n", "t.yaml", 0)).data == {"a": 1}


def test_a_template_folder_cannot_link_outside_itself(mini, cli, tmp_path):
    """--template-dir may come with the project: a symbolic link in it must not pull in any file of the machine."""
    import os

    from auditkit.outputs.report.templating import bundled_templates

    secret_file = tmp_path / "secret.css"
    secret_file.write_text("body { color: red } /* SECRET */")
    folder = mini / "templates"
    folder.mkdir()
    os.symlink(secret_file, folder / "report.css")
    result = cli("report", "--as-of", AS_OF, "--template-dir", folder, "-o", "r.html")
    assert result.exit_code == 2 and "leads outside the template folder" in result.stderr
    assert not (mini / "r.html").exists()
    assert (bundled_templates() / "report.css").is_file()  # the name the link took is a real template name
