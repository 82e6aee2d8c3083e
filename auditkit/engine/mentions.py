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

import unicodedata
from dataclasses import dataclass, field

from auditkit.engine.concepts import body_terms, outline_of, propose_clauses
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

    Computed per subclause on first use: an assessment whose every subclause is covered reads no document for it."""

    catalog: Catalog
    evidence: Evidence
    documents_only: bool
    """A documentation review: only documents are in scope (record exports are never read for a subject)."""
    _found: dict | None = field(default=None, repr=False)
    _proposals: dict = field(default_factory=dict, repr=False)

    def of(self, clause: str) -> list:
        """The places dealing with ``clause``'s subject, strongest first (title, heading, lead-in, then body)."""
        if self._found is None:
            self._found = {}
        if clause not in self._found:
            self._found[clause] = self._read(clause)
        return self._found[clause]

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

    def _read(self, clause: str) -> list:
        """Each document that may mention this subclause's topic is matched against every topic, so that a mention
        another subclause's more specific wording takes ('security incidents' is 8.7.3.3, not 8.6.1) is not
        counted here, exactly as ``evidence import`` reads it. A document is read once for all subclauses: only
        its proposals are kept."""
        topic = next((t for t in self.catalog.topics if t.clause == clause), None)
        if topic is None:
            return []
        places = []
        for index, item in enumerate(self.evidence.items):
            if not _readable(item) or (self.documents_only and family(item.type) != "documents"):
                continue
            if not _may_mention(_raw_text(item), body_terms(topic.concept)):
                continue  # none of the topic's words is in the text at all: no need to read its structure
            every = self._proposals.get(index)
            if every is None:
                every = self._proposals[index] = {p.clause: p for p in propose_clauses(outline_of(item), self.catalog)}
            if clause in every:
                places.extend(every[clause].reasons)
                if len(places) >= SHOWN:
                    break  # dealt with: enough places to cite (documents in tree order), no need to read the rest
        weight = {"title": 0, "heading": 1, "lead-in": 2, "table-header": 2, "body": 3}
        return sorted(places, key=lambda m: weight[m.place.value])


def _raw_text(item: EvidenceItem) -> str:
    """The document's text as read (lower case, full-width forms folded), or '' when only its structure is kept."""
    text = item.document.text if item.document is not None else (item.body.source if item.body is not None else "")
    return unicodedata.normalize("NFKC", text).lower() if text else ""


def _may_mention(text: str, terms) -> bool:
    """Whether ``text`` can hold one of ``terms``: every word stem (less the ending a stem may rewrite,
    'responsibl' of 'responsibility') and every Chinese run of some term occurs in it. A quick filter that never
    drops a document the matcher would find: an empty text (structure only) always passes."""
    if not text:
        return True
    return any(all(stem[:max(3, len(stem) - 2)] in text for stem in term.stems) and all(run in text for run in term.cjk)
               for term in terms)


def _readable(item: EvidenceItem) -> bool:
    return item.document is not None or item.body is not None

