"""The Chinese report of the example (HTML, and the PDF's text) contains no English word that auditkit wrote.

What is NOT counted, precisely:
1. The organisation's own text: every string the project's own files hold (auditkit.yaml, judgments.yaml,
   actions/*.yaml, every file under evidence/: YAML and JSON values, CSV cells, Markdown and text lines), taken
   out of the report's text wherever it occurs as whole words (across line breaks). The values of the keys that
   hold auditkit's vocabulary (`state`, `result`, `grade`, `method`, `criticality`, `kind`, `status`, `type`)
   are NOT the organisation's text: the report must show the vocabulary's Chinese label for them. (A vocabulary
   word that the organisation's data also holds as free data, such as a ticket export's `closed`, is excused by
   this rule; tests/outputs/test_vocabulary.py requires a Chinese label for every vocabulary value.)
2. Identifiers: a token (text between spaces and CJK punctuation) holding a digit or one of - _ / . @ : (ids,
   file names and paths, dates, versions, hashes), a single Latin letter (appendix letters: 附录 A), and a
   command the user types (`auditkit roadmap`: auditkit followed by its subcommand and options).
3. Names that are not English words and that a Chinese text writes in Latin letters: the standard's publishers
   (ISO, IEC), file formats (PDF, CSV, JSON, HTML, YAML, SVG), unit symbols of sizes (B, KiB, MiB, GiB) and the
   tool's name, auditkit.
The PDF is laid out from the same HTML, so its check is that it holds no Latin word the HTML does not hold (what
only the PDF writes: running header and footer, attachment descriptions); it is read from a FINAL report (a
draft's watermark letters would fall between the words), without layout, where table cells interleave.
Whatever Latin-letter word is left was written by the tool and must have been Chinese.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import yaml

from .conftest import EXAMPLE, pdf_text, read_html

NAMES = {"ISO", "IEC", "PDF", "CSV", "JSON", "HTML", "YAML", "SVG", "B", "KiB", "MiB", "GiB", "auditkit"}
VOCABULARY_KEYS = {"state", "result", "grade", "method", "criticality", "kind", "status", "type"}
WORD = re.compile(r"[A-Za-z]+")
TOKEN = re.compile(r"[^\s\u3000-\u303f\uff00-\uffef，。；：（）、“”‘’《》【】·…—]+")
IDENTIFIER = re.compile(r"[\d\-_/.@:]")
COMMAND = re.compile(r"\bauditkit(?: --?[a-z-]+| [a-z][a-z-]*)+")


def _strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for k, v in value.items() if k not in VOCABULARY_KEYS for s in _strings(k) + _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [str(value)] if isinstance(value, str) else []


def organisation_text(root: Path) -> set[str]:
    """Every string of the project's own files (rule 1 above)."""
    files = [root / "auditkit.yaml", root / "judgments.yaml", *sorted((root / "actions").glob("*.yaml"))]
    files += sorted(p for p in (root / "evidence").rglob("*") if p.is_file())
    found: set[str] = set()
    for path in files:
        text = path.read_text("utf-8", errors="replace")
        if path.suffix in (".yaml", ".yml"):
            for document in yaml.safe_load_all(text):
                found.update(_strings(document))
        elif path.suffix == ".json":
            found.update(_strings(json.loads(text)))
        elif path.suffix == ".csv":
            found.update(cell for row in csv.reader(text.splitlines()) for cell in row)
        elif path.suffix in (".md", ".txt"):
            for line in text.splitlines():
                found.add(line.strip().lstrip("#>-*| ").strip())
                found.update(part.strip() for part in line.split("|"))  # Markdown table cells
            if text.startswith("---"):
                found.update(_strings(yaml.safe_load(text.split("---", 2)[1])))
    return {s.strip() for s in found if s and s.strip()}


def english_written_by_the_tool(text: str, own: set[str]) -> dict[str, str]:
    """Latin-letter words left in ``text`` after rules 1-3, each with the text around its first occurrence."""
    text = COMMAND.sub(" ", " ".join(text.split()))
    words = set(WORD.findall(text))
    for phrase in sorted((s for s in own if WORD.search(s)), key=len, reverse=True):
        parts = phrase.split()
        if not set(WORD.findall(parts[0])) <= words:
            continue  # cheap: its first word is nowhere in the text
        pattern = r"(?<![A-Za-z0-9])" + r"\s*".join(re.escape(p) for p in parts) + r"(?![A-Za-z0-9])"
        text = re.sub(pattern, " \u3000 ", text)
    left: dict[str, str] = {}
    for match in TOKEN.finditer(text):
        token = match.group()
        if IDENTIFIER.search(token) or re.fullmatch(r"[A-Za-z]", token):
            continue
        for word in WORD.findall(token):
            if word not in NAMES and word not in left:
                left[word] = " ".join(text[max(0, match.start() - 60):match.end() + 60].split())
    return left


def _check(text: str) -> None:
    left = english_written_by_the_tool(text, organisation_text(EXAMPLE))
    shown = "\n".join(f"  {word}: …{around}…" for word, around in list(left.items())[:40])
    assert not left, f"{len(left)} English words written by the tool in the Chinese report:\n{shown}"


def test_the_chinese_html_report_has_no_english_of_the_tool(example_report):
    _check(read_html(example_report("zh", "html")).text)


def _latin_words(text: str) -> set[str]:
    return {w for token in TOKEN.findall(COMMAND.sub(" ", text)) if not IDENTIFIER.search(token)
            for w in WORD.findall(token)}


def test_the_chinese_pdf_report_has_no_english_of_the_tool(example_report):
    """The PDF writes no Latin word the HTML report does not hold (and that one has none of the tool's own)."""
    html = read_html(example_report("zh", "html")).text
    pdf = pdf_text(example_report("zh", "pdf", final=True), layout=False)
    in_html = _latin_words(html) | NAMES
    only_in_pdf = {w for w in _latin_words(pdf) - in_html
                   # pdftotext drops a hyphen that ends a line ("August-" + "October" -> "AugustOctober")
                   if not any(w[:i] in in_html and w[i:] in in_html for i in range(1, len(w)))}
    assert not only_in_pdf, sorted(only_in_pdf)


def test_the_check_finds_an_english_sentence_and_excuses_the_organisation():
    """The counting rules themselves: an English label is found; names, ids and vocabulary follow rules 1-3."""
    own = {"Meridian Bay IT Services Ltd.", "to"}
    text = ("审核 Meridian Bay IT\nServices Ltd. 的 CAR-2025-001 状态 open，见 evidence/x.md，附录 A，依据 ISO/IEC 20000-1 "
            "Not yet ready, storage")
    assert set(english_written_by_the_tool(text, own)) == {"open", "Not", "yet", "ready", "storage"}
    assert organisation_text(EXAMPLE) >= {"Meridian Bay IT Services Ltd."}
