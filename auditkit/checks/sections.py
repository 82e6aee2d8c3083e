"""has_sections: every selected document addresses each required section, however its heading is worded.

Sections are concepts (auditkit/engine/concepts.py): ``concepts:`` names concepts of the catalog by id, and a
literal ``sections:`` entry (a heading, or a list of alternative headings) is matched as a concept with no
synonyms. A concept found in a heading, bold lead-in or table header passes and is named with its file:line; one
found only in body text is a partial result; one found nowhere fails.
"""

from ..engine.concepts import Concept, Presence, match_concepts
from ..errors import Location
from .base import Outcome, Rule, register

_TERMS = {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}}


@register
class HasSections(Rule):
    name = "has_sections"
    params_schema = {
        "type": "object",
        "properties": {
            "sections": {
                "type": "array",
                "minItems": 1,
                "items": {"oneOf": [{"type": "string", "minLength": 1}, _TERMS]},
            },
            "concepts": {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": "^[a-z0-9][a-z0-9._-]*$"}},
        },
        "anyOf": [{"required": ["sections"]}, {"required": ["concepts"]}],
        "additionalProperties": False,
    }

    def evaluate(self, spec, items, ctx):
        wanted = list(spec.concepts) + [Concept.literal(s) for s in spec.params.get("sections", [])]
        documents = [i for i in items if i.body is not None]
        if not documents:
            return self.result(Outcome.CANNOT_EVALUATE,
                               "no Markdown document among " + ", ".join(i.id for i in items) + " to look for sections in",
                               (i.locate() for i in items))
        # per document: 0 = a concept is missing, 1 = one is only in body text, 2 = all present
        judged = []
        for item in documents:
            matches = match_concepts(item.body.outline(item.file), wanted)
            presences = {m.presence for m in matches}
            rank = 0 if Presence.MISSING in presences else 1 if Presence.PARTIAL in presences else 2
            judged.append((rank, item, matches))
        judged.sort(key=lambda j: j[0])  # the documents at fault first: SARIF and annotations use the first location
        evidence: list[Location] = []
        for rank, item, matches in judged:
            where = [Location(m.mention.file, m.mention.line) for m in matches if m.mention is not None and m.mention.line]
            evidence.extend([item.locate()] + where if rank < 2 else where or [item.locate()])
        worst = judged[0][0]
        outcome = Outcome.FAIL if worst == 0 else Outcome.PARTIAL if worst == 1 else Outcome.PASS
        message = " | ".join(f"{item.id}: " + "; ".join(m.describe("en") for m in matches) for _, item, matches in judged)
        message_zh = " | ".join(f"{item.id}：" + "；".join(m.describe("zh") for m in matches) for _, item, matches in judged)
        return self.result(outcome, message, dict.fromkeys(evidence), message_zh=message_zh)
