"""`auditkit init`, `evidence import` and `evidence proposals` on a new client project with real documents."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

REALDOCS = Path(__file__).resolve().parents[1] / "fixtures" / "realdocs"


def _init(tmp_path, monkeypatch, cli, *args) -> Path:
    monkeypatch.chdir(tmp_path)
    result = cli("init", "client", *args)
    assert result.exit_code == 0, result.stderr
    return tmp_path / "client"


def test_init_makes_a_project_that_validates_with_the_bundled_catalog(tmp_path, monkeypatch, cli):
    project = _init(tmp_path, monkeypatch, cli, "--name", "Acme \"Cloud\" Ltd")
    assert sorted(p.name for p in project.iterdir()) == ["README.md", "auditkit.yaml", "documents", "evidence",
                                                         "judgments.yaml"]
    assert not (project / "controls").exists()  # the catalog comes with the installed package
    result = cli("validate", "-C", project)
    assert result.exit_code == 0, result.stderr
    assert "valid: catalog iso20000-1-2018" in result.stdout
    assert yaml.safe_load((project / "evidence" / "organization.yaml").read_text())["organization"]["name"] == \
        'Acme "Cloud" Ltd'
    assert cli("assess", "-C", project, "--as-of", "2026-12-01").exit_code == 0


def test_init_in_chinese_and_never_over_an_existing_file(tmp_path, monkeypatch, cli):
    project = _init(tmp_path, monkeypatch, cli, "--lang", "zh", "--name", "开源社区")
    assert "后续步骤" in (project / "README.md").read_text("utf-8")
    (project / "judgments.yaml").write_text("judgments: []  # mine\n")
    again = cli("init", "client")
    assert again.exit_code == 2
    assert "client/auditkit.yaml: error: already exists" in again.stderr
    assert (project / "judgments.yaml").read_text() == "judgments: []  # mine\n"


def test_import_accept_assess_and_reimport_keeps_what_the_consultant_wrote(tmp_path, monkeypatch, cli):
    project = _init(tmp_path, monkeypatch, cli, "--name", "cloud.gov")
    shutil.copytree(REALDOCS / "cloudgov", project / "documents" / "cloudgov")
    monkeypatch.chdir(project)
    result = cli("evidence", "import", "documents/cloudgov", "--accept")
    assert result.exit_code == 0, result.stderr
    assert "15 documents: 15 descriptors created, 0 updated in evidence/imported" in result.stdout
    descriptor = project / "evidence" / "imported" / "ops-contingency-plan.yaml"
    data = yaml.safe_load(descriptor.read_text("utf-8"))
    assert data["document"] == "../../documents/cloudgov/_docs/ops/contingency-plan.md"
    assert data["type"] == "plan"
    assert any(p["clause"] == "8.7.2" and p["accept"] is True for p in data["proposals"])
    fields = {(f["field"], f["value"], f["at"]) for f in data["extracted"]["fields"]}
    assert ("owner", "The cloud.gov team", "documents/cloudgov/_docs/ops/contingency-plan.md:196:5") in fields
    assert data["extracted"]["approval_without_date"].startswith("The team leads at ")
    assert cli("validate", "--as-of", "2024-05-30").exit_code == 0
    assert cli("assess", "--as-of", "2024-05-30").exit_code == 0

    listing = cli("evidence", "proposals", "--pending").stdout
    line = next(entry for entry in listing.splitlines() if entry.startswith("evidence/imported/ops-contingency-plan.yaml:"))
    where, clause = line.split(": ")[0], line.split(": ")[1].split(" ")[0]
    number = int(where.rsplit(":", 1)[1])
    # the consultant accepts one proposal (one line), overrides the owner and adds a comment
    text = descriptor.read_text("utf-8").splitlines(keepends=True)
    assert text[number - 1].strip() == "accept: false"
    text[number - 1] = text[number - 1].replace("false", "true")
    text.insert(6, "owner: Platform lead  # agreed with the client\n")
    descriptor.write_text("".join(text), "utf-8")
    document = project / "documents" / "cloudgov" / "_docs" / "ops" / "contingency-plan.md"
    document.write_text(document.read_text("utf-8").replace("  * 2023-08-01:", "  * 2024-04-02: Review\n  * 2023-08-01:"),
                        "utf-8")
    again = cli("evidence", "import", "documents/cloudgov/_docs/ops/contingency-plan.md")
    assert again.exit_code == 0, again.stderr
    assert "updated evidence/imported/ops-contingency-plan.yaml" in again.stdout
    kept = descriptor.read_text("utf-8")
    assert "owner: Platform lead  # agreed with the client\n" in kept
    data = yaml.safe_load(kept)
    assert next(p for p in data["proposals"] if p["clause"] == clause)["accept"] is True
    assert data["extracted"]["revisions"][0]["date"] == "2024-04-02"
    assert any("2024-04-02" in str(r) for r in data["extracted"]["revisions"])


def test_import_refuses_documents_outside_the_project(tmp_path, monkeypatch, cli):
    project = _init(tmp_path, monkeypatch, cli)
    (tmp_path / "outside.md").write_text("# Policy\n")
    monkeypatch.chdir(project)
    result = cli("evidence", "import", "../outside.md")
    assert result.exit_code == 2
    assert "../outside.md: error: is outside the project folder" in result.stderr


def test_the_document_set_findings_reach_the_assessment_and_the_report_in_both_languages(tmp_path, monkeypatch, cli):
    import json

    from auditkit.inputs.validation import validate_value

    project = _init(tmp_path, monkeypatch, cli, "--name", "cloud.gov")
    shutil.copytree(REALDOCS / "cloudgov", project / "documents" / "cloudgov")
    monkeypatch.chdir(project)
    assert cli("evidence", "import", "documents", "--accept").exit_code == 0
    result = cli("assess", "--as-of", "2024-05-30", "-f", "json", "-o", "assessment.json")
    assert result.exit_code == 0, result.stderr
    data = json.loads((project / "assessment.json").read_text("utf-8"))
    assert validate_value(data, None, "assessment") == []
    # 7.5.3-01 fails on both: the documents the set lacks, and its contradictions, each with every place
    checks = {c["rule"]: c for r in data["results"] if r["requirement"] == "7.5.3-01" for c in r["checks"]}
    assert checks["references_available"]["outcome"] == checks["consistent_content"]["outcome"] == "fail"
    assert "security-ir.md:108:42" in checks["consistent_content"]["message"]
    missing = {m["target"]: m for m in data["documents"]["missing_references"]}
    assert [r["line"] for r in missing["_docs/ops/secrets.md"]["referrers"]] == [14]
    kinds = [c["kind"] for c in data["documents"]["contradictions"]]
    assert {"quantity:duration", "exclusive:mode", "exclusive:time-zone", "action:notify", "reference:moved",
            "reference:anchor", "reference:repository"} <= set(kinds)
    for lang, title, phrase in (("en", "The document set: references and consistency", "referred to but not in the set"),
                                ("zh", "文件集：引用与一致性", "被引用但不在文件集中")):
        out = project / f"report-{lang}.html"
        assert cli("report", "--from-json", "assessment.json", "--lang", lang, "-o", out).exit_code == 0
        html = out.read_text("utf-8")
        section = html[html.index('id="sec-documents"'):]
        section = section[:section.index("</section>")]
        assert title in section and phrase in section
        assert "_docs/ops/secrets.md" in section and "documents/cloudgov/_docs/ops/configuration-management.md:14:1" in section
        assert "documents/cloudgov/_docs/ops/security-ir.md:108:42" in section  # US-CERT not notified


def test_files_auditkit_cannot_read_are_said_located_in_import_validate_and_the_evidence_index(tmp_path, monkeypatch, cli):
    import json

    import openpyxl

    project = _init(tmp_path, monkeypatch, cli, "--name", "Acme")
    folder = project / "documents" / "policies"
    folder.mkdir(parents=True)
    (folder / "policy.md").write_text("# Service management policy\n\nVersion: 1.2\n", "utf-8")
    (folder / "old-procedure.doc").write_bytes(b"\xd0\xcf\x11\xe0 not read")
    (folder / "scan.jpg").write_bytes(b"\xff\xd8\xff")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Document control"
    for row in (["Field", "Value"], ["Document number", "ACME-REG-01"], ["Version", "3.0"], ["Owner", "Service desk lead"],
                ["Next review", "2025-01-31"]):
        sheet.append(row)
    book.save(folder / "register.xlsx")
    monkeypatch.chdir(project)
    result = cli("evidence", "import", "documents", "--accept")
    assert result.exit_code == 0, result.stderr
    assert "documents/policies/old-procedure.doc: warning: not read: auditkit cannot read .doc files" in result.stderr
    assert "documents/policies/scan.jpg: warning: not read" in result.stderr
    assert "2 documents: 2 descriptors created" in result.stdout  # the workbook is read
    register = yaml.safe_load((project / "evidence" / "imported" / "register.yaml").read_text("utf-8"))
    values = {f["field"]: (f["value"], f["at"]) for f in register["extracted"]["fields"]}
    assert values["version"] == ("3.0", "documents/policies/register.xlsx (sheet 'Document control', cell B3)")
    assert values["next_review"][0] == "2025-01-31"
    validate = cli("validate", "--as-of", "2026-12-01")
    assert validate.exit_code == 0
    assert "documents/policies/old-procedure.doc: warning: auditkit cannot read .doc files" in validate.stderr + validate.stdout
    assert cli("assess", "--as-of", "2026-12-01", "-f", "json", "-o", "a.json").exit_code == 0
    data = json.loads((project / "a.json").read_text("utf-8"))
    assert {"file": "documents/policies/old-procedure.doc", "reason": "format"} in data["inputs"]["unread"]
    assert any(r["requirement"] == "7.5.2-04" and "register" in json.dumps(r) for r in data["results"])
    for lang, heading in (("en", "Files not read"), ("zh", "未读取的文件")):
        assert cli("report", "--from-json", "a.json", "--lang", lang, "-o", f"r-{lang}.html").exit_code == 0
        html = (project / f"r-{lang}.html").read_text("utf-8")
        index = html[html.index('id="sec-evidence-index"'):]
        assert heading in index and "documents/policies/old-procedure.doc" in index and "documents/policies/scan.jpg" in index


def test_a_project_adds_to_and_replaces_the_bundled_catalog_through_its_controls(tmp_path, monkeypatch, cli):
    import json

    overlay = _init(tmp_path, monkeypatch, cli, "--name", "Acme")
    (overlay / "controls").mkdir()
    (overlay / "controls" / "acme.yaml").write_text(
        "overlay: {id: acme-adjustments, catalog: iso20000-1-2018}\n"
        "modify:\n  \"9.3-01\": {criticality: high}\n"
        "add:\n  - id: ACME-01\n    clause: \"8.7.1\"\n"
        "    title: {en: Backups are tested monthly, zh: 每月测试备份}\n"
        "    text: {en: Restores from backup are tested every month., zh: 每月测试从备份恢复。}\n"
        "    kind: activity\n    criticality: high\n    checks: []\n    manual: true\n"
        "    guidance: {en: {look_at: The restore test log.}, zh: {look_at: 恢复测试记录。}}\n", "utf-8")
    result = cli("validate", "-C", overlay)
    assert result.exit_code == 0, result.stderr
    assert "catalog iso20000-1-2018 2026.11 (433 requirements" in result.stdout  # the bundled 432 and ACME-01
    assert cli("assess", "-C", overlay, "--as-of", "2026-12-01", "-f", "json", "-o", overlay / "a.json").exit_code == 0
    data = json.loads((overlay / "a.json").read_text("utf-8"))
    assert data["catalog"]["overlays"] == ["acme-adjustments"]
    criticality = {r["requirement"]: r["criticality"] for r in data["results"]}
    assert criticality["ACME-01"] == "high" and criticality["9.3-01"] == "high"
    assert cli("report", "-C", overlay, "--as-of", "2026-12-01", "--lang", "zh", "-o", overlay / "r.html").exit_code == 0

    monkeypatch.chdir(tmp_path)
    assert cli("init", "own", "--name", "Acme").exit_code == 0
    own = tmp_path / "own" / "controls" / "iso20000-1-2018"  # the bundled id: the project's catalog replaces it
    own.mkdir(parents=True)
    (own / "catalog.yaml").write_text("catalog: {id: iso20000-1-2018, version: acme-1, title: {en: Acme, zh: Acme},"
                                      " standard: Acme internal}\n", "utf-8")
    (own / "reqs.yaml").write_text(
        "catalog: iso20000-1-2018\nrequirements:\n  - id: \"8.6.1-01\"\n    clause: \"8.6.1\"\n"
        "    title: {en: Incidents are recorded, zh: 记录事件}\n    text: {en: Every incident is recorded., zh: 记录每个事件。}\n"
        "    kind: documented-information\n    criticality: high\n"
        "    checks: [{rule: evidence_exists, select: {covers: \"8.6.1\"}}]\n    manual: false\n", "utf-8")
    result = cli("validate", "-C", tmp_path / "own")
    assert result.exit_code == 0, result.stderr
    assert "catalog iso20000-1-2018 acme-1 (1 requirements, 1 checks)" in result.stdout
    assert cli("report", "-C", tmp_path / "own", "--as-of", "2026-12-01", "-o", tmp_path / "own" / "r.html").exit_code == 0


def test_init_import_and_proposals_speak_the_project_language(tmp_path, monkeypatch, cli):
    from auditkit.model.messages import templates

    project = _init(tmp_path, monkeypatch, cli, "--lang", "zh", "--name", "开源社区")
    assert "lang: zh" in (project / "auditkit.yaml").read_text("utf-8")
    (project / "documents" / "a").mkdir(parents=True)
    (project / "documents" / "a" / "运维值班制度.md").write_text("# 运维值班制度\n\n版本：V1.2\n\n## 值班安排\n\n值班人员每 6 小时轮班一次。\n", "utf-8")
    (project / "documents" / "a" / "旧制度.doc").write_bytes(b"old")
    monkeypatch.chdir(project)
    result = cli("evidence", "import", "documents")
    assert result.exit_code == 0, result.stderr
    assert "份文件：在 evidence/imported 中新建 1 个描述文件" in result.stdout and "请审阅建议" in result.stdout
    assert "警告：未读取：auditkit 无法读取 .doc 文件" in result.stderr
    listed = cli("evidence", "proposals")
    assert "共 1 条建议，已接受 0 条" in listed.stdout
    english = cli("evidence", "import", "documents", "--lang", "en")
    assert "1 documents: 0 descriptors created, 1 updated" in english.stdout
    again = cli("init", str(project), "--lang", "zh")
    assert again.exit_code == 2 and "已存在：auditkit init 从不覆盖文件" in again.stderr
    for key in [k for k in templates() if k.startswith(("cli.init.", "cli.import.", "cli.proposals.", "documents.read."))]:
        assert templates()[key].get("en") and templates()[key].get("zh"), key
