"""No PDF with empty boxes: a report language without an installed font is refused before anything is rendered."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from auditkit.outputs.report import LANGS, render_report
from auditkit.outputs.report.fonts import FONTS, MissingFontError, families, missing_font_message
from conftest import listed_packages, require  # tests/conftest.py

from .conftest import ACME, pdf_fonts

AUDITKIT = Path(sys.executable).parent / "auditkit"


def test_every_report_language_says_which_fonts_it_needs_and_the_list_installs_one():
    assert set(FONTS) == set(LANGS)
    for lang, fonts in FONTS.items():
        assert set(fonts.packages) & listed_packages(), (lang, fonts.packages)
        assert families(lang), f"no installed font covers {lang}: `make test` should have installed one"
        message = missing_font_message(lang)  # fails for a language without its name in messages.yaml
        assert all(p in part for part in message.split(" / ") for p in fonts.packages), message


def test_a_language_without_a_font_is_refused_before_rendering(acme_data, monkeypatch):
    import auditkit.outputs.report.fonts as fonts

    monkeypatch.setattr(fonts, "families", lambda lang: () if lang == "zh" else ("DejaVu Sans",))
    with pytest.raises(MissingFontError) as caught:
        render_report(acme_data, lang="zh", fmt="pdf", evidence_dir=ACME / "evidence", project_root=ACME)
    assert "fonts-noto-cjk or fonts-wqy-microhei" in str(caught.value)
    # an HTML report is read with the reader's fonts, not this machine's
    assert render_report(acme_data, lang="zh", fmt="html", evidence_dir=ACME / "evidence").format == "html"


def _fontconfig_with(tmp_path: Path, *dirs: Path) -> dict[str, str]:
    """The environment of a process whose fontconfig knows only the fonts in ``dirs``."""
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
                    + "".join(f"  <dir>{d}</dir>\n" for d in dirs)
                    + f"  <cachedir>{tmp_path / 'fc-cache'}</cachedir>\n</fontconfig>\n")
    return {**os.environ, "FONTCONFIG_FILE": str(conf), "AUDITKIT_NO_PROGRESS": "1"}


def _latin_font_dir() -> Path:
    found = next(Path("/usr/share/fonts").rglob("DejaVuSans.ttf"), None) if Path("/usr/share/fonts").is_dir() else None
    require(found is not None, "the DejaVu fonts", "fonts-dejavu-core")
    return found.parent


def _report(acme: Path, env: dict[str, str], lang: str) -> subprocess.CompletedProcess:
    """`auditkit report` run as a user runs it: fontconfig reads FONTCONFIG_FILE once, when a process starts."""
    return subprocess.run([str(AUDITKIT), "report", "--as-of", "2026-11-05", "--lang", lang, "-o", f"report-{lang}.pdf"],
                          cwd=acme, env=env, capture_output=True, text=True, timeout=300)


def test_chinese_report_without_a_cjk_font_exits_2_with_one_line_naming_the_packages(acme, tmp_path):
    env = _fontconfig_with(tmp_path, _latin_font_dir())
    result = _report(acme, env, "zh")
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: no installed font covers Chinese")
    assert "fonts-noto-cjk or fonts-wqy-microhei" in lines[0]
    assert "没有已安装的字体覆盖中文" in lines[0]
    assert not (acme / "report-zh.pdf").exists()

    # the same configuration is enough for the English report, and that report embeds the Latin font
    result = _report(acme, env, "en")
    assert result.returncode == 0, result.stderr
    assert "dejavusans" in re.sub(r"[\s_-]", "", pdf_fonts(acme / "report-en.pdf")).lower()


def test_english_report_without_any_font_exits_2_naming_a_latin_font(acme, tmp_path):
    result = _report(acme, _fontconfig_with(tmp_path), "en")
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [
        "error: no installed font covers English, so the PDF would show empty boxes instead of text: install "
        "fonts-dejavu-core (Debian/Ubuntu: sudo apt-get install fonts-dejavu-core), or write --format html"]
    assert not (acme / "report-en.pdf").exists()
