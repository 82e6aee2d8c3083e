"""evidence_exists: at least ``min`` evidence items are selected."""

from auditkit.engine.checks.base import Outcome, Rule, describe_items, register


@register
class EvidenceExists(Rule):
    name = "evidence_exists"
    params_schema = {"type": "object", "properties": {"min": {"type": "integer", "minimum": 1}}, "additionalProperties": False}
    needs_items = False

    def evaluate(self, spec, items, ctx):
        wanted = spec.params.get("min", 1)
        what = describe_selection(spec)
        if len(items) >= wanted:
            return self.result(Outcome.PASS, f"{len(items)} item(s) found{what}: {describe_items(items)}",
                               (i.locate() for i in items))
        if not items:
            return self.result(Outcome.FAIL, f"no evidence{what}", absent=True)
        return self.result(Outcome.FAIL, f"too little evidence{what}: expected at least {wanted}, found {len(items)}: "
                           f"{describe_items(items)}", (i.locate() for i in items))


def describe_selection(spec) -> str:
    """' of type policy covering 5.2.2': what a check looked for, for its messages."""
    bits = []
    if spec.select.types:
        bits.append("of type " + "/".join(spec.select.types))
    if spec.select.covers:
        bits.append(f"covering {spec.select.covers}")
    return (" " + " ".join(bits)) if bits else ""
