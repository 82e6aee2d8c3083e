"""The concept matches of one assessment: each document prepared once for every check that reads it.

Preparing a document (its outline, every sentence folded and stemmed) costs far more than matching a concept in
it, and several checks read the same document. A cache of prepared documents must be bounded (a prepared
document is several times its text), and once an organisation has more documents than it holds, a document is
evicted between the checks that read it: at 100 times the example, 1,938 documents were prepared 8,628 times.

So the assessment first asks each check which concepts it will look for in which document
(:meth:`auditkit.engine.checks.base.Rule.concept_reads`). The first check that reads a document has it prepared
once and matched for every concept any check wants of it; only the matches are kept. A check that did not say
what it reads gets the same matches, prepared on demand.

With a source cache (:mod:`auditkit.inputs.source_cache`, passed by a run that has one), the matches of a document
whose text and concepts did not change since an earlier run are taken from it: a CI run over a repository where
one document changed prepares that one.
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

from auditkit.engine.concepts import ConceptMatch, Mention, Place, Presence, match_concepts, outline_of
from auditkit.inputs.source_cache import SourceCache
from auditkit.model.concepts import Concept


class ConceptReads:
    """Concept matches per document of one assessment, and the concepts still to be looked for in each."""

    def __init__(self, cache: SourceCache | None = None) -> None:
        self._cache = cache
        # Keyed by id(): an evidence item hashes all its fields on each look-up; ``_items`` keeps each one alive.
        self._items: dict[int, Any] = {}
        self._wanted: dict[int, dict[Concept, None]] = {}
        self._found: dict[tuple[int, Concept], ConceptMatch] = {}
        self._words: dict[Concept, str] = {}

    def want(self, reads: Iterable[tuple[Any, Sequence[Concept]]]) -> None:
        """Note that a check will look for these concepts in these documents (evidence items)."""
        for item, concepts in reads:
            self._items[id(item)] = item
            self._wanted.setdefault(id(item), {}).update(dict.fromkeys(concepts))

    def match(self, item: Any, concepts: Sequence[Concept]) -> tuple[ConceptMatch, ...]:
        """Where ``item``'s document addresses each of ``concepts`` (:func:`match_concepts`), in the order given."""
        key = id(item)
        missing = [c for c in concepts if (key, c) not in self._found]
        if missing:
            self._items[key] = item
            every = list(dict.fromkeys([*self._wanted.pop(key, {}), *missing]))
            for concept, found in zip(every, self._matched(item, every)):
                self._found[key, concept] = found
        return tuple(self._found[key, c] for c in concepts)

    def _matched(self, item: Any, concepts: list[Concept]) -> Sequence[ConceptMatch]:
        place = _document_key(item)
        if self._cache is None or place is None:
            return match_concepts(outline_of(item), concepts)
        key = (*place, *(self._words_of(c) for c in concepts))
        stored = self._cache.concept_matches(key, lambda: [_plain(m) for m in match_concepts(outline_of(item), concepts)])
        try:
            return [_match(concept, value) for concept, value in zip(concepts, stored, strict=True)]
        except (TypeError, ValueError):  # an entry of another shape: the cache only ever saves time
            return match_concepts(outline_of(item), concepts)

    def _words_of(self, concept: Concept) -> str:
        words = self._words.get(concept)
        if words is None:
            # in their own order: the order of the languages decides which term names a heading first
            words = self._words[concept] = repr((concept.id, list(concept.names.items()),
                                                 list(concept.synonyms.items()), list(concept.key_phrases.items())))
        return words


def _document_key(item: Any) -> tuple[str, ...] | None:
    """What an item's outline is made of (see :func:`outline_of`): the document read as written (by its file's
    hash), else the Markdown body's text; None when neither can be named."""
    document = getattr(item, "document", None)
    if document is not None:
        sha = getattr(document, "sha256", "")
        return ("document", sha, document.file, document.format) if sha else None
    body = getattr(item, "body", None)
    return ("markdown", body.source, item.file, str(body.first_line)) if body is not None else None


def _plain(match: ConceptMatch) -> list:
    m = match.mention
    if m is None:
        return [match.presence.value]
    return [match.presence.value, m.place.value, m.text, m.file, m.line, m.term, m.pointer]


def _match(concept: Concept, value: list) -> ConceptMatch:
    if len(value) == 1:
        return ConceptMatch(concept, Presence(value[0]))
    presence, place, text, file, line, term, pointer = value
    return ConceptMatch(concept, Presence(presence), Mention(Place(place), text, file, line, term, pointer))
