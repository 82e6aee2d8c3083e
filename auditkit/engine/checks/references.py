"""references_available: every document the set refers to is in the set (7.5.3: available where it is needed).

One entry per missing target, with every document and line that refers to it; not one line per occurrence.
"""

from auditkit.engine.checks.base import Outcome, Rule, register
from auditkit.model.messages import msg

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
            return self.result(Outcome.PASS, msg("references.all_present"))
        targets = []
        for entry in missing[:SHOWN]:
            places = ", ".join(str(loc) for loc in entry.referrers[:3]) + (" ..." if len(entry.referrers) > 3 else "")
            targets.append(msg("references.target", target=entry.target, n=len(entry.referrers), places=places))
        more = msg("references.more", n=len(missing) - SHOWN) if len(missing) > SHOWN else ""
        references = sum(len(entry.referrers) for entry in missing)
        return self.result(Outcome.FAIL, msg("references.missing", count=len(missing), references=references,
                                             targets=targets, more=more),
                           [entry.referrers[0] for entry in missing])
