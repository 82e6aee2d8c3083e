"""Section concepts and clause topics: what a document should address, as the catalog's data says it.

A concept is an id, a name in English and Chinese, the synonyms organisations use as headings and key phrases
that show the subject in body text. A topic is the concept of one subclause: what a document covering it is
about. How they are found in documents is the engine's business (auditkit/engine/concepts.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any, Mapping, Sequence


@dataclass(frozen=True, eq=False)
class Concept:
    """Something a document should address, however the organisation words its heading.

    Compared by identity (``eq=False``): one value per concept of a loaded catalog, usable as a cache key.
    """

    id: str
    names: Mapping[str, str]
    """Canonical name per language ('en', 'zh'): what a result calls the concept."""
    synonyms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Other headings organisations give it, per language."""
    key_phrases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Wording in body text that shows the subject is dealt with (found only there: partially present)."""

    def name(self, lang: str = "en") -> str:
        return self.names.get(lang) or self.names.get("en") or self.id

    @classmethod
    def literal(cls, heading: str | Sequence[str]) -> "Concept":
        """A concept for a catalog's literal ``sections:`` entry: the heading (or its alternatives) and nothing else.

        Migration rule: a literal heading is matched like a concept with no synonyms, so it gains the same
        normalisation, stemming and partial presence, but not the meaning that a concept's synonyms add.
        """
        return _literal((heading,) if isinstance(heading, str) else tuple(heading))

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> "Concept":
        """Build a concept from its catalog form (already validated by catalog.schema.json)."""
        return cls(
            id=raw["id"],
            names=dict(raw["name"]),
            synonyms={lang: tuple(v) for lang, v in (raw.get("synonyms") or {}).items()},
            key_phrases={lang: tuple(v) for lang, v in (raw.get("key_phrases") or {}).items()},
        )


@dataclass(frozen=True)
class Topic:
    """What a document covering one subclause is about: the subclause and the concept that says so."""

    clause: str
    concept: Concept


@cache  # one value per heading: a concept is compared by identity, and the checks of a run look for it again
def _literal(alternatives: tuple[str, ...]) -> Concept:
    return Concept("section:" + " / ".join(alternatives), {"en": alternatives[0], "zh": alternatives[0]},
               {"en": alternatives[1:]})
