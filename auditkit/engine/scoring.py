"""The declared scoring formula: points by status, weights by criticality, weighted means per clause.

Every number keeps its numerator and denominator so an auditor can recompute it by hand.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable

from auditkit.engine.verdicts import subclause_verdict
from auditkit.inputs.config import ScoringPolicy
from auditkit.model.assessment import UNSCORED, ClauseScore, RequirementResult, Status, weighted_score
from auditkit.model.clauses import ClauseTable, clause_key


def points_for(status: Status, policy: ScoringPolicy) -> float:
    """Points of a status; not applicable and not examined have none (they leave the denominator)."""
    if status in UNSCORED:
        return 0.0
    return float(policy.points[status.value])


def weighted(results: Iterable[RequirementResult]) -> tuple[float, float, float | None]:
    """(sum of weight x points, sum of weights, score) over results that count."""
    return weighted_score((r.weight, r.points) for r in results if r.counts)


def clause_scores(results: list[RequirementResult], key, clauses: ClauseTable) -> list[ClauseScore]:
    """One ClauseScore per distinct ``key(result)`` (a top-level clause or a subclause), in clause order, titled
    from the catalog's clause table."""
    groups: dict[str, list[RequirementResult]] = {}
    for result in results:
        groups.setdefault(key(result), []).append(result)
    out = []
    for clause in sorted(groups, key=clause_key):
        points, weight, score = weighted(groups[clause])
        counts = Counter(r.status.value for r in groups[clause])
        status, grade = subclause_verdict([r.status for r in groups[clause]], [r.grade for r in groups[clause]],
                                          any(r.covered for r in groups[clause]))
        out.append(ClauseScore(clause, clauses.title(clause), points, weight, score, dict(sorted(counts.items())),
                               status, grade, clauses.title(clause, "zh")))
    return out
