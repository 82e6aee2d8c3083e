"""Which evidence items a check looks at: the one selection mechanism of every rule (docs/formats.md §4: select)."""

from __future__ import annotations

from auditkit.inputs.catalog import Requirement, Selector
from auditkit.inputs.evidence import Evidence, EvidenceItem, covers_target


def select_items(evidence: Evidence, selector: Selector, requirement: Requirement) -> list[EvidenceItem]:
    """The evidence items a check looks at (see docs/formats.md §4: select)."""
    if selector.ids:
        candidates = evidence.of_types(selector.types) if selector.types else evidence.items
        return [item for item in candidates if item.id in selector.ids]
    covering = evidence.covering(selector.covers or requirement.id)
    if selector.types:
        types = set(selector.types)
        return [item for item in covering if item.type in types]
    return covering


def selects(selector: Selector, requirement: Requirement, item: EvidenceItem) -> bool:
    """Whether ``selector`` picks ``item``: :func:`select_items` for one item (which uses indexes instead)."""
    if selector.types and item.type not in selector.types:
        return False
    if selector.ids:
        return item.id in selector.ids
    target = selector.covers or requirement.id
    return any(covers_target(cover, target) for cover in item.covers)
