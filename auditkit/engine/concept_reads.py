"""The concept matches of one assessment: each document prepared once for every check that reads it.

Preparing a document (its outline, every sentence folded and stemmed) costs far more than matching a concept in
it, and several checks read the same document. A cache of prepared documents must be bounded (a prepared
document is several times its text), and once an organisation has more documents than it holds, a document is
evicted between the checks that read it: at 100 times the example, 1,938 documents were prepared 8,628 times.

So the assessment first asks each check which concepts it will look for in which document
(:meth:`auditkit.engine.checks.base.Rule.concept_reads`). The first check that reads a document has it prepared
once and matched for every concept any check wants of it; only the matches are kept. A check that did not say
what it reads gets the same matches, prepared on demand.
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

from auditkit.engine.concepts import ConceptMatch, match_concepts, outline_of
from auditkit.model.concepts import Concept


class ConceptReads:
    """Concept matches per document of one assessment, and the concepts still to be looked for in each."""

    def __init__(self) -> None:
        # Keyed by id(): an evidence item hashes all its fields on each look-up; ``_items`` keeps each one alive.
        self._items: dict[int, Any] = {}
        self._wanted: dict[int, dict[Concept, None]] = {}
        self._found: dict[tuple[int, Concept], ConceptMatch] = {}

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
            for concept, found in zip(every, match_concepts(outline_of(item), every)):
                self._found[key, concept] = found
        return tuple(self._found[key, c] for c in concepts)
