"""references_available: every document the set refers to is in the set (7.5.3: available where it is needed).

One entry per missing target, with every document and line that refers to it; not one line per occurrence.
"""

from auditkit.engine.checks.base import Outcome, Rule, register

SHOWN = 12
"""Targets named in the message; the evidence list holds the first reference to every one of them."""


@register
class ReferencesAvailable(Rule):
    name = "references_available"
    params_schema = {"type": "object", "additionalProperties": False}
    needs_items = False

    def evaluate(self, spec, items, ctx):
        missing = ctx.evidence.missing_references()
        if not missing:
            return self.result(Outcome.PASS, "every document the documents refer to is in the set")
        described = []
        for entry in missing[:SHOWN]:
            places = ", ".join(str(loc) for loc in entry.referrers[:3]) + (" ..." if len(entry.referrers) > 3 else "")
            described.append(f"{entry.target} (referred to {len(entry.referrers)}x: {places})")
        more = f"; and {len(missing) - SHOWN} more" if len(missing) > SHOWN else ""
        references = sum(len(entry.referrers) for entry in missing)
        return self.result(Outcome.FAIL, f"{len(missing)} documents referred to are not in the set "
                           f"({references} references): " + "; ".join(described) + more,
                           [entry.referrers[0] for entry in missing])
