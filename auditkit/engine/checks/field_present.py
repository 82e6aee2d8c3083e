"""field_present: every selected item has a non-empty value at a field (optionally equal to / matching)."""

import regex

from auditkit.model.messages import msg
from auditkit.engine.checks.base import Outcome, Rule, register

PATTERN_SECONDS = 0.2
"""A catalog's pattern comes from a pull request: a backtracking one (``^(a+)+$``) would hang the assessment, so
each match runs under this time limit (the ``regex`` engine's timeout) and is reported when it runs out."""


class _TooSlow(Exception):
    pass


@register
class FieldPresent(Rule):
    name = "field_present"
    params_schema = {
        "type": "object",
        "properties": {
            "field": {"type": "string", "minLength": 1},
            "equals": {"type": ["string", "number", "boolean"]},
            "pattern": {"type": "string", "format": "regex"},
        },
        "required": ["field"],
        "additionalProperties": False,
    }

    def evaluate(self, spec, items, ctx):
        field = spec.params["field"]
        try:
            pattern = regex.compile(spec.params["pattern"], regex.VERSION0) if "pattern" in spec.params else None
        except regex.error as exc:
            return self.result(Outcome.CANNOT_EVALUATE, f"pattern {spec.params['pattern']!r} is not usable: {exc}",
                               [spec.location])

        def problem(item):
            value = item.get(field)
            if value in (None, "", [], {}):
                return msg("field.missing", item=item.id, field=repr(field)), item.locate()
            if "equals" in spec.params and value != spec.params["equals"]:
                return (msg("field.not_equal", item=item.id, field=field, value=repr(value),
                            expected=repr(spec.params["equals"])), item.locate(field))
            if pattern:
                try:
                    matched = pattern.search(str(value), timeout=PATTERN_SECONDS)
                except TimeoutError:
                    raise _TooSlow(f"pattern {pattern.pattern!r} took over {PATTERN_SECONDS} s on {item.id}'s "
                                   f"{field}; write a pattern without nested repetition") from None
                if not matched:
                    return (msg("field.no_match", item=item.id, field=field, value=repr(value), pattern=repr(pattern.pattern)),
                            item.locate(field))
            return None

        try:
            return self.every_item(items, problem, msg("field.recorded", field=repr(field),
                                                       items=msg("comma", items=[i.id for i in items])))
        except _TooSlow as exc:
            return self.result(Outcome.CANNOT_EVALUATE, str(exc), [spec.location])
