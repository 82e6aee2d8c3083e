"""What every check rule shares: its outcome, its context and the Rule interface."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Callable, Iterable

from ..errors import Location

if TYPE_CHECKING:  # pragma: no cover
    from ..catalog import CheckSpec, Requirement
    from ..evidence import Evidence, EvidenceItem


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
    message_zh: str = ""
    """The message in Chinese, when the rule writes one."""

    def message_in(self, lang: str) -> str:
        return self.message_zh if lang == "zh" and self.message_zh else self.message

    def to_dict(self) -> dict:
        out = {"rule": self.rule, "outcome": self.outcome.value, "message": self.message,
               "evidence": [loc.to_dict() for loc in self.evidence]}
        if self.message_zh:
            out["message_zh"] = self.message_zh
        if self.check:
            out["check"] = self.check.to_dict()
        return out


@dataclass(frozen=True)
class CheckContext:
    """What a rule may look at: the evidence and the date of the assessment."""

    evidence: "Evidence"
    as_of: date
    requirement: "Requirement"


class Rule:
    """A named check rule. Subclasses set ``name``, ``params_schema`` and implement ``evaluate``."""

    name: str = ""
    params_schema: dict = {}
    """JSON Schema of the rule's parameters (besides rule/select/note)."""
    cadence_params: tuple[str, ...] = ()
    """Parameters an overlay's ``max_age``/``period`` replaces."""
    needs_items: bool = True
    """When True, a check that selects nothing fails with 'no evidence' before ``evaluate`` is called."""

    def evaluate(self, spec: "CheckSpec", items: list["EvidenceItem"], ctx: CheckContext) -> CheckResult:
        raise NotImplementedError

    # helpers shared by the rules
    def result(self, outcome: Outcome, message: str, evidence: Iterable[Location] = (), message_zh: str = "") -> CheckResult:
        return CheckResult(self.name, outcome, message, tuple(evidence), message_zh=message_zh)

    def every_item(
        self,
        items: list["EvidenceItem"],
        problem_of: Callable[["EvidenceItem"], tuple[str, Location] | None],
        passed: str,
    ) -> CheckResult:
        """Pass when no item has a problem; else fail naming every item that has one, with its location."""
        failures = []
        for item in items:
            found = problem_of(item)
            if found:
                failures.append(found)
        if not failures:
            return self.result(Outcome.PASS, passed, (item.locate() for item in items))
        text = "; ".join(f"{message}" for message, _ in failures)
        return self.result(Outcome.FAIL, text, (loc for _, loc in failures))


def describe_items(items) -> str:
    return ", ".join(item.id for item in items)


RULES: dict[str, Rule] = {}


def register(cls: type[Rule]) -> type[Rule]:
    """Class decorator: add a rule to the registry under its name."""
    RULES[cls.name] = cls()
    return cls
