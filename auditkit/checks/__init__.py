"""The registry of check rule types. Adding a rule is one module here plus its tests."""

from .base import RULES, CheckContext, CheckResult, Outcome, Rule, register  # noqa: F401
from . import approved, coverage, exists, field_present, records, reviewed, sections  # noqa: F401,E402

__all__ = ["RULES", "CheckContext", "CheckResult", "Outcome", "Rule", "register"]
