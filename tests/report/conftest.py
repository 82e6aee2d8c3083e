"""Fixtures of the report tests: a small project (tests/report/fixtures/acme), its assessment, PDF readers."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import require_tool  # tests/conftest.py (tests/ is on sys.path: it is no package)

HERE = Path(__file__).parent
ACME = HERE / "fixtures" / "acme"
AS_OF = date(2026, 11, 5)


def assess_project(root: Path, as_of: date = AS_OF) -> dict:
    """The assessment dict of a project folder, as `auditkit assess --format json` run inside it gives it."""
    from auditkit.engine.assess import assess
    from auditkit.inputs.config import load_config
    from auditkit.engine.project import load_inputs

    before = os.getcwd()
    os.chdir(root)  # file names in the assessment are relative to the working directory
    try:
        cfg = load_config(Path("."))
        inputs = load_inputs(cfg)
        return assess(inputs.catalog, inputs.evidence, inputs.judgments, as_of, cfg.scoring,
                      judgments_file=inputs.judgments_file).to_dict()
    finally:
        os.chdir(before)


@pytest.fixture
def acme(tmp_path, monkeypatch) -> Path:
    """A copy of the acme project as the working directory."""
    target = tmp_path / "acme"
    shutil.copytree(ACME, target)
    monkeypatch.chdir(target)
    return target


@pytest.fixture(scope="session")
def acme_data(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("acme-data") / "acme"
    shutil.copytree(ACME, root)
    return assess_project(root)


EXAMPLE = HERE.parents[1]
"""The bundled example project (Meridian Bay) at the repository's root."""


@pytest.fixture(scope="session")
def example_report(tmp_path_factory):
    """``example_report(lang, fmt, final=False)``: the example's report rendered once per session through the CLI."""
    from click.testing import CliRunner

    from auditkit.cli import main

    done: dict[tuple[str, str, bool], Path] = {}

    def render(lang: str, fmt: str, final: bool = False) -> Path:
        if (lang, fmt, final) not in done:
            out = tmp_path_factory.mktemp(f"example-{lang}-{fmt}") / f"report-{lang}.{fmt}"
            result = CliRunner().invoke(main, ["report", "-C", str(EXAMPLE), "--as-of", "2026-11-05", "--lang", lang,
                                               "-o", str(out)] + (["--final"] if final else []), catch_exceptions=False)
            assert result.exit_code == 0, result.output
            done[lang, fmt, final] = out
        return done[lang, fmt, final]

    return render


def need(tool: str) -> str:
    """A poppler-utils command; the test fails (never skips) naming the package when it is missing."""
    return require_tool(tool, "poppler-utils")


def pdf_text(path: Path, first: int | None = None, last: int | None = None, *, layout: bool = True) -> str:
    """The PDF's text; ``layout=False`` keeps each table cell's lines together (a wrapped hash stays whole even
    where the watermark's letters fall between its lines)."""
    args = [need("pdftotext")] + (["-layout"] if layout else [])
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    return subprocess.run(args + [str(path), "-"], check=True, capture_output=True, text=True).stdout


def pdf_fonts(path: Path) -> str:
    return subprocess.run([need("pdffonts"), str(path)], check=True, capture_output=True, text=True).stdout


def page_ink(path: Path, page: int = 1) -> float:
    """Share of non-white pixels of a page rendered at low resolution (a blank page gives 0)."""
    out = subprocess.run([need("pdftoppm"), "-gray", "-r", "20", "-f", str(page), "-l", str(page), str(path)],
                         check=True, capture_output=True).stdout
    # PGM (P5): magic, width height, maxval, then one byte per pixel
    parts = out.split(maxsplit=4)
    assert parts[0] == b"P5"
    width, height = int(parts[1]), int(parts[2])
    pixels = parts[4][: width * height]
    return sum(1 for p in pixels if p < 200) / len(pixels)


def cjk_fonts() -> tuple[str, ...]:
    """Families of the installed fonts that cover Chinese, as auditkit's check before rendering sees them."""
    from auditkit.outputs.report.fonts import families

    return families("zh") or ()


class HtmlReport(HTMLParser):
    """The visible text of a report and the files it offers for download."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.downloads: dict[str, str] = {}
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("style", "script", "title"):
            self._skip += 1
        if tag in ("p", "tr", "li", "h1", "h2", "h3", "div", "br"):
            self.parts.append("\n\n")
        elif tag in ("th", "td"):
            self.parts.append(" ")
        if tag == "a" and "download" in attributes:
            self.downloads[attributes["download"]] = attributes.get("href", "")

    def handle_endtag(self, tag):
        if tag in ("style", "script", "title"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def read_html(path: Path) -> HtmlReport:
    page = HtmlReport()
    page.feed(path.read_text("utf-8"))
    return page
