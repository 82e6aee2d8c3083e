"""evidence_exists: at least ``min`` evidence items are selected."""

from auditkit.engine.checks.base import Outcome, Rule, describe_items, register
from auditkit.model.messages import Message, msg


@register
class EvidenceExists(Rule):
    name = "evidence_exists"
    params_schema = {"type": "object", "properties": {"min": {"type": "integer", "minimum": 1}}, "additionalProperties": False}
    needs_items = False

    def evaluate(self, spec, items, ctx):
        wanted = spec.params.get("min", 1)
        what = describe_selection(spec)
        if len(items) >= wanted:
            return self.result(Outcome.PASS, msg("exists.found", n=len(items), what=what, items=describe_items(items)),
                               (i.locate() for i in items))
        if not items:
            return self.result(Outcome.FAIL, msg("exists.none", what=what), absent=True)
        return self.result(Outcome.FAIL, msg("exists.too_little", what=what, wanted=wanted, n=len(items),
                                             items=describe_items(items)), (i.locate() for i in items))


def describe_selection(spec) -> "Message | str":
    """' of type policy covering 5.2.2': what a check looked for, for its messages ('' when it names nothing)."""
    types = "/".join(spec.select.types)
    if types and spec.select.covers:
        return msg("selection.both", types=types, clause=spec.select.covers)
    if types:
        return msg("selection.types", types=types)
    if spec.select.covers:
        return msg("selection.covers", clause=spec.select.covers)
    return ""
