"""field_present: every selected item has a non-empty value at a field (optionally equal to / matching)."""

import re

from auditkit.engine.checks.base import Outcome, Rule, register


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
        pattern = re.compile(spec.params["pattern"]) if "pattern" in spec.params else None

        def problem(item):
            value = item.get(field)
            if value in (None, "", [], {}):
                return f"{item.id} has no {field!r}", item.locate()
            if "equals" in spec.params and value != spec.params["equals"]:
                return f"{item.id}: {field} is {value!r}, expected {spec.params['equals']!r}", item.locate(field)
            if pattern and not pattern.search(str(value)):
                return f"{item.id}: {field} {value!r} does not match {pattern.pattern!r}", item.locate(field)
            return None

        return self.every_item(items, problem, f"{field!r} recorded in " + ", ".join(i.id for i in items))
