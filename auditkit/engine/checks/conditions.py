"""What a record condition (``condition:``/``where:`` of a check over record sets, docs/formats.md §4) may say beyond
its schema, checked once when the catalog loads (:meth:`auditkit.engine.checks.base.Rule.param_problems`), not
record by record: ``within`` compares two dates, and ``equals``/``in`` values have the type the field is read as."""

from __future__ import annotations

from auditkit.inputs.dates import parse_duration
from auditkit.inputs.records import field_kind, is_date_field

Problems = list[tuple[tuple, str]]
"""(path inside the check, message), for the catalog loader to locate."""

_YAML_TYPES = {"boolean": (bool,), "number": (int, float), "text": (str,)}
_WRITE = {"boolean": "true or false, unquoted", "number": "a number, unquoted", "text": "text in quotes"}


def duration_problems(value: object, at: tuple) -> Problems:
    """A duration as the catalog writes it ("12 months", "P30D")."""
    try:
        parse_duration(value)  # type: ignore[arg-type]  # the schema made it a string
    except ValueError as exc:
        return [(at, str(exc))]
    return []


def condition_problems(condition: object, at: tuple) -> Problems:
    """The problems of one condition the schema accepted."""
    if not isinstance(condition, dict):
        return []
    found: Problems = []
    if "within" in condition:
        found += _within_problems(condition, at)
    if "equals" in condition or "in" in condition:
        found += _typed_value_problems(condition, at)
    return found


def _typed_value_problems(condition: dict, at: tuple) -> Problems:
    """``equals``/``in`` values of the type the field is read as: a record's yes/no is never equal to the text
    "true" or the number 0, so such a condition would match nothing, silently."""
    kind = field_kind(condition["field"])
    allowed = _YAML_TYPES.get(kind)
    if allowed is None:  # a date: compared with within/period, not equals
        return [(at + ("field",), f"{condition['field']!r} is a date field: compare it with "
                 "'within' and 'of', or a check's period, not with equals/in")]
    problems = []
    values = [(("equals",), condition["equals"])] if "equals" in condition else []
    values += [(("in", index), value) for index, value in enumerate(condition.get("in", []))]
    for where, value in values:
        if not isinstance(value, allowed) or (kind == "number" and isinstance(value, bool)):
            problems.append((at + where, f"{condition['field']!r} is read as {kind} but {value!r} "
                             f"is {_yaml_type(value)}: write {_WRITE[kind]}"))
    return problems


def _yaml_type(value: object) -> str:
    return "a boolean" if isinstance(value, bool) else "a number" if isinstance(value, (int, float)) else "text"


def _within_problems(condition: dict, at: tuple) -> Problems:
    problems = duration_problems(condition["within"], at + ("within",))
    for key in ("field", "of"):
        if not is_date_field(condition[key]):
            problems.append((at + (key,), f"{condition[key]!r} is not a date field: 'within' compares two dates "
                             "(opened, resolved, closed, date, or a name ending in _at/_on)"))
    return problems
