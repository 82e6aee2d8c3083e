"""Credit across catalogs: one result crediting the requirements it maps to in another catalog of the project.

A requirement's ``references`` name clauses of other standards (``iso27001: [A.5.29]``). When the project holds
that standard's catalog (its id, or its header's ``known_as``, names it), each requirement there whose clause or
id is named is *mapped*. A mapped requirement is offered the result of the requirement that references it, when
that result is an assessment (conformant, partially conformant or nonconformant, by the rules or the auditor).

A credit is always shown, never applied silently: every offered credit is listed with the requirement it is
offered to. It is *applied* only to a requirement with no result of its own (nothing checked it and no auditor
judged it): that requirement then takes the worst of the results offered, its note says whose result it is, and
``credit`` names it. A requirement with a result of its own keeps it; the credit is listed beside it.
"""

from __future__ import annotations

from dataclasses import replace

from auditkit.engine.scoring import points_for
from auditkit.inputs.catalog import Catalog, Requirement
from auditkit.inputs.config import ScoringPolicy
from auditkit.model.assessment import Credit, Grade, RequirementResult, Status
from auditkit.model.messages import msg

CREDITING = (Status.CONFORMANT, Status.PARTIAL, Status.NONCONFORMANT)
"""The results that credit, best first: an assessment of the requirement, not a pending or unscored one."""


def mapped(catalog: Catalog) -> dict[str, list[tuple[Requirement, str]]]:
    """Requirement id -> the requirements of other catalogs that reference it, each with the reference."""
    if len(catalog.parts) < 2:
        return {}
    names = {}
    for part in catalog.parts:
        names[part.id] = part
        names.setdefault(part.known_as, part)
    by_local: dict[tuple[str, str], list[Requirement]] = {}
    for req in catalog.requirements:
        part = catalog.part(req.catalog)
        if part is None:
            continue
        by_local.setdefault((part.id, part.local(req.clause)), []).append(req)
        by_local.setdefault((part.id, part.local(req.id)), []).append(req)
    found: dict[str, list[tuple[Requirement, str]]] = {}
    for req in catalog.requirements:
        for key, targets in (req.references or {}).items():
            part = names.get(key)
            if part is None or part.id == req.catalog:
                continue
            for target in targets:
                for other in by_local.get((part.id, str(target)), []):
                    pairs = found.setdefault(other.id, [])
                    if all(r.id != req.id for r, _ in pairs):
                        pairs.append((req, f"{key}: {target}"))
    return found


def apply_credits(catalog: Catalog, results: list[RequirementResult], policy: ScoringPolicy) -> list[RequirementResult]:
    """The results with every credit listed, and applied where a requirement has no result of its own."""
    sources = mapped(catalog)
    if not sources:
        return results
    by_id = {r.requirement: r for r in results}
    out = []
    for result in results:
        offered = [Credit(req.id, req.catalog, reference, by_id[req.id].status, by_id[req.id].source)
                   for req, reference in sources.get(result.requirement, ()) if req.id in by_id
                   and by_id[req.id].status in CREDITING]
        if not offered:
            out.append(result)
            continue
        own = not (result.status is Status.NOT_ASSESSED and result.judgment is None and not result.checks)
        if own:
            out.append(replace(result, credits=tuple(offered)))
            continue
        worst = max(offered, key=lambda c: CREDITING.index(c.status))
        offered = [replace(c, applied=c is worst) for c in offered]
        crediting = by_id[worst.source]
        grade, basis = _grade(crediting, result, policy)
        out.append(replace(
            result, status=worst.status, points=points_for(worst.status, policy), credits=tuple(offered),
            grade=grade, grade_basis=basis, failure=(crediting.failure or "gap") if grade is not None else None,
            note=msg("credit.applied", source=worst.source, catalog=worst.catalog, status=worst.status.value,
                     by=worst.by.value, reference=worst.reference).text("en")))
    return out


def _grade(crediting: RequirementResult, result: RequirementResult, policy: ScoringPolicy) -> tuple[Grade | None, str]:
    """The credited requirement's grade: by the declared policy on what failed in the crediting result, with the
    credited requirement's own criticality (an auditor's grade was for the other standard's requirement)."""
    if crediting.status not in (Status.NONCONFORMANT, Status.PARTIAL):
        return None, ""
    failure = crediting.failure or "gap"  # an auditor's nonconformity names no failure: a gap in what exists
    return (Grade(policy.grade(failure, result.criticality)),
            f"policy: {failure.replace('-', ' ')} ({result.criticality} criticality), credited")
