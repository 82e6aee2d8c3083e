"""Every output sanitiser against the one hostile corpus: what reaches each channel is inert there."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest
from rich.console import Console

from auditkit.outputs import sanitise

from .hostile import HOSTILE

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.mark.parametrize("text", HOSTILE)
def test_terminal_output_has_no_escape_sequence_or_control_character(text):
    for one_line in (False, True):
        shown = sanitise.terminal(text, one_line=one_line)
        assert "\x1b" not in shown and not CONTROL.search(shown)
        if one_line:
            assert "\n" not in shown


@pytest.mark.parametrize("text", HOSTILE)
def test_terminal_markup_prints_data_as_written_and_never_as_markup(text):
    console = Console(file=io.StringIO(), force_terminal=True, color_system="truecolor", width=500)
    console.print(f"[bold]{sanitise.terminal_markup(text, one_line=True)}[/]", soft_wrap=True)
    out = console.file.getvalue()
    # the only escape sequences are the two of our own [bold]; no link (OSC 8), no title, no clear screen
    assert "\x1b]" not in out and "\x1b[2J" not in out
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out).rstrip("\n")
    assert plain == sanitise.terminal(text, one_line=True)  # brackets and backslashes survive as text


def test_the_reported_organisation_name_keeps_its_brackets():
    console = Console(file=io.StringIO(), width=200)
    console.print(sanitise.terminal_markup("Meridian Bay [formerly Harbour IT] Ltd [/]"))
    assert console.file.getvalue() == "Meridian Bay [formerly Harbour IT] Ltd [/]\n"


@pytest.mark.parametrize("text", HOSTILE)
def test_spreadsheet_cells_never_start_a_formula(text):
    out = io.StringIO()
    csv.writer(out).writerow([sanitise.spreadsheet_cell(text)])
    (cell,) = next(csv.reader(io.StringIO(out.getvalue())))
    assert not cell.lstrip(" ").startswith(("=", "+", "-", "@", "|", "%", "\t", "\r", "\n", "\uff1d"))
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", cell)  # an XLSX cell could not hold these


def test_numbers_stay_numbers_in_a_spreadsheet():
    assert sanitise.spreadsheet_cell(-0.5) == -0.5 and sanitise.spreadsheet_cell(None) is None
    assert sanitise.spreadsheet_cell("plain") == "plain"


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_shows_html_and_markdown_as_text(text):
    md = sanitise.markdown(text)
    assert "<" not in md and ">" not in md and "\n" not in md
    assert not re.search(r"(?<!\\)\|", md)  # a table cell cannot be split
    assert not re.search(r"@[\w-]", md) and not re.search(r"#\d", md)  # no mention, no issue link
    assert not re.search(r"(?<!\\)[\[\]`]", md)  # no link, image or code span opens
    assert not re.search(r"(?i)\b(https?|javascript):", md)  # no bare link
    code = sanitise.markdown_code(text)
    # one code span, opened and closed by the only two backticks; HTML inside a code span is shown as text
    assert code == "" or (code[0] == code[-1] == "`" and code.count("`") == 2 and "\n" not in code)


@pytest.mark.parametrize("text", HOSTILE)
def test_xml_attributes_and_text_always_parse(text):
    element = ET.Element("testcase", {"file": sanitise.xml_text(text), "name": sanitise.xml_text(text)})
    element.text = sanitise.xml_text(text)
    parsed = ET.fromstring(ET.tostring(element, encoding="unicode"))
    expected = sanitise.xml_text(text)
    # XML folds line ends in text and whitespace in attributes; nothing else may be lost
    assert (parsed.text or "") == expected.replace("\r\n", "\n").replace("\r", "\n")
    assert " ".join(parsed.get("file").split()) == " ".join(parsed.get("name").split()) == " ".join(expected.split())


def test_xml_text_keeps_ordinary_text_whole():
    assert sanitise.xml_text("服务管理方针已形成文件并获批准 <a & b>") == "服务管理方针已形成文件并获批准 <a & b>"


def test_a_backtick_in_a_path_cannot_close_its_code_span():
    assert sanitise.markdown_code("a`b`` <img src=x>") == "`a'b'' <img src=x>`"


def _runner_decode(encoded: str) -> str:
    """What the GitHub runner does to a command's data (actions/toolkit: unescape %0D, %0A, %3A, %2C, %25)."""
    return (encoded.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",")
            .replace("%25", "%"))


@pytest.mark.parametrize("text", HOSTILE)
def test_github_commands_stay_one_command_on_one_line(text):
    data, prop = sanitise.github_data(text), sanitise.github_property(text)
    line = f"::error file={prop},title={prop}::{data}"
    assert "\n" not in line and "\r" not in line and "\x1b" not in line
    assert "," not in prop and ":" not in prop  # a property cannot end the property list or the command
    assert line.split("::")[1] == f"error file={prop},title={prop}"
    decoded = _runner_decode(data)
    assert "\x1b" not in decoded
    if not CONTROL.search(text) and "\x1b" not in text:
        assert decoded == text and _runner_decode(prop) == text  # ordinary text round-trips exactly
