"""reviewed_within: every selected item was reviewed (or approved) within its interval: stale is a finding."""

from auditkit.inputs.dates import parse_duration
from auditkit.engine.checks.base import Rule, register


@register
class ReviewedWithin(Rule):
    name = "reviewed_within"
    params_schema = {
        "type": "object",
        "properties": {"max_age": {"type": "string"}},
        "additionalProperties": False,
    }
    cadence_params = ("max_age",)

    def evaluate(self, spec, items, ctx):
        fixed = parse_duration(spec.params["max_age"]) if "max_age" in spec.params else None

        def problem(item):
            interval = fixed or item.review_interval
            last = item.last_reviewed
            if interval is None:
                return f"{item.id} has no review_interval and the check sets no max_age", item.locate()
            if last is None:
                return f"{item.id} has no review or approval date", item.locate()
            due = interval.after(last)
            if due < ctx.as_of:
                field = "reviewed" if item.reviewed == last else "approved"
                return (f"{item.id} is stale: last reviewed {last}, review due {due} (interval {interval})",
                        item.locate(field))
            return None

        return self.every_item(
            items, problem, "reviewed in time: " + ", ".join(f"{i.id} ({i.last_reviewed})" for i in items)
        )
