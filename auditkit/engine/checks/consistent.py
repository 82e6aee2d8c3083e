"""consistent_metadata: no selected document gives one document-control field two different values.

A header that says next review 2027-06-02 and a footer that says 2027-09-02 leave the reader not knowing which is
in force: the result names both values and both places.
"""

from auditkit.engine.checks.base import Outcome, Rule, register
from auditkit.inputs.documents import where


@register
class ConsistentMetadata(Rule):
    name = "consistent_metadata"
    params_schema = {"type": "object", "additionalProperties": False}

    def evaluate(self, spec, items, ctx):
        documents = [item for item in items if item.metadata is not None]
        if not documents:
            return self.result(Outcome.PASS, "no document read as written among " + ", ".join(i.id for i in items)
                               + ": its descriptor states its document control once", (i.locate() for i in items))
        problems, places = [], []
        for item in documents:
            for contradiction in item.metadata.contradictions:
                values = " and ".join(f"{value.value!r} at {where(value.location)}" for value in contradiction.values)
                problems.append(f"{item.id} gives its {contradiction.field.replace('_', ' ')} twice: {values}")
                places.extend(value.location for value in contradiction.values)
        if problems:
            return self.result(Outcome.FAIL, "; ".join(problems), places)
        return self.result(Outcome.PASS, "document control stated consistently in " + ", ".join(i.id for i in documents),
                           (i.locate() for i in documents))
