"""approved: every selected item names an approver and an approval date not after the assessment date."""

from auditkit.engine.checks.base import Rule, register


@register
class Approved(Rule):
    name = "approved"
    params_schema = {"type": "object", "additionalProperties": False}

    def evaluate(self, spec, items, ctx):
        def problem(item):
            if item.approver and not item.approved:  # an approval without a date: never dated silently
                return (f"{item.id}: approved by {item.approver}, but no approval date is written "
                        f"(an approval without a date)", item.locate("approver"))
            if not item.approver or not item.approved:
                return f"{item.id} is not approved (no approver and approval date)", item.locate()
            if item.approved > ctx.as_of:
                return f"{item.id} is approved only from {item.approved} (after {ctx.as_of})", item.locate("approved")
            return None

        return self.every_item(
            items, problem, "approved: " + ", ".join(f"{i.id} by {i.approver} on {i.approved}" for i in items)
        )
