"""reviewed_within: every selected item was reviewed (or approved) within its interval: stale is a finding."""

from auditkit.inputs.dates import parse_duration
from auditkit.inputs.documents import staleness, where
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
            stated = item.metadata.get("next_review") if item.metadata is not None else None
            if stated is not None and stated.date and stated.date < ctx.as_of and "next_review" not in item.doc.data:
                return (f"{item.id} is stale: its next review was due on {stated.date} ({where(stated.location)})",
                        stated.location)
            if interval is None:
                return f"{item.id} has no review_interval and the check sets no max_age", item.locate()
            if last is None and item.metadata is not None and fixed is None:
                found = staleness(item.metadata, ctx.as_of)  # the document's own change log, when it has no review date
                if found is not None:
                    return (f"{item.id} is stale: last dated change {found.basis.date}, review due {found.due} "
                            f"(interval {interval})", found.basis.location)
                if item.metadata.latest_revision is not None:
                    return None
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
