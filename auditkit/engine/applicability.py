"""Statement of applicability: what the organisation declares it does not perform itself, and what the audit did
not reach (``audit.exclusions`` and ``audit.not_covered`` of the organisation profile).

ISO/IEC 20000-1:2018 (1.2) accepts no exclusion of the requirements of clauses 4 to 10 when conformity is claimed.
What it does accept is that other parties operate some of the service management processes, provided the
organisation keeps them under its control (8.2.3). So an exclusion here is valid only when it names the other
party (``operated_by``) and targets an operational process of clause 8, never the control of other parties (8.2.3)
itself nor the operational planning (8.1). The requirements it covers leave the score's denominator; the
organisation's control over the other party stays assessed under 8.2.3.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditkit.inputs.catalog import Catalog, Requirement
from auditkit.inputs.evidence import Organization
from auditkit.model.clauses import within
from auditkit.model.errors import InputErrors, Location, Problem
from auditkit.model.messages import Message, msg

LAYER = "organization"
KEEP = ("8.1", "8.2.3")
"""Clause-8 subclauses the organisation must perform itself whoever operates the processes."""


@dataclass(frozen=True)
class Exclusion:
    """One declared exclusion (or, with ``reason`` only, one area the audit did not cover)."""

    target: str
    """A clause (``8.4.1``) or a requirement id (``8.4.1-02``)."""
    justification: str
    operated_by: str = ""
    location: Location | None = None

    def covers(self, requirement: Requirement) -> bool:
        return within(requirement.id, self.target) or within(requirement.clause, self.target)

    def note(self) -> Message:
        if self.operated_by:
            return msg("soa.operated_by_note", party=self.operated_by, justification=self.justification)
        return msg("soa.not_covered_note", reason=self.justification)

    def to_dict(self, requirements: list[str]) -> dict:
        out = {"target": self.target, "justification": self.justification, "requirements": requirements}
        if self.operated_by:
            out["operated_by"] = self.operated_by
        if self.location is not None:
            out["location"] = self.location.to_dict()
        return out


def declared(organization: Organization, catalog: Catalog) -> tuple[tuple[Exclusion, ...], tuple[Exclusion, ...]]:
    """(exclusions, areas not covered by the audit) of the profile; InputErrors naming every invalid one."""
    problems: list[Problem] = []
    exclusions = tuple(_read(organization, catalog, "exclusions", problems))
    not_covered = tuple(_read(organization, catalog, "not_covered", problems))
    if problems:
        raise InputErrors(problems)
    return exclusions, not_covered


def _read(organization: Organization, catalog: Catalog, key: str, problems: list[Problem]):
    entries = organization.get(f"audit.{key}") or []
    ids = catalog.by_id()
    for index, raw in enumerate(entries):
        if not isinstance(raw, dict):  # a not_covered area in words only: shown, changes nothing
            continue
        at = ("audit", key, index)
        where = organization.doc.locate(at)
        targets = [k for k in ("clause", "requirement") if k in raw]
        if len(targets) != 1:
            problems.append(Problem.of(where, msg("soa.one_target", key=key), LAYER))
            continue
        field = targets[0]
        target = str(raw[field])
        where = organization.doc.locate(at + (field,))
        if field == "clause" and target not in catalog.clauses:
            problems.append(Problem.of(where, msg("soa.unknown_clause", clause=target), LAYER))
            continue
        if field == "requirement" and target not in ids:
            problems.append(Problem.of(where, msg("soa.unknown_requirement", requirement=target), LAYER))
            continue
        clause = ids[target].clause if field == "requirement" else target
        if key == "exclusions":
            problem = _invalid_exclusion(clause, target, raw.get("operated_by"))
            if problem is not None:
                problems.append(Problem.of(where, problem, LAYER))
                continue
            yield Exclusion(target, raw["justification"], raw.get("operated_by", ""), where)
        else:
            yield Exclusion(target, raw["reason"], "", where)


def _invalid_exclusion(clause: str, target: str, operated_by: str | None) -> Message | None:
    """Why the standard does not accept this exclusion; None when it does."""
    if not operated_by:
        return msg("soa.no_exclusion", target=target)
    if clause.split(".")[0] != "8":
        return msg("soa.not_a_process", target=target)
    if any(within(clause, keep) or within(keep, clause) for keep in KEEP):
        return msg("soa.must_keep", target=target)
    return None
