"""approved: every selected item names an approver and an approval date not after the assessment date."""

from auditkit.engine.checks.base import Rule, register
from auditkit.model.messages import msg


@register
class Approved(Rule):
    name = "approved"
    params_schema = {"type": "object", "additionalProperties": False}

    def evaluate(self, spec, items, ctx):
        def problem(item):
            if item.approver and not item.approved:  # an approval without a date: never dated silently
                return msg("approved.no_date", item=item.id, approver=item.approver), item.locate("approver")
            if not item.approver or not item.approved:
                return msg("approved.not_approved", item=item.id), item.locate()
            if item.approved > ctx.as_of:
                return msg("approved.future", item=item.id, approved=item.approved, as_of=ctx.as_of), item.locate("approved")
            return None

        return self.every_item(
            items, problem, msg("approved.passed", items=msg("comma", items=[
                msg("approved.entry", item=i.id, approver=i.approver, date=i.approved) for i in items]))
        )
