"""Readers: documents as organisations write them, each part with its location."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditkit.inputs.documents import DocumentError, read_document, where

REALDOCS = Path(__file__).resolve().parents[1] / "fixtures" / "realdocs"  # copied byte for byte: see its SOURCES.md


def _read(tmp_path: Path, name: str, text: str | bytes):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return read_document(path, name)


def test_markdown_without_front_matter_is_read(tmp_path):
    doc = _read(tmp_path, "p.md", "# Access policy\n\nOwner: IT Security\n\n## Scope\n\nAll staff.\n")
    assert doc.front_matter is None
    assert [(h.text, h.level, str(h.location)) for h in doc.headings] == [
        ("Access policy", 1, "p.md:1:3"), ("Scope", 2, "p.md:5:4")]
    assert doc.title == "Access policy"
    assert [str(line.location) for line in doc.lines] == ["p.md:3:1", "p.md:7:1"]


def test_jekyll_front_matter_with_a_duplicate_key_is_a_warning(tmp_path):
    doc = _read(tmp_path, "j.md", "---\nlayout: ops\nlayout: docs\ntitle: Plan\n---\n\n## One\n")
    assert doc.title == "Plan"
    assert doc.front_matter.data["layout"] == "docs"  # the last one, as Jekyll
    assert [str(w) for w in doc.warnings] == [
        "j.md:3:1: duplicate front-matter key 'layout' (also on line 2); the last one is used, as Jekyll does"]
    assert doc.headings[0].location.line == 7


def test_crlf_code_fences_comments_and_template_tags_are_not_text(tmp_path):
    text = ("# Runbook\r\n\r\n```\r\n# on a jumpbox, run:\r\nVersion: 9.9\r\n```\r\n\r\n<!-- Owner: nobody -->\r\n\r\n"
            "Last modified on: {% last_modified_at %}\r\n\r\n## <a name=\"x\"></a>Announcing\r\n")
    doc = _read(tmp_path, "r.md", text)
    assert [(h.text, h.anchor, h.location.line) for h in doc.headings] == [("Runbook", "", 1), ("Announcing", "x", 12)]
    assert [(line.text, line.location.line) for line in doc.lines] == [("Last modified on:", 10)]


def test_bold_lead_ins_tables_and_html_tables(tmp_path):
    text = ("**Availability:** 99.9 % a month.\n\n| Version | Date |\n|---|---|\n| 1.0 | 2024-01-02 |\n\n"
            "<table>\n<tr><th>场景</th><th>处理</th></tr>\n<tr><td>申请</td><td>三个工作日内</td></tr>\n</table>\n")
    doc = _read(tmp_path, "t.md", text)
    assert [(lead.text, str(lead.location)) for lead in doc.leads] == [("Availability", "t.md:1:3")]
    first, second = doc.tables
    assert [c.text for c in first.header] == ["Version", "Date"]
    assert [str(c.location) for c in first.rows[1]] == ["t.md:5:3", "t.md:5:9"]
    assert [c.text for c in second.header] == ["场景", "处理"]
    assert second.rows[1][1].text == "三个工作日内" and second.rows[1][1].location.line == 9


def test_html_document(tmp_path):
    doc = _read(tmp_path, "h.html", "<html><head><title>Change policy</title></head><body>\n<h1>Change policy</h1>\n"
                "<p><strong>Owner:</strong> CAB</p>\n<!-- <p>Owner: hidden</p> -->\n<h2>Scope</h2>\n</body></html>\n")
    assert doc.title == "Change policy"
    assert [(h.text, h.location.line) for h in doc.headings] == [("Change policy", 2), ("Scope", 5)]
    assert [(line.text, line.location.line) for line in doc.lines] == [("Owner: CAB", 3)]
    assert [lead.text for lead in doc.leads] == ["Owner"]


def test_docx_headings_tables_headers_footers_and_properties(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.core_properties.title = "Incident procedure"
    document.core_properties.identifier = "PRO-007"
    document.sections[0].header.paragraphs[0].text = "Next review: 2027-06-02"
    document.sections[0].footer.paragraphs[0].text = "Next review: 2027-09-02"
    document.add_heading("Incident procedure", 1)
    document.add_paragraph("Incidents are logged.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "版本", "1.2"
    table.cell(1, 0).text, table.cell(1, 1).text = "批准", "张三"
    document.save(tmp_path / "p.docx")
    doc = read_document(tmp_path / "p.docx", "p.docx")
    assert doc.title == "Incident procedure"
    assert [(h.text, h.level, h.location.pointer) for h in doc.headings] == [("Incident procedure", 1, "paragraph 1")]
    assert doc.tables[0].rows[1][1].text == "张三"
    assert where(doc.tables[0].rows[1][1].location) == "p.docx (table 1, row 2, cell 2)"
    pointers = {line.text: line.location.pointer for line in doc.lines}
    assert pointers["Next review: 2027-06-02"] == "header, paragraph 1"
    assert pointers["Next review: 2027-09-02"] == "footer, paragraph 1"
    assert {(f.name, f.value) for f in doc.properties} >= {("title", "Incident procedure"), ("document_id", "PRO-007")}


def test_unreadable_files_are_one_located_line(tmp_path):
    for name, content in (("bad.docx", b"not a zip"), ("bad.pdf", b"%PDF-1.4 broken"), ("bad.md", b"caf\xe9\n"),
                          ("bad.xlsx", b"")):
        with pytest.raises(DocumentError) as caught:
            _read(tmp_path, name, content)
        assert str(caught.value).startswith(name)
        assert caught.value.template.text("zh")  # the same sentence in Chinese, for the import's output
    with pytest.raises(DocumentError, match="cannot read .ppt"):
        _read(tmp_path, "slides.ppt", b"")


def test_every_real_document_is_read():
    """All 39 documents of the three real sets, as written (CRLF, a file name starting with a space, HTML tables)."""
    paths = [p for folder in ("cloudgov", "govuk", "openeuler-infra") for p in sorted((REALDOCS / folder).rglob("*"))
             if p.is_file()]
    assert len(paths) == 39
    for path in paths:
        doc = read_document(path, str(path.relative_to(REALDOCS)))
        assert doc.title and (doc.lines or doc.tables), path
