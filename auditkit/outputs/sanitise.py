"""One sanitiser per output channel: what text from the user's files (evidence, catalogs, judgments, actions) must
become before it reaches that channel.

Evidence and catalogs arrive in pull requests, so their text is written by whoever opened one. Each channel has
its own dangerous characters, and each function here makes a value safe for exactly one of them:

- :func:`terminal` / :func:`terminal_markup`: escape sequences (clear screen, window title, OSC 8 links) and other
  control characters never reach a terminal, and square brackets in data are never read as rich markup;
- :func:`spreadsheet_cell`: a cell that a spreadsheet would run as a formula (``=HYPERLINK(...)``, ``+cmd|...``)
  is written as text (CSV, and XLSX through the same function);
- :func:`markdown` / :func:`markdown_code`: Markdown and HTML in a step summary or pull-request comment are shown,
  not rendered (no ``<img src=...>``, no ``@org/team`` mention, no table broken by ``|``);
- :func:`xml_text`: only the characters XML 1.0 allows, in attributes and text (ElementTree escapes the rest);
- :func:`github_data` / :func:`github_property`: GitHub workflow-command encoding, so a value cannot end the
  command or start another.

Every function is tested against one hostile corpus (tests/security/hostile.py).
"""

from __future__ import annotations

import re

# ESC-introduced sequences: CSI (ESC [ ... final), OSC/DCS/PM/APC/SOS strings (ESC ] ... BEL or ST), and any other
# two-character escape. Their 8-bit forms (U+009B CSI, U+009D OSC ...) are C1 controls, removed below.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"            # CSI
    r"|\x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC, DCS, SOS, PM, APC up to BEL or ST
    r"|\x1b[\s\S]?"                         # any other escape
    r"|[\x9b\x9d\x90\x98\x9e\x9f][^\x07\x9c]*[\x07\x9c]?"  # 8-bit CSI/OSC/DCS/SOS/PM/APC strings
)
# Controls left after the sequences: C0 but tab and newline, DEL, C1; and the bidirectional overrides and
# isolates that make a terminal show text in another order than it is ("Trojan source").
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_REPLACEMENT = "\ufffd"


def terminal(value, *, one_line: bool = False) -> str:
    """``value`` as plain text a terminal shows and does not obey: escape sequences removed, other control
    characters shown as U+FFFD; with ``one_line``, line breaks and tabs become spaces (a table cell, a list line)."""
    text = _ESCAPE_SEQUENCE.sub("", str(value))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub(_REPLACEMENT, text)
    if one_line:
        text = text.replace("\n", " ").replace("\t", " ")
    return text


def terminal_markup(value, *, one_line: bool = False) -> str:
    """:func:`terminal`, then escaped for rich markup: a data value inside a markup string prints as written
    (``Meridian Bay [formerly Harbour IT] Ltd``, ``[/]``, ``[link=...]``) and is never read as a style or link."""
    from rich.markup import escape  # start-up time: only the rich renderers need it

    text = terminal(value, one_line=one_line)
    # rich.markup.escape leaves a backslash at the end to escape the next tag, which a value must not do
    return escape(text[:-1] + "\\\\" if text.endswith("\\") else text)


_FORMULA_START = ("=", "+", "-", "@", "|", "%", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""Characters with which a spreadsheet starts a formula (OWASP "CSV injection"), fullwidth forms included."""


def spreadsheet_cell(value):
    """A CSV or XLSX cell value that no spreadsheet runs as a formula: text starting with ``= + - @``, a tab or a
    line break (after any leading spaces) gets a leading apostrophe, shown by spreadsheets as plain text.
    Numbers, booleans and None pass unchanged: only text can carry a formula."""
    if not isinstance(value, str):
        return value
    value = xml_text(value)  # XLSX is XML: a control character would make the workbook unreadable
    if value.lstrip(" ").startswith(_FORMULA_START):
        return "'" + value
    return value


def formula_like(value) -> bool:
    """True when a spreadsheet would read ``value`` as a formula (what :func:`spreadsheet_cell` guards)."""
    return isinstance(value, str) and value.lstrip(" ").startswith(_FORMULA_START)


def xlsx_cell(cell, value) -> None:
    """Put ``value`` into an openpyxl cell so that no spreadsheet runs it: in XLSX a cell's type says it is text,
    so a formula-like text is stored as a text cell exactly as written (no apostrophe shown to the reader)."""
    if not isinstance(value, str):
        cell.value = value
        return
    cell.value = xml_text(value)  # XLSX is XML: a control character would make the workbook unreadable
    if formula_like(cell.value):
        cell.data_type = "s"  # openpyxl took it for a formula ("f"): store the characters, not a formula


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]()#!|~])")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
_MENTION = re.compile(r"([@#])(?=[\w-])")
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|mailto|javascript|data|file|www)(?=[:.])")


def markdown(value) -> str:
    """``value`` as inert Markdown on one line: HTML tags shown as text, Markdown syntax escaped, no ``@`` mention
    or ``#123`` reference, no bare link, no table cell broken by ``|``."""
    text = terminal(value, one_line=True)
    text = " ".join(text.split())
    text = "".join(_HTML.get(c, c) for c in text)
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    text = _MENTION.sub("\\1\u2060", text)  # a word joiner after @ or #: GitHub sees no mention or issue link
    text = _AUTOLINK.sub(lambda m: m.group(1)[0] + "\u2060" + m.group(1)[1:], text)  # nor a bare link
    return text


def markdown_code(value) -> str:
    """``value`` inside an inline code span (a file path): backticks cannot close it, and HTML is shown as text."""
    text = " ".join(terminal(value, one_line=True).split()).replace("`", "'")
    text = text.replace("|", "\\|")  # GitHub splits table cells before it reads code spans
    return f"`{text}`" if text else ""


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value) -> str:
    """``value`` with only characters XML 1.0 allows (others become U+FFFD); for attributes and text alike.
    Markup characters are escaped by the XML writer (ElementTree), not here."""
    return _XML_INVALID.sub(_REPLACEMENT, str(value))


def github_data(value) -> str:
    """The message of a GitHub workflow command (``::error ...::MESSAGE``), encoded as the runner decodes it:
    ``%``, CR and LF as ``%25``, ``%0D``, ``%0A``; other control characters removed."""
    text = _ESCAPE_SEQUENCE.sub("", str(value))
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return _CONTROL.sub(_REPLACEMENT, text)


def github_property(value) -> str:
    """A property of a GitHub workflow command (``file=``, ``title=``): :func:`github_data` and ``:`` and ``,``
    as ``%3A`` and ``%2C``, so that a value cannot end the property list or the command."""
    return github_data(value).replace(":", "%3A").replace(",", "%2C")


__all__ = ["github_data", "github_property", "markdown", "markdown_code", "spreadsheet_cell", "terminal",
           "terminal_markup", "xml_text"]
