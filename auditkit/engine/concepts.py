"""Sections by meaning: concepts (an id, English and Chinese names, synonyms, key phrases) found in a document.

A lead auditor does not look for the catalog's exact heading words: "Activation Triggers" is the invocation
criteria of a continuity plan, and "启动条件" is too. This module decides where a document addresses a concept:

- in a heading, a bold lead-in or a table header cell: the concept is **present**, and the result names that
  heading (file:line);
- only in body text: **partial** (something is written about it, but not as a section of its own);
- nowhere, or only where it does not count: **missing**.

What does not count, because a reader who only splits lines would be fooled by it: text in code fences and HTML
comments, link text (a "see the recovery procedures" link points at another document), tables of contents,
and mentions that are negated ("we publish objectives in lieu of an SLA"), given as examples ("such as an SLA")
or that point elsewhere ("as described in the change policy").

Matching ignores case, punctuation and numbering, folds full-width forms (NFKC), compares English words by a
small stemmer of our own (below) with the words in any order, and compares Chinese text by substring, with a
character-bigram overlap for longer terms. The same machinery proposes which subclauses a document covers
(:func:`propose_clauses`): a subclause's topic is a concept whose names are the subclause's title.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from functools import cache, cached_property, lru_cache
from typing import Any, Iterable, Mapping, Sequence

# the values live in the model layer, where the catalog loader builds them; re-exported for the matcher's users
from auditkit.model.concepts import Concept, Topic  # noqa: F401
from auditkit.model.clauses import clause_key
from auditkit.model.messages import Message, msg

# ----------------------------------------------------------------------------------------------- concepts


def heading_terms(concept: Concept) -> tuple["Term", ...]:
    """The terms that, in a heading, make a concept present: its names and synonyms in every language."""
    return _compiled(concept)[0]


def body_terms(concept: Concept) -> tuple["Term", ...]:
    """The terms that, in body text, make a concept partially present: the heading terms and the key phrases."""
    return _compiled(concept)[1]


@lru_cache(maxsize=4096)
def _compiled(concept: Concept) -> tuple[tuple["Term", ...], tuple["Term", ...]]:
    # concepts hash by identity: each is compiled once per catalog load
    heading = _terms([concept.names[lang] for lang in concept.names]
                     + [s for lang in concept.synonyms for s in concept.synonyms[lang]])
    body = _terms([t.text for t in heading] + [p for lang in concept.key_phrases for p in concept.key_phrases[lang]])
    return heading, body


# ------------------------------------------------------------------------------------------ normalising text

_CJK_RANGES = (
    (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2A6DF), (0x3040, 0x30FF), (0xAC00, 0xD7AF),
)
_CJK_CLASS = "".join(f"{chr(low)}-{chr(high)}" for low, high in _CJK_RANGES)
_CJK_RUN = re.compile(f"[{_CJK_CLASS}]+")
_NOT_ALNUM = re.compile(r"[\W_]+")  # \w is exactly str.isalnum() plus the underscore


@cache  # asked of the first character of every word of every document
def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return any(low <= code <= high for low, high in _CJK_RANGES)


def fold(text: str) -> str:
    """Lower case, full-width forms folded (NFKC), punctuation and symbols as spaces, CJK runs set apart.

    '３．Ｒｅｃｏｖｅｒｙ　Ｔａｒｇｅｔｓ：' and '3. recovery targets' fold alike; '恢复目标（RTO）' becomes
    '恢复目标 rto'.

    Speed: whole-text regular expressions, not a loop over characters (a 20 KB document is folded in well under a
    millisecond); tests/engine/test_concepts.py pins the result to the character-by-character definition.
    """
    text = unicodedata.normalize("NFKC", text).lower().replace("&", " and ").replace("+", " and ")
    text = _NOT_ALNUM.sub(" ", text)
    return " ".join(_CJK_RUN.sub(r" \g<0> ", text).split())


# Links point at other documents: their text is not this document's content. HTML comments and template tags are
# not rendered. Tags go, their text stays (a heading '<a name="x"></a>Announcing Maintenance' is 'Announcing ...').
# Each pattern with the characters one of which any match contains: a line without them is not searched (most
# lines of a document have no markup). Removing text never adds a character, so the test on the line as given
# holds after the earlier patterns too.
_MARKUP = [
    (re.compile(r"<!--.*?(?:-->|$)", re.S), "<"),
    (re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S), "{"),
    (re.compile(r"<a\s[^>]*href[^>]*>.*?</a>", re.I | re.S), "<"),
    (re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\([^)]*\)"), "["),  # [text](target), ![alt](image)
    (re.compile(r"!?\[[^\]]*\]\[[^\]]*\]"), "["),                    # [text][ref]
    (re.compile(r"\[\[[^\]]*\]\]"), "["),                            # [[wiki link]]
    (re.compile(r"<(?:https?|mailto):[^>]*>|\bhttps?://\S+|\bwww\.\S+", re.I), ":."),
    (re.compile(r"\b[\w-]+(?:\.[\w-]+)+/\S*", re.I), "/"),  # host/path without a scheme: an address, not words
    (re.compile(r"</?[a-zA-Z][^>]*>"), "<"),
]
_MARKUP_CHARS = frozenset("".join(needs for _, needs in _MARKUP))


def strip_markup(text: str) -> str:
    """The text a reader sees as this document's own words: links, comments, template tags and tags removed."""
    present = _MARKUP_CHARS.intersection(text)
    if present:
        for pattern, needs in _MARKUP:
            if not present.isdisjoint(needs):
                text = pattern.sub(" ", text)
    return text


# ---------------------------------------------------------------------------------------------- stemming
# Why our own stemmer and not a PyPI one: the Porter/Snowball stemmers keep British and American spellings apart
# ('organis' vs 'organ'), and the catalog is read against both; what we compare is short headings with short
# phrases, both sides going through the same function, so a light suffix stripper that also folds spelling
# variants is enough, has no dependency and is easy to read. tests/engine/test_concepts.py pins its behaviour.

_STOP = frozenset(
    "a an the of and or for to in on at by with from into onto as is are be been being this that these those it its "
    "our your their we you they us them i he she his her who whom which what when where how why will shall should "
    "must may can do does did has have had all any each every about per via within upon over under if than then "
    "there here so such also".split()
)
_IRREGULAR = {"criteria": "criterion", "data": "datum", "analyses": "analysis", "media": "medium", "indices": "index"}
# suffix -> replacement; longest first. Replacements keep 'responsibility' and 'response' apart.
_SUFFIXES = sorted({
    "isational": "", "izational": "", "isations": "", "izations": "", "isation": "", "ization": "",
    "ational": "", "ations": "", "ation": "", "itions": "", "ition": "", "ions": "", "ion": "",
    "ibilities": "ibl", "ibility": "ibl", "ible": "ibl", "abilities": "abl", "ability": "abl", "able": "abl",
    "ments": "", "ment": "", "ings": "", "ing": "", "ities": "", "ity": "", "ively": "", "ives": "", "ive": "",
    "ness": "", "ating": "", "ated": "", "ates": "", "ate": "", "ators": "", "ator": "",
    "ises": "", "izes": "", "ised": "", "ized": "", "ise": "", "ize": "",
    # no 'ous': continuous and continuity are different words
    "ies": "", "ied": "", "ers": "", "er": "", "ed": "", "es": "", "ly": "", "al": "", "s": "", "e": "", "y": "",
}.items(), key=lambda kv: -len(kv[0]))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light English stem: 'Recovery', 'recovered' and 'recovering' -> 'recov'; 'organisation' = 'organization'."""
    word = _IRREGULAR.get(word, word)
    if not word.isalpha() or not word.isascii() or len(word) <= 3:
        return word
    if word.endswith("iour"):  # behaviour -> behavior
        word = word[:-4] + "ior"
    elif word.endswith("ogue"):  # catalogue -> catalog
        word = word[:-2]
    elif word.endswith("tre") and len(word) > 4:  # centre -> center
        word = word[:-3] + "ter"
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word[-2] in "sui":  # process, status, analysis keep their s
                continue
            word = word[: len(word) - len(suffix)] + replacement
            break
    # a second, narrow pass: recovery -> recover -> recov, measurement -> measure -> measur
    for suffix in ("er", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeious":  # fulfill/fulfil, staff/staf
        word = word[:-1]
    return word


# ------------------------------------------------------------------------------------------------ terms


@dataclass(frozen=True)
class Term:
    """One wording of a concept, ready to compare: English stems (any order) and Chinese runs (substrings)."""

    text: str
    stems: tuple[str, ...]
    cjk: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> "Term":
        words = fold(strip_markup(text)).split()
        latin = [w for w in words if not _is_cjk(w[0])]
        content = [w for w in latin if w not in _STOP] or latin
        return cls(text, tuple(dict.fromkeys(stem(w) for w in content)), tuple(w for w in words if _is_cjk(w[0])))

    @property
    def size(self) -> int:
        """How much of a heading this term accounts for: English words plus Chinese characters / 2."""
        return len(self.stems) + sum(len(c) for c in self.cjk) / 2


def _terms(texts: Iterable[str]) -> tuple[Term, ...]:
    seen: dict[str, Term] = {}
    for text in texts:
        term = Term.of(text)
        if (term.stems or term.cjk) and (term.stems, term.cjk) not in {(t.stems, t.cjk) for t in seen.values()}:
            seen[text] = term
    return tuple(seen.values())


@dataclass(frozen=True)
class Probe:
    """A piece of text ready to be searched: its folded words, their stems and their positions."""

    text: str
    words: tuple[str, ...]
    stems: tuple[str | None, ...]
    """The stem of each word; None for stop words and Chinese runs."""

    @classmethod
    def of(cls, text: str) -> "Probe":
        words = tuple(fold(text).split())
        return cls(text, words, tuple(map(_content_stem, words)))

    @cached_property
    def stem_set(self) -> frozenset:
        return frozenset(self.stems) - _NO_STEM

    @cached_property
    def content_size(self) -> float:
        """The size of the text in the unit of :attr:`Term.size`."""
        return len(self.stem_set) + sum(len(w) for w in self.words if _is_cjk(w[0])) / 2

    @cached_property
    def _content(self) -> tuple[tuple[int, str], ...]:
        """(word index, stem) of the words that carry meaning (not stop words, not Chinese runs)."""
        return tuple((i, s) for i, s in enumerate(self.stems) if s)

    def find(self, term: Term) -> int | None:
        """The word index where ``term`` occurs, or None.

        Its English words must stand together, in any order: among the meaningful words (stop words skipped),
        within a run as long as the term, one word longer for terms of three words or more. So 'Procedures for
        recovery' is 'recovery procedures', but 'Service continuity plan' is not 'service planning'.
        """
        if term.stems and not set(term.stems) <= self.stem_set:
            return None
        first: int | None = None
        if term.stems:
            wanted = set(term.stems)
            width = len(wanted) + (1 if len(wanted) >= 3 else 0)
            content = self._content
            for k, (index, stem_) in enumerate(content):
                if stem_ in wanted and wanted <= {s for _, s in content[k:k + width]}:
                    first = index
                    break
            if first is None:
                return None
        for run in term.cjk:
            at = _cjk_index(self.words, run)
            if at is None:
                return None
            first = at if first is None else min(first, at)
        return first


_NO_STEM = frozenset({None, ""})


@lru_cache(maxsize=65536)
def _content_stem(word: str) -> str | None:
    """A word's stem, or None for a stop word or a Chinese run (they carry no stem)."""
    return None if (word in _STOP or _is_cjk(word[0])) else stem(word)


def _cjk_index(words: Sequence[str], run: str) -> int | None:
    """The index of the word holding ``run``: a substring, or for runs of 5+ characters most of their bigrams."""
    for index, word in enumerate(words):
        if run in word:
            return index
    if len(run) >= 5:
        wanted = {run[i:i + 2] for i in range(len(run) - 1)}
        for index, word in enumerate(words):
            if _is_cjk(word[0]):
                have = {word[i:i + 2] for i in range(len(word) - 1)}
                if len(wanted & have) >= 0.8 * len(wanted):
                    return index
    return None


# ------------------------------------------------------------------------------------ mentions that do not count
# A cue shortly before a term turns its mention into something else: a negation, an example or a pointer.
_NEGATION_EN = ("not", "no", "without", "never", "neither", "nor", "none", "cannot", "in lieu of", "instead of",
                "rather than", "lack", "lacks", "absence of", "absent", "don t", "doesn t", "isn t", "aren t",
                "haven t", "hasn t", "won t", "do not", "does not")
_EXAMPLE_EN = ("for example", "e g", "eg", "such as", "for instance", "example", "examples", "sample", "samples",
               "like a", "like an")
_POINTER_EN = ("see", "see also", "refer to", "refers to", "referred to", "described in", "defined in",
               "documented in", "set out in", "detailed in", "covered in", "covered by", "according to",
               "in accordance with", "in line with", "as per", "link to", "linked")
_NEGATION_ZH = ("没有", "并无", "无需", "尚未", "未建立", "未制定", "未定义", "未提供", "未涉及", "不提供", "不包括",
                "不涉及", "不设", "而非", "而不是", "代替", "替代", "取代")
_EXAMPLE_ZH = ("例如", "比如", "示例", "举例", "样例", "譬如")
_POINTER_ZH = ("参见", "详见", "请参阅", "参阅", "参考", "依据", "按照", "见《")
# Headings read differently: 'Not in scope' and 'Out of scope' are a boundaries section, not a negation.
_HEADING_CUES_EN = ("in lieu of", "instead of", "rather than", "without", "no", "example", "examples", "sample",
                    "for example", "see", "see also")
_HEADING_CUES_ZH = ("没有", "而非", "代替", "替代", "示例", "例如", "样例", "参见", "详见")
_WINDOW_WORDS = 8
_WINDOW_CHARS = 8


class Discount(str, Enum):
    """Why a mention does not count."""

    NEGATED = "negated"
    EXAMPLE = "example"
    POINTER = "pointer"


def discount(probe: Probe, at: int, term: Term | None = None, *, heading: bool = False) -> Discount | None:
    """Whether the mention of ``term`` at word ``at`` of ``probe`` is negated, an example or a pointer elsewhere."""
    before = probe.words[max(0, at - _WINDOW_WORDS):at]
    latin = " " + " ".join(w for w in before if not _is_cjk(w[0])) + " "
    here = probe.words[at] if at < len(probe.words) else ""
    # Chinese has no spaces: the cue can sit in the same run as the term ('未建立服务级别协议'), just before it.
    cjk = "".join(w for w in before if _is_cjk(w[0]))
    if here and _is_cjk(here[0]):
        position = max(0, here.find(term.cjk[0])) if term is not None and term.cjk else 0
        cjk += here[:position]
    cjk = cjk[-_WINDOW_CHARS:]
    if heading:
        groups = [(Discount.NEGATED, _HEADING_CUES_EN, _HEADING_CUES_ZH)]
    else:
        groups = [(Discount.NEGATED, _NEGATION_EN, _NEGATION_ZH), (Discount.EXAMPLE, _EXAMPLE_EN, _EXAMPLE_ZH),
                  (Discount.POINTER, _POINTER_EN, _POINTER_ZH)]
    for kind, english, chinese in groups:
        if any(f" {cue} " in latin for cue in english) or any(cue in cjk for cue in chinese):
            return kind
    return None


_SENTENCE_END = re.compile(r"(?<=[.;!?。；！？])\s+|(?<=[。；！？])")


def sentences(line: str) -> list[str]:
    """A body line split where a negation or example stops applying: at the end of each sentence or clause."""
    line = re.sub(r"\b(e)\.(g)\.|\b(i)\.(e)\.", lambda m: (m.group(1) or m.group(3)) + (m.group(2) or m.group(4)), line,
                  flags=re.I)
    return [s for s in _SENTENCE_END.split(line) if s and s.strip()]


# --------------------------------------------------------------------------------------- the document read
# The shape of a document that this module reads. lane i14's document value satisfies it; until then
# :func:`outline_markdown` builds one from Markdown text.


@dataclass(frozen=True)
class Heading:
    title: str
    level: int
    line: int | None
    pointer: str = ""
    """Where the heading is when a line number does not say it (DOCX, PDF): 'page 2, line 5'."""


@dataclass(frozen=True)
class TextLine:
    """A bold lead-in, a table header cell or a line of body text, with its 1-based line."""

    text: str
    line: int | None
    pointer: str = ""


@dataclass(frozen=True)
class Outline:
    """What a reader of a document sees: title, headings, bold lead-ins, table headers and body lines."""

    path: str
    title: str | None = None
    title_line: int | None = None
    headings: tuple[Heading, ...] = ()
    lead_ins: tuple[TextLine, ...] = ()
    table_headers: tuple[TextLine, ...] = ()
    body_lines: tuple[TextLine, ...] = ()

    @classmethod
    def of(cls, document: Any) -> "Outline":
        """Read any document value that has these parts (duck-typed; see /work/COORD.md for the names accepted)."""
        if isinstance(document, Outline):
            return document
        get = lambda *names: next((getattr(document, n) for n in names if getattr(document, n, None) is not None), None)  # noqa: E731
        path = str(get("file", "path", "display_path") or "")
        title = get("title")
        title = getattr(title, "value", title)  # a metadata field keeps its location beside its value
        raw_heads = list(get("headings", "sections") or ())
        heads = tuple(Heading(_text_of(h), int(getattr(h, "level", 2) or 2), *_place(h)) for h in raw_heads)
        # A reader that hands over plain text keeps each line's links beside it: their text is not this document's
        # content. Lines under a 'Contents' heading are a table of contents.
        toc = {i for i, h in enumerate(heads) if fold(strip_markup(h.title)) in _TOC_NAMES}

        def lines(items, body: bool = False) -> tuple[TextLine, ...]:
            out = []
            for item in items or ():
                if body and getattr(item, "section", None) in toc:
                    continue
                text = _text_of(item)
                for link in getattr(item, "links", ()) or ():
                    shown = link[0] if isinstance(link, tuple) else getattr(link, "text", "")
                    if shown:
                        text = text.replace(shown, " ")
                out.append(TextLine(text, *_place(item)))
            return tuple(out)

        return cls(path, str(title) if title else None, get("title_line"), heads,
                   lines(get("lead_ins", "leads", "bold_lead_ins")),
                   lines(get("table_headers", "table_header_cells")), lines(get("body_lines", "lines", "body"), body=True))


def _place(item: Any) -> tuple[int | None, str]:
    """(line, pointer) of a part: its own ``line``, or its ``location``'s line and pointer (DOCX/PDF have no lines)."""
    line = getattr(item, "line", None)
    location = getattr(item, "location", None)
    if line is None and location is not None:
        line = getattr(location, "line", None)
    pointer = getattr(location, "pointer", "") if location is not None and line is None else ""
    return (int(line) if line else None), pointer or ""


def _text_of(item: Any) -> str:
    for name in ("title", "text", "content"):
        value = getattr(item, name, None)
        if isinstance(value, str):
            return value
    return str(item)


_TOC_NAMES = frozenset({"contents", "table of contents", "toc", "on this page", "in this document", "in this page",
                        "目录", "本页内容", "内容目录"})
_TOC_LINE = re.compile(r"(?:\.{4,}|…{2,}|·{4,})\s*\d+\s*$")  # 'Recovery procedures ........ 12' in a printed TOC
_LEAD_IN = [
    re.compile(r"^\s*(?:[-*+]\s+|\d+[.)]\s+)?(?:\*\*|__)(?P<text>[^*_\n]+?)(?:\*\*|__)"),
    # 'Our **performance goals**:' and 'We **prioritize communication** in the following order:'
    re.compile(r"^\s*(?:\w+\s+){1,3}(?:\*\*|__)(?P<text>[^*_\n]+?)(?:\*\*|__)(?=\s*[:：]|.*[:：]\s*$)"),
]


def outline_of(item) -> "Outline":
    """What the matcher reads of an evidence item: its document as written (a descriptor's ``document:``), else its
    Markdown body.

    Made from the document itself each time, never looked up by the item: an item compares equal to the item of
    an earlier load whose descriptor did not change, though the document it points at may have."""
    if getattr(item, "document", None) is not None:
        return Outline.of(item.document)
    return _markdown_outline(item.body.source, item.file, item.body.first_line)


@lru_cache(maxsize=512)  # the section checks and the subjects of uncovered subclauses read the same bodies
def _markdown_outline(text: str, path: str, first_line: int) -> "Outline":
    return outline_markdown(text, path, first_line)


@cache
def _markdown_blocks():
    """A CommonMark parser (with tables) that finds the blocks and leaves their text unparsed: the outline reads
    each block's source text (``content``), never its inline parts, and inline parsing was 40 % of the time."""
    from markdown_it import MarkdownIt  # imported when a document is first read: most commands read none

    return MarkdownIt("commonmark").enable("table").disable("inline")


def outline_markdown(text: str, path: str = "", first_line: int = 1) -> Outline:
    """The outline of a Markdown document as CommonMark renders it (markdown-it, with tables).

    Code fences and indented code are not read; HTML comments are blanked; an HTML block contributes its table
    header cells and its text; a section called 'Contents' (or a printed table of contents) contributes nothing.
    Front matter gives the title. ``first_line``: the line of the file where ``text`` starts (a body read
    after front matter).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"<!--.*?-->", lambda m: re.sub(r"[^\n]", " ", m.group(0)), text, flags=re.S)  # keep lines
    title, title_line, offset = None, None, first_line - 1
    lines = text.split("\n")
    if lines and lines[0].strip() == "---":
        for index in range(1, len(lines)):
            if lines[index].strip() in ("---", "..."):
                for number, raw in enumerate(lines[1:index], start=2):
                    found = re.match(r"^title\s*:\s*(.+?)\s*$", raw)
                    if found and title is None:
                        title, title_line = found.group(1).strip("'\""), offset + number
                lines = lines[index + 1:]
                offset += index + 1
                break
    body = "\n".join(lines)
    tokens = _markdown_blocks().parse(body)
    headings: list[Heading] = []
    lead_ins: list[TextLine] = []
    headers: list[TextLine] = []
    body_lines: list[TextLine] = []
    toc_level: int | None = None  # inside a 'Contents' section until a heading at its level or above
    row_line = 0
    for index, token in enumerate(tokens):
        start = offset + 1 + (token.map[0] if token.map else 0)
        if token.type == "heading_open":
            level = int(token.tag[1:])
            title_text = tokens[index + 1].content.strip()
            if toc_level is not None and level <= toc_level:
                toc_level = None
            headings.append(Heading(title_text, level, start))
            if fold(strip_markup(title_text)) in _TOC_NAMES:
                toc_level = level
            continue
        if toc_level is not None:
            continue
        if token.type == "tr_open":
            row_line = start
        elif token.type == "inline" and index and tokens[index - 1].type == "th_open":
            headers.append(TextLine(token.content.strip(), row_line))
        elif token.type == "inline" and index and tokens[index - 1].type == "td_open":
            body_lines.append(TextLine(token.content.strip(), row_line))
        elif token.type == "inline" and index and tokens[index - 1].type == "paragraph_open":
            for number, raw in enumerate(token.content.split("\n")):
                if _TOC_LINE.search(raw):
                    continue
                for pattern in _LEAD_IN:
                    found = pattern.match(raw)
                    if found:
                        lead_ins.append(TextLine(found.group("text").strip().rstrip(":：").strip(), start + number))
                        break
                body_lines.append(TextLine(raw.strip(), start + number))
        elif token.type == "html_block":
            for number, raw in enumerate(token.content.split("\n")):
                for cell in re.findall(r"<th[^>]*>(.*?)</th>", raw, flags=re.I | re.S):
                    headers.append(TextLine(strip_markup(cell).strip(), start + number))
                plain = strip_markup(re.sub(r"<th[^>]*>.*?</th>", " ", raw, flags=re.I | re.S)).strip()
                if plain:
                    body_lines.append(TextLine(plain, start + number))
    return Outline(path, title, title_line, tuple(headings), tuple(lead_ins), tuple(headers),
                   tuple(b for b in body_lines if b.text))


def outline_text(text: str, path: str = "") -> Outline:
    """The outline of plain text (meeting minutes, a .txt export): body lines only."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return Outline(path, body_lines=tuple(TextLine(t.strip(), n) for n, t in enumerate(lines, start=1) if t.strip()))


# ------------------------------------------------------------------------------------------------ matching


class Presence(str, Enum):
    PRESENT = "present"
    PARTIAL = "partial"
    MISSING = "missing"


class Place(str, Enum):
    """Where in a document a mention was found; the order is the weight of the evidence."""

    TITLE = "title"
    HEADING = "heading"
    LEAD_IN = "lead-in"
    TABLE_HEADER = "table-header"
    BODY = "body"




@dataclass(frozen=True)
class Mention:
    """Where a term was found: the place, its text as written, the file and line, and the term that matched."""

    place: Place
    text: str
    file: str
    line: int | None
    term: str
    pointer: str = ""

    @property
    def where(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}"
        return f"{self.file} ({self.pointer})" if self.pointer else self.file

    @property
    def place_name(self) -> Message:
        return msg("concepts.place." + self.place.value)

    def message(self) -> Message:
        """'heading "Activation" (plan.md:23) matches "activation"', in any language."""
        return msg("concepts.mention", place=self.place_name, text=_shorten(self.text), where=self.where, term=self.term)

    def describe(self, lang: str = "en") -> str:
        return self.message().text(lang)


def _shorten(text: str, limit: int = 80) -> str:
    text = " ".join(strip_markup(text).replace("**", "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class ConceptMatch:
    """How a document addresses one concept, and the mention that decided it (None when missing)."""

    concept: Concept
    presence: Presence
    mention: Mention | None = None

    def message(self) -> Message:
        """One clause of a check message, e.g. 'Invocation criteria: heading "Activation" (plan.md:23)'."""
        name = {"en": self.concept.name("en"), "zh": self.concept.name("zh")}  # shown in the report's language
        if self.presence is Presence.MISSING or self.mention is None:
            return msg("concepts.missing", concept=name)
        key = "concepts.partial" if self.presence is Presence.PARTIAL else "concepts.present"
        return msg(key, concept=name, place=self.mention.place_name, text=_shorten(self.mention.text),
                   where=self.mention.where)

    def describe(self, lang: str = "en") -> str:
        return self.message().text(lang)


@dataclass(frozen=True)
class _Hit:
    """One mention of a term: the part (or body sentence) it is in, the mention, and how it matched."""

    part: int
    """Index of the structural part, or of the body sentence, where the term was found."""
    mention: Mention
    term: Term
    cover: float = 0.0
    """How much of the heading the term accounts for (0..1; 1: the heading is the term)."""
    level: int = 9


class _Read:
    """A document prepared once for many concepts: every place as probes, and an index from stem to sentence."""

    def __init__(self, outline: Outline):
        self.outline = outline
        # (place, text, line, pointer, level, probe)
        self.structure: list[tuple[Place, str, int | None, str, int, Probe]] = []
        if outline.title:
            self.structure.append((Place.TITLE, outline.title, outline.title_line, "", 0, Probe.of(strip_markup(outline.title))))
        for h in outline.headings:
            if _looks_like_command(h.title):
                continue
            self.structure.append((Place.HEADING, h.title, h.line, h.pointer, h.level, Probe.of(strip_markup(h.title))))
        for place, items in ((Place.LEAD_IN, outline.lead_ins), (Place.TABLE_HEADER, outline.table_headers)):
            for item in items:
                self.structure.append((place, item.text, item.line, item.pointer, 9, Probe.of(strip_markup(item.text))))
        self.body: list[tuple[TextLine, int, Probe]] = []  # (line, index of the line, one sentence of it)
        for index, item in enumerate(outline.body_lines):
            if _TOC_LINE.search(item.text):
                continue
            for sentence in sentences(strip_markup(item.text)):
                self.body.append((item, index, Probe.of(sentence)))
        self._index: dict[str, list[int]] = {}
        for number, (_, _, probe) in enumerate(self.body):
            for s in probe.stem_set:
                self._index.setdefault(s, []).append(number)
        self._cjk_body = [n for n, (_, _, p) in enumerate(self.body) if any(_is_cjk(w[0]) for w in p.words)]

    def in_structure(self, terms: Sequence[Term], places: Iterable[Place]) -> list[_Hit]:
        """Every structural part that mentions a term (the first term that matches names it)."""
        wanted = set(places)
        found = []
        for number, (place, text, line, pointer, level, probe) in enumerate(self.structure):
            if place not in wanted:
                continue
            for term in terms:
                at = probe.find(term)
                if at is not None and discount(probe, at, term, heading=True) is None:
                    cover = term.size / probe.content_size if probe.content_size else 0.0
                    mention = Mention(place, text, self.outline.path, line, term.text, pointer)
                    found.append(_Hit(number, mention, term, min(1.0, cover), level))
                    break
        return found

    def in_body(self, terms: Sequence[Term]) -> list[_Hit]:
        """Every body sentence that mentions a term in a way that counts, in document order.

        A sentence where any of the terms is negated, an example or a pointer does not count for any of them:
        'in lieu of a Service Level Agreement (SLA)' negates the SLA as well.
        """
        found: dict[int, Term] = {}
        spoiled: set[int] = set()
        for term in terms:
            if term.stems:
                candidates: set[int] | None = None
                for s in term.stems:
                    hits = set(self._index.get(s, ()))
                    candidates = hits if candidates is None else candidates & hits
                    if not candidates:
                        break
                numbers: Iterable[int] = candidates or ()
            else:
                numbers = self._cjk_body
            for number in numbers:
                if number in spoiled:
                    continue
                probe = self.body[number][2]
                at = probe.find(term)
                if at is None:
                    continue
                if discount(probe, at, term) is not None:
                    spoiled.add(number)
                    found.pop(number, None)
                else:
                    found.setdefault(number, term)
        hits = []
        for number in sorted(found):
            item, _, _ = self.body[number]
            hits.append(_Hit(number, Mention(Place.BODY, item.text, self.outline.path, item.line, found[number].text,
                                             item.pointer), found[number]))
        return hits

    def line_of(self, hit: _Hit) -> int:
        """The index of the body line a body hit is in (several sentences of a line count once)."""
        return self.body[hit.part][1]


def _looks_like_command(title: str) -> bool:
    """A 'heading' that is a shell comment a line splitter took from a code block: '# on a jumpbox, run:'."""
    stripped = title.strip()
    return stripped.endswith(":") and stripped[:1].islower() or bool(re.match(r"^(?:\$|sudo\b|\./|[a-z_-]+\s+--?\w)", stripped))


@lru_cache(maxsize=256)
def _read_cached(outline: Outline) -> _Read:
    return _Read(outline)


def read(document: Any) -> _Read:
    """Prepare a document (an :class:`Outline` or any value with its parts) for matching."""
    return _read_cached(Outline.of(document))


def match_concept(document: Any, concept: Concept) -> ConceptMatch:
    """Where ``document`` addresses ``concept``: the best heading, lead-in or table header, else a body line."""
    prepared = document if isinstance(document, _Read) else read(document)
    found = prepared.in_structure(heading_terms(concept), (Place.HEADING, Place.LEAD_IN, Place.TABLE_HEADER))
    if found:
        # The heading that is most about the concept names it; among equals, the first in the document.
        best = max(found, key=lambda h: (h.cover, -h.part))
        return ConceptMatch(concept, Presence.PRESENT, best.mention)
    body = prepared.in_body(body_terms(concept))
    if body:
        return ConceptMatch(concept, Presence.PARTIAL, body[0].mention)
    return ConceptMatch(concept, Presence.MISSING)


def match_concepts(document: Any, concepts: Iterable[Concept]) -> tuple[ConceptMatch, ...]:
    """:func:`match_concept` for each concept, in the order given."""
    prepared = read(document)
    return tuple(match_concept(prepared, c) for c in concepts)


# ------------------------------------------------------------------------------------------------ proposals

ACCEPT_THRESHOLD = 0.5
"""Proposals at or above this confidence are accepted by ``evidence import --accept``."""

# How much a mention tells about what a document is for. A title or a top heading says it; a body line only
# shows that the subject comes up. Body lines together weigh at most BODY_CAP, so that body text alone stays below
# the acceptance threshold: confidence = 1 - exp(-score).
WEIGHTS = {Place.TITLE: 1.6, Place.HEADING: 1.0, Place.LEAD_IN: 0.5, Place.TABLE_HEADER: 0.5, Place.BODY: 0.2}
HEADING_LEVEL_BONUS = {1: 0.4, 2: 0.0}
BODY_CAP = 0.6
MAX_REASONS = 6


@dataclass(frozen=True)
class Proposal:
    """A subclause that a document appears to cover, how sure that is, and why."""

    clause: str
    confidence: float
    """0..1; 1 - exp(-score), where the score adds the weights of the mentions (see WEIGHTS)."""
    reasons: tuple[Mention, ...]

    def message(self) -> Message:
        return msg("concepts.proposal", clause=self.clause, confidence=f"{self.confidence:.2f}",
                   reasons=[r.message() for r in self.reasons])

    def describe(self, lang: str = "en") -> str:
        """The proposal and its reasons as a sentence, in English or Chinese."""
        return self.message().text(lang)


def propose_clauses(document: Any, catalog: Any, *, minimum: float = 0.25) -> list[Proposal]:
    """The subclauses ``document`` covers, best first: each topic of ``catalog`` scored on where it is mentioned.

    ``catalog`` is a catalog with ``topics`` or any iterable of :class:`Topic`. Headings and titles weigh more than
    body words; negated, example and pointer mentions, code, comments and link text do not count. When a heading
    or sentence matches two subclauses and one's wording contains the other's ('security incident' and
    'incident'), only the more specific subclause takes it.
    """
    topics = getattr(catalog, "topics", catalog)
    topics = list(topics.values() if isinstance(topics, Mapping) else topics)
    prepared = read(document)
    places = (Place.TITLE, Place.HEADING, Place.LEAD_IN, Place.TABLE_HEADER)
    structural = {t.clause: prepared.in_structure(heading_terms(t.concept), places) for t in topics}
    body = {t.clause: prepared.in_body(body_terms(t.concept)) for t in topics}
    _shadow(structural)
    _shadow(body)
    proposals = []
    for topic in topics:
        score = 0.0
        for hit in structural[topic.clause]:
            weight = WEIGHTS[hit.mention.place]
            if hit.mention.place is Place.HEADING:
                weight += HEADING_LEVEL_BONUS.get(hit.level, -0.2)
            score += weight * (0.6 + 0.4 * hit.cover)  # a heading wholly about the topic counts most
        lines = {prepared.line_of(h): h for h in body[topic.clause]}  # a line counts once
        score += min(BODY_CAP, WEIGHTS[Place.BODY] * len(lines))
        confidence = round(1 - math.exp(-score), 2)
        if confidence >= minimum:
            ordered = sorted(structural[topic.clause], key=lambda h: (-WEIGHTS[h.mention.place], h.part))
            reasons = tuple(h.mention for h in ordered) + tuple(h.mention for h in lines.values())
            proposals.append(Proposal(topic.clause, confidence, reasons[:MAX_REASONS]))
    proposals.sort(key=lambda p: (-p.confidence, clause_key(p.clause)))
    return proposals


def _shadow(hits: dict[str, list[_Hit]]) -> None:
    """Drop each hit whose term another subclause's term on the same part contains and goes beyond."""
    by_part: dict[int, list[tuple[str, _Hit]]] = {}
    for clause, found in hits.items():
        for hit in found:
            by_part.setdefault(hit.part, []).append((clause, hit))
    shadowed: set[tuple[str, int]] = set()
    for part, found in by_part.items():
        for clause, hit in found:
            if any(other != clause and _contains(rival.term, hit.term) for other, rival in found):
                shadowed.add((clause, part))
    for clause in hits:
        hits[clause] = [h for h in hits[clause] if (clause, h.part) not in shadowed]


def _contains(big: Term, small: Term) -> bool:
    """Whether ``big`` says all that ``small`` says and more ('security incident' contains 'incident')."""
    if big.size <= small.size or not set(small.stems) <= set(big.stems):
        return False
    return all(any(run in other for other in big.cjk) for run in small.cjk)

