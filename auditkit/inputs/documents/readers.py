"""Readers of documents as organisations write them: Markdown, HTML, DOCX and PDF, into one ``ReadDocument``.

Each reader keeps the place of every part (file:line:col, or page / paragraph / table cell). Text that is not the
document's own content is left out of headings, lines and tables: code fences and indented code, HTML comments,
and template tags (``{% last_modified_at %}``, ``{{ page.path }}``) that a site generator would have replaced.
A reader never refuses a document for what another tool wrote in it; it can only fail on a file that cannot be
read at all (:class:`DocumentError`, one located line).
"""

from __future__ import annotations

import hashlib
import io
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO

from auditkit.model.errors import Location, Problem
from auditkit.inputs.yamlsource import read_regular_bytes
from auditkit.inputs.documents import frontmatter
from auditkit.model.messages import Message, msg
from auditkit.inputs.documents.model import Cell, Field, Heading, Lead, Line, Link, ReadDocument, Table

MAX_BYTES = 20 * 1024 * 1024
"""Documents above this size are refused (a process document is a few hundred kilobytes at most)."""

READERS: dict[str, str] = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".docx": "docx",
                           ".pdf": "pdf", ".txt": "md", ".xlsx": "xlsx"}
"""File suffix -> format. Plain text is read as Markdown: it has no markup, so every line is a line."""


class DocumentError(Exception):
    """A document that cannot be read at all; carries the located problem and its sentence in every language."""

    def __init__(self, problem: Problem, template: Message | None = None):
        self.problem = problem
        self.template = template
        super().__init__(str(problem))


def _cannot(shown: str, key: str, line: int | None = None, **params) -> DocumentError:
    """The DocumentError for template ``documents.read.<key>`` at ``shown`` (line 1 column 1 when ``line``)."""
    message = msg(f"documents.read.{key}", **params)
    location = Location(shown, line, 1) if line is not None else Location(shown)
    return DocumentError(Problem.of(location, message, "documents"), message)


def format_of(path: Path) -> str | None:
    """The format auditkit reads a file as (md, html, docx, pdf), or None when it cannot read it."""
    return READERS.get(path.suffix.lower())


def read_document(path: Path, shown: str | None = None, raw: bytes | None = None) -> ReadDocument:
    """Read the document at ``path``; ``shown`` is the path as the user should see it; ``raw`` its bytes when the
    caller has read them already (a file is read once per run)."""
    shown = shown or str(path)
    kind = format_of(path)
    if kind is None:
        raise _cannot(shown, "format", suffix=path.suffix or "this kind of")
    if raw is None:
        try:  # never blocks on a FIFO, never reads a device or more than the limit
            raw = read_regular_bytes(path, MAX_BYTES)
        except OSError as exc:
            raise _cannot(shown, "os", reason=exc.strerror or str(exc)) from None
        except ValueError as exc:  # a pipe, a device, a folder, or over the limit
            raise _cannot(shown, "os", reason=str(exc)) from None
    if len(raw) > MAX_BYTES:
        raise _cannot(shown, "too_large", mb=MAX_BYTES // (1024 * 1024))
    digest = hashlib.sha256(raw).hexdigest()
    if kind in ("md", "html"):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[:exc.start].count(b"\n") + 1
            raise _cannot(shown, "not_utf8", line) from None
        return (read_markdown if kind == "md" else read_html)(text, shown, digest)
    # the bytes already read (and hashed) are the ones parsed: the file is not opened a second time
    if kind == "docx":
        return read_docx(io.BytesIO(raw), shown, digest)
    if kind == "xlsx":
        return read_xlsx(io.BytesIO(raw), shown, digest)
    return read_pdf(io.BytesIO(raw), shown, digest)


# --------------------------------------------------------------------------------------------- plain text helpers
_TEMPLATE_TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\(([^()\s]*(?:\([^()]*\))?[^()]*)\)")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")


_LINK_TAG = re.compile(r"\{%\s*(?:link|post_url)\s+(\S+?)\s*%\}|\{\{<\s*(?:rel)?ref\s+\"?([^\"\s>]+)\"?\s*>\}\}")
"""A site generator's link to a file of the site (Jekyll ``{% link _docs/x.md %}``, Hugo ``{{< ref "x.md" >}}``)."""


def template_target(text: str) -> str:
    """A link destination without template tags, keeping the file a link tag names (``{{ site.baseurl }}{% link
    _docs/ops/plan.md %}#recovery`` is ``_docs/ops/plan.md#recovery``): the anchor still needs its document."""
    return template_free(_LINK_TAG.sub(lambda m: m.group(1) or m.group(2), text))


def template_free(text: str) -> str:
    """``text`` without template tags (Liquid, Jinja, Hugo) a site generator would have replaced."""
    return _TEMPLATE_TAG.sub("", text)


def _clean(text: str) -> str:
    """Plain text: no template tags, HTML tags or Markdown link syntax left, spaces collapsed."""
    text = template_free(text)
    text = _MD_LINK.sub(lambda m: m.group(1), text)
    text = _TAG.sub("", text)
    return " ".join(text.split())


def _column(raw_line: str, text: str) -> int:
    """1-based column of ``text`` (or its first word) in the raw line; the first non-blank column otherwise."""
    for probe in (text, text.split(" ", 1)[0] if text else ""):
        if probe:
            at = raw_line.find(probe)
            if at >= 0:
                return at + 1
    return len(raw_line) - len(raw_line.lstrip()) + 1


# --------------------------------------------------------------------------------------------------- Markdown
@cache
def _markdown():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


class _Builder:
    """Collects the parts of a document in reading order and numbers their sections."""

    def __init__(self, file: str, raw_lines: list[str] | None = None):
        self.file = file
        self.raw = raw_lines or []
        self.headings: list[Heading] = []
        self.leads: list[Lead] = []
        self.lines: list[Line] = []
        self.tables: list[Table] = []
        self.links: list[Link] = []

    def loc(self, line: int | None, text: str = "", pointer: str = "") -> Location:
        if line is None:
            return Location(self.file, None, None, pointer)
        raw = self.raw[line - 1] if 0 < line <= len(self.raw) else ""
        return Location(self.file, line, _column(raw, text))

    @property
    def section(self) -> int:
        return len(self.headings) - 1

    def heading(self, text: str, level: int, location: Location, position: int, anchor: str = "") -> None:
        text = _clean(text)
        if text:
            self.headings.append(Heading(text, level, location, position, anchor))

    def line(self, text: str, location: Location, position: int, depth: int = 0,
             links: tuple[tuple[str, str], ...] = ()) -> None:
        text = _clean(text)
        if text:
            self.lines.append(Line(text, location, position, self.section, depth, links))
        for label, target in links:
            self.links.append(Link(target, _clean(label), location))

    def lead(self, text: str, location: Location, position: int) -> None:
        text = _clean(text).rstrip(":：").strip()
        if text:
            self.leads.append(Lead(text, location, position))

    def table(self, rows: list[list[Cell]], location: Location, position: int, has_header: bool = True) -> None:
        rows = [row for row in rows if any(cell.text for cell in row)]
        if rows:
            self.tables.append(Table(tuple(tuple(r) for r in rows), location, position, self.section, has_header))

    def document(self, fmt: str, title: str, digest: str, **extra) -> ReadDocument:
        if not title:
            top = [h for h in self.headings if h.level == min((x.level for x in self.headings), default=1)]
            title = top[0].text if top else Path(self.file).stem
        return ReadDocument(self.file, fmt, title, tuple(self.headings), tuple(self.leads), tuple(self.lines),
                            tuple(self.tables), tuple(self.links), sha256=digest, **extra)


def read_markdown(text: str, file: str, digest: str = "") -> ReadDocument:
    """A Markdown document (CommonMark with tables; front matter of any tool; CRLF; HTML blocks)."""
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    matter, warnings = frontmatter.read(raw_lines, file)
    span = frontmatter.split(raw_lines)
    first = span[1] + 2 if span else 1  # 1-based line where the body starts
    body = "\n".join(raw_lines[first - 1:])
    build = _Builder(file, raw_lines)
    _walk_markdown(body, first, build)
    title = str(matter.data.get("title") or "") if matter else ""
    return build.document("md", _clean(title), digest, front_matter=matter, warnings=tuple(warnings),
                          body_first_line=first, text=body)


def _walk_markdown(body: str, first: int, build: _Builder) -> None:
    tokens = _markdown().parse(body)
    depth = 0
    row: list[Cell] | None = None
    rows: list[list[Cell]] = []
    table_at: tuple[int, Location] | None = None
    in_head = False
    index = 0
    while index < len(tokens):
        token = tokens[index]
        line = first + token.map[0] if token.map else None
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif kind == "heading_open":
            inline = tokens[index + 1]
            text, anchor = _heading_text(inline)
            build.heading(text, int(token.tag[1:]), build.loc(line, text), line, anchor)
            index += 2
        elif kind == "paragraph_open":
            _paragraph(tokens[index + 1], line, depth, build)
            index += 2
        elif kind == "html_block":
            if not token.content.lstrip().startswith("<!--"):
                _html_fragment(token.content, line, build)
        elif kind == "table_open":
            rows, table_at = [], (line, build.loc(line))
        elif kind == "thead_open":
            in_head = True
        elif kind == "thead_close":
            in_head = False
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and row is not None:
            rows.append(row)
            row = None
        elif kind in ("th_open", "td_open") and row is not None:
            inline = tokens[index + 1]
            cell_line = line if line is not None else (table_at[0] + len(rows) + (1 if not in_head else 0))
            plain, links = _inline_lines(inline)
            text = " ".join(t for t, _, _ in plain)
            for label, target in (link for _, ls, _ in plain for link in ls):
                build.links.append(Link(target, _clean(label), build.loc(cell_line, target)))
            row.append(Cell(_clean(text), build.loc(cell_line, _clean(text))))
            index += 1
        elif kind == "table_close" and table_at is not None:
            build.table(rows, table_at[1], table_at[0])
            table_at = None
        # fence, code_block: code is not the document's text; hr, blockquote markers carry nothing
        index += 1


def _heading_text(inline) -> tuple[str, str]:
    """Heading text without HTML (an anchor ``<a name="x"></a>`` is kept apart)."""
    anchor = ""
    parts = []
    for child in inline.children or ():
        if child.type == "html_inline":
            found = re.search(r"""(?:name|id)\s*=\s*["']([^"']+)""", child.content)
            if found:
                anchor = found.group(1)
        elif child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts), anchor


def _inline_lines(inline) -> tuple[list[tuple[str, tuple, str]], None]:
    """The lines of an inline token as (plain text, links, bold lead-in) each.

    A bold lead-in is bold text that opens its line (``**Owner:** IT``); the rest of the line follows it.
    """
    lines: list[tuple[str, tuple, str]] = []
    text: list[str] = []
    links: list[tuple[str, str]] = []
    lead = ""
    capture: list[str] | None = None  # the bold run that opened the line, while it is open
    strong = 0
    link_stack: list[tuple[str, int]] = []

    def flush():
        nonlocal text, links, lead, capture
        lines.append(("".join(text), tuple(links), lead))
        text, links, lead, capture = [], [], "", None

    for child in inline.children or ():
        kind = child.type
        if kind in ("softbreak", "hardbreak"):
            flush()
        elif kind == "html_inline":
            for _ in range(child.content.count("\n")):
                flush()  # a comment over several lines: keep the line count right
        elif kind == "strong_open":
            strong += 1
            if strong == 1 and not "".join(text).strip() and not lead:
                capture = []
        elif kind == "strong_close":
            strong = max(0, strong - 1)
            if strong == 0 and capture is not None:
                lead, capture = "".join(capture), None
        elif kind == "link_open":
            link_stack.append((child.attrGet("href") or "", len(text)))
        elif kind == "link_close" and link_stack:
            href, start = link_stack.pop()
            links.append(("".join(text[start:]), href))
        elif kind in ("text", "code_inline", "image"):
            content = child.content
            if kind == "image":
                links.append((content, child.attrGet("src") or ""))
            text.append(content)
            if capture is not None:
                capture.append(content)
    flush()
    return lines, None


def _paragraph(inline, line: int | None, depth: int, build: _Builder) -> None:
    lines, _ = _inline_lines(inline)
    for offset, (text, links, lead) in enumerate(lines):
        number = line + offset if line is not None else None
        plain = _clean(text)
        location = build.loc(number, plain)
        if lead:
            build.lead(lead, build.loc(number, _clean(lead)), number)
        # Markdown links the parser left as text (a destination holding template tags has spaces in it)
        extra = tuple((m.group(1), template_target(m.group(2)).strip()) for m in _MD_LINK.finditer(text)
                      if _TEMPLATE_TAG.search(m.group(2)) or m.group(2).startswith("{"))
        raw = build.raw[number - 1] if number and 0 < number <= len(build.raw) else ""
        tags = tuple(("", m.group(1)) for m in re.finditer(r"\{%\s*link\s+(\S+)\s*%\}", raw))
        build.line(text, location, number or 0, depth, tuple(links) + extra + tags)


# ------------------------------------------------------------------------------------------------------- HTML
_BLOCK = {"p", "div", "li", "tr", "br", "table", "section", "article", "header", "footer", "ul", "ol", "dl", "dt",
          "dd", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "title", "caption", "main", "nav", "hr"}
_SKIP = {"script", "style", "pre", "code", "template", "noscript"}


class _HTMLCollector(HTMLParser):
    """Walks HTML (a whole page, or a block inside Markdown) into headings, lines, tables and leads."""

    def __init__(self, build: _Builder, first_line: int):
        super().__init__(convert_charrefs=True)
        self.build = build
        self.first = first_line
        self.skip = 0
        self.text: list[str] = []
        self.text_line: int | None = None
        self.heading_level = 0
        self.bold = 0
        self.lead_parts: list[str] | None = None
        self.depth = 0
        self.tables: list[dict] = []
        self.title = ""
        self.in_title = False
        self.meta: list[Field] = []
        self.link: tuple[str, int] | None = None
        self.line_links: list[tuple[str, str]] = []

    def _line(self) -> int:
        return self.first + self.getpos()[0] - 1

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in _SKIP:
            self.skip += 1
            return
        if tag in _BLOCK or tag in ("td", "th"):
            self.flush()
        if tag in ("ul", "ol"):
            self.depth += 1
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.heading_level = int(tag[1])
        elif tag in ("strong", "b"):
            if not "".join(self.text).strip() and self.bold == 0:
                self.lead_parts = []
            self.bold += 1
        elif tag == "table":
            self.tables.append({"rows": [], "line": self._line(), "head": False})
        elif tag == "tr" and self.tables:
            self.tables[-1]["rows"].append([])
        elif tag in ("td", "th") and self.tables:
            if not self.tables[-1]["rows"]:
                self.tables[-1]["rows"].append([])
            self.tables[-1]["cell"] = ([], self._line())
            if tag == "th" and len(self.tables[-1]["rows"]) == 1:
                self.tables[-1]["head"] = True
        elif tag == "title":
            self.in_title = True
        elif tag == "a":
            self.link = (attrs.get("href") or "", len(self.text))
        elif tag == "meta" and attrs.get("name") and attrs.get("content"):
            self.meta.append(Field(attrs["name"].lower(), attrs["content"].strip(), self.build.loc(self._line()),
                                   "html-meta", attrs["name"]))

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if tag == "a" and self.link is not None:
            href, start = self.link
            if href:
                self.line_links.append(("".join(self.text[start:]), href))
            self.link = None
        elif tag in ("strong", "b"):
            self.bold = max(0, self.bold - 1)
            if self.bold == 0 and self.lead_parts is not None:
                lead = "".join(self.lead_parts)
                if lead.strip() and not self.heading_level:
                    self.build.lead(lead, self.build.loc(self.text_line, _clean(lead)), self.text_line or 0)
                self.lead_parts = None
        elif tag in ("td", "th") and self.tables and "cell" in self.tables[-1]:
            parts, line = self.tables[-1].pop("cell")
            text = _clean("".join(parts))
            self.tables[-1]["rows"][-1].append(Cell(text, self.build.loc(line, text)))
            for label, href in self.line_links:
                self.build.links.append(Link(href, _clean(label), self.build.loc(line, href)))
            self.line_links = []
            self.text, self.text_line = [], None
            return
        elif tag == "table" and self.tables:
            table = self.tables.pop()
            self.build.table(table["rows"], self.build.loc(table["line"]), table["line"], has_header=True)
        elif tag == "title":
            self.in_title = False
        if tag in _BLOCK:
            self.flush()
        if tag in ("ul", "ol"):
            self.depth = max(0, self.depth - 1)

    def handle_data(self, data):
        if self.skip:
            return
        if self.in_title:
            self.title += data
            return
        if self.tables and "cell" in self.tables[-1]:
            self.tables[-1]["cell"][0].append(data)
            return
        if data.strip() and self.text_line is None:
            self.text_line = self._line() + data[:len(data) - len(data.lstrip())].count("\n")
        self.text.append(data)
        if self.lead_parts is not None:
            self.lead_parts.append(data)

    def handle_comment(self, data):
        pass  # comments are not the document's text

    def flush(self):
        text = "".join(self.text)
        line = self.text_line
        if text.strip():
            if self.heading_level:
                self.build.heading(text, self.heading_level, self.build.loc(line, _clean(text)), line or 0)
            else:
                self.build.line(text, self.build.loc(line, _clean(text)), line or 0, self.depth,
                                tuple(self.line_links))
                self.line_links = []
        self.text, self.text_line = [], None
        self.heading_level = 0 if not self.heading_level or text.strip() else self.heading_level

    def close(self):
        super().close()
        self.flush()
        while self.tables:  # an unclosed table still is one
            table = self.tables.pop()
            self.build.table(table["rows"], self.build.loc(table["line"]), table["line"])


def _html_fragment(html: str, first_line: int | None, build: _Builder) -> _HTMLCollector:
    collector = _HTMLCollector(build, first_line or 1)
    collector.feed(html)
    collector.close()
    return collector


def read_html(text: str, file: str, digest: str = "") -> ReadDocument:
    """An HTML document: headings h1-h6, paragraphs, list items, tables, <title> and <meta> fields."""
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    build = _Builder(file, raw_lines)
    collector = _html_fragment("\n".join(raw_lines), 1, build)
    return build.document("html", _clean(collector.title), digest, properties=tuple(collector.meta), text=text)


# ------------------------------------------------------------------------------------------------------- DOCX
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)


def read_docx(source: BinaryIO, shown: str, digest: str = "") -> ReadDocument:
    """A Word document: core properties, body paragraphs (headings by style) and tables, headers and footers."""
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:  # pragma: no cover - a dependency of the package
        raise _cannot(shown, "library", library="python-docx") from None
    try:
        document = docx.Document(source)
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise _cannot(shown, "damaged", format="DOCX", reason=str(exc)) from None
    except Exception as exc:  # a damaged zip or XML: still one located line, never a traceback
        raise _cannot(shown, "damaged", format="DOCX", reason=type(exc).__name__) from None
    build = _Builder(shown)
    counter = {"paragraph": 0, "table": 0, "position": 0}

    def walk(container, part: str, offset: int) -> None:
        from docx.table import Table as DocxTable
        from docx.text.paragraph import Paragraph

        for child in container.element.iterchildren() if hasattr(container, "element") else container._element.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            counter["position"] += 1
            position = offset + counter["position"]
            if tag == "p":
                paragraph = Paragraph(child, container)
                counter["paragraph"] += 1
                where = f"{part}paragraph {counter['paragraph']}"
                _docx_paragraph(paragraph, build, Location(shown, None, None, where), position)
            elif tag == "tbl":
                table = DocxTable(child, container)
                counter["table"] += 1
                number = counter["table"]
                rows = []
                for r, row in enumerate(table.rows, start=1):
                    cells = []
                    seen = set()
                    for c, cell in enumerate(row.cells, start=1):
                        if id(cell._tc) in seen:  # a merged cell repeats itself
                            continue
                        seen.add(id(cell._tc))
                        text = " ".join(p.text for p in cell.paragraphs)
                        cells.append(Cell(" ".join(text.split()),
                                          Location(shown, None, None, f"{part}table {number}, row {r}, cell {c}")))
                    rows.append(cells)
                build.table(rows, Location(shown, None, None, f"{part}table {number}"), position)

    walk(document._body, "", 0)
    counter.update(paragraph=0, table=0)
    for s, section in enumerate(document.sections, start=1):
        for name, part in (("header", section.header), ("footer", section.footer)):
            if part.is_linked_to_previous and s > 1:
                continue
            counter.update(paragraph=0, table=0, position=0)
            walk(part, f"{name}{'' if s == 1 else f' of section {s}'}, ", (-10_000 if name == "header" else 10_000_000) * s)
    core = document.core_properties
    properties = []
    for attribute, name in (("title", "title"), ("identifier", "document_id"), ("version", "version"),
                            ("author", "author"), ("subject", "subject"), ("category", "category"),
                            ("content_status", "status"), ("keywords", "keywords")):
        value = getattr(core, attribute, None)
        if value and str(value).strip():
            properties.append(Field(name, str(value).strip(), Location(shown, None, None, f"core property {attribute}"),
                                    "properties", attribute))
    title = core.title.strip() if core.title else ""
    return build.document("docx", title, digest, properties=tuple(properties))


def _docx_paragraph(paragraph, build: _Builder, location: Location, position: int) -> None:
    text = paragraph.text
    if not text.strip():
        return
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    match = _HEADING_STYLE.match(style.strip())
    if match or style.strip().lower() in ("title", "标题"):
        build.heading(text, int(match.group(1)) if match else 1, location, position)
        return
    runs = [run for run in paragraph.runs if run.text.strip()]
    if runs and runs[0].bold:
        lead = []
        for run in paragraph.runs:
            if not run.bold and run.text.strip():
                break
            lead.append(run.text)
        build.lead("".join(lead), location, position)
    depth = 1 if "list" in style.lower() else 0
    for offset, part in enumerate(text.splitlines() or [text]):
        build.line(part, location, position, depth)


# ------------------------------------------------------------------------------------------------------- XLSX
XLSX_ROWS, XLSX_COLUMNS = 2000, 40
"""Cells read per sheet: a document register or a document-control sheet, not a data dump."""


def read_xlsx(source: BinaryIO, shown: str, digest: str = "") -> ReadDocument:
    """A workbook (a document register, a document-control sheet): each sheet a heading and a table, every cell
    located ``sheet 'Control', cell B3``; a row with one filled cell is also a line (``Version: 2.1``)."""
    try:
        import openpyxl
        from openpyxl.utils import get_column_letter
    except ImportError:  # pragma: no cover - a dependency of the package
        raise _cannot(shown, "library", library="openpyxl") from None
    try:
        workbook = openpyxl.load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # a damaged zip or XML: one located line, never a traceback
        raise _cannot(shown, "damaged", format="XLSX", reason=type(exc).__name__) from None
    build = _Builder(shown)
    position = 0
    try:
        for sheet in workbook.worksheets:
            position += 1
            build.heading(sheet.title, 1, Location(shown, None, None, f"sheet '{sheet.title}'"), position)
            rows = []
            for r, row in enumerate(sheet.iter_rows(max_row=XLSX_ROWS, max_col=XLSX_COLUMNS, values_only=True), 1):
                cells = [Cell(_cell_text(value), Location(shown, None, None,
                                                          f"sheet '{sheet.title}', cell {get_column_letter(c)}{r}"))
                         for c, value in enumerate(row, 1)]
                filled = [cell for cell in cells if cell.text]
                position += 1
                if len(filled) == 1:
                    build.line(filled[0].text, filled[0].location, position)
                elif filled:
                    rows.append(cells)
            build.table(rows, Location(shown, None, None, f"sheet '{sheet.title}'"), position)
        properties = workbook.properties
        fields = [Field(name, str(value).strip(), Location(shown, None, None, f"workbook property {attribute}"),
                      "properties", attribute)
                  for attribute, name in (("title", "title"), ("identifier", "document_id"), ("version", "version"),
                                          ("creator", "author"))
                  if (value := getattr(properties, attribute, None)) and str(value).strip()]
        title = (properties.title or "").strip()
    finally:
        workbook.close()
    return build.document("xlsx", title or Path(shown).stem, digest, properties=tuple(fields))


def _cell_text(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):  # a date cell: the date as the sheet shows it, without a midnight time
        text = value.isoformat()
        return text[:10] if text.endswith("T00:00:00") or len(text) == 10 else text
    return " ".join(str(value).split())


# -------------------------------------------------------------------------------------------------------- PDF
def read_pdf(source: BinaryIO, shown: str, digest: str = "") -> ReadDocument:
    """A PDF: document information (title, author, subject), text by page and line, headings from bookmarks."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:  # pragma: no cover - a dependency of the package
        raise _cannot(shown, "library", library="pypdf") from None
    try:
        reader = PdfReader(source)
        pages = [page.extract_text() or "" for page in reader.pages]
        outline = _pdf_outline(reader)
        info = reader.metadata or {}
    except (PdfReadError, OSError, ValueError, KeyError, TypeError) as exc:
        raise _cannot(shown, "damaged", format="PDF", reason=str(exc)) from None
    except Exception as exc:  # a damaged file: still one located line, never a traceback
        raise _cannot(shown, "damaged", format="PDF", reason=type(exc).__name__) from None
    build = _Builder(shown)
    pending = list(outline)
    for number, text in enumerate(pages, start=1):
        for line_number, line in enumerate(text.splitlines(), start=1):
            plain = " ".join(line.split())
            if not plain:
                continue
            location = Location(shown, None, None, f"page {number}, line {line_number}")
            position = number * 100_000 + line_number
            match = next((i for i, (title, _) in enumerate(pending[:3]) if " ".join(title.split()) == plain), None)
            if match is not None:
                title, level = pending[match]
                del pending[:match + 1]
                build.heading(title, level, location, position)
                continue
            build.line(plain, location, position)
    properties = []
    for key, name in (("/Title", "title"), ("/Author", "author"), ("/Subject", "subject"), ("/Keywords", "keywords")):
        value = info.get(key)
        if value and str(value).strip():
            properties.append(Field(name, str(value).strip(), Location(shown, None, None, f"document information {key[1:]}"),
                                    "properties", key[1:]))
    title = str(info.get("/Title") or "").strip()
    return build.document("pdf", title, digest, properties=tuple(properties))


def _pdf_outline(reader) -> list[tuple[str, int]]:
    """The PDF's bookmarks (WeasyPrint makes one per heading) as (title, level), in order."""
    found: list[tuple[str, int]] = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                title = getattr(item, "title", None)
                if title:
                    found.append((str(title), level))

    walk(reader.outline or [], 1)
    return found
