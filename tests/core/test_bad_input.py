"""Bad input: each problem is one located line, exit status 2, no traceback, all errors of a run together."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def _write(path: Path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode())


def _errors(result) -> list[str]:
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    return [line for line in result.stderr.splitlines() if ": error: " in line]


CASES = {
    "malformed YAML": ("evidence/bad.yaml", "id: x\ntitle: [unclosed\n", "evidence/bad.yaml:3:1", "invalid YAML"),
    "duplicate key": ("evidence/dup.yaml", "id: a\ntype: policy\ntitle: t\nid: b\n", "evidence/dup.yaml:4:1",
                      "duplicate key 'id' (first defined on line 1)"),
    "wrong type": ("evidence/wt.yaml", "id: a\ntype: policy\ntitle: t\ncovers: 5.2\n", "evidence/wt.yaml:4:9",
                   "expected array"),
    "unknown field": ("evidence/uf.yaml", "id: a\ntype: policy\ntitle: t\napprovr: me\n", "evidence/uf.yaml:4:1",
                      "unknown field 'approvr' (did you mean 'approver'?)"),
    "bad date": ("evidence/bd.yaml", "id: a\ntype: policy\ntitle: t\napprover: x\napproved: 2026-02-30\n",
                 "evidence/bd.yaml:5:11", "not a date"),
    "empty file": ("evidence/empty.yaml", "", "evidence/empty.yaml:1:1", "file is empty"),
    "undecodable": ("evidence/latin1.yaml", b"id: a\ntitle: caf\xe9\n", "evidence/latin1.yaml:2:11", "not valid UTF-8"),
    "alias bomb": ("evidence/bomb.yaml",
                   "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
                   "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n",
                   "evidence/bomb.yaml", "alias bomb"),
    "dangling covers": ("evidence/dc.yaml", "id: a\ntype: policy\ntitle: t\ncovers: [\"8.9\"]\n", "evidence/dc.yaml:4:10",
                        "not a clause or requirement"),
    "unknown service": ("evidence/us.yaml", "id: a\ntype: agreement\ntitle: t\nservices: [svc-z]\n", "evidence/us.yaml:4:12",
                        "unknown service 'svc-z'"),
    "missing attachment": ("evidence/ma.yaml", "id: a\ntype: policy\ntitle: t\nattachments:\n  - path: gone.pdf\n",
                           "evidence/ma.yaml:5:11", "file not found: gone.pdf"),
    "path escapes": ("evidence/esc.yaml", "id: a\ntype: policy\ntitle: t\nattachments:\n  - path: ../judgments.yaml\n",
                     "evidence/esc.yaml:5:11", "leaves the evidence folder"),
    "front matter not closed": ("evidence/doc.md", "---\nid: a\ntype: policy\n# Just a heading\n", "evidence/doc.md:1:1",
                                "front matter is not closed"),
    "document outside the project": ("evidence/out.yaml", "id: a\ntype: policy\ndocument: ../../elsewhere.md\n",
                                     "evidence/out.yaml:3:11", "outside the project folder"),
    "document not found": ("evidence/nf.yaml", "id: a\ntype: policy\ndocument: ../documents/gone.md\n",
                           "evidence/nf.yaml:3:11", "document not found"),
    "unknown check rule": ("controls/mini/extra.yaml",
                           "catalog: mini\nrequirements:\n  - id: \"4.1-01\"\n    clause: \"4.1\"\n    title: {en: t}\n"
                           "    text: {en: t}\n    kind: activity\n    criticality: low\n    checks:\n      - rule: magic\n",
                           "controls/mini/extra.yaml:10:15", "unknown check rule 'magic'"),
    "unquoted clause": ("controls/mini/extra.yaml",
                        "catalog: mini\nrequirements:\n  - id: \"4.1-01\"\n    clause: 4.1\n    title: {en: t}\n"
                        "    text: {en: t}\n    kind: activity\n    criticality: low\n    manual: true\n"
                        "    guidance: {en: {look_at: x}}\n",
                        "controls/mini/extra.yaml:4:13", "quote it"),
    "judgment for unknown requirement": ("judgments.yaml",
                                         "judgments:\n  - requirement: \"9.9-01\"\n    result: conformant\n    method: interview\n"
                                         "    auditor: A\n    date: 2026-01-01\n", "judgments.yaml:2:18", "unknown requirement"),
    "not applicable without justification": ("judgments.yaml",
                                             "judgments:\n  - requirement: \"9.3-01\"\n    result: not-applicable\n"
                                             "    method: interview\n    auditor: A\n    date: 2026-01-01\n",
                                             "judgments.yaml:2:5", "'justification' is required"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_gives_one_located_line(mini, cli, name):
    path, content, where, message = CASES[name]
    _write(mini / path, content)
    errors = _errors(cli("validate"))
    assert any(line.startswith(where) and message in line for line in errors), errors


def test_oversized_file_is_refused(mini, cli):
    _write(mini / "evidence/huge.yaml", "id: a\n" + "# padding\n" * 600_000)
    errors = _errors(cli("validate"))
    assert any("evidence/huge.yaml" in e and "over the" in e for e in errors)


def test_symlink_outside_evidence_is_refused(mini, cli, tmp_path):
    outside = tmp_path / "secret.yaml"
    outside.write_text("id: s\ntype: policy\ntitle: s\n")
    os.symlink(outside, mini / "evidence" / "link.yaml")
    errors = _errors(cli("validate"))
    assert any("evidence/link.yaml" in e and "outside the evidence folder" in e for e in errors)


def test_all_errors_of_all_files_are_reported_together(mini, cli):
    _write(mini / "evidence/one.yaml", "id: a\ntitle: [\n")
    _write(mini / "evidence/two.yaml", "id: b\ntype: nonsense\ntitle: t\n")
    _write(mini / "judgments.yaml", "judgments:\n  - requirement: 1\n")
    _write(mini / "controls/mini/bad.yaml", "catalog: mini\nrequirements: {}\n")
    errors = _errors(cli("validate"))
    files = {e.split(":")[0] for e in errors}
    # a broken catalog hides neither the evidence errors nor those of the judgments file
    assert files == {"evidence/one.yaml", "evidence/two.yaml", "controls/mini/bad.yaml", "judgments.yaml"}
    assert "error" in cli("assess").stderr


def test_judgment_errors_are_reported_alongside_evidence_errors(mini, cli):
    _write(mini / "evidence/one.yaml", "id: a\ntitle: [\n")
    _write(mini / "judgments.yaml", "judgments:\n  - requirement: \"9.2-01\"\n    result: maybe\n    method: interview\n"
                                    "    auditor: A\n    date: 2026-01-01\n")
    errors = _errors(cli("assess"))
    assert any(e.startswith("evidence/one.yaml") for e in errors)
    assert any(e.startswith("judgments.yaml:3:13") and "maybe" in e for e in errors)


def test_nothing_the_user_wrote_is_modified(mini, cli):
    before = {p: p.read_bytes() for p in mini.rglob("*") if p.is_file()}
    _write(mini / "evidence/bad.yaml", "id: [\n")
    before[mini / "evidence/bad.yaml"] = b"id: [\n"
    cli("validate")
    cli("assess", "--as-of", "2026-03-02", "--format", "json")
    after = {p: p.read_bytes() for p in mini.rglob("*") if p.is_file()}
    assert after == before


def test_attachment_hash_mismatch_is_reported(mini, cli):
    _write(mini / "evidence/att.txt", "signed page")
    _write(mini / "evidence/a.yaml", "id: a\ntype: policy\ntitle: t\nattachments:\n  - path: att.txt\n    sha256: " + "ab" * 32 + "\n")
    errors = _errors(cli("validate"))
    assert any(e.startswith("evidence/a.yaml:6:13") and "the file changed" in e for e in errors)


def test_record_export_missing_column_is_reported(mini, cli):
    text = (mini / "evidence/records/incidents.yaml").read_text().replace("met_sla: made_sla", "met_sla: sla_met")
    _write(mini / "evidence/records/incidents.yaml", text)
    errors = _errors(cli("validate"))
    assert any("evidence/records/incidents.yaml:8:" in e and "'sla_met' is not in incidents.csv" in e for e in errors)


def test_evidence_hash_is_of_the_bytes_on_disk(mini, cli):
    import hashlib
    import json

    path = mini / "evidence" / "sla-a.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())  # a byte-order mark, as some editors write
    data = json.loads(cli("assess", "--as-of", "2026-03-02", "--format", "json").stdout)
    entry = next(f for f in data["inputs"]["files"] if f["path"].endswith("sla-a.yaml"))
    assert entry["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest() and entry["size"] == path.stat().st_size


def test_unwritable_output_is_one_line_exit_2(mini, cli):
    (mini / "out.json").mkdir()
    result = cli("assess", "--format", "json", "-o", "out.json")
    assert result.exit_code == 2 and "Traceback" not in result.stderr and "out.json" in result.stderr


def test_a_bug_is_reported_as_internal_error_exit_3(mini, cli, monkeypatch):
    import auditkit.engine.assess

    def broken(*args, **kwargs):
        raise KeyError("boom")

    monkeypatch.setattr(auditkit.engine.assess, "rule_verdict", broken)
    result = cli("assess")
    assert result.exit_code == 3 and "internal error: KeyError" in result.stderr and "Traceback" not in result.stderr
