"""What changed between two assessments: scores per clause, new and resolved gaps, changed grades."""

from __future__ import annotations

from auditkit.model.clauses import clause_key
from auditkit.model.gaps import compare_gaps, worse


def exact(score: dict | None) -> float | None:
    """A score from its numerator and denominator (the published score is rounded to 4 places)."""
    if not score or not score.get("weight"):
        return None
    return score["points"] / score["weight"]


def _change(before: dict | None, after: dict | None):
    a, b = exact(before), exact(after)
    return None if a is None or b is None else round(b - a, 4)


def diff(a: dict, b: dict) -> dict:
    """Compare assessment ``a`` (earlier) with ``b`` (later), both in the Assessment's JSON form."""
    scores_a = {c["clause"]: c for c in a["clauses"]}
    scores_b = {c["clause"]: c for c in b["clauses"]}
    clauses = []
    for clause in sorted(set(scores_a) | set(scores_b), key=clause_key):
        before = scores_a.get(clause, {}).get("score")
        after = scores_b.get(clause, {}).get("score")
        title = (scores_b.get(clause) or scores_a.get(clause))["title"]
        change = _change(scores_a.get(clause), scores_b.get(clause))
        clauses.append({"clause": clause, "title": title, "from": before, "to": after, "change": change})
    gaps = compare_gaps(a, b)

    def gap(g, **extra) -> dict:
        return {"requirement": g.requirement, "clause": g.clause, "title": g.title, "grade": g.grade,
                "status": g.status, "gap": g.gap, **extra}

    new = [gap(g) for g in gaps.new]
    resolved = [gap(g, now=g.now) for g in gaps.resolved]
    changed = [{"requirement": g.requirement, "clause": g.clause, "title": g.title, "from": g.before, "to": g.grade,
                "direction": "worse" if worse(g.grade, g.before) else "better"} for g in gaps.changed]
    overall_a, overall_b = a["summary"]["overall"]["score"], b["summary"]["overall"]["score"]
    return {
        "from": {"as_of": a["as_of"], "overall": overall_a, "grade_counts": a["summary"]["grade_counts"]},
        "to": {"as_of": b["as_of"], "overall": overall_b, "grade_counts": b["summary"]["grade_counts"]},
        "overall_change": _change(a["summary"]["overall"], b["summary"]["overall"]),
        "clauses": clauses,
        "new_gaps": new,
        "resolved_gaps": resolved,
        "changed_grades": changed,
        "persisting_gaps": len(gaps.persisting),
    }
