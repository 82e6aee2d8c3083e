"""has_sections: every selected Markdown document has each required heading (or one of its alternatives)."""

from auditkit.inputs.documents.markdown import normalise_heading
from auditkit.engine.checks.base import Outcome, Rule, register


@register
class HasSections(Rule):
    name = "has_sections"
    params_schema = {
        "type": "object",
        "properties": {
            "sections": {
                "type": "array",
                "minItems": 1,
                "items": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}, "minItems": 1}]},
            }
        },
        "required": ["sections"],
        "additionalProperties": False,
    }

    def evaluate(self, spec, items, ctx):
        wanted = [[s] if isinstance(s, str) else list(s) for s in spec.params["sections"]]
        documents = [i for i in items if i.sections is not None]
        if not documents:
            return self.result(Outcome.CANNOT_EVALUATE,
                               "no Markdown document among " + ", ".join(i.id for i in items) + " to look for sections in",
                               (i.locate() for i in items))

        def problem(item):
            have = {normalise_heading(s.title) for s in item.sections}
            missing = [" / ".join(alts) for alts in wanted if not any(normalise_heading(a) in have for a in alts)]
            if missing:
                return f"{item.id} lacks section(s): {', '.join(missing)}", item.locate()
            return None

        return self.every_item(documents, problem, f"all {len(wanted)} required sections present in " + ", ".join(i.id for i in documents))
