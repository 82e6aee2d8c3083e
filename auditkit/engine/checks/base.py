"""What every check rule shares: its outcome, its context and the Rule interface."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

from auditkit.engine.checks.conditions import duration_problems
from auditkit.engine.concept_reads import ConceptReads
from auditkit.model.assessment import CheckResult, Outcome
from auditkit.model.errors import Location
from auditkit.model.messages import Message, msg

if TYPE_CHECKING:  # pragma: no cover
    from auditkit.inputs.catalog import CheckSpec, Requirement
    from auditkit.inputs.evidence import Evidence, EvidenceItem
    from auditkit.model.concepts import Concept


@dataclass(frozen=True)
class CheckContext:
    """What a rule may look at: the evidence and the date of the assessment."""

    evidence: "Evidence"
    as_of: date
    requirement: "Requirement"
    reads: ConceptReads = field(default_factory=ConceptReads)
    """The assessment's concept matches: where documents address concepts, each document prepared once."""


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

    def concept_reads(self, spec: "CheckSpec", items: list["EvidenceItem"]) -> Iterable[tuple[Any, Sequence["Concept"]]]:
        """The concepts this check will look for in which of ``items`` (``ctx.reads.match``), asked before any
        check runs so that each document is prepared once for all the checks that read it. Results never depend
        on it: a check that reads concepts and does not say so gets the same matches, at more cost."""
        return ()

    def param_problems(self, params: dict) -> list[tuple[tuple, str]]:
        """What is wrong with a check's parameters that its ``params_schema`` (already met) cannot say, each as
        (path inside the check, message): the catalog loader locates and reports them when the catalog loads, so
        a rule checks its own parameters and the loader knows no rule. Here: the cadence parameters are
        durations; a rule with more to check extends this."""
        return [found for key in self.cadence_params if key in params
                for found in duration_problems(params[key], (key,))]

    # helpers shared by the rules
    def result(self, outcome: Outcome, message: "str | Message", evidence: Iterable[Location] = (), *,
               absent: bool = False, input_fault: bool = False, metrics: Iterable = ()) -> CheckResult:
        """A result; a :class:`Message` keeps its template so the report can say it in the report's language.
        ``metrics``: the figures measured (auditkit.model.metrics), for checks over records."""
        template = message if isinstance(message, Message) else None
        return CheckResult(self.name, outcome, str(message), tuple(evidence), absent=absent, input_fault=input_fault,
                           template=template, metrics=tuple(metrics))

    def every_item(
        self,
        items: list["EvidenceItem"],
        problem_of: Callable[["EvidenceItem"], tuple[str, Location] | None],
        passed: "str | Message",
    ) -> CheckResult:
        """Pass when no item has a problem; else fail naming every item that has one, with its location."""
        failures = []
        for item in items:
            found = problem_of(item)
            if found:
                failures.append(found)
        if not failures:
            return self.result(Outcome.PASS, passed, (item.locate() for item in items))
        messages = [message for message, _ in failures]
        if all(isinstance(m, Message) for m in messages):  # one problem per item, each in the report's language
            return self.result(Outcome.FAIL, msg("join", items=messages), (loc for _, loc in failures))
        return self.result(Outcome.FAIL, "; ".join(str(m) for m in messages), (loc for _, loc in failures))


def describe_items(items) -> str:
    return ", ".join(item.id for item in items)


RULES: dict[str, Rule] = {}


def register(cls: type[Rule]) -> type[Rule]:
    """Class decorator: add a rule to the registry under its name."""
    RULES[cls.name] = cls()
    return cls
