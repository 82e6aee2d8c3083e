"""Markdown process documents: YAML front matter and the headings (with line numbers) of the body."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from auditkit.model.errors import Location, Problem
from auditkit.model.messages import msg
from auditkit.inputs.documents import frontmatter
from auditkit.inputs.source_cache import SourceCache
from auditkit.inputs.yamlsource import Document, SourceError, parse_yaml


@dataclass(frozen=True)
class Section:
    """A heading of a Markdown document."""

    title: str
    level: int
    line: int
    """1-based line of the heading in the file."""


@dataclass(frozen=True)
class Link:
    """A link from a document to a relative target (other documents, attachments)."""

    target: str
    line: int


def split_front_matter(text: str, file: str, cache: SourceCache | None = None) -> tuple[Document, str, int]:
    """Return (front matter document, body, line number where the body starts).

    Raise SourceError when the file has no front matter block: an evidence document must say what it is.
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise SourceError(Problem.of(Location(file, 1, 1), msg("documents.markdown.no_front_matter")))
    span = frontmatter.split(lines)  # one notion of where front matter ends, for our own and any tool's
    if span is None:
        raise SourceError(Problem.of(Location(file, 1, 1), msg("documents.markdown.not_closed")))
    end = span[1]
    doc = parse_yaml("".join(lines[1:end]), file, line_offset=1, cache=cache)
    return doc, "".join(lines[end + 1:]), end + 2


@cache
def _parser():
    from markdown_it import MarkdownIt

    # Speed: the block pass alone finds headings; the inline pass (about 40 % of the parse) is run below only on
    # the paragraphs that can hold a link.
    return MarkdownIt("commonmark").disable("inline")


@cache
def _inline_parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def parse_body(body: str, first_line: int) -> tuple[tuple[Section, ...], tuple[Link, ...]]:
    """Headings and relative links of a Markdown body that starts at ``first_line`` of its file."""
    return headings(body, first_line), links(body, first_line)


def headings(body: str, first_line: int) -> tuple[Section, ...]:
    """The headings of a Markdown body, as CommonMark (markdown-it) reads them."""
    found = scan_headings(body, first_line)
    return found if found is not None else _parsed(body, first_line)[0]


def links(body: str, first_line: int) -> tuple[Link, ...]:
    """The relative links of a Markdown body (inline and reference links; not autolinks, anchors or mail)."""
    if "[" not in body:  # every CommonMark link but an autolink (never relative) has a '['
        return ()
    return _parsed(body, first_line)[1]


def _parsed(body: str, first_line: int) -> tuple[tuple[Section, ...], tuple[Link, ...]]:
    env: dict = {}
    tokens = _parser().parse(body, env)  # env collects reference definitions ([ref]: target) for the links
    sections: list[Section] = []
    found: list[Link] = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            inline = tokens[index + 1]
            line = first_line + (token.map[0] if token.map else 0)
            sections.append(Section(inline.content.strip(), int(token.tag[1:]), line))
        elif token.type == "inline" and "[" in token.content:
            line = first_line + (token.map[0] if token.map else 0)
            for child in _inline_parser().parseInline(token.content, env)[0].children or ():
                if child.type == "link_open":
                    href = child.attrGet("href") or ""
                    if href and "://" not in href and not href.startswith(("#", "mailto:")):
                        found.append(Link(href, line))
    return tuple(sections), tuple(found)


# The fast path for headings. markdown-it takes about 2 ms a document, and a section check needs only the
# headings. In a body where no line is one of the constructs below, CommonMark makes every line of up to three
# spaces, one to six '#' and a space (or the end of the line) an ATX heading, and nothing else a heading: such
# a line interrupts paragraphs, reference definitions and lists alike. Any line that could change that sends
# the body to markdown-it instead. tests/core/test_headings.py compares both on generated Markdown.
_LIST_MARKERS = r"(?:[-*+]|\d{1,9}[.)])"
_UNSURE = re.compile(
    rf"""
      ^[ ]*\t                                    # a tab in the indentation: columns would need counting
    | ^[ ]{{4,}}\#                               # a '#' in indented code, or in a nested list item
    | ^[ ]*(?:{_LIST_MARKERS}[ \t]+)+\#          # a heading inside a list item
    | ^[ ]*(?:{_LIST_MARKERS}[ ]*)+$              # an empty list item, or a line such as '---' or '- - -'
    | ^[ ]*(?:{_LIST_MARKERS}[ \t]+)*(?:```|~~~|<|>)  # code fences, HTML blocks, block quotes
    | ^[ ]*(?:{_LIST_MARKERS}[ \t]+)*(?:=+|-+)[ \t]*$  # setext heading underlines
    """,
    re.MULTILINE | re.VERBOSE,
)
_ATX = re.compile(r"^[ ]{0,3}(#{1,6})(?=[ \t]|$)(.*)$", re.MULTILINE)


def scan_headings(body: str, first_line: int) -> tuple[Section, ...] | None:
    """The ATX headings of a body with none of the constructs of ``_UNSURE``; None when it has one."""
    text = body.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")  # as markdown-it normalises
    if _UNSURE.search(text):
        return None
    sections = []
    line, counted = first_line, 0
    for match in _ATX.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        sections.append(Section(_atx_title(match.group(2)), len(match.group(1)), line))
    return tuple(sections)


def _atx_title(rest: str) -> str:
    """The text of an ATX heading after its '#'s: a closing run of '#' goes when a space or tab precedes it."""
    content = rest.rstrip(" \t")
    closing = content.rstrip("#")
    if closing and len(closing) < len(content) and closing[-1] in " \t":
        content = closing
    return content.strip()


@cache
def normalise_heading(title: str) -> str:
    """Headings compare case-insensitively, ignoring numbering ('3. Scope') and extra spaces."""
    text = title.strip().lower()
    text = text.lstrip("0123456789. )")
    return " ".join(text.replace("&", "and").split())
