"""The PDF report, read back: organisation, every finding, the score, pages, fonts, bookmarks, attachments."""

from __future__ import annotations

import json
import re
import time

import pytest

from auditkit.outputs.report import render_report

from conftest import require  # tests/conftest.py

from .conftest import ACME, cjk_fonts, page_ink, pdf_fonts, pdf_text


@pytest.fixture(scope="module")
def en_pdf(acme_data, tmp_path_factory):
    rendered = render_report(acme_data, lang="en", fmt="pdf", evidence_dir=ACME / "evidence", project_root=ACME)
    path = tmp_path_factory.mktemp("pdf") / "report-en.pdf"
    path.write_bytes(rendered.content)
    return path, rendered


@pytest.fixture(scope="module")
def zh_pdf(acme_data, tmp_path_factory):
    require(bool(cjk_fonts()), "a CJK font", "fonts-wqy-microhei")
    rendered = render_report(acme_data, lang="zh", fmt="pdf", evidence_dir=ACME / "evidence", project_root=ACME)
    path = tmp_path_factory.mktemp("pdf") / "report-zh.pdf"
    path.write_bytes(rendered.content)
    return path, rendered


def test_english_pdf_names_organisation_findings_and_score(en_pdf, acme_data):
    path, rendered = en_pdf
    assert rendered.content.startswith(b"%PDF-")
    text = pdf_text(path)
    flat = " ".join(text.split())
    assert "Acme Test Services Ltd." in flat
    assert acme_data["findings"], "the fixture must produce findings"
    for finding in acme_data["findings"]:
        assert finding["id"] in flat, finding["id"]
    assert acme_data["summary"]["overall"]["score"] == pytest.approx(0.6111)
    assert "61.1%" in flat
    assert "Not yet ready for the certification audit" in flat
    assert 8 <= rendered.pages <= 16
    assert f"Page 1 of {rendered.pages}" not in flat  # the cover has no footer
    assert f"Page 2 of {rendered.pages}" in flat


def test_english_pdf_shows_evidence_locations_and_requirement_text(en_pdf, acme_data):
    text = pdf_text(en_pdf[0])
    flat, dense = " ".join(text.split()), "".join(text.split())
    assert "evidence/records/incidents.yaml:5:1" in dense
    assert "Each incident is given a priority that takes account of its impact and urgency." in flat
    assert "incident-records: 3 of 4 rows have priority recorded" in flat
    # the evidence index shows the sha256 of each input file
    cells = "".join(pdf_text(en_pdf[0], layout=False).split())
    for entry in acme_data["inputs"]["files"]:
        assert entry["sha256"] in cells, entry["path"]


def test_cover_page_is_not_blank(en_pdf):
    assert page_ink(en_pdf[0], 1) > 0.005


def test_table_of_contents_gives_the_page_of_each_section(en_pdf):
    path, rendered = en_pdf
    toc = pdf_text(path, 2, 2)
    match = re.search(r"Findings by clause\s*\.+\s*(\d+)", toc)
    assert match, toc
    page = int(match.group(1))
    assert 2 < page <= rendered.pages
    assert "6 Findings by clause" in " ".join(pdf_text(path, page, page).split())


def test_bookmarks_follow_the_sections(en_pdf):
    from pypdf import PdfReader

    reader = PdfReader(str(en_pdf[0]))

    def titles(outline):
        for entry in outline:
            if isinstance(entry, list):
                yield from titles(entry)
            else:
                yield " ".join(entry.title.split())

    found = list(titles(reader.outline))
    assert "6 Findings by clause" in found
    assert "Appendix A Evidence index" in found
    assert any(t.startswith("F-8.6.1-02") for t in found)


def test_attachments_hold_the_evidence_index_and_the_assessment(en_pdf, acme_data):
    from pypdf import PdfReader

    attachments = PdfReader(str(en_pdf[0])).attachments
    assert set(attachments) == {"evidence-index.csv", "assessment.json"}
    assert json.loads(attachments["assessment.json"][0]) == acme_data
    csv_text = attachments["evidence-index.csv"][0].decode()
    assert csv_text.splitlines()[0] == "path,size,sha256,evidence_items"
    assert len(csv_text.splitlines()) == 1 + len(acme_data["inputs"]["files"])


@pytest.mark.parametrize("subsetter", ["harfbuzz", "fonttools"])
def test_same_assessment_gives_the_same_pdf(acme_data, subsetter, monkeypatch):
    """Byte for byte, whichever library subsets the fonts, and on another day (fontTools stamps fonts with the time)."""
    import weasyprint.pdf.fonts

    if subsetter == "harfbuzz":
        require(weasyprint.pdf.fonts.harfbuzz_subset is not None, "HarfBuzz's subsetting library", "libharfbuzz-subset0")
    else:  # what WeasyPrint does when libharfbuzz-subset0 is not installed
        monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)

    def render() -> bytes:
        return render_report(acme_data, lang="en", fmt="pdf", evidence_dir=ACME / "evidence", project_root=ACME).content

    first = render()
    tomorrow = time.time() + 86400
    monkeypatch.setattr(time, "time", lambda: tomorrow)
    assert render() == first


def test_chinese_pdf_embeds_a_cjk_font(zh_pdf):
    path, rendered = zh_pdf
    # the trap: the text layer reads right even when every glyph is an empty box, so look at the fonts
    fonts = pdf_fonts(path)
    families = {re.sub(r"[\s_-]", "", f).lower() for f in cjk_fonts() if f.isascii()}
    embedded = [row.split()[0].split("+")[-1] for row in fonts.splitlines()[2:] if row.split()[-5:-4] == ["yes"]]
    assert any(family in re.sub(r"[\s_-]", "", name).lower() for name in embedded for family in families), \
        f"no CJK font ({', '.join(sorted(families))}) among the embedded fonts:\n{fonts}"
    flat = "".join(pdf_text(path).split())
    assert "内部审核报告" in flat
    assert "按条款列出的审核发现" in flat
    assert "每个事件都应根据其影响和紧急程度确定优先级。" in flat  # requirement text in Chinese
    assert "严重不符合" in flat and "61.1%" in flat
    assert "第2页，共" in flat
    assert 8 <= rendered.pages <= 16
    assert page_ink(path, 1) > 0.005
