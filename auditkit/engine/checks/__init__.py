"""The registry of check rule types. Adding a rule is one module here plus its tests."""

from auditkit.engine.checks.base import RULES, CheckContext, CheckResult, Outcome, Rule, register  # noqa: F401
from auditkit.engine.checks import (approved, competence, consistent, coverage, exists, field_present,  # noqa: F401,E402
                                   record_metrics, records, references, reviewed, sections, sla)

__all__ = ["RULES", "CheckContext", "CheckResult", "Outcome", "Rule", "register"]
