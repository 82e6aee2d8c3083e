"""Verdicts as a lead auditor gives them: per requirement from its checks, per subclause by one declared rule.

A requirement's checks say what is present and what is missing; this module turns that into a status and says
*what failed* (a mandatory document absent, a whole process absent, a gap in something that exists, evidence that
could not be read), which the declared grading policy turns into a grade. Conformity that rests on records or an
interview not provided is "needs evidence" (in a documentation review: "not examined in this review"), never a
nonconformity and never conformance.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from auditkit.model.assessment import CheckResult, Grade, Outcome, Status

from auditkit.engine.selection import RECORD_TYPES


class AuditType(str, Enum):
    """``audit.type`` of the organisation profile."""

    AUDIT = "audit"
    DOCUMENTATION_REVIEW = "documentation-review"


class Failure(str, Enum):
    """What failed, which the grading policy (auditkit.yaml ``grading``) turns into a grade."""

    MANDATORY_DOCUMENT_ABSENT = "mandatory-document-absent"
    PROCESS_ABSENT = "process-absent"
    GAP = "gap"
    UNREADABLE_EVIDENCE = "unreadable-evidence"


# How combining an auditor's result with the rules' ranks statuses (higher stands; see assess.combine). A pending
# status (needs evidence, not assessed, not examined) is not a pass: an auditor who says the evidence is still due
# stands over checks that passed, but never hides a gap the checks found. Not applicable is not ranked: an
# auditor's "not applicable" replaces the rules only with overrides_rules.
COMBINE_RANK = {Status.CONFORMANT: 0, Status.NEEDS_EVIDENCE: 1, Status.NOT_EXAMINED: 1, Status.NOT_ASSESSED: 1,
                Status.PARTIAL: 2, Status.NONCONFORMANT: 3}


def check_basis(types: tuple[str, ...], is_record_rule: bool) -> str:
    """What a check examines: a rule over record exports, or a selection of record types only, examines records."""
    if is_record_rule or (types and all(t in RECORD_TYPES for t in types)):
        return "records"
    return "documents"


@dataclass(frozen=True)
class RuleVerdict:
    """What the checks of one requirement say, before any auditor judgment."""

    status: Status | None
    """conformant, partially conformant, nonconformant, not assessed; None when there is nothing to check or
    conformity rests wholly on evidence not provided (``pending``)."""
    pending: bool
    """Conformity rests on records or an interview that were not provided (or are outside a documentation review)."""
    reason: str = ""
    """Why not assessed, when a check could not be evaluated."""
    input_fault: CheckResult | None = None
    """The check that could not read the organisation's own input, when that is why it is not assessed."""
    records_missing: bool = False
    """Checks over records found no record set at all (rather than only an interview being due)."""


def rule_verdict(checks: tuple[CheckResult, ...], manual: bool) -> RuleVerdict:
    """Status from a requirement's checks (those in scope of the review).

    - a check that failed on something present (or found a concept only in part) is a gap: partially conformant
      when anything passed, else nonconformant;
    - otherwise a check that could not be evaluated makes it not assessed, with the reason: failed evaluation is
      never conformance;
    - otherwise record checks that found no record set, or a requirement that asks for an auditor's judgment
      (``manual``), leave conformity pending;
    - otherwise all passed: conformant.
    """
    failed = [c for c in checks if c.outcome is Outcome.FAIL and not (c.absent and c.basis == "records")]
    partial = [c for c in checks if c.outcome.value == "partial"]
    passed = [c for c in checks if c.outcome is Outcome.PASS]
    cannot = [c for c in checks if c.outcome is Outcome.CANNOT_EVALUATE]
    records_missing = [c for c in checks if c.outcome is Outcome.FAIL and c.absent and c.basis == "records"]
    if failed or partial:
        return RuleVerdict(Status.PARTIAL if passed or partial else Status.NONCONFORMANT, False)
    if cannot:
        fault = next((c for c in cannot if c.input_fault), None)
        reason = "; ".join(dict.fromkeys(c.message for c in cannot))
        return RuleVerdict(Status.NOT_ASSESSED, False, f"could not be evaluated: {reason}", fault)
    if records_missing or manual:
        return RuleVerdict(None, True, records_missing=bool(records_missing))
    return RuleVerdict(Status.CONFORMANT if passed else None, False)


def failure_of(status: Status, checks: tuple[CheckResult, ...], documented: bool, covered: bool) -> Failure:
    """What failed in a nonconformant or partially conformant requirement (for its grade).

    ``documented``: the standard requires this documented (catalog ``documented``); ``covered``: some evidence in
    scope covers the requirement's subclause. A whole process is absent when the requirement is nonconformant,
    some check failed, every failed check found nothing at all and nothing covers its subclause. Without a failed
    check (an auditor's nonconformity over checks that passed, or no checks), nothing shows the process absent:
    the nonconformity is a gap.
    """
    failed = [c for c in checks if c.outcome is Outcome.FAIL]
    if documented and any(c.absent and c.basis == "documents" for c in failed):
        return Failure.MANDATORY_DOCUMENT_ABSENT
    if status is Status.NONCONFORMANT and not covered and failed and all(c.absent for c in failed):
        return Failure.PROCESS_ABSENT
    return Failure.GAP


# ------------------------------------------------------------------------------------------------ subclauses
AGGREGATION_RULE = (
    "subclause verdict from its requirements (not applicable left out): nonconformant when some are nonconformant "
    "and nothing of it is met: none conformant, partially conformant or needing evidence, and, when some were not "
    "examined in a documentation review, no document in scope covers it (partially conformant says part of it is "
    "met, so it never stands on nonconformities alone); otherwise any nonconformant or partially conformant -> "
    "partially conformant; otherwise any not assessed -> not assessed; "
    "otherwise any needs evidence or not examined -> needs evidence; otherwise conformant. "
    "Its grade is the worst nonconformity grade among its requirements (major, then minor), else none."
)

MET = (Status.CONFORMANT, Status.PARTIAL, Status.NEEDS_EVIDENCE)
"""Statuses that meet a requirement at least in part (each scores above 0 by the default points)."""


def subclause_verdict(statuses: list[Status], grades: list[Grade | None],
                      covered: bool = False) -> tuple[Status, Grade | None]:
    """The verdict of one subclause by :data:`AGGREGATION_RULE`.

    ``covered``: documents or records in the review's scope cover the subclause. A requirement not examined in a
    documentation review then rests on a procedure that is present (its records or interviews are what was not
    examined): part of the subclause is met. Without anything covering it, not examined says nothing either way.
    """
    considered = [s for s in statuses if s is not Status.NOT_APPLICABLE]
    met = any(s in MET for s in considered) or (covered and Status.NOT_EXAMINED in considered)
    if not considered:
        status = Status.NOT_APPLICABLE
    elif Status.NONCONFORMANT in considered and not met:
        status = Status.NONCONFORMANT
    elif any(s in (Status.NONCONFORMANT, Status.PARTIAL) for s in considered):
        status = Status.PARTIAL
    elif Status.NOT_ASSESSED in considered:
        status = Status.NOT_ASSESSED
    elif any(s in (Status.NEEDS_EVIDENCE, Status.NOT_EXAMINED) for s in considered):
        status = Status.NEEDS_EVIDENCE
    else:
        status = Status.CONFORMANT
    grade = next((g for g in (Grade.MAJOR, Grade.MINOR) if g in grades), None)
    return status, grade
