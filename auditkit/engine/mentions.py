"""Where the set's documents deal with a subclause that no evidence covers: a process addressed in passing.

A lead auditor reviewing documents does not conclude that a process is absent because no document is filed under
its clause: they look for where the documents deal with its subject at all. A subject that comes up in the body
text, a bold lead-in or a heading of some document, though no document is about it, shows the process exists in
part but is not established as such: a gap (graded minor by the default policy), not an absent process (major).
Only a subject that the whole set never deals with is an absent process.

The subjects are the catalog's clause topics (``topics.yaml``), matched as ``evidence import`` proposes clauses
(:func:`auditkit.engine.concepts.propose_clauses`, at its minimum confidence: more than one body line, or a lead-in
or heading). Negated and example mentions, code, comments and link text never count.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from auditkit.engine.selection import family
from auditkit.inputs.catalog import Catalog
from auditkit.inputs.evidence import Evidence, EvidenceItem
from auditkit.model.assessment import CheckResult, Outcome
from auditkit.model.errors import Location
from auditkit.model.messages import msg

RULE = "subject_dealt_with"
"""The name of the result that records where an uncovered subclause's subject is dealt with."""
SHOWN = 3
"""Places named in the result (the strongest first); the finding cites them as its evidence."""


@dataclass
class Mentions:
    """Per subclause, the places in the set's documents (in the review's scope) that deal with its subject.

    Computed once, on first use: an assessment whose every subclause is covered never reads a document for it."""

    catalog: Catalog
    evidence: Evidence
    documents_only: bool
    """A documentation review: only documents are in scope (record exports are never read for a subject)."""
    _found: dict | None = field(default=None, repr=False)

    def of(self, clause: str) -> list:
        """The places dealing with ``clause``'s subject, strongest first (title, heading, lead-in, then body)."""
        if self._found is None:
            self._found = self._read()
        return self._found.get(clause, [])

    def result(self, clause: str) -> CheckResult | None:
        """A partial result naming where ``clause``'s subject is dealt with, or None when the set never deals with it."""
        places = self.of(clause)
        if not places:
            return None
        shown = places[:SHOWN]
        where = ", ".join(m.where for m in shown)
        message = msg("mentions.in_passing", clause=clause, where=where)
        return CheckResult(RULE, Outcome.PARTIAL, message.text("en"),
                           evidence=tuple(Location(m.file, m.line) for m in shown), template=message)

    def _read(self) -> dict:
        if not self.catalog.topics:
            return {}
        from auditkit.engine.concepts import propose_clauses  # the matcher loads its vocabularies: only when needed

        found: dict[str, list] = {}
        for item in self.evidence.items:
            if not _readable(item) or (self.documents_only and family(item.type) != "documents"):
                continue
            for proposal in propose_clauses(_outline(item), self.catalog):
                found.setdefault(proposal.clause, []).extend(proposal.reasons)
        weight = {"title": 0, "heading": 1, "lead-in": 2, "table-header": 2, "body": 3}
        return {clause: sorted(places, key=lambda m: weight[m.place.value]) for clause, places in found.items()}


def _readable(item: EvidenceItem) -> bool:
    return item.document is not None or item.body is not None


def _outline(item: EvidenceItem):
    """What the matcher reads: the document as written, or a Markdown evidence body (as has_sections reads it)."""
    from auditkit.engine.concepts import Outline, outline_markdown

    if item.document is not None:
        return Outline.of(item.document)
    assert item.body is not None
    return outline_markdown(item.body.source, item.file, item.body.first_line)
