"""has_sections: every selected document addresses each required section, however its heading is worded.

Sections are concepts (auditkit/engine/concepts.py): ``concepts:`` names concepts of the catalog by id, and a
literal ``sections:`` entry (a heading, or a list of alternative headings) is matched as a concept with no
synonyms. A concept found in a heading, bold lead-in or table header passes and is named with its file:line; one
found only in body text is a partial result; one found nowhere fails.
"""

from auditkit.engine.checks.base import Outcome, Rule, register
from auditkit.engine.concepts import Concept, Presence
from auditkit.model.errors import Location
from auditkit.model.messages import msg

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

    def concept_reads(self, spec, items):
        wanted = _wanted(spec)
        return ((item, wanted) for item in _documents(items))

    def evaluate(self, spec, items, ctx):
        wanted = _wanted(spec)
        documents = _documents(items)
        if not documents:
            return self.result(Outcome.CANNOT_EVALUATE, msg("sections.no_document", items=", ".join(i.id for i in items)),
                               (i.locate() for i in items))
        # Each document of a type the check asks for must have every section (each contract its termination
        # clause). When none is of such a type, the covering documents are judged together: a section counts
        # wherever in the set it is (issue 15: types are preferences, an item that covers a requirement counts).
        preferred = [i for i in documents if not spec.select.types or i.type in spec.select.types]
        groups = [[item] for item in preferred] or [documents]
        judged = []  # (rank, label, matches): 0 = a concept is missing, 1 = one is only in body text, 2 = all present
        for group in groups:
            found = [ctx.reads.match(i, wanted) for i in group]
            matches = [max(alternatives, key=lambda m: _RANK[m.presence]) for alternatives in zip(*found)]
            presences = {m.presence for m in matches}
            rank = 0 if Presence.MISSING in presences else 1 if Presence.PARTIAL in presences else 2
            judged.append((rank, group, matches))
        judged.sort(key=lambda j: j[0])  # the documents at fault first: SARIF and annotations use the first location
        evidence: list[Location] = []
        for rank, group, matches in judged:
            where = [Location(m.mention.file, m.mention.line) for m in matches if m.mention is not None and m.mention.line]
            evidence.extend([i.locate() for i in group] + where if rank < 2 else where or [i.locate() for i in group])
        worst = judged[0][0]
        outcome = Outcome.FAIL if worst == 0 else Outcome.PARTIAL if worst == 1 else Outcome.PASS
        parts = [msg("sections.document", document=", ".join(i.id for i in g), concepts=[m.message() for m in matches])
                 for _, g, matches in judged]
        message = parts[0] if len(parts) == 1 else msg("sections.and", items=parts)  # flat: any number of documents
        return self.result(outcome, message, dict.fromkeys(evidence))


_RANK = {Presence.MISSING: 0, Presence.PARTIAL: 1, Presence.PRESENT: 2}


def _wanted(spec) -> list[Concept]:
    return list(spec.concepts) + [Concept.literal(s) for s in spec.params.get("sections", [])]


def _documents(items) -> list:
    return [i for i in items if i.body is not None or getattr(i, "document", None) is not None]


