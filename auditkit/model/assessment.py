"""The values an assessment is made of: statuses, grades, results, findings, scores.

The :class:`Assessment` is the pivot of auditkit: every output is rendered from it, and a stored snapshot
re-renders the same report later without re-assessing. Its JSON form is described by
``auditkit/inputs/schemas/assessment.schema.json``.
"""

from __future__ import annotations

from typing import Any, Iterable

from dataclasses import dataclass, field
from enum import Enum

from auditkit.model.errors import Location
from auditkit.model.metrics import Metric
from auditkit.model.messages import Message


class Outcome(str, Enum):
    PASS = "pass"
    PARTIAL = "partial"
    """Addressed, but not fully: e.g. a required section written about only in body text, not as a section."""
    FAIL = "fail"
    CANNOT_EVALUATE = "cannot-evaluate"


@dataclass(frozen=True)
class CheckResult:
    """The result of one check: outcome, a message a person can act on, and the evidence it used."""

    rule: str
    outcome: Outcome
    message: str
    evidence: tuple[Location, ...] = ()
    """Where the result comes from: the evidence files (and lines) that pass or fail."""
    check: Location | None = None
    """Where the check is defined in the catalog."""
    absent: bool = False
    """A failure because nothing was there to check (no document, no record set): what it looked for is absent."""
    input_fault: bool = False
    """Could not be evaluated because the organisation's own input cannot be read (an unreadable export): the
    reason is then a finding of its own."""
    examined: tuple[Location, ...] = ()
    """What a failing check also looked at without fault (a record set that met its target): the finding lists it
    after the evidence at fault."""
    basis: str = "documents"
    """What the check examines: 'documents' or 'records' (see auditkit.engine.verdicts.check_basis)."""
    template: Message | None = None
    """The message as a template with parameters, to write it in another language (``message`` is English)."""
    metrics: tuple[Metric, ...] = ()
    """The figures a check over record sets measured, one per record set (or group of records)."""

    def message_in(self, lang: str) -> str:
        return self.template.text(lang) if self.template is not None else self.message

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"rule": self.rule, "outcome": self.outcome.value, "message": self.message,
               "evidence": [loc.to_dict() for loc in self.evidence]}
        if self.check:
            out["check"] = self.check.to_dict()
        if self.absent:
            out["absent"] = True
        if self.input_fault:
            out["input_fault"] = True
        if self.template is not None:
            out["template"] = self.template.to_dict()
        if self.metrics:
            out["metrics"] = [metric.to_dict() for metric in self.metrics]
        return out


class Status(str, Enum):
    CONFORMANT = "conformant"
    PARTIAL = "partially-conformant"
    NONCONFORMANT = "nonconformant"
    NEEDS_EVIDENCE = "needs-evidence"
    """The procedure is present; conformity rests on records or an interview not yet provided. Not a nonconformity."""
    NOT_APPLICABLE = "not-applicable"
    NOT_ASSESSED = "not-assessed"
    NOT_EXAMINED = "not-examined"
    """Outside a documentation review (needs interviews, observation or records): leaves the score's denominator."""


UNSCORED = (Status.NOT_APPLICABLE, Status.NOT_EXAMINED)
"""Statuses that leave the score's denominator."""


def counts_in_score(status: Status | str) -> bool:
    """Whether a requirement of this status is in the score (not-applicable and not-examined ones are not)."""
    return Status(status) not in UNSCORED


def weighted_score(entries: Iterable[tuple[float, float]]) -> tuple[float, float, float | None]:
    """The declared formula over (weight, points) of the requirements that count: (sum of weight x points, sum of
    weights, their quotient), rounded as published (6 and 4 decimals); no score without weight."""
    points = weight = 0.0
    for w, p in entries:
        points += w * p
        weight += w
    return round(points, 6), round(weight, 6), (round(points / weight, 4) if weight else None)


class Grade(str, Enum):
    MAJOR = "major-nc"
    MINOR = "minor-nc"
    OBSERVATION = "observation"
    OFI = "ofi"
    GOOD_PRACTICE = "good-practice"

    @property
    def is_nonconformity(self) -> bool:
        return self in (Grade.MAJOR, Grade.MINOR)


GRADE_ORDER = [Grade.MAJOR, Grade.MINOR, Grade.OBSERVATION, Grade.OFI, Grade.GOOD_PRACTICE]
"""The one order of grades, most severe first: findings, counts and plans list grades in it."""
GRADES = tuple(g.value for g in GRADE_ORDER)
"""The grades' names (as the assessment's JSON form writes them), most severe first."""
NONCONFORMITY_GRADES = tuple(g.value for g in GRADE_ORDER if g.is_nonconformity)
"""The grades of a nonconformity: major and minor."""
FINDING_GRADES = (*NONCONFORMITY_GRADES, Grade.OBSERVATION.value)
"""The grades reported as findings of an audit (nonconformities and observations); opportunities for improvement
and good practice are reported apart."""


def grade_rank(grade: Grade | str | None) -> int:
    """The position of a grade in :data:`GRADE_ORDER` (0 = most severe); no grade comes after every grade."""
    name = grade.value if isinstance(grade, Grade) else grade
    return GRADES.index(name) if name in GRADES else len(GRADES)


class Source(str, Enum):
    """Where a requirement's result comes from."""

    RULES = "rules"
    AUDITOR = "auditor"
    BOTH = "rules+auditor"
    NONE = "none"


@dataclass(frozen=True)
class Judgment:
    """An auditor's recorded result for one requirement."""

    requirement: str
    result: Status
    method: str
    auditor: str
    date: str
    grade: Grade | None = None
    title_zh: str = ""
    """The title in Chinese, from the catalog's clause table."""
    sample: str = ""
    interviewee: str = ""
    note: str = ""
    justification: str = ""
    overrides_rules: bool = False
    evidence: tuple[str, ...] = ()
    location: object = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"result": self.result.value, "method": self.method, "auditor": self.auditor, "date": self.date}
        for key in ("sample", "interviewee", "note", "justification"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        if self.grade:
            out["grade"] = self.grade.value
        if self.overrides_rules:
            out["overrides_rules"] = True
        if self.evidence:
            out["evidence"] = list(self.evidence)
        if self.location is not None:
            out["location"] = self.location.to_dict()  # type: ignore[attr-defined]  # a Location
        return out


@dataclass(frozen=True)
class Credit:
    """The result of ``source`` offered to the requirement it maps to in another catalog (auditkit.engine.credit)."""

    source: str
    """The requirement whose result it is (its id as the project writes it)."""
    catalog: str
    """That requirement's catalog."""
    reference: str
    """The reference that maps them, as written: ``iso27001: A.5.29``."""
    status: Status
    by: Source
    """Whose result: the rules', the auditor's or both."""
    applied: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.source, "catalog": self.catalog, "reference": self.reference, "status": self.status.value,
                "by": self.by.value, "applied": self.applied}


@dataclass(frozen=True)
class RequirementResult:
    """The outcome for one requirement: status, points, grade, and how they were reached."""

    requirement: str
    clause: str
    criticality: str
    weight: float
    status: Status
    points: float
    source: Source
    rule_status: Status | None
    checks: tuple[CheckResult, ...]
    judgment: Judgment | None
    grade: Grade | None
    grade_basis: str
    """Why the grade: 'policy: nonconformant x high' or 'auditor'."""
    note: str = ""
    """How rule and auditor results were combined, when both exist."""
    failure: str | None = None
    """What failed (auditkit.verdicts.Failure), when graded by the policy."""
    credits: tuple[Credit, ...] = ()
    """Results of requirements of other catalogs that map to this one (Credit), shown
    always; the one applied, when this requirement had no result of its own, is marked."""
    covered: bool = False
    """Evidence in the review's scope covers its subclause: the procedure is present, whatever it still lacks."""

    @property
    def counts(self) -> bool:
        """Not-applicable and not-examined requirements leave the denominator."""
        return self.status not in UNSCORED


@dataclass(frozen=True)
class Finding:
    """A graded finding, written as auditors write it: requirement, objective evidence, gap."""

    id: str
    requirement: str
    clause: str
    grade: Grade
    status: Status
    statement: str
    evidence: tuple[dict[str, Any], ...]
    """Locations of the objective evidence ({file, line, column}): what is at fault (the failing items, the field
    or heading at fault where a check names it); for a finding without a failed check, what was found."""
    gap: str
    source: Source
    examined: tuple[dict[str, Any], ...] = ()
    """What else the checks examined (items that passed), after the evidence at fault."""


@dataclass(frozen=True)
class ClauseScore:
    clause: str
    title: str
    points: float
    """Sum of weight x points of its requirements (not-applicable excluded)."""
    weight: float
    """Sum of the weights of its requirements (not-applicable excluded)."""
    score: float | None
    counts: dict[str, int] = field(default_factory=dict)
    status: Status | None = None
    """The subclause's verdict by the declared aggregation rule (auditkit.verdicts.AGGREGATION_RULE)."""
    grade: Grade | None = None
    title_zh: str = ""
    """The title in Chinese, from the catalog's clause table."""
