"""The example's report, laid out: every table inside the text block, no page left mostly blank by a forced break,
and the files the text says are attached are exactly the files attached (PDF and standalone HTML)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest

from .conftest import need, pdf_text, read_html

MM = 72 / 25.4
MARGIN_LEFT = MARGIN_RIGHT = 17 * MM  # report.css @page margin: 24mm 17mm 20mm 17mm
MARGIN_TOP, MARGIN_BOTTOM = 24 * MM, 20 * MM
WATERMARK = 20.0
"""Words taller than this (points) are the DRAFT watermark, not the page's content."""
ATTACHED = re.compile(r"attach|附件|所附|嵌入", re.IGNORECASE)
FILE_NAME = re.compile(r"[\w-]+\.(?:json|csv)\b")


@pytest.fixture(params=["en", "zh"])
def example_pdf(request, example_report) -> Path:
    return example_report(request.param, "pdf")


@pytest.fixture(params=["en", "zh"])
def example_html(request, example_report) -> Path:
    return example_report(request.param, "html")


def words_by_page(pdf: Path) -> list[tuple[float, float, list[tuple[str, float, float, float, float]]]]:
    """(page width, page height, [(word, xMin, yMin, xMax, yMax)]) per page, from poppler's layout."""
    xml = subprocess.run([need("pdftotext"), "-bbox-layout", str(pdf), "-"], check=True, capture_output=True,
                         text=True).stdout
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml).replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    pages = []
    for page in ElementTree.fromstring(xml).iter("page"):
        words = [(w.text or "", *(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax"))) for w in page.iter("word")]
        pages.append((float(page.get("width")), float(page.get("height")),
                      [w for w in words if w[4] - w[2] < WATERMARK]))
    return pages


def test_every_table_stays_within_the_text_block(example_pdf):
    """The corrective-action table ran 11 mm past the right margin (pp. 24-27 of the English report)."""
    outside = []
    for number, (width, _, words) in enumerate(words_by_page(example_pdf), 1):
        for text, x0, _, x1, _ in words:
            if x0 < MARGIN_LEFT - 0.5 or x1 > width - MARGIN_RIGHT + 0.5:
                outside.append(f"page {number}: {text!r} {max(x1 - (width - MARGIN_RIGHT), MARGIN_LEFT - x0) / MM:.1f} mm out")
    assert not outside, outside[:10]
    assert len(words_by_page(example_pdf)) > 20  # the whole report was read


def test_no_page_is_left_two_thirds_blank(example_pdf):
    """A forced break before a section whose first table did not fit left page 5 two-thirds blank."""
    pages = words_by_page(example_pdf)
    blank = []
    for number, (_, height, words) in enumerate(pages[:-1], 1):  # the last page ends where the report ends
        body = [w for w in words if w[2] > MARGIN_TOP - 1 and w[4] < height - MARGIN_BOTTOM + 1]
        lowest = max((w[4] for w in body), default=MARGIN_TOP)
        filled = (lowest - MARGIN_TOP) / (height - MARGIN_TOP - MARGIN_BOTTOM)
        if filled < 1 / 3:
            blank.append(f"page {number} is {filled:.0%} filled")
    assert not blank, blank


def _named_as_attached(text: str) -> set[str]:
    """File names in the sentences (and the versions row) that say a file is attached."""
    names = set()
    for paragraph in re.split(r"\n\s*\n|(?<=[.。])\s", text):
        if ATTACHED.search(paragraph):
            names.update(FILE_NAME.findall(paragraph))
    return names


def test_the_pdf_attaches_what_its_text_names(example_pdf):
    listed = subprocess.run([need("pdfdetach"), "-list", str(example_pdf)], check=True, capture_output=True,
                            text=True).stdout
    attached = set(re.findall(r"^\d+: (.+)$", listed, re.MULTILINE))
    named = _named_as_attached(pdf_text(example_pdf))
    assert attached == {"assessment.json", "evidence-index.csv"}
    assert named == attached


def test_the_html_offers_what_its_text_names(example_html):
    import base64
    import json

    page = read_html(example_html)
    text = page.text
    assert "assessment.json" in text  # the sentences that cite it are there
    assert _named_as_attached(text) == set(page.downloads) == {"assessment.json", "evidence-index.csv"}
    # and the links carry the real files
    data = json.loads(base64.b64decode(page.downloads["assessment.json"].split(",", 1)[1]))
    assert data["organization"]["name"].startswith("Meridian Bay")
    index = base64.b64decode(page.downloads["evidence-index.csv"].split(",", 1)[1]).decode("utf-8")
    assert "sha256" in index.splitlines()[0]
