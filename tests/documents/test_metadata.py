"""Document-control metadata from every source real documents use, in English and Chinese, with locations."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from auditkit.inputs.documents import extract, read_document, staleness, where


def _meta(tmp_path: Path, name: str, text: str):
    (tmp_path / name).write_text(text, "utf-8")
    return extract(read_document(tmp_path / name, name))


def _fields(meta):
    return {(f.name, f.value, where(f.location)) for f in meta.fields if f.name != "title"}


def test_header_block_footer_and_a_contradiction(tmp_path):
    text = ("# Access management procedure\n\n**Document ID:** PRO-ACC-01  \n**Owner:** IT Operations\n"
            "Version: 2.1\nEffective date: 13 June 2026\nNext review: 2027-06-02\n\n## Purpose\n\nText.\n\n"
            "## Document control\n\n| Field | Value |\n|---|---|\n| Approved by | Jane Doe |\n| Approval date | 2026-05-30 |\n"
            "| Next review | 2027-09-02 |\n")
    meta = _meta(tmp_path, "acc.md", text)
    assert _fields(meta) >= {("document_id", "PRO-ACC-01", "acc.md:3:18"), ("owner", "IT Operations", "acc.md:4:12"),
                             ("version", "2.1", "acc.md:5:10"), ("effective_date", "13 June 2026", "acc.md:6:17"),
                             ("next_review", "2027-06-02", "acc.md:7:14"), ("approver", "Jane Doe", "acc.md:17:17"),
                             ("approval_date", "2026-05-30", "acc.md:18:19"), ("next_review", "2027-09-02", "acc.md:19:17")}
    assert meta.get("effective_date").date == date(2026, 6, 13)
    (contradiction,) = meta.contradictions
    assert contradiction.field == "next_review"
    assert [where(v.location) for v in contradiction.values] == ["acc.md:7:14", "acc.md:19:17"]
    assert staleness(meta, date(2027, 6, 3)).due == date(2027, 6, 2)  # the earlier of the two is the one in force


def test_chinese_labels_and_revision_history(tmp_path):
    text = ("# 变更管理程序\n\n文件编号：QP-07\n版本：V1.2\n编制：李四\n审核：王五\n批准：张三\n生效日期：2025年3月1日\n"
            "评审周期：每年\n\n## 修订记录\n\n| 版本 | 修订日期 | 修订内容 | 修订人 |\n|---|---|---|---|\n"
            "| 1.0 | 2024-01-05 | 首次发布 | 李四 |\n| 1.2 | 2025-02-20 | 增加紧急变更 | 李四 |\n")
    meta = _meta(tmp_path, "cm.md", text)
    assert _fields(meta) >= {("document_id", "QP-07", "cm.md:3:6"), ("version", "V1.2", "cm.md:4:4"),
                             ("author", "李四", "cm.md:5:4"), ("approver", "张三", "cm.md:7:4"),
                             ("effective_date", "2025年3月1日", "cm.md:8:6"), ("review_cycle", "每年", "cm.md:9:6")}
    assert meta.get("review_cycle").months == 12
    assert [(r.version, str(r.date), r.change, r.author) for r in meta.revisions] == [
        ("1.0", "2024-01-05", "首次发布", "李四"), ("1.2", "2025-02-20", "增加紧急变更", "李四")]
    assert meta.undated_approval is not None  # 批准 without a date: an approval without a date
    assert not meta.contradictions  # V1.2 and the latest revision 1.2 agree
    assert staleness(meta, date(2026, 3, 2)).due == date(2026, 3, 1)  # effective 2025-03-01 + 每年
    assert staleness(meta, date(2026, 2, 1)) is None


def test_badges_front_matter_of_another_tool_and_prose(tmp_path):
    text = ("---\nname: Incident policy\nowner: Service desk\nreview_cycle: 6 months\nlast_reviewed: 2025-01-10\n---\n"
            "![version](https://img.shields.io/badge/version-3.0-blue)\n\n# Incident policy\n\n"
            "This policy is approved by the Head of Operations.\n")
    meta = _meta(tmp_path, "inc.md", text)
    assert _fields(meta) >= {("owner", "Service desk", "inc.md:3:8"), ("review_cycle", "6 months", "inc.md:4:15"),
                             ("last_reviewed", "2025-01-10", "inc.md:5:16"), ("version", "3.0", "inc.md:7:3"),
                             ("approver", "the Head of Operations", "inc.md:11:28")}
    assert staleness(meta, date(2025, 7, 11)).reason == "cycle"


def test_values_in_code_comments_examples_and_template_tags_are_not_metadata(tmp_path):
    text = ("# Runbook\n\n```\nVersion: 9.9\nApproved by: Nobody\n```\n\n<!--\nOwner: hidden\n-->\n\n"
            "Last modified on: {% last_modified_at %}\nNext review: YYYY-MM-DD\n\n## Example\n\nOwner: Farmer Jane\n\n"
            "## Steps\n\nIssue: the VPN does not start.\n")
    meta = _meta(tmp_path, "rb.md", text)
    assert _fields(meta) == set()


def test_docx_core_properties_header_footer_and_chinese_table(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.core_properties.title = "信息安全方针"
    document.core_properties.identifier = "ISMS-POL-01"
    document.sections[0].header.paragraphs[0].text = "下次评审：2027-06-02"
    document.sections[0].footer.paragraphs[0].text = "下次评审日期：2027-09-02"
    document.add_heading("信息安全方针", 1)
    table = document.add_table(rows=3, cols=4)
    for row, cells in enumerate([("文件编号", "ISMS-POL-01", "版本", "2.0"), ("编制", "李四", "批准", "张三"),
                                 ("生效日期", "2026-01-01", "密级", "内部")]):
        for column, text in enumerate(cells):
            table.cell(row, column).text = text
    document.add_heading("修订记录", 2)
    history = document.add_table(rows=2, cols=3)
    for column, text in enumerate(("版本号", "更新时间", "主要变更内容")):
        history.cell(0, column).text = text
    for column, text in enumerate(("2.0", "2025-12-20", "年度评审")):
        history.cell(1, column).text = text
    document.save(tmp_path / "pol.docx")
    meta = extract(read_document(tmp_path / "pol.docx", "pol.docx"))
    assert _fields(meta) >= {
        ("document_id", "ISMS-POL-01", "pol.docx (core property identifier)"),
        ("document_id", "ISMS-POL-01", "pol.docx (table 1, row 1, cell 2)"),
        ("version", "2.0", "pol.docx (table 1, row 1, cell 4)"), ("approver", "张三", "pol.docx (table 1, row 2, cell 4)"),
        ("classification", "内部", "pol.docx (table 1, row 3, cell 4)"),
        ("next_review", "2027-06-02", "pol.docx (header, paragraph 1)"),
        ("next_review", "2027-09-02", "pol.docx (footer, paragraph 1)")}
    assert [(r.version, str(r.date)) for r in meta.revisions] == [("2.0", "2025-12-20")]
    assert [c.field for c in meta.contradictions] == ["next_review"]


def test_pdf_rendered_by_weasyprint_with_an_english_document_control_table(tmp_path):
    weasyprint = pytest.importorskip("weasyprint")
    html = ("<html><head><title>Service continuity plan</title><meta name='author' content='Continuity team'></head><body>"
            "<h1>Service continuity plan</h1><p>Recovery within four hours.</p><h2>Document control</h2>"
            "<table><tr><td>Version</td><td>1.3</td></tr><tr><td>Owner</td><td>Head of IT</td></tr>"
            "<tr><td>Approved by</td><td>CIO</td></tr><tr><td>Approval date</td><td>2026-02-01</td></tr>"
            "<tr><td>Next review</td><td>2027-02-01</td></tr></table></body></html>")
    weasyprint.HTML(string=html).write_pdf(tmp_path / "scp.pdf")
    document = read_document(tmp_path / "scp.pdf", "scp.pdf")
    assert document.title == "Service continuity plan"
    assert [h.text for h in document.headings] == ["Service continuity plan", "Document control"]
    meta = extract(document)
    found = {(f.name, f.value) for f in meta.fields}
    assert found >= {("version", "1.3"), ("owner", "Head of IT"), ("approver", "CIO"), ("approval_date", "2026-02-01"),
                     ("next_review", "2027-02-01"), ("author", "Continuity team")}
    assert meta.get("approval_date").location.pointer.startswith("page 1, line ")
