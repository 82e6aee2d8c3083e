"""reviewed_within: every selected item was reviewed (or approved) within its interval: stale is a finding."""

from auditkit.inputs.dates import parse_duration
from auditkit.inputs.documents import staleness, where
from auditkit.engine.checks.base import Rule, register
from auditkit.model.messages import duration, msg


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
                return (msg("reviewed.stale_next", item=item.id, date=stated.date, where=where(stated.location)),
                        stated.location)
            if interval is None:
                return msg("reviewed.no_interval", item=item.id), item.locate()
            if last is None and item.metadata is not None and fixed is None:
                found = staleness(item.metadata, ctx.as_of)  # the document's own change log, when it has no review date
                if found is not None:
                    return (msg("reviewed.stale_change", item=item.id, date=found.basis.date, due=found.due,
                                interval=duration(interval)), found.basis.location)
                if item.metadata.latest_revision is not None:
                    return None
            if last is None:
                return msg("reviewed.no_date", item=item.id), item.locate()
            due = interval.after(last)
            if due < ctx.as_of:
                field = "reviewed" if item.reviewed == last else "approved"
                return (msg("reviewed.stale", item=item.id, last=last, due=due, interval=duration(interval)),
                        item.locate(field))
            return None

        return self.every_item(
            items, problem, msg("reviewed.passed", items=msg("comma", items=[
                msg("reviewed.entry", item=i.id, date=i.last_reviewed) for i in items]))
        )
