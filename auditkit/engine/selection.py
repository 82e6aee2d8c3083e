"""Which evidence items a check looks at: the one selection mechanism of every rule (docs/formats.md §4: select)."""

from __future__ import annotations

from auditkit.inputs.catalog import Requirement, Selector
from auditkit.inputs.evidence import Evidence, EvidenceItem, covers_target


RECORD_TYPES = frozenset({"record-set", "record", "report", "minutes"})
"""Evidence types that are records of what was done; every other type is a document (a policy, a plan, a register...)."""


def family(evidence_type: str) -> str:
    """'records' or 'documents': the two kinds of evidence a check can examine."""
    return "records" if evidence_type in RECORD_TYPES else "documents"


def select_items(evidence: Evidence, selector: Selector, requirement: Requirement, strict: bool = True) -> list[EvidenceItem]:
    """The evidence items a check looks at (see docs/formats.md §4: select).

    With ``strict`` the types filter, as written. Otherwise types are preferences (issue 15): every item covering
    the target whose type is of the same kind (:func:`family`: documents or records) is looked at, the preferred
    types first; a record export (record-set) only where asked for, as it has no sections, approval or review.
    The engine decides which (auditkit.engine.assess._types_filter).
    """
    if selector.ids:
        candidates = evidence.of_types(selector.types) if selector.types else evidence.items
        return [item for item in candidates if item.id in selector.ids]
    covering = evidence.covering(selector.covers or requirement.id)
    if not selector.types:
        return covering
    types = set(selector.types)
    preferred = [item for item in covering if item.type in types]
    if strict:
        return preferred
    kinds = {family(t) for t in types}
    return preferred + [item for item in covering
                        if item.type not in types and item.type != "record-set" and family(item.type) in kinds]


def selects(selector: Selector, requirement: Requirement, item: EvidenceItem) -> bool:
    """Whether ``selector`` picks ``item``: :func:`select_items` for one item (which uses indexes instead)."""
    if selector.types and item.type not in selector.types:
        return False
    if selector.ids:
        return item.id in selector.ids
    target = selector.covers or requirement.id
    return any(covers_target(cover, target) for cover in item.covers)
