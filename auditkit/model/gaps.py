"""What a gap is, and what changed between two assessments: the one definition ``diff``, ``check --baseline`` and
the CI formats use.

- A **gap** is a requirement whose finding is graded a nonconformity (major or minor), an observation or an
  opportunity for improvement; good practice is a finding but not a gap.
- A **new gap** is a gap of the later assessment that was not a gap of the earlier one; a **resolved gap** the
  other way round. A requirement that is a gap in both is **persisting**; when its grade differs, it has a
  **changed grade** (worse or better), and is neither new nor resolved.

Requirements are matched by id, so files, paths and line numbers may differ freely between the two.
"""

from __future__ import annotations

from typing import Any

from dataclasses import dataclass

from auditkit.model.assessment import GRADES, NONCONFORMITY_GRADES, Grade

GAP_GRADES = tuple(grade for grade in GRADES if grade != Grade.GOOD_PRACTICE.value)
"""The grades of a gap, worst first."""
_RANK = {grade: index for index, grade in enumerate(GAP_GRADES)}


def is_gap(grade: str | None) -> bool:
    """Whether a finding of this grade is a gap."""
    return grade in _RANK


def is_nonconformity(grade: str | None) -> bool:
    """Whether a finding of this grade is a nonconformity."""
    return grade in NONCONFORMITY_GRADES


def worse(grade: str, than: str) -> bool:
    """Whether gap grade ``grade`` is worse than gap grade ``than``."""
    return _RANK[grade] < _RANK[than]


@dataclass(frozen=True)
class GapChange:
    """One requirement that became, stopped being or stayed a gap."""

    requirement: str
    """Its id."""
    clause: str
    """Its clause."""
    title: str
    """Its title in English, from the later assessment when it has one."""
    grade: str
    """Its grade: in the later assessment, or in the earlier one for a resolved gap."""
    status: str
    """Its status where ``grade`` comes from."""
    gap: str
    """The gap statement where ``grade`` comes from."""
    before: str | None = None
    """The grade in the earlier assessment (persisting gaps only)."""
    now: str | None = None
    """What a resolved gap is now: its status, or 'removed from the catalog'."""
    position: int = 0
    """Its place among the later assessment's results (the order of every list)."""


@dataclass(frozen=True)
class GapChanges:
    """The gaps of a later assessment against an earlier one, each list in the later assessment's order."""

    new: tuple[GapChange, ...]
    """Gaps now that were not gaps before."""
    resolved: tuple[GapChange, ...]
    """Gaps before that are not gaps now."""
    persisting: tuple[GapChange, ...]
    """Gaps in both (``before`` holds the earlier grade)."""

    @property
    def changed(self) -> tuple[GapChange, ...]:
        """Persisting gaps whose grade changed."""
        return tuple(g for g in self.persisting if g.before != g.grade)

    @property
    def unchanged(self) -> tuple[GapChange, ...]:
        """Persisting gaps of the same grade."""
        return tuple(g for g in self.persisting if g.before == g.grade)

    def new_nonconformities(self) -> tuple[GapChange, ...]:
        """New gaps that are nonconformities, and persisting gaps that became a worse nonconformity."""
        found = [g for g in (*self.new, *self.changed) if is_nonconformity(g.grade)
                 and (g.before is None or worse(g.grade, g.before))]
        return tuple(sorted(found, key=lambda g: (g.position, g.requirement)))


def gaps_of(assessment: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The findings of an assessment (its JSON form) that are gaps, by requirement id."""
    return {f["requirement"]: f for f in assessment["findings"] if is_gap(f["grade"])}


def compare_gaps(before: dict[str, Any], after: dict[str, Any]) -> GapChanges:
    """The gaps of assessment ``after`` against assessment ``before`` (both in the Assessment's JSON form)."""
    gaps_before, gaps_after = gaps_of(before), gaps_of(after)
    titles = {r["requirement"]: r["title"].get("en", "") for r in before["results"]}
    titles.update({r["requirement"]: r["title"].get("en", "") for r in after["results"]})
    status_after = {r["requirement"]: r["status"] for r in after["results"]}
    position = {r["requirement"]: i for i, r in enumerate(after["results"])}

    def order(requirement: str) -> tuple[int, str]:
        return (position.get(requirement, len(position)), requirement)

    def change(f: dict[str, Any], **extra: Any) -> GapChange:
        return GapChange(f["requirement"], f["clause"], titles.get(f["requirement"], ""), f["grade"], f["status"],
                         f["gap"], position=order(f["requirement"])[0], **extra)

    return GapChanges(
        new=tuple(change(gaps_after[r]) for r in sorted(set(gaps_after) - set(gaps_before), key=order)),
        resolved=tuple(change(gaps_before[r], now=status_after.get(r, "removed from the catalog"))
                       for r in sorted(set(gaps_before) - set(gaps_after), key=order)),
        persisting=tuple(change(gaps_after[r], before=gaps_before[r]["grade"])
                         for r in sorted(set(gaps_before) & set(gaps_after), key=order)),
    )
