"""Document-control metadata read from where real documents put it, each value with its location.

Sources, in the order their values are preferred: front matter (of any tool), the file's own properties (DOCX core
properties, PDF document information, HTML <meta>), ``Key: value`` and ``**Key:** value`` lines, badge lines,
metadata tables, revision-history / change-log tables and lists, the version in a title, and sentences in prose
(``X is responsible for maintaining this document``). Every label is data (``labels.yaml``), in English and Chinese.

Not metadata: code, HTML comments and template tags (the readers leave them out), the parts of a document that
show an example or a template, and placeholders such as ``YYYY-MM-DD`` or ``TBD``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from urllib.parse import unquote

from auditkit.model.bundled import bundled_yaml

from auditkit.model.errors import Location
from auditkit.inputs.documents.model import DATE_FIELDS, Field, ReadDocument, Revision

SOURCE_ORDER = ("front-matter", "properties", "key-value", "badge", "table", "revision-history", "title", "prose")
"""Where a value was found, most explicit first: the value of a field is its first value in this order."""

COMPARED_SOURCES = frozenset({"front-matter", "properties", "key-value", "badge", "table", "revision-history", "title"})
"""Sources whose values are compared for contradictions (prose is read too loosely to contradict a field)."""

SINGLE_VALUED = ("document_id", "owner", "approver", "approval_date", "version", "effective_date", "last_reviewed",
                 "review_cycle", "next_review", "classification")
"""Fields a document can state only once: two different values are a contradiction."""


# ------------------------------------------------------------------------------------------------- vocabulary
def _norm(label: str) -> str:
    text = label.strip().lower().replace("_", " ").replace("-", " ")
    text = text.rstrip(":：").strip()
    return " ".join(text.split())


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """The labels of ``labels.yaml``, ready for lookups."""

    fields: dict[str, str]
    """normalised label -> field."""
    revision_columns: dict[str, str]
    control_sections: frozenset[str]
    revision_sections: frozenset[str]
    example_sections: frozenset[str]
    cycles: tuple[tuple[str, int], ...]
    """(word, months), longest words first."""
    units: dict[str, int]
    """unit word -> months per unit."""
    prose: tuple[tuple[str, str], ...]
    """(field, pattern text with {doc} left in)."""
    review_mentions: tuple[str, ...]
    document_words: tuple[tuple[str, ...], tuple[str, ...]]
    """(English words, Chinese words) that name a document."""
    placeholders: frozenset[str]
    raw: dict = field(default_factory=dict, repr=False)
    """The whole labels.yaml, for the parts other modules read (types, document hosts)."""

    def prose_patterns(self, title: str) -> tuple[tuple[str, re.Pattern], ...]:
        """The prose patterns, {doc} naming this document (by its kind, or by its own title)."""
        return _compiled(self, title.strip().lower())

    def field_of(self, label: str) -> str | None:
        return self.fields.get(_norm(label))

    def column_of(self, label: str) -> str | None:
        return self.revision_columns.get(_norm(label))

    def months(self, text: str) -> int | None:
        """Months of a review cycle as written (``quarterly``, ``3 months``, ``every 2 years``, ``每年``)."""
        lowered = text.lower()
        number = re.search(r"(\d+)\s*(" + "|".join(sorted(map(re.escape, self.units), key=len, reverse=True)) + r")\b",
                           lowered)
        if number is None:
            number = re.search(r"(\d+)\s*(" + "|".join(re.escape(u) for u in self.units if not u.isascii()) + ")",
                               lowered)
        if number:
            return int(number.group(1)) * self.units[number.group(2)]
        for word, months in self.cycles:
            if (re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", lowered) if word.isascii() else word in lowered):
                return months
        return None


@cache
def labels() -> dict:
    """The bundled label file (``auditkit/inputs/documents/labels.yaml``), parsed once."""
    return bundled_yaml(__package__, "labels.yaml")


@cache
def vocabulary() -> Vocabulary:
    """The bundled label vocabulary."""
    return build_vocabulary(labels())


def build_vocabulary(raw: dict) -> Vocabulary:
    fields = {_norm(str(label)): name for name, labels in raw["fields"].items() for label in labels}
    columns = {_norm(str(label)): name for name, labels in raw["revision_columns"].items() for label in labels}
    cycles = tuple(sorted(((str(w).lower(), c["months"]) for c in raw["cycles"] for w in c["words"]),
                          key=lambda pair: -len(pair[0])))
    units = {str(u).lower(): 1 for u in raw["cycle_units"]["months"]}
    units.update({str(u).lower(): 12 for u in raw["cycle_units"]["years"]})
    number_words = "|".join(re.escape(u) for u in units)
    cycle = ("(?:" + "|".join(re.escape(w) for w, _ in cycles) + rf"|(?:every |each )?\d+\s*(?:{number_words}))")
    prose = tuple((name, pattern.replace("{cycle}", cycle)) for name, patterns in raw["prose"].items()
                  for pattern in patterns)
    mentions = tuple(raw["review_mentions"])
    words = (tuple(raw["document_words"]["en"]), tuple(raw["document_words"]["zh"]))
    return Vocabulary(fields, columns, frozenset(map(_norm, raw["control_sections"])),
                      frozenset(map(_norm, raw["revision_sections"])), frozenset(map(_norm, raw["example_sections"])),
                      cycles, units, prose, mentions, words, frozenset(str(p).lower() for p in raw["placeholders"]), raw)


@cache
def _compiled(vocab: Vocabulary, title: str) -> tuple[tuple[str, re.Pattern], ...]:
    en, zh = vocab.document_words
    alternatives = [rf"(?:this|the|our|its) (?:{'|'.join(map(re.escape, en))})\b", rf"本(?:{'|'.join(map(re.escape, zh))})"]
    if len(title) >= 4:
        alternatives.append(rf"(?:the |our |its )?{re.escape(title)}")
    doc = "(?:" + "|".join(alternatives) + ")"
    patterns = [(name, re.compile(text.replace("{doc}", doc), re.I)) for name, text in vocab.prose]
    patterns += [("review_mention", re.compile(text.replace("{doc}", doc), re.I)) for text in vocab.review_mentions]
    return tuple(patterns)


# ---------------------------------------------------------------------------------------------------- values
_MONTHS = {name: number for number, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], start=1) for name in names}
_ISO = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_CJK_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DAY_MONTH = re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})(?!\d)")
_MONTH_DAY = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)")
_VERSION = re.compile(r"^(?:v(?:ersion)?\.?\s*)?(\d+(?:\.\d+){0,3}[a-z]?)$", re.I)


def find_date(text: str) -> tuple[date, int] | None:
    """The first date written in ``text`` (ISO, 2024/3/1, 2024年3月1日, 1 March 2024, March 1, 2024) and where it
    starts; None when there is none (a placeholder such as YYYY-MM-DD is none)."""
    best = None
    for pattern, order in ((_ISO, "ymd"), (_CJK_DATE, "ymd"), (_DAY_MONTH, "dmy"), (_MONTH_DAY, "mdy")):
        for match in pattern.finditer(text):
            groups = match.groups()
            try:
                if order == "ymd":
                    found = date(int(groups[0]), int(groups[1]), int(groups[2]))
                elif order == "dmy":
                    found = date(int(groups[2]), _MONTHS[groups[1].lower()], int(groups[0]))
                else:
                    found = date(int(groups[2]), _MONTHS[groups[0].lower()], int(groups[1]))
            except (KeyError, ValueError):
                continue
            if best is None or match.start() < best[1]:
                best = (found, match.start())
            break
    return best


def _is_placeholder(value: str, vocab: Vocabulary) -> bool:
    lowered = value.strip().lower().strip("*_`\"'")
    return (not lowered or lowered in vocab.placeholders or bool(re.fullmatch(r"[x*?_.\-/ ]+", lowered))
            or bool(re.fullmatch(r"[<\[{].*[>\]}]", lowered)))


def _accept(name: str, value: str, vocab: Vocabulary) -> dict | None:
    """Whether ``value`` can be a value of ``name``; the parsed date or months when it is (as Field keywords)."""
    value = value.strip()
    if _is_placeholder(value, vocab):
        return None
    if name in DATE_FIELDS:
        found = find_date(value)
        return {"date": found[0]} if found else None
    if name == "review_cycle":
        months = vocab.months(value)
        return {"months": months} if months else None
    if name == "version":
        return {} if _VERSION.match(value) else None
    if name in ("owner", "approver", "author", "reviewer"):
        return {} if len(value) <= 80 and len(value.split()) <= 10 else None
    if name in ("document_id", "classification"):
        return {} if len(value) <= 50 and len(value.split()) <= 5 else None
    if name == "title":
        return {} if len(value) <= 200 else None
    return {} if len(value) <= 300 else None


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole calendar months, the day clamped to the month's last."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


# -------------------------------------------------------------------------------------------------- results
@dataclass(frozen=True)
class Contradiction:
    """One field given different values in one document: every value with its location."""

    field: str
    values: tuple[Field, ...]


@dataclass(frozen=True)
class DocumentMetadata:
    """Every document-control value found in one document."""

    file: str
    fields: tuple[Field, ...] = ()
    revisions: tuple[Revision, ...] = ()
    contradictions: tuple[Contradiction, ...] = ()

    def all(self, name: str) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.name == name)

    def get(self, name: str) -> Field | None:
        """The value of a field: its most explicit one (SOURCE_ORDER); for next review, the earliest date."""
        found = self.all(name)
        if not found:
            return None
        if name == "next_review":
            dated = [f for f in found if f.date]
            if dated:
                return min(dated, key=lambda f: f.date)
        return min(found, key=lambda f: SOURCE_ORDER.index(f.source) if f.source in SOURCE_ORDER else 99)

    @property
    def latest_revision(self) -> Revision | None:
        dated = [r for r in self.revisions if r.date]
        return max(dated, key=lambda r: r.date) if dated else None

    @property
    def undated_approval(self) -> Field | None:
        """The approver, when the document names one but gives no approval date (never filled in silently)."""
        approver = self.get("approver")
        return approver if approver is not None and self.get("approval_date") is None else None


@dataclass(frozen=True)
class Staleness:
    """Why a document is stale at a date: what was due, from which value."""

    due: date
    reason: str
    """'next-review' (the stated next review has passed) or 'cycle' (last review + stated cycle has passed)."""
    basis: Field | Revision
    cycle: Field | None = None


def staleness(metadata: DocumentMetadata, as_of: date) -> Staleness | None:
    """The document's review is overdue at ``as_of``: its next review has passed, or its last review (or approval,
    or latest revision) is older than its stated review cycle. None when neither can be shown from the document."""
    next_review = metadata.get("next_review")
    if next_review is not None and next_review.date and next_review.date < as_of:
        return Staleness(next_review.date, "next-review", next_review)
    cycle = metadata.get("review_cycle")
    if cycle is None or not cycle.months:
        return None
    bases: list[tuple[date, Field | Revision]] = [(f.date, f) for name in ("last_reviewed", "approval_date", "effective_date")
                                                  for f in metadata.all(name) if f.date]
    latest = metadata.latest_revision
    if latest is not None:
        bases.append((latest.date, latest))
    if not bases:
        return None
    last, basis = max(bases, key=lambda pair: pair[0])
    due = add_months(last, cycle.months)
    if due < as_of:
        return Staleness(due, "cycle", basis, cycle)
    return None


# -------------------------------------------------------------------------------------------------- extract
_TITLE_VERSION = re.compile(r"(?:(?<![\w.])|(?<=[\u4e00-\u9fff]))(?:v|ver\.?|version)\s*(\d+(?:\.\d+){1,3})\b", re.I)
_KEY_VALUE = re.compile(r"^(?P<label>[^:：|]{1,40}?)\s*[:：]\s*(?P<value>.+?)\s*$")
_BADGE = re.compile(r"img\.shields\.io/badge/(?P<body>[^?#)\s]+)")


class _Extractor:
    def __init__(self, document: ReadDocument, vocab: Vocabulary):
        self.doc = document
        self.vocab = vocab
        self.fields: list[Field] = []
        self.revisions: list[Revision] = []
        self.section_kind = [self._kind(i) for i in range(len(document.headings))]

    def _kind(self, index: int) -> str:
        """'example', 'revision', 'control' or '' for the part under heading ``index`` (inherited from above)."""
        kinds = {"example": self.vocab.example_sections, "revision": self.vocab.revision_sections,
                 "control": self.vocab.control_sections}
        for heading in reversed(self.doc.section_of(index)):
            name = _norm(re.sub(r"^[\d.、)\s]+", "", heading.text))
            for kind, names in kinds.items():
                if name in names or any(name.startswith(n + " ") or name.endswith(" " + n) for n in names if n.isascii()):
                    return kind
        return ""

    def kind_of(self, section: int) -> str:
        return self.section_kind[section] if 0 <= section < len(self.section_kind) else ""

    def add(self, name: str, value: str, location: Location, source: str, label: str = "") -> bool:
        value = " ".join(str(value).split()).strip(" *_`\"'").rstrip("。.;；,，")
        if name == "reviewer":
            return False  # a reviewer is not one of the document-control fields compared or reported
        parsed = _accept(name, value, self.vocab)
        if parsed is None:
            return False
        self.fields.append(Field(name, value, location, source, label, **parsed))
        return True

    def run(self) -> None:
        self.front_matter()
        for prop in self.doc.properties:
            name = self.vocab.field_of(prop.label) or (prop.name if prop.name in SINGLE_VALUED + ("title", "author")
                                                        else None)
            if name:
                self.add(name, prop.value, prop.location, "properties", prop.label)
        self.lines()
        self.tables()
        self.title_version()
        self.prose()

    def front_matter(self) -> None:
        matter = self.doc.front_matter
        if matter is None:
            return
        for key, value in matter.data.items():
            name = self.vocab.field_of(str(key))
            if name is None or isinstance(value, (dict, list)) or value is None:
                continue
            line, column = matter.marks.get(key, (matter.first_line, 1))
            self.add(name, str(value), Location(self.doc.file, line, column), "front-matter", str(key))

    def lines(self) -> None:
        lines = self.doc.lines
        revision_parent: int | None = None  # depth of a "Last modified" / "history" item whose children are revisions
        for line in lines:
            kind = self.kind_of(line.section)
            if kind == "example":
                continue
            text = line.text
            if revision_parent is not None and line.list_depth <= revision_parent:
                revision_parent = None
            for badge in _BADGE.finditer(" ".join(target for _, target in line.links)):
                self.badge(badge.group("body"), line)
            match = _KEY_VALUE.match(text)
            if match:
                label = match.group("label").strip()
                name = self.vocab.field_of(label)
                value = match.group("value")
                if name is not None:
                    if not self.add(name, value, locate(line.location, value, self.doc), "key-value", label) \
                            and name in ("effective_date", "last_reviewed") and line.list_depth:
                        revision_parent = line.list_depth  # "Last modified on: {% tag %}" with dated items below
                    continue
                if label.lower().startswith(("last modified", "last updated", "updated")) and line.list_depth:
                    revision_parent = line.list_depth
            if kind == "revision" or (revision_parent is not None and line.list_depth > revision_parent):
                if self.revision_line(line):
                    continue
            if kind in ("control", "revision"):
                self.history_link(line)
                self.spaced_label(line)

    def revision_line(self, line) -> bool:
        """A dated entry of a change log (``2023-08-01: what changed``, ``1.2 2024-04-29 what changed``)."""
        found = find_date(line.text)
        if not found:
            return False
        when, start = found
        before = line.text[:start].strip(" -–—:|")
        version = before if _VERSION.match(before or "-") else ""
        if before and not version:
            return False  # prose that mentions a date is not an entry
        after = re.sub(r"^[^\s]*\d[\s:：\-–—|]*", "", line.text[start:], count=1).strip()
        self.revisions.append(Revision(locate(line.location, line.text[start:start + 10], self.doc), version, when,
                                       "", after))
        return True

    def history_link(self, line) -> None:
        history = [label for label, name in self.vocab.fields.items() if name == "history"]
        for label, target in line.links:
            words = _norm(label)
            if target and any(h == words or words.endswith(" " + h) or h in words.split(" ")[-2:] and len(h) > 4
                              for h in history):
                self.add("history", target, locate(line.location, label, self.doc), "key-value", line.text)

    def spaced_label(self, line) -> None:
        """``Version 1.2`` in a document-control part: a table whose cells a PDF's text run together."""
        if _KEY_VALUE.match(line.text):
            return
        words = line.text.split()
        for size in range(min(4, len(words) - 1), 0, -1):
            label = " ".join(words[:size])
            name = self.vocab.field_of(label)
            if name and name != "history":
                value = " ".join(words[size:])
                self.add(name, value, locate(line.location, value, self.doc), "table", label)
                return

    def badge(self, body: str, line) -> None:
        """A shields.io badge: ``badge/<label>-<message>-<colour>`` (``--`` is a dash, ``_`` a space)."""
        parts = [unquote(p).replace("\0", "-").replace("_", " ") for p in body.replace("--", "\0").split("-")]
        if len(parts) >= 3:
            label, value = parts[0], "-".join(parts[1:-1])
            name = self.vocab.field_of(label)
            if name:
                self.add(name, value, line.location, "badge", label)

    def tables(self) -> None:
        for table in self.doc.tables:
            kind = self.kind_of(table.section)
            if kind == "example":
                continue
            header = [self.vocab.column_of(cell.text) for cell in table.header]
            is_revision = header.count(None) < len(header) and "date" in header and (
                "version" in header or "change" in header or kind == "revision")
            if is_revision and len(table.rows) > 1:
                self.revision_table(table, header)
                continue
            self.key_value_table(table, kind)

    def revision_table(self, table, header) -> None:
        for row in table.rows[1:]:
            values = {header[i]: cell for i, cell in enumerate(row) if i < len(header) and header[i]}
            cell = values.get("date")
            found = find_date(cell.text) if cell else None
            version = values["version"].text if "version" in values else ""
            if not found and not version:
                continue
            self.revisions.append(Revision((cell or row[0]).location, version, found[0] if found else None,
                                           values["author"].text if "author" in values else "",
                                           values["change"].text if "change" in values else ""))

    def key_value_table(self, table, kind: str = "") -> None:
        """A metadata table: rows ``| Label | value |`` (a label cell followed by its value, in any column), or a
        header of labels above one row of values. A table with a single label among other things (a roles table
        with an "Owner" row) is not one, unless it stands in a document-control part."""
        pairs = []
        for row in table.rows:
            for index, cell in enumerate(row[:-1]):
                name = self.vocab.field_of(cell.text)
                if name and row[index + 1].text and self.vocab.field_of(row[index + 1].text) is None:
                    pairs.append((name, row[index + 1].text, row[index + 1].location, cell.text))
            for cell in row:
                match = _KEY_VALUE.match(cell.text)
                if match and self.vocab.field_of(match.group("label")):
                    pairs.append((self.vocab.field_of(match.group("label")), match.group("value"), cell.location,
                                  match.group("label")))
        if len({name for name, *_ in pairs}) >= 2 or (pairs and kind in ("control", "revision")):
            for name, value, location, label in pairs:
                self.add(name, value, location, "table", label)
        header = table.header
        names = [self.vocab.field_of(cell.text) for cell in header]
        if len(table.rows) == 2 and sum(1 for n in names if n) >= 2:
            for name, cell, label in zip(names, table.rows[1], header):
                if name:
                    self.add(name, cell.text, cell.location, "table", label.text)

    def title_version(self) -> None:
        """A version written only in the main heading (``...规范V1.0``, ``Access policy v2.1``)."""
        heading = next((h for h in self.doc.headings if h.level == 1), None)
        if heading is None:
            return
        match = _TITLE_VERSION.search(heading.text)
        if match:
            self.add("version", match.group(1), locate(heading.location, match.group(0), self.doc), "title", heading.text)

    def prose(self) -> None:
        """Sentences that state an owner, an approver or a review cycle (``labels.yaml`` prose patterns)."""
        patterns = self.vocab.prose_patterns(self.doc.title)
        previous_lead = ""
        for line in self.doc.lines:
            if self.kind_of(line.section) == "example":
                continue
            for sentence in _SENTENCE.split(line.text):
                for name, pattern in patterns:
                    match = pattern.search(sentence.strip())
                    if match is None:
                        continue
                    if name == "review_mention":
                        self.cycle_from_heading(line)
                        continue
                    value = match.group("value").strip()
                    self.add(name, value, locate(line.location, value, self.doc), "prose")
            # A role named as a bold lead-in, with the duties below it: "**System Owner** / * Approve ... the plan"
            if line.list_depth <= 1 and _lead_text(self.doc, line):
                previous_lead = _lead_text(self.doc, line)
            elif line.list_depth >= 2 and previous_lead:
                for name, pattern in _ROLE_DUTIES:
                    if pattern.search(line.text):
                        self.add(name, previous_lead, _lead_location(self.doc, line, previous_lead), "prose")

    def cycle_from_heading(self, line) -> None:
        """The review cycle named by a heading above a sentence that says the document is reviewed."""
        for heading in reversed(self.doc.section_of(line.section)):
            if self.vocab.months(heading.text):
                word = next((w for w, _ in self.vocab.cycles if w in heading.text.lower()), heading.text)
                at = heading.text.lower().find(word)
                value = heading.text[at:at + len(word)] if at >= 0 else heading.text
                self.add("review_cycle", value, locate(heading.location, value, self.doc), "prose", heading.text)
                return


_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\u4e00-\u9fff])|[。；;]")


_ROLE_DUTIES = (
    ("approver", re.compile(r"^approves? (?:any |all )?(?:major )?(?:changes to )?(?:this|the) (?:plan|document|policy|procedure|strategy)", re.I)),
    ("owner", re.compile(r"^(?:maintains?|owns?|keeps?) (?:this|the) (?:plan|document|policy|procedure|strategy)", re.I)),
    ("owner", re.compile(r"^ensures? [^.]{0,120}set up to implement the [\w ]*aspects of (?:this|the) (?:plan|document|policy|procedure|strategy)", re.I)),
    ("approver", re.compile(r"^(?:批准|审批)本(?:文档|文件|规范|制度|程序|计划|方针)")),
    ("owner", re.compile(r"^(?:负责)?(?:维护|更新)本(?:文档|文件|规范|制度|程序|计划|方针)")),
)
"""Duties under a role's bold lead-in that make the role the document's approver or owner."""


def _lead_text(document: ReadDocument, line) -> str:
    for lead in document.leads:
        if lead.location.line == line.location.line and lead.location.file == line.location.file and \
                lead.position == line.position:
            return lead.text
    return ""


def _lead_location(document: ReadDocument, line, text: str) -> Location:
    """Where the role named ``text`` stands: its last bold lead-in before ``line``."""
    found = [lead.location for lead in document.leads if lead.text == text and lead.position <= line.position]
    return found[-1] if found else line.location


def locate(location: Location, value: str, document: ReadDocument) -> Location:
    """The location of ``value`` on the line at ``location`` (its column, when the line is in a text file)."""
    if location.line is None or not value:
        return location
    text = _raw_line(document, location.line)
    at = text.find(value.strip())
    return replace(location, column=at + 1) if at >= 0 else location


def _raw_line(document: ReadDocument, number: int) -> str:
    lines = document.__dict__.get("_raw_lines")
    if lines is None:
        if document.text:
            first = document.body_first_line
            lines = [""] * (first - 1) + document.text.split("\n")
        else:
            lines = []
        object.__setattr__(document, "_raw_lines", lines)
    return lines[number - 1] if 0 < number <= len(lines) else ""


def _comparable(item: Field):
    if item.date:
        return item.date
    if item.months:
        return item.months
    value = item.value.lower().strip()
    if item.name == "version":
        match = _VERSION.match(value)
        value = match.group(1) if match else value
        value = re.sub(r"(\.0)+$", "", value)
    if item.name in ("owner", "approver"):
        value = re.sub(r"^(?:the|our)\s+", "", value).lstrip("@#")
    return value


def contradictions(fields: tuple[Field, ...], revisions: tuple[Revision, ...]) -> tuple[Contradiction, ...]:
    """Fields given different values by the explicit sources of one document (header vs footer vs front matter).

    The version of the latest revision-history entry counts as a stated version."""
    found = []
    latest = max((r for r in revisions if r.date and r.version), key=lambda r: r.date, default=None)
    for name in SINGLE_VALUED:
        values = [f for f in fields if f.name == name and f.source in COMPARED_SOURCES]
        if name == "version" and latest is not None:
            values.append(Field("version", latest.version, latest.location, "revision-history", "revision history"))
        distinct = {}
        for value in values:
            distinct.setdefault(_comparable(value), value)
        if len(distinct) > 1:
            found.append(Contradiction(name, tuple(distinct.values())))
    return tuple(found)


def example_sections(document: ReadDocument, vocab: Vocabulary | None = None) -> frozenset[int]:
    """Indices of the headings whose part shows an example or a template (nothing in it states a fact)."""
    extractor = _Extractor(document, vocab or vocabulary())
    return frozenset(i for i, kind in enumerate(extractor.section_kind) if kind == "example")


def extract(document: ReadDocument, vocab: Vocabulary | None = None) -> DocumentMetadata:
    """Every document-control value of ``document``, its revision history and its contradictions."""
    extractor = _Extractor(document, vocab or vocabulary())
    extractor.run()
    unique: dict = {}
    for item in extractor.fields:  # one value seen twice at one place (a pattern and a table) is one value
        unique.setdefault((item.name, item.location, item.value), item)
    fields = tuple(unique.values())
    revisions = tuple(dict.fromkeys(extractor.revisions))
    return DocumentMetadata(document.file, fields, revisions, contradictions(fields, revisions))
