"""Lint of the process documents: what a document controller checks before a document is published.

The catalog's checks ask what the *standard* requires of particular documents; lint asks what the
organisation's *document control* requires of every document of a type, whichever clause it serves:

- ``missing-field``: a required front-matter field is absent or empty (per document type);
- ``missing-section`` / ``empty-section``: a required heading is absent, or a heading has nothing under it;
- ``broken-link`` / ``broken-anchor``: a relative link to another document (or a heading in it) leads nowhere; a
  missing target is one line however many times the documents refer to it (the checks of 7.5.3 list them all);
- ``review-overdue``, ``future-date``, ``review-dates-inconsistent``, ``effective-before-approval``: review and
  approval dates that do not add up.

Every problem is located on the line and column of the front-matter key, heading or link concerned. Rules come
from ``gates.lint`` in ``auditkit.yaml`` (see docs/ci.md); the defaults need nothing configured.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable
from urllib.parse import unquote

from auditkit.inputs.documents.markdown import normalise_heading
from auditkit.model.errors import Location, Problem
from auditkit.model.messages import Message, duration, msg

LAYER = "lint"

CONTROLLED_TYPES = frozenset({
    "scope", "policy", "objectives", "plan", "procedure", "process", "agreement", "contract", "catalogue",
    "risk-assessment", "requirements", "design", "programme",
})
"""Types of controlled documents: the ``"*"`` entries of the rules apply to these (records are not reviewed)."""

DEFAULT_FIELDS: tuple[tuple[str, ...], ...] = (("owner",), ("approver",), ("approved",), ("version",),
                                                ("review_interval", "next_review"))
"""Front-matter fields every controlled document needs; an entry with several names needs any one of them."""

def _either(names: Iterable[str]) -> Message:
    """``'a' or 'b'``: alternatives, quoted as written, joined in the language."""
    return msg("lint.or", items=[f"'{name}'" for name in names])


def _interval(value) -> Message | str:
    """A review interval (a Duration) written in the language; as given when it is something else."""
    return duration(value) if hasattr(value, "months") else str(value)


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True, order=True)
class LintProblem(Problem):
    """A lint problem: a :class:`Problem` (location + message) with a stable code for CI tools."""

    code: str = field(default="lint", compare=False)

    def __str__(self) -> str:
        return self.line("en")

    def line(self, lang: str = "en") -> str:
        """``file:line:col: warning: message [code]``: the keyword and the code stay in every language."""
        return f"{self.location}: warning: {self.text(lang)} [{self.code}]"


Alternatives = tuple[str, ...]


@dataclass(frozen=True)
class LintRules:
    """Which fields and sections each document type needs, and which families of checks run."""

    fields: dict[str, tuple[Alternatives, ...]] = field(default_factory=lambda: {"*": DEFAULT_FIELDS})
    """Type (or ``"*"`` for every controlled document) -> required fields."""
    sections: dict[str, tuple[Alternatives, ...]] = field(default_factory=dict)
    """Type (or ``"*"``) -> required headings (Markdown documents only)."""
    links: bool = True
    review_dates: bool = True
    empty_sections: bool = True

    @classmethod
    def from_config(cls, raw: dict) -> "LintRules":
        """Rules from ``gates.lint`` (a mapping already checked by the config schema).

        ``fields``/``sections`` entries replace the defaults of the same key; a type's list adds to ``"*"``.
        """
        fields_ = {"*": DEFAULT_FIELDS}
        for key, values in (raw.get("fields") or {}).items():
            fields_[key] = tuple(_alternatives(v) for v in values)
        sections = {key: tuple(_alternatives(v) for v in values) for key, values in (raw.get("sections") or {}).items()}
        return cls(fields_, sections, raw.get("links", True), raw.get("review_dates", True), raw.get("empty_sections", True))

    def _for(self, table: dict, item_type: str) -> tuple[Alternatives, ...]:
        general = table.get("*", ()) if item_type in CONTROLLED_TYPES else ()
        own = table.get(item_type, ())
        return general + tuple(a for a in own if a not in general)

    def fields_for(self, item_type: str) -> tuple[Alternatives, ...]:
        return self._for(self.fields, item_type)

    def sections_for(self, item_type: str) -> tuple[Alternatives, ...]:
        return self._for(self.sections, item_type)


def _alternatives(value) -> Alternatives:
    return (value,) if isinstance(value, str) else tuple(value)


def lint_evidence(evidence, as_of: date, rules: LintRules | None = None, project_root: Path | None = None) -> list[LintProblem]:
    """Every lint problem of the evidence items, in file and line order.

    ``project_root`` resolves links written from the root (``/evidence/...``); without it they are not checked.
    """
    rules = rules or LintRules()
    linter = _Linter(evidence, as_of, rules, project_root)
    for item in evidence.items:
        linter.item(item)
    linter.broken_links()
    for note in getattr(evidence, "notes", ()):  # read, but not right: a duplicate front-matter key, an unread file
        linter.add("document", note.location, note.wording)
    return sorted(linter.problems)


class _Linter:
    def __init__(self, evidence, as_of: date, rules: LintRules, project_root: Path | None):
        self.as_of = as_of
        self.rules = rules
        self.root = Path(project_root) if project_root is not None else None
        self.problems: list[LintProblem] = []
        self._broken: dict[Path, list[tuple[str, Location, str]]] = {}
        """missing target -> (item id, location, target as written) of every link to it."""
        self._lines: dict[str, list[str]] = {}
        self._taken: dict[str, set[tuple[int, int]]] = {}
        # Markdown items by resolved path, to check anchors against the headings of the linked document.
        self.by_path = {Path(i.file).resolve(): i for i in evidence.items if i.sections is not None}

    def add(self, code: str, location: Location, said: Message | str) -> None:
        """A problem: a template of messages.yaml, or a note of the loaders as they wrote it (a note without one)."""
        if isinstance(said, Message):
            self.problems.append(LintProblem(location, said.text("en"), LAYER, said, code))
        else:
            self.problems.append(LintProblem(location, said, LAYER, code=code))

    def lines(self, file: str) -> list[str]:
        if file not in self._lines:
            try:
                self._lines[file] = Path(file).read_text("utf-8").splitlines()
            except (OSError, UnicodeDecodeError):  # read a moment ago by the loader; gone now is not a lint problem
                self._lines[file] = []
        return self._lines[file]

    def item(self, item) -> None:
        kind = msg("lint.kind.document" if getattr(item, "document", None) is not None
                   else "lint.kind.front_matter" if item.sections is not None else "lint.kind.descriptor")
        for wanted in self.rules.fields_for(item.type):
            if not any(_present(item.get(name)) for name in wanted):
                self.add("missing-field", item.locate("type"),
                         msg("lint.missing_field", id=item.id, kind=kind, names=_either(wanted), type=item.type))
        if self.rules.review_dates:
            self.review_dates(item)
        if item.sections is not None and _text_file(item) is not None:
            self.sections(item)
            if self.rules.links:
                self.links(item)

    # ---------------------------------------------------------------- dates
    def review_dates(self, item) -> None:
        for key in ("approved", "reviewed"):
            value = getattr(item, key)
            if value is not None and value > self.as_of:
                self.add("future-date", item.locate(key),
                         msg("lint.future_date", id=item.id, key=key, value=str(value), as_of=str(self.as_of)))
        if item.approved and item.effective and item.effective < item.approved:
            self.add("effective-before-approval", item.locate("effective"),
                     msg("lint.effective_before_approval", id=item.id, effective=str(item.effective),
                         approved=str(item.approved)))
        last = item.last_reviewed
        due, key = item.review_due()
        if key in ("reviewed", "approved"):
            if item.next_review is not None and item.next_review > due:
                self.add("review-dates-inconsistent", item.locate("next_review"),
                         msg("lint.review_dates", id=item.id, next_review=str(item.next_review), key=key, last=str(last),
                             interval=_interval(item.review_interval), due=str(due)))
            if due < self.as_of:
                self.add("review-overdue", item.locate(key),
                         msg("lint.review_overdue_since", id=item.id, due=str(due), key=key, last=str(last),
                             interval=_interval(item.review_interval)))
        elif due is not None and due < self.as_of:  # next_review as written
            self.add("review-overdue", item.locate("next_review"), msg("lint.review_overdue", id=item.id, due=str(due)))

    # ---------------------------------------------------------------- sections
    def sections(self, item) -> None:
        have = {normalise_heading(s.title) for s in item.sections}
        for wanted in self.rules.sections_for(item.type):
            if not any(normalise_heading(w) in have for w in wanted):
                self.add("missing-section", item.locate("type"),
                         msg("lint.missing_section", id=item.id, names=_either(wanted), type=item.type))
        if self.rules.empty_sections:
            self.empty_sections(item)

    def empty_sections(self, item) -> None:
        lines = self.lines(_text_file(item))
        if not lines:
            return
        heads = sorted(item.sections, key=lambda s: s.line)
        for index, section in enumerate(heads):
            following = heads[index + 1] if index + 1 < len(heads) else None
            if following is not None and following.level > section.level:
                continue  # a subsection is content
            end = following.line if following is not None else len(lines) + 1
            start = section.line + 1
            if start <= len(lines) and re.fullmatch(r"\s*(=+|-+)\s*", lines[start - 1]):
                start += 1  # setext underline
            body = lines[start - 1:end - 1]
            if not any(line.strip() for line in body):
                self.add("empty-section", self.heading_location(item, section),
                         msg("lint.empty_section", id=item.id, section=section.title))

    def heading_location(self, item, section) -> Location:
        lines = self.lines(_text_file(item))
        text = lines[section.line - 1] if 0 < section.line <= len(lines) else ""
        column = text.find("#") + 1 if "#" in text else len(text) - len(text.lstrip()) + 1
        return Location(_text_file(item), section.line, max(column, 1))

    # ---------------------------------------------------------------- links
    def links(self, item) -> None:
        if getattr(item, "document", None) is not None:
            # a document read as written: its references to documents the set lacks are one deduplicated list
            # (Evidence.missing_references: finding 7.5.3-01 and the report's section on the set), not lint lines
            return
        for link in item.links:
            raw = link.target
            if _SCHEME.match(raw):
                continue
            path_part, _, anchor = raw.partition("#")
            path_part = unquote(path_part.split("?", 1)[0])
            if not path_part:
                continue
            if path_part.startswith("/"):
                if self.root is None:
                    continue
                target = self.root / path_part.lstrip("/")
            else:
                target = Path(_text_file(item)).parent / path_part
            if not target.exists():
                self._broken.setdefault(target.resolve(), []).append((item.id, self.link_location(item, link), raw))
                continue
            if anchor and target.suffix.lower() == ".md":
                other = self.by_path.get(target.resolve())
                if other is not None and anchor.lower() not in heading_slugs(other.sections):
                    self.add("broken-anchor", self.link_location(item, link),
                             msg("lint.broken_anchor", id=item.id, link=raw, other=other.id, anchor=anchor))

    def broken_links(self) -> None:
        """One problem per missing target, at its first reference, counting the others."""
        for references in self._broken.values():
            item_id, location, raw = min(references, key=lambda ref: ref[1])
            others = len(references) - 1
            more = msg("lint.more_links.one" if others == 1 else "lint.more_links", n=others) if others else ""
            self.add("broken-link", location, msg("lint.broken_link", id=item_id, link=raw, more=more))

    def link_location(self, item, link) -> Location:
        """The line and column of the link's target. ``Link.line`` is where its paragraph starts, so the lines
        of the paragraph are searched from there; a spot already given to an earlier link is skipped."""
        file = _text_file(item)
        lines = self.lines(file)
        taken = self._taken.setdefault(file, set())
        for number in range(link.line, min(len(lines), link.line + 200) + 1):
            text = lines[number - 1]
            if number > link.line and not text.strip():
                break  # end of the paragraph
            target = re.escape(link.target)
            # an inline link "](target)" / "](<target> 'title')", or a reference definition "[x]: target"
            for pattern in (rf"\]\(\s*<?({target})(?=>?[)\s])", rf"^\s*\[[^\]]+\]:\s*<?({target})(?=>?(\s|$))"):
                for match in re.finditer(pattern, text):
                    spot = (number, match.start(1) + 1)
                    if spot not in taken:
                        taken.add(spot)
                        return Location(file, *spot)
        return Location(file, link.line, 1)


def _text_file(item) -> str | None:
    """The Markdown file whose lines an item's headings and links stand on (None for DOCX, PDF, HTML)."""
    document = getattr(item, "document", None)
    if document is None:
        return item.file
    return document.file if document.format == "md" else None


def _present(value) -> bool:
    return value is not None and value != "" and value != [] and value != {}


def heading_slugs(sections: Iterable) -> set[str]:
    """Anchors of headings as GitHub and GitLab make them: lower case, punctuation dropped, spaces to '-';
    a repeated heading gets ``-1``, ``-2`` ..."""
    seen: dict[str, int] = {}
    out = set()
    for section in sections:
        slug = re.sub(r"[^\w\- ]", "", section.title.strip().lower()).replace(" ", "-")
        if slug in seen:
            seen[slug] += 1
            out.add(f"{slug}-{seen[slug]}")
        else:
            seen[slug] = 0
            out.add(slug)
    return out


def rules_from_config(gates: dict) -> tuple[bool, LintRules]:
    """(enabled, rules) from the raw ``gates:`` mapping of auditkit.yaml (``lint: off`` disables lint)."""
    raw = (gates or {}).get("lint", "warn")
    if not isinstance(raw, dict):
        return raw not in ("off", False), LintRules()  # YAML reads a bare off as false
    return raw.get("level", "warn") not in ("off", False), LintRules.from_config(raw)
