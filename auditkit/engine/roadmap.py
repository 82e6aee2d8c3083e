"""The roadmap: the gaps of an assessment as a phased plan with effort in person-days (data: the catalog's
roadmap file, see auditkit/catalogs/iso20000-1-2018/roadmap.yaml for the formula)."""

from __future__ import annotations

from auditkit.inputs.catalog import Catalog
from auditkit.inputs.roadmap_data import RoadmapData
from auditkit.model.clauses import within
from auditkit.model.assessment import RequirementResult, grade_rank

QUICK_WIN_STATUSES = ("nonconformant", "partially-conformant")
"""A quick win closes a gap found; producing records that are only due (needs evidence) is not one."""
FORMULA = "effort = effort[key] x status_factor[status] x (staff / reference_staff) ^ size_exponent"


def plan(results: tuple[RequirementResult, ...], catalog: Catalog, staff: int | None) -> dict | None:
    """The roadmap in its JSON form; None when the catalog has no roadmap data."""
    data = catalog.roadmap
    if data is None:
        return None
    by_id = catalog.by_id()
    size = data.size_factor(staff)
    # the roadmap data is the primary catalog's: another catalog of the project (an import) has no effort table
    open_items = [r for r in results if r.status.value in data.status_factor and by_id[r.requirement].catalog == catalog.id]
    ids = {r.requirement for r in open_items}
    waits = _prerequisites(data, open_items)
    phase = {r.requirement: data.phase_of(r.requirement, r.clause) for r in open_items}
    depth: dict[str, int] = {}

    def depth_of(rid: str, seen: frozenset = frozenset()) -> int:
        if rid not in depth:
            before = [p for p in waits[rid] if p in ids and p not in seen]  # a circle through clauses is cut
            depth[rid] = 1 + max((depth_of(p, seen | {rid}) for p in before), default=-1)
            phase[rid] = max([phase[rid]] + [phase[p] for p in before])  # never before what it waits for
        return depth[rid]

    for r in open_items:
        depth_of(r.requirement)
    position = {r.requirement: i for i, r in enumerate(results)}
    ordered = sorted(open_items, key=lambda r: (phase[r.requirement], depth[r.requirement],
                                                grade_rank(r.grade), position[r.requirement]))
    items, total = [], 0.0
    for n, r in enumerate(ordered, 1):
        base, key = data.base_effort(r.requirement, r.clause)
        factor = float(data.status_factor[r.status.value])
        effort = round(base * factor * size, 2)
        total = round(total + effort, 2)
        items.append({
            "order": n, "requirement": r.requirement, "clause": r.clause, "title": dict(by_id[r.requirement].title),
            "status": r.status.value, "grade": r.grade.value if r.grade else None,
            "phase": data.phases[phase[r.requirement]].id, "effort": effort, "cumulative": total,
            "effort_base": base, "effort_key": key, "status_factor": factor,
            "depends_on": sorted(waits[r.requirement], key=lambda p: position.get(p, 0)),
            "quick_win": r.status.value in QUICK_WIN_STATUSES and effort <= data.quick_win_days and not waits[r.requirement],
        })
    return {
        "formula": FORMULA,
        "file": data.file,
        "staff": staff,
        "reference_staff": data.reference_staff,
        "size_exponent": data.size_exponent,
        "size_factor": size,
        "quick_win_days": data.quick_win_days,
        "status_factor": data.status_factor,
        "phases": [{"id": p.id, "title": dict(p.title),
                    "items": sum(1 for i in items if i["phase"] == p.id),
                    "effort": round(sum(i["effort"] for i in items if i["phase"] == p.id), 2)} for p in data.phases],
        "total_effort": total,
        "quick_wins": sum(1 for i in items if i["quick_win"]),
        "items": items,
    }


def _prerequisites(data: RoadmapData, open_items: list[RequirementResult]) -> dict[str, list[str]]:
    """For each open gap, the open gaps it waits for (in their order): those named by id, or lying in a clause
    named, by its dependencies. Each dependency is looked up once (many requirements share their clause's)."""
    within_key: dict[str, set[str]] = {}
    waits = {}
    for result in open_items:
        wanted: set[str] = set()
        for key in data.dependencies(result.requirement, result.clause):
            if key not in within_key:
                within_key[key] = {o.requirement for o in open_items if within(o.requirement, key) or within(o.clause, key)}
            wanted |= within_key[key]
        wanted.discard(result.requirement)
        waits[result.requirement] = [o.requirement for o in open_items if o.requirement in wanted]
    return waits
