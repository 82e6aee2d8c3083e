"""Quality gates of ``auditkit check``: when a CI job passes, warns or fails, and why.

Gates are evaluated on the assessment's JSON form (the pivot every output renders from) plus the few inputs a
snapshot does not hold: a baseline assessment, the overdue corrective actions, the evidence that is about to go
stale and the lint problems of the process documents. The result, :class:`GateReport`, is a plain value whose
``to_dict()`` :meth:`auditkit.api.Project.check` adds to the assessment under the key ``check``; the junit, sarif, github and
summary renderers read it from there.

The gates (``gates:`` in ``auditkit.yaml``, each overridable by a flag):

============================  =====================================================================  ========
key                           fails (or warns) when                                                   default
============================  =====================================================================  ========
``min_score``                 the overall score is below the floor (0..1)                             none
``min_clause_score``          a clause's score (``{"8": 0.7, "8.6.1": 0.9}``) is below its floor      none
``major_nonconformities``     any finding is graded major nonconformity                               fail
``new_nonconformities``       a requirement is a nonconformity now but was not in the baseline, or    fail
                              its grade got worse (needs ``baseline``)
``overdue_actions``           a corrective action is past its due date                                fail
``stale_within``              evidence goes stale (review due) within this duration: always a warning 30 days
``lint``                      the process documents have lint problems (see :mod:`auditkit.engine.lint`)     warn
============================  =====================================================================  ========
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any, Callable, Iterable

from auditkit.inputs.dates import Duration, parse_duration
from auditkit.model.errors import ConfigError, InputErrors, Location, Problem, said_of
from auditkit.model.gaps import GapChange, GapChanges, compare_gaps
from auditkit.inputs.yamlsource import Document, SourceError, load_yaml_file
from auditkit.engine.lint import LintRules
from auditkit.inputs.catalog import default_clause_table
from auditkit.model.assessment import Grade, counts_in_score, weighted_score
from auditkit.model.clauses import ClauseTable, clause_key
from auditkit.model.messages import LANGUAGES, Message, duration, msg, render_dict
from auditkit.model.text import percent
from auditkit.inputs.source_cache import SourceCache
from auditkit.inputs.stored import read_stored
from auditkit.outputs import actions as register  # the module: tests replace its overdue_actions
from auditkit.outputs.render.common import finding_gap



class Level(str, Enum):
    """What a gate does when its condition is met."""

    FAIL = "fail"
    WARN = "warn"
    OFF = "off"


class Status(str, Enum):
    """The outcome of one gate."""

    PASS = "pass"
    FAIL = "fail"
    WARN = "warn"
    SKIPPED = "skipped"
    OFF = "off"


GATE_TITLES: dict[str, str] = {}
"""Gate key -> its English title (filled by :func:`gate`); every language's is the template ``gate.title.<key>``."""


def gate_title(name: str, lang: str = "en") -> str:
    """A gate's title in ``lang``."""
    return msg(f"gate.title.{name}").text(lang)


def said(entry: dict, field: str, lang: str) -> str:
    """The sentence ``field`` (``summary`` of a gate, ``message`` of an issue) of a gate report's JSON form in
    ``lang``: from its template (``<field>_template``) when it has one, else the English text stored (a report of
    an older auditkit)."""
    template = entry.get(f"{field}_template")
    return render_dict(template, lang) if template else entry[field]


def _counted(key: str, n: int, **params) -> Message:
    """``<key>.one`` for one, else ``<key>``: the English plural differs, the Chinese does not."""
    return msg(f"{key}.one" if n == 1 else key, n=n, **params)


@dataclass(frozen=True)
class GatePolicy:
    """The gates of one run: from ``auditkit.yaml`` (``gates:``), then command-line flags."""

    min_score: float | None = None
    """Floor of the overall score (0..1); None = no floor."""
    min_clause_score: dict[str, float] = field(default_factory=dict)
    """Clause or subclause number -> floor of its score."""
    major_nonconformities: Level = Level.FAIL
    new_nonconformities: Level = Level.FAIL
    overdue_actions: Level = Level.FAIL
    stale_within: Duration | None = Duration(days=30)
    """Warn about evidence whose review falls due within this; None = do not look."""
    lint: Level = Level.WARN
    lint_rules: dict = field(default_factory=dict)
    """The ``gates.lint`` mapping (fields, sections) for :func:`auditkit.engine.lint.LintRules.from_config`."""
    baseline: Path | None = None
    """Default baseline file (``gates.baseline``), relative to the project root."""
    locations: dict[str, Location] = field(default_factory=dict, compare=False)
    """Gate key -> where it is set in auditkit.yaml, so a failing gate can point at its setting."""


def policy_from_config(config_file: Path | None, root: Path, clauses: ClauseTable | None = None,
                       cache: SourceCache | None = None) -> GatePolicy:
    """Read ``gates:`` of the project config (already schema-validated by :func:`auditkit.inputs.config.load_config`).

    Semantic problems the schema cannot see (a clause not in ``clauses``, the catalog's clause table; default
    ISO/IEC 20000-1's) raise ConfigError with their location.
    """
    if config_file is None or not Path(config_file).is_file():
        return GatePolicy()
    try:
        doc = load_yaml_file(Path(config_file), cache=cache)
    except SourceError as exc:  # pragma: no cover - load_config read the same file a moment ago
        raise ConfigError([exc.problem]) from None
    raw = (doc.data or {}).get("gates") or {}
    return _policy_from_mapping(raw, doc, root, clauses or default_clause_table())


def _policy_from_mapping(raw: dict, doc: Document, root: Path, clauses: ClauseTable) -> GatePolicy:
    problems = []
    locations = {key: doc.locate(("gates", key), key=True) for key in raw}
    floors = {}
    for clause, floor in (raw.get("min_clause_score") or {}).items():
        if clause not in clauses:
            problems.append(Problem.of(doc.locate(("gates", "min_clause_score", clause), key=True),
                                       msg("catalog.not_clause_of", clause=repr(clause), standard=clauses.standard), "config"))
        floors[clause] = float(floor)
    stale: Duration | None = GatePolicy.stale_within
    if "stale_within" in raw:
        stale = _duration_or_off(raw["stale_within"], doc.locate(("gates", "stale_within")), problems)
    lint_raw = raw.get("lint", "warn")
    lint_level, lint_rules = (lint_raw, {}) if not isinstance(lint_raw, dict) else (lint_raw.get("level", "warn"), lint_raw)
    if lint_rules:
        try:
            LintRules.from_config(lint_rules)
        except ValueError as exc:
            problems.append(Problem.of(doc.locate(("gates", "lint")), said_of(exc), "config"))
    if problems:
        raise ConfigError(problems)
    baseline = raw.get("baseline")
    return GatePolicy(
        min_score=float(raw["min_score"]) if raw.get("min_score") is not None else None,
        min_clause_score=floors,
        major_nonconformities=_level(raw.get("major_nonconformities", "fail")),
        new_nonconformities=_level(raw.get("new_nonconformities", "fail")),
        overdue_actions=_level(raw.get("overdue_actions", "fail")),
        stale_within=stale,
        lint=_level(lint_level),
        lint_rules=dict(lint_rules),
        baseline=(root / baseline) if baseline else None,
        locations=locations,
    )


def _level(value) -> Level:
    """A gate level as written; YAML 1.1 reads a bare ``off`` as false, which means off too."""
    return Level.OFF if value is False else Level(value)


def _duration_or_off(value, location: Location, problems: list) -> Duration | None:
    if value in ("off", None, False):
        return None
    try:
        return parse_duration(value)
    except ValueError as exc:
        problems.append(Problem.of(location, said_of(exc), "config"))
        return None


def parse_stale_within(text: str) -> Duration | None:
    """The ``--stale-within`` flag: a duration, or ``off``; raise ValueError otherwise."""
    return None if text.strip().lower() in ("off", "0", "none") else parse_duration(text)


def with_overrides(policy: GatePolicy, **flags: Any) -> GatePolicy:
    """The policy with every flag that was given (not None) taking precedence over the config file.

    A flag that overrides a setting also drops its config location: the setting no longer comes from there.
    """
    changes = {k: v for k, v in flags.items() if v is not None and v != {}}
    if "min_clause_score" in changes:
        changes["min_clause_score"] = {**policy.min_clause_score, **changes["min_clause_score"]}
    locations = {k: v for k, v in policy.locations.items() if k not in changes}
    return replace(policy, **changes, locations=locations)


# --------------------------------------------------------------------------------------------- baseline


class BaselineError(InputErrors):
    layer = "baseline"


def load_baseline(path: Path, cache: SourceCache | None = None) -> dict:
    """Read a baseline: an assessment JSON (``auditkit assess --format json``) or a snapshot JSON (the
    assessment under the key ``assessment``). Raise BaselineError with a location when it is neither."""
    return read_stored(path, error=BaselineError, prefix="stored.baseline", shape_first=False,
                       cache=cache)


def _gap_dict(g: GapChange) -> dict:
    out = {"requirement": g.requirement, "grade": g.grade, "title": g.title, "clause": g.clause, "gap": g.gap}
    if g.before:
        out["before"] = g.before
    return out


@dataclass(frozen=True)
class Comparison:
    """The current assessment against a baseline: the score change and the gaps (:mod:`auditkit.model.gaps`)."""

    file: str
    as_of: str
    overall_before: float | None
    overall_after: float | None
    gaps: GapChanges
    """New, resolved and persisting gaps."""
    clauses: tuple[dict, ...]
    """Per top-level clause: {clause, title, before, after}."""

    @property
    def new(self) -> tuple[GapChange, ...]:
        return self.gaps.new

    @property
    def resolved(self) -> tuple[GapChange, ...]:
        return self.gaps.resolved

    @property
    def changed(self) -> tuple[GapChange, ...]:
        return self.gaps.changed

    @property
    def unchanged(self) -> tuple[str, ...]:
        return tuple(g.requirement for g in self.gaps.unchanged)

    def to_dict(self) -> dict:
        return {"file": self.file, "as_of": self.as_of, "overall_before": self.overall_before,
                "overall_after": self.overall_after, "new": [_gap_dict(g) for g in self.new],
                "resolved": [_gap_dict(g) for g in self.resolved], "changed": [_gap_dict(g) for g in self.changed],
                "unchanged": list(self.unchanged), "clauses": list(self.clauses)}


def compare(baseline: dict, data: dict, file: str = "") -> Comparison:
    """Compare ``data`` with ``baseline`` by requirement id (paths and line numbers may differ freely)."""
    scores_before = {c["clause"]: c for c in baseline["clauses"]}
    clauses = []
    for c in data["clauses"]:
        old = scores_before.get(c["clause"])
        clauses.append({"clause": c["clause"], "title": c["title"], "before": old["score"] if old else None, "after": c["score"]})
    return Comparison(
        file=file,
        as_of=baseline.get("as_of", ""),
        overall_before=baseline["summary"]["overall"]["score"],
        overall_after=data["summary"]["overall"]["score"],
        gaps=compare_gaps(baseline, data),
        clauses=tuple(clauses),
    )


# --------------------------------------------------------------------------------------------- stale soon


@dataclass(frozen=True)
class StaleSoon:
    """An evidence item whose review falls due within the warning window."""

    item: str
    title: str
    due: date
    location: Location

    def days(self, as_of: date) -> int:
        return (self.due - as_of).days


def stale_soon(evidence, as_of: date, within: Duration | None) -> list[StaleSoon]:
    """Items whose review falls due on or after ``as_of`` and no later than ``as_of + within``.

    The due date follows the ``reviewed_within`` rule: the latest review or approval plus the item's
    ``review_interval``; an item with only ``next_review`` is due then. Items already overdue are not listed:
    their checks (and lint) report them.
    """
    if within is None:
        return []
    horizon = within.after(as_of)
    out = []
    for item in evidence.items:
        due, key = item.review_due()
        if due is not None and as_of <= due <= horizon:
            out.append(StaleSoon(item.id, item.title, due, item.locate(key)))
    return sorted(out, key=lambda s: (s.due, s.item))


# --------------------------------------------------------------------------------------------- evaluation


@dataclass(frozen=True)
class Issue:
    """One reason a gate fails or warns, located where the user can fix it."""

    gate: str
    severity: str
    """'error' (the gate fails) or 'warning'."""
    said: Message | str
    """What is wrong: a template of messages.yaml (a text of the user's own, such as a lint problem, as is)."""
    location: dict | None = None
    """{file, line, column} of the evidence or catalog file concerned, or None."""
    requirement: str | None = None
    grade: str | None = None
    rule: str | None = None
    """A finer rule id (a lint code, a check rule), for SARIF."""

    @property
    def message(self) -> str:
        """The sentence in English: the JSON's ``message`` and SARIF's fingerprint, the same in every language."""
        return self.said.text("en") if isinstance(self.said, Message) else self.said

    def to_dict(self) -> dict:
        out: dict = {"gate": self.gate, "severity": self.severity, "message": self.message}
        if isinstance(self.said, Message):
            out["message_template"] = self.said.to_dict()
        for key in ("location", "requirement", "grade", "rule"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        return out


@dataclass(frozen=True)
class GateOutcome:
    """The outcome of one gate: its setting, its status, a one-line summary and its issues."""

    name: str
    level: Level
    status: Status
    said: Message | str
    """The one-line summary: a template of messages.yaml, or a text of figures only (``8 80.0%; 9 75.0%``)."""
    issues: tuple[Issue, ...] = ()
    setting: str = ""
    location: Location | None = None
    """Where the gate is set in auditkit.yaml."""

    @classmethod
    def off(cls, name: str, summary: Message | None = None) -> "GateOutcome":
        """A gate that is switched off in the policy."""
        return cls(name, Level.OFF, Status.OFF, summary or msg("gate.off"), setting="off")

    @classmethod
    def skipped(cls, name: str, level: Level, reason: Message) -> "GateOutcome":
        """A gate that is on but lacks what it compares (a baseline, the register)."""
        return cls(name, level, Status.SKIPPED, reason, setting=level.value)

    @property
    def summary(self) -> str:
        """The summary in English (the JSON's ``summary``)."""
        return self.said.text("en") if isinstance(self.said, Message) else self.said

    def to_dict(self) -> dict:
        out = {"name": self.name, "title": GATE_TITLES[self.name], "level": self.level.value, "setting": self.setting,
               "status": self.status.value, "summary": self.summary, "issues": [i.to_dict() for i in self.issues]}
        if isinstance(self.said, Message):
            out["summary_template"] = self.said.to_dict()
        if self.location is not None:
            out["location"] = self.location.to_dict()
        return out


@dataclass(frozen=True)
class GateReport:
    """Every gate of one run, and the baseline comparison when there was a baseline."""

    gates: tuple[GateOutcome, ...]
    comparison: Comparison | None = None
    root: str = "."
    """The project root as a display path; SARIF makes paths relative to it."""

    @property
    def passed(self) -> bool:
        return not any(g.status is Status.FAIL for g in self.gates)

    @property
    def failed_gates(self) -> list[GateOutcome]:
        return [g for g in self.gates if g.status is Status.FAIL]

    def issues(self) -> list[Issue]:
        return [i for g in self.gates for i in g.issues]

    def to_dict(self) -> dict:
        errors = sum(1 for i in self.issues() if i.severity == "error")
        return {
            "passed": self.passed,
            "root": self.root,
            "failed": [g.name for g in self.failed_gates],
            "counts": {"errors": errors, "warnings": len(self.issues()) - errors},
            "gates": [g.to_dict() for g in self.gates],
            "baseline": self.comparison.to_dict() if self.comparison else None,
        }


def clause_score(data: dict, clause: str) -> tuple[float, float, float | None]:
    """(points, weight, score) of a clause or subclause and everything below it, by the declared formula."""
    return weighted_score((r["weight"], r["points"]) for r in data["results"]
                          if (r["clause"] == clause or r["clause"].startswith(clause + ".")) and counts_in_score(r["status"]))


def finding_location(data: dict, requirement: str) -> dict | None:
    """Where a finding points, always inside the project: the first located evidence of a failing check, else the
    failing check in the catalog when the catalog lies in the project, else any evidence of the finding (a
    judgment's location), else the evidence folder by its profile (:func:`evidence_anchor`): a check that found
    nothing has no file of its own, and the bundled catalog lies outside the client's repository."""
    result = next((r for r in data["results"] if r["requirement"] == requirement), None)
    if result is not None:
        failing = [c for c in result["checks"] if c["outcome"] != "pass"]
        for check in failing:
            for loc in check["evidence"]:
                if loc.get("line") is not None:
                    return loc
        for check in failing:
            if check.get("check"):
                return check["check"]
    finding = next((f for f in data["findings"] if f["requirement"] == requirement), None)
    if finding and finding["evidence"]:
        return finding["evidence"][0]
    return evidence_anchor(data)


def evidence_anchor(data: dict) -> dict | None:
    """The evidence folder, by its organisation profile (no line): where the user adds what a finding found missing.
    None for an assessment of an older version, which did not record it."""
    profile = (data.get("inputs") or {}).get("profile")
    return {"file": profile} if profile else None


@dataclass(frozen=True)
class GateInputs:
    """What every gate reads: the assessment, the policy, and the few inputs a snapshot does not hold."""

    data: dict
    policy: GatePolicy
    as_of: date
    comparison: Comparison | None
    """The assessment against the baseline; None when there is no baseline."""
    baseline_file: str
    overdue: list[dict] | None
    """The overdue corrective actions; None when the register cannot be read."""
    stale: tuple[StaleSoon, ...]
    lint: tuple[Problem, ...]

    def where(self, gate: str) -> Location | None:
        """Where ``gate`` is set in auditkit.yaml, if it is."""
        return self.policy.locations.get(gate)

    def where_dict(self, gate: str) -> dict | None:
        found = self.where(gate)
        return found.to_dict() if found else None

    @property
    def titles(self) -> dict[str, dict]:
        """Requirement id -> its title in every language the catalog gives."""
        return {r["requirement"]: r["title"] for r in self.data["results"]}


Gate = Callable[[GateInputs], "GateOutcome"]
GATES: dict[str, Gate] = {}
"""The gates, by key, in the order they are evaluated and reported. A gate is a function of :class:`GateInputs`
to its :class:`GateOutcome`; adding one is a function here with ``@gate``, its setting in :class:`GatePolicy`."""


def gate(name: str) -> Callable[[Gate], Gate]:
    """Register the gate ``name`` (its key in ``gates:`` of auditkit.yaml); its title is the template
    ``gate.title.<name>`` of messages.yaml."""
    def register_gate(function: Gate) -> Gate:
        GATES[name] = function
        GATE_TITLES[name] = gate_title(name)
        return function

    return register_gate


def evaluate(
    data: dict,
    policy: GatePolicy,
    *,
    as_of: date,
    baseline: dict | None = None,
    baseline_file: str = "",
    overdue: list[dict] | None = None,
    stale: Iterable[StaleSoon] = (),
    lint: Iterable[Problem] = (),
    root: str = ".",
) -> GateReport:
    """Evaluate every gate of :data:`GATES` on assessment ``data`` by ``policy``. Pure: every input is a value.

    ``overdue`` is None when the corrective-action register cannot be read (the gate is then skipped);
    ``baseline`` is None when there is none (the new-nonconformity gate is then skipped).
    """
    comparison = compare(baseline, data, baseline_file) if baseline is not None else None
    inputs = GateInputs(data, policy, as_of, comparison, baseline_file, overdue, tuple(stale), tuple(lint))
    return GateReport(tuple(evaluate_gate(inputs) for evaluate_gate in GATES.values()), comparison, root)


@gate("min_score")
def _min_score(x: GateInputs) -> GateOutcome:
    floor = x.policy.min_score
    if floor is None:
        return GateOutcome.off("min_score", msg("gate.min_score.none"))
    overall = x.data["summary"]["overall"]
    below = overall["score"] is None or overall["score"] < floor
    summary = msg("gate.min_score.summary", score=percent(overall["score"]), compared="<" if below else ">=",
                  floor=percent(floor))
    issues = (Issue("min_score", "error", msg("gate.points", text=summary, points=overall["points"],
                                              weight=overall["weight"]), x.where_dict("min_score")),) if below else ()
    return GateOutcome("min_score", Level.FAIL, Status.FAIL if below else Status.PASS, summary, issues,
                       f">= {percent(floor)}", x.where("min_score"))


@gate("min_clause_score")
def _min_clause_score(x: GateInputs) -> GateOutcome:
    floors = x.policy.min_clause_score
    if not floors:
        return GateOutcome.off("min_clause_score", msg("gate.min_clause_score.none"))
    issues, parts = [], []
    for clause, floor in sorted(floors.items(), key=lambda kv: clause_key(kv[0])):
        points, weight, score = clause_score(x.data, clause)
        parts.append(f"{clause} {percent(score)}")
        if score is None:
            issues.append(Issue("min_clause_score", "warning",
                                msg("gate.min_clause_score.empty", clause=clause, floor=percent(floor)),
                                x.where_dict("min_clause_score")))
        elif score < floor:
            below = msg("gate.min_clause_score.below", clause=clause, score=percent(score), floor=percent(floor))
            issues.append(Issue("min_clause_score", "error", msg("gate.points", text=below, points=points, weight=weight),
                                x.where_dict("min_clause_score")))
    failed = any(i.severity == "error" for i in issues)
    setting = ", ".join(f"{c} >= {percent(f)}" for c, f in floors.items())
    return GateOutcome("min_clause_score", Level.FAIL, Status.FAIL if failed else Status.PASS, "; ".join(parts),
                       tuple(issues), setting, x.where("min_clause_score"))


@gate("major_nonconformities")
def _major_nonconformities(x: GateInputs) -> GateOutcome:
    majors = [f for f in x.data["findings"] if f["grade"] == Grade.MAJOR.value]
    return _findings_gate("major_nonconformities", x.policy.major_nonconformities, majors, x,
                          _counted("gate.majors.summary", len(majors)))


@gate("new_nonconformities")
def _new_nonconformities(x: GateInputs) -> GateOutcome:
    level, comparison = x.policy.new_nonconformities, x.comparison
    if level is Level.OFF:
        return GateOutcome.off("new_nonconformities")
    if comparison is None:
        return GateOutcome.skipped("new_nonconformities", level, msg("gate.new.no_baseline"))
    by_id = {f["requirement"]: f for f in x.data["findings"]}
    failing = comparison.gaps.new_nonconformities()
    new = [by_id[g.requirement] for g in failing]
    before = {g.requirement: g.before for g in failing}
    summary = _counted("gate.new.summary", len(failing), new=len(comparison.new), resolved=len(comparison.resolved),
                       changed=len(comparison.changed), unchanged=len(comparison.unchanged),
                       baseline=x.baseline_file or msg("gate.new.the_baseline"), as_of=comparison.as_of)

    def prefix(f: dict) -> Message:
        was = before[f["requirement"]]
        return msg("gate.new.was", grade=was) if was else msg("gate.new.since")

    return _findings_gate("new_nonconformities", level, new, x, summary, prefix)


@gate("overdue_actions")
def _overdue_actions(x: GateInputs) -> GateOutcome:
    level = x.policy.overdue_actions
    if level is Level.OFF:
        return GateOutcome.off("overdue_actions")
    if x.overdue is None:
        return GateOutcome.skipped("overdue_actions", level, msg("gate.overdue.no_register"))
    late = [a for a in x.overdue if a.get("overdue", True)]
    severity = "error" if level is Level.FAIL else "warning"
    issues = tuple(Issue("overdue_actions", severity, _action_message(a, x.as_of), _action_location(a),
                         a.get("requirement"), a.get("grade")) for a in late)
    return GateOutcome("overdue_actions", level, _status(level, bool(late)),
                       _counted("gate.overdue.summary", len(late)), issues, level.value,
                       x.where("overdue_actions"))


@gate("stale_within")
def _stale_within(x: GateInputs) -> GateOutcome:
    """A warning by definition."""
    within = x.policy.stale_within
    if within is None:
        return GateOutcome.off("stale_within")
    issues = tuple(Issue("stale_within", "warning",
                         _counted("gate.stale.item", s.days(x.as_of), item=s.item, title=s.title, due=str(s.due)),
                         s.location.to_dict(), rule="stale-soon") for s in x.stale)
    return GateOutcome("stale_within", Level.WARN, Status.WARN if x.stale else Status.PASS,
                       _counted("gate.stale.summary", len(x.stale), within=duration(within)),
                       issues, str(within), x.where("stale_within"))


@gate("lint")
def _lint(x: GateInputs) -> GateOutcome:
    level = x.policy.lint
    if level is Level.OFF:
        return GateOutcome.off("lint")
    severity = "error" if level is Level.FAIL else "warning"
    issues = tuple(Issue("lint", severity, getattr(p, "said", None) or p.message, p.location.to_dict(),
                         rule=getattr(p, "code", None) or "lint")
                   for p in x.lint)
    return GateOutcome("lint", level, _status(level, bool(x.lint)), _counted("gate.lint.summary", len(x.lint)),
                       issues, level.value, x.where("lint"))


def _status(level: Level, triggered: bool) -> Status:
    if not triggered:
        return Status.PASS
    return Status.FAIL if level is Level.FAIL else Status.WARN


def _findings_gate(name: str, level: Level, findings: list[dict], x: GateInputs, summary: Message,
                   prefix: Callable[[dict], Message | str] = lambda f: "") -> GateOutcome:
    if level is Level.OFF:
        return GateOutcome.off(name)
    severity = "error" if level is Level.FAIL else "warning"
    titles = x.titles
    issues = tuple(
        Issue(name, severity, msg("gate.finding", prefix=prefix(f), requirement=f["requirement"],
                                  title=titles.get(f["requirement"], {"en": ""}), gap=_gap(x.data, f)),
              finding_location(x.data, f["requirement"]), f["requirement"], f["grade"])
        for f in findings
    )
    return GateOutcome(name, level, _status(level, bool(findings)), summary, issues, level.value, x.where(name))


def _gap(data: dict, finding: dict) -> dict:
    """A finding's gap in every language: the English stored, the others composed from its checks' templates."""
    return {lang: finding["gap"] if lang == "en" else finding_gap(data, finding, lang) for lang in LANGUAGES}


def _action_message(action: dict, as_of: date) -> Message:
    due = action.get("due")
    days = action.get("overdue")
    late = _counted("gate.overdue.days", days) if isinstance(days, int) and not isinstance(days, bool) else msg("gate.overdue.late")
    if (isinstance(days, bool) or not isinstance(days, int)) and due:
        try:
            late = msg("gate.overdue.days", n=(as_of - date.fromisoformat(str(due))).days)
        except ValueError:
            pass
    grade = msg("gate.action.grade", grade=action["grade"]) if action.get("grade") else ""
    return msg("gate.action", id=action.get("id", "?"), due=str(due), late=late,
               title=msg("gate.action.title", title=action["title"]) if action.get("title") else "",
               requirement=msg("gate.action.requirement", requirement=action["requirement"], grade=grade)
               if action.get("requirement") else "",
               state=msg("gate.action.state", state=action["state"]) if action.get("state") else "",
               owner=msg("gate.action.owner", owner=action["owner"]) if action.get("owner") else "")


def _action_location(action: dict) -> dict | None:
    """An action's file (and line) when the register gives it."""
    loc = action.get("location")
    if isinstance(loc, dict) and loc.get("file"):
        return {k: loc[k] for k in ("file", "line", "column") if loc.get(k) is not None}
    if action.get("file"):
        out = {"file": str(action["file"])}
        if action.get("line"):
            out["line"] = int(action["line"])
        return out
    return None


def overdue_actions(project_root: Path, as_of: date) -> list[dict]:
    """The overdue corrective actions of the project's register (:mod:`auditkit.outputs.actions`)."""
    return [dict(a) for a in register.overdue_actions(project_root, as_of)]
