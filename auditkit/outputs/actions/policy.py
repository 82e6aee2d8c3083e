"""The corrective-action policy of a project: due dates by grade and the action id prefix.

Read from the optional ``actions:`` section of ``auditkit.yaml`` (validated with the rest of the file by
``config.schema.json``)::

    actions:
      due:
        major-nc: 90 days        # a duration after the assessment date
        minor-nc: next-audit     # or a duration
      next_audit: 2027-11-04     # the next (surveillance) audit; default: assessment date + audit_interval
      audit_interval: 12 months
      id_prefix: CAR
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from auditkit.inputs.config import CONFIG_NAME, ProjectConfig
from auditkit.inputs.dates import Duration, parse_date, parse_duration
from auditkit.model.errors import ConfigError, Problem, said_of
from auditkit.inputs.yamlsource import Document, SourceError, load_yaml_file

NEXT_AUDIT = "next-audit"

DEFAULT_DUE = {"major-nc": "90 days", "minor-nc": NEXT_AUDIT}
"""Certification bodies' usual rule: majors within 90 days, minors verified at the next audit at the latest."""


def raw_config_section(root: Path, key: str, config_file: Path | None = None) -> tuple[dict, Document | None]:
    """The raw ``key:`` section of the project's auditkit.yaml (empty when absent) and its document.

    ``config.load_config`` has already validated the file against its schema when a command loaded it; this
    only reads the section the core config does not model.
    """
    file = Path(config_file) if config_file else Path(root) / CONFIG_NAME
    if not file.is_file():
        return {}, None
    try:
        doc = load_yaml_file(file)
    except SourceError as exc:
        raise ConfigError([exc.problem]) from None
    if not isinstance(doc.data, dict):
        return {}, doc
    section = doc.data.get(key) or {}
    return (section if isinstance(section, dict) else {}), doc


@dataclass(frozen=True)
class DuePolicy:
    """When a corrective action is due, by grade of the nonconformity it answers."""

    due: dict = field(default_factory=lambda: dict(DEFAULT_DUE))
    """grade -> a duration text or ``next-audit``."""
    next_audit: date | None = None
    audit_interval: Duration = Duration(months=12)
    id_prefix: str = "CAR"

    def next_audit_after(self, assessed: date) -> date:
        """The next audit after an assessment: the configured date when it is later, else one interval on."""
        if self.next_audit is not None and self.next_audit > assessed:
            return self.next_audit
        return self.audit_interval.after(assessed)

    def due_date(self, grade: str, assessed: date) -> date:
        """The due date of an action raised for a finding of ``grade`` in the assessment of ``assessed``."""
        rule = self.due.get(grade, NEXT_AUDIT)
        if rule == NEXT_AUDIT:
            return self.next_audit_after(assessed)
        return parse_duration(rule).after(assessed)

    def describe(self, grade: str) -> str:
        rule = self.due.get(grade, NEXT_AUDIT)
        return "by the next audit" if rule == NEXT_AUDIT else f"within {rule}"


def load_policy(config: ProjectConfig) -> DuePolicy:
    """The project's due-date policy (defaults when auditkit.yaml has no ``actions:`` section)."""
    section, doc = raw_config_section(config.root, "actions", config.file)
    if not section:
        return DuePolicy()
    problems = []
    due = dict(DEFAULT_DUE)
    for grade, rule in (section.get("due") or {}).items():
        if rule != NEXT_AUDIT:
            try:
                parse_duration(rule)
            except ValueError as exc:
                problems.append(Problem.of(doc.locate(("actions", "due", grade)), said_of(exc), "config"))
                continue
        due[grade] = rule
    next_audit = None
    if "next_audit" in section:
        try:
            next_audit = parse_date(section["next_audit"])
        except ValueError as exc:
            problems.append(Problem.of(doc.locate(("actions", "next_audit")), said_of(exc), "config"))
    interval = Duration(months=12)
    if "audit_interval" in section:
        try:
            interval = parse_duration(section["audit_interval"])
        except ValueError as exc:
            problems.append(Problem.of(doc.locate(("actions", "audit_interval")), said_of(exc), "config"))
    if problems:
        raise ConfigError(problems)
    return DuePolicy(due=due, next_audit=next_audit, audit_interval=interval,
                     id_prefix=section.get("id_prefix", "CAR"))
