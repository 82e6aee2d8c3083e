"""Markdown process documents: YAML front matter and the headings (with line numbers) of the body."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .errors import Location, Problem
from .yamlsource import Document, SourceError, parse_yaml


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


def split_front_matter(text: str, file: str) -> tuple[Document, str, int]:
    """Return (front matter document, body, line number where the body starts).

    Raise SourceError when the file has no front matter block: an evidence document must say what it is.
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise SourceError(Problem(Location(file, 1, 1), "Markdown evidence must start with YAML front matter between '---' lines"))
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            front = "".join(lines[1:index])
            doc = parse_yaml(front, file, line_offset=1)
            return doc, "".join(lines[index + 1 :]), index + 2
    raise SourceError(Problem(Location(file, 1, 1), "front matter is not closed: add a '---' line after it"))


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
    env: dict = {}
    tokens = _parser().parse(body, env)  # env collects reference definitions ([ref]: target) for the links
    sections: list[Section] = []
    links: list[Link] = []
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
                        links.append(Link(href, line))
    return tuple(sections), tuple(links)


def normalise_heading(title: str) -> str:
    """Headings compare case-insensitively, ignoring numbering ('3. Scope') and extra spaces."""
    text = title.strip().lower()
    text = text.lstrip("0123456789. )")
    return " ".join(text.replace("&", "and").split())
