"""consistent_metadata: no selected document gives one document-control field two different values.

A header that says next review 2027-06-02 and a footer that says 2027-09-02 leave the reader not knowing which is
in force: the result names both values and both places.
"""

from auditkit.engine.checks.base import Outcome, Rule, register
from auditkit.inputs.documents import staleness, where
from auditkit.model.messages import msg


@register
class ConsistentMetadata(Rule):
    name = "consistent_metadata"
    params_schema = {"type": "object", "additionalProperties": False}
    needs_items = False

    def evaluate(self, spec, items, ctx):
        # Every document read as written, whatever it covers: a contradiction is a flaw of document control itself.
        items = list(ctx.evidence.items)
        documents = [item for item in items if item.metadata is not None]
        if not documents:
            return self.result(Outcome.PASS, msg("documents.none_read", items=", ".join(i.id for i in items)),
                               (i.locate() for i in items))
        problems, places = [], []
        for item in documents:
            for contradiction in item.metadata.contradictions:
                values = [msg("documents.value", value=value.value, where=where(value.location))
                          for value in contradiction.values]
                problems.append(msg("documents.contradiction", item=item.id,
                                    field=msg(f"documents.field.{contradiction.field}"), values=values))
                places.extend(value.location for value in contradiction.values)
        if problems:
            return self.result(Outcome.FAIL, msg("join", items=problems), places)
        return self.result(Outcome.PASS, msg("documents.consistent", items=", ".join(i.id for i in documents)),
                           (i.locate() for i in documents))


@register
class DocumentsCurrent(Rule):
    """documents_current: no document read as written is overdue for review by its own dates (its next review
    has passed, or its last review, approval or latest change is older than the review cycle it states)."""

    name = "documents_current"
    params_schema = {"type": "object", "additionalProperties": False}
    needs_items = False

    def evaluate(self, spec, items, ctx):
        documents = [item for item in ctx.evidence.items if item.metadata is not None]  # all of them, as above
        stale, places, dated = [], [], []
        for item in documents:
            found = staleness(item.metadata, ctx.as_of)
            if found is None:
                if item.metadata.get("next_review") or item.metadata.get("review_cycle"):
                    dated.append(item.id)
                continue
            basis = getattr(found.basis, "date", None)
            if found.reason == "next-review":
                stale.append(msg("documents.next_review_passed", item=item.id, due=found.due,
                                 where=where(found.basis.location)))
            else:
                stale.append(msg("documents.stale_by_cycle", item=item.id, last=basis, due=found.due,
                                 where=where(found.basis.location)))
            places.append(found.basis.location)
        if stale:
            return self.result(Outcome.FAIL, msg("join", items=stale), places)
        if not dated:  # nothing to be late against: the absence of review dates is 7.5.2-04's other checks' finding
            return self.result(Outcome.PASS, msg("documents.no_review_dates", count=len(documents)))
        return self.result(Outcome.PASS, msg("documents.current", count=len(dated), items=", ".join(dated)),
                           (i.locate() for i in documents if i.id in dated))


@register
class ConsistentContent(Rule):
    """consistent_content: the documents of the set do not contradict one another (a duration, a share or a setting
    given two values; an action said not to be done and done) and their references reach what they name (no moved
    path, no anchor pointing at another section or at none, no repository named under two owners)."""

    name = "consistent_content"
    params_schema = {"type": "object", "additionalProperties": False}
    needs_items = False

    def evaluate(self, spec, items, ctx):
        documents = [item for item in ctx.evidence.items if item.document is not None]  # the whole set, as above
        if not documents:
            return self.result(Outcome.PASS, msg("statements.none_read"))
        found = ctx.evidence.contradictions()
        if not found:
            return self.result(Outcome.PASS, msg("statements.consistent", count=len(documents)),
                               (i.locate() for i in documents))
        return self.result(Outcome.FAIL, msg("join", items=[conflict_message(c) for c in found]),
                           [location for conflict in found for location in conflict.locations])


def conflict_message(conflict):
    """The sentence for one contradiction or stale reference, every value with its place (en and zh templates)."""
    family = conflict.kind.split(":", 1)[0]
    about = ", ".join(conflict.shared)
    if family == "reference":
        kind = conflict.kind.split(":", 1)[1]
        first = conflict.sides[0][0]
        if kind == "anchor":
            pointed, named = conflict.sides[1][0], conflict.sides[2][0]
            return msg("statements.anchor", text=first.value, where=where(first.location), target=about,
                       pointed=pointed.value, pointed_at=where(pointed.location), named=named.value,
                       named_at=where(named.location))
        if kind == "anchor-missing":
            return msg("statements.anchor_missing", target=about, where=where(first.location),
                       document=conflict.sides[1][0].value)
        if kind == "moved":
            return msg("statements.moved", target=about, where=where(first.location),
                       actual=conflict.sides[1][0].value)
    if family == "superseded":
        said, uses = conflict.sides
        return msg("statements.superseded", about=about, said=said[0].shown, where=where(said[0].location),
                   uses=_places(uses), n=len(uses))
    values = [msg("statements.side", value=side[0].shown, where=_places(side)) for side in conflict.sides]
    return msg(f"statements.{family if family != 'reference' else 'repository'}", about=about, values=values)


SHOWN_PLACES = 3
"""Places named per value in the sentence; the result's evidence list holds every one of them."""


def _places(side) -> str:
    shown = ", ".join(where(s.location) for s in side[:SHOWN_PLACES])
    return shown + (f" (+{len(side) - SHOWN_PLACES})" if len(side) > SHOWN_PLACES else "")
