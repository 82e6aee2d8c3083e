"""What changed between two assessments: scores per clause, new and resolved gaps, changed grades."""

from __future__ import annotations

GAP_GRADES = ("major-nc", "minor-nc", "observation", "ofi")
"""Findings that are gaps (good practice is a finding but not a gap)."""
_RANK = {g: i for i, g in enumerate(GAP_GRADES)}


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
    for clause in sorted(set(scores_a) | set(scores_b), key=lambda c: [int(p) for p in c.split(".")]):
        before = scores_a.get(clause, {}).get("score")
        after = scores_b.get(clause, {}).get("score")
        title = (scores_b.get(clause) or scores_a.get(clause))["title"]
        change = _change(scores_a.get(clause), scores_b.get(clause))
        clauses.append({"clause": clause, "title": title, "from": before, "to": after, "change": change})
    gaps_a = {f["requirement"]: f for f in a["findings"] if f["grade"] in GAP_GRADES}
    gaps_b = {f["requirement"]: f for f in b["findings"] if f["grade"] in GAP_GRADES}
    titles = {r["requirement"]: r["title"]["en"] for r in a["results"]}
    titles.update({r["requirement"]: r["title"]["en"] for r in b["results"]})
    status_b = {r["requirement"]: r["status"] for r in b["results"]}
    position = {r["requirement"]: i for i, r in enumerate(b["results"])}

    def order(req: str):
        return (position.get(req, len(position)), req)

    def gap(f: dict, **extra) -> dict:
        return {"requirement": f["requirement"], "clause": f["clause"], "title": titles.get(f["requirement"], ""),
                "grade": f["grade"], "status": f["status"], "gap": f["gap"], **extra}

    new = [gap(gaps_b[r]) for r in sorted(set(gaps_b) - set(gaps_a), key=order)]
    resolved = [gap(gaps_a[r], now=status_b.get(r, "removed from the catalog"))
                for r in sorted(set(gaps_a) - set(gaps_b), key=order)]
    changed = []
    for r in sorted(set(gaps_a) & set(gaps_b), key=order):
        before, after = gaps_a[r]["grade"], gaps_b[r]["grade"]
        if before != after:
            direction = "worse" if _RANK[after] < _RANK[before] else "better"
            changed.append({"requirement": r, "clause": gaps_b[r]["clause"], "title": titles.get(r, ""),
                            "from": before, "to": after, "direction": direction})
    overall_a, overall_b = a["summary"]["overall"]["score"], b["summary"]["overall"]["score"]
    return {
        "from": {"as_of": a["as_of"], "overall": overall_a, "grade_counts": a["summary"]["grade_counts"]},
        "to": {"as_of": b["as_of"], "overall": overall_b, "grade_counts": b["summary"]["grade_counts"]},
        "overall_change": _change(a["summary"]["overall"], b["summary"]["overall"]),
        "clauses": clauses,
        "new_gaps": new,
        "resolved_gaps": resolved,
        "changed_grades": changed,
        "persisting_gaps": len(set(gaps_a) & set(gaps_b)),
    }
