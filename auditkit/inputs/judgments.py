"""Auditor judgments (``judgments.yaml``): results reached by interview, observation, sampling or review."""

from __future__ import annotations

from pathlib import Path

from auditkit.inputs.dates import parse_date
from auditkit.model.errors import JudgmentsError, Problem, said_of
from auditkit.model.messages import msg
from auditkit.model.assessment import Grade, Judgment, Status
from auditkit.inputs.validation import validate_document
from auditkit.inputs.source_cache import SourceCache
from auditkit.inputs.yamlsource import SourceError, load_yaml_file

LAYER = "judgments"
_NC_GRADES = {g for g in Grade if g.is_nonconformity}
_PENDING = (Status.NEEDS_EVIDENCE, Status.NOT_ASSESSED)
"""Results an auditor records when conformity is not established yet (records due, not assessed)."""


def load_judgments(path: Path | None, known_requirements: set[str] | None,
                   cache: SourceCache | None = None) -> dict[str, Judgment]:
    """requirement id -> Judgment. A missing file means no judgments; ``known_requirements`` None skips the id
    check (the catalog could not be loaded). Raise JudgmentsError with every problem."""
    if path is None or not Path(path).is_file():
        return {}
    try:
        doc = load_yaml_file(Path(path), cache=cache)
    except SourceError as exc:
        raise JudgmentsError([exc.problem]) from None
    if doc.data is None:
        return {}
    problems = validate_document(doc, "judgments", layer=LAYER, cache=cache)
    if problems:
        raise JudgmentsError(problems)
    out: dict[str, Judgment] = {}
    for index, raw in enumerate(doc.data["judgments"]):
        at = ("judgments", index)
        rid = raw["requirement"]
        if known_requirements is not None and rid not in known_requirements:
            problems.append(Problem.of(doc.locate(at + ("requirement",)), msg("judgments.unknown", requirement=repr(rid)), LAYER))
            continue
        if rid in out:
            problems.append(Problem.of(doc.locate(at + ("requirement",)),
                                       msg("judgments.second", requirement=rid, line=out[rid].location.line), LAYER))
            continue
        try:
            parse_date(raw["date"])
        except ValueError as exc:
            problems.append(Problem.of(doc.locate(at + ("date",)), said_of(exc), LAYER))
        result = Status(raw["result"])
        grade = Grade(raw["grade"]) if "grade" in raw else None
        if grade is not None and result in _PENDING:  # evidence still due, or not assessed: nothing to grade yet
            problems.append(Problem.of(doc.locate(at + ("grade",)), msg("judgments.no_grade", result=result.value), LAYER))
        elif grade in _NC_GRADES and result in (Status.CONFORMANT, Status.NOT_APPLICABLE):
            problems.append(Problem.of(doc.locate(at + ("grade",)), msg("judgments.contradicts", grade=grade.value, result=result.value), LAYER))
        if grade is Grade.GOOD_PRACTICE and result is not Status.CONFORMANT:
            problems.append(Problem.of(doc.locate(at + ("grade",)), msg("judgments.good_practice", result=result.value), LAYER))
        out[rid] = Judgment(
            requirement=rid,
            result=result,
            method=raw["method"],
            auditor=raw["auditor"],
            date=raw["date"],
            grade=grade,
            sample=raw.get("sample", ""),
            interviewee=raw.get("interviewee", ""),
            note=raw.get("note", ""),
            justification=raw.get("justification", ""),
            overrides_rules=raw.get("overrides_rules", False),
            evidence=tuple(raw.get("evidence", [])),
            location=doc.locate(at + ("requirement",)),
        )
    if problems:
        raise JudgmentsError(problems)
    return out
