"""The clauses of a standard: numbers, titles in every language, their tree, and the one order of clause numbers.

A catalog carries its own clause table (``clauses:`` of its header, a CSV file beside it); everything that sorts,
titles or validates clauses takes them from there. Clause numbers and titles are facts, not the standard's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator, Mapping

CLAUSE_NUMBER = re.compile(r"^[A-Z0-9]+(\.[A-Za-z0-9]+)*$")
"""What a clause number looks like in any standard: ``8.2.1``, ``10``, ``A.5.1`` (a catalog's table says which exist)."""


def clause_key(number: str) -> tuple[tuple[int, int, str], ...]:
    """The order of clause numbers as an auditor reads them: 4.1 < 4.2 < 7.5.4 < 10.1 < A.5.1 < A.5.10.

    Numeric parts compare as numbers; a part with letters (an annex) comes after every number at its place.
    """
    qualifier, qualified, local = str(number).rpartition(":")
    key = tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in local.split("."))
    # a clause of another catalog of the project (iso27001-2022:4.1): after the primary's, in its own order
    return ((2, 0, qualifier), *key) if qualified else key


def within(inner: str, outer: str) -> bool:
    """Whether a clause or requirement id lies in ``outer`` (itself, a subclause of it, or one of its requirements)."""
    return inner == outer or inner.startswith(outer + ".") or inner.startswith(outer + "-")


def top_clause(number: str) -> str:
    """The top-level clause a clause belongs to: ``8`` for 8.2.1, ``A`` for A.5.1."""
    return str(number).split(".")[0]


@dataclass(frozen=True)
class Clause:
    """A clause or subclause of a standard."""

    number: str
    """Its number, e.g. ``8.2.1`` or ``A.5.1``."""
    title: str
    """Its title in English."""
    title_zh: str = ""
    """Its title in Chinese ('' when the table has none)."""
    level: int = 1
    """1 for a top-level clause, 2 for its subclauses, ..."""
    parent: str | None = None
    """The number of the clause it belongs to."""

    def title_in(self, lang: str) -> str:
        """The title in ``lang`` (English when the table has none in that language)."""
        return self.title_zh if lang == "zh" and self.title_zh else self.title


@dataclass(frozen=True)
class ClauseTable(Mapping[str, Clause]):
    """The clauses of one standard by number, in clause order."""

    clauses: Mapping[str, Clause] = field(default_factory=dict)
    """Number -> clause."""
    standard: str = ""
    """The standard the clauses are of (shown in messages)."""

    def __getitem__(self, number: str) -> Clause:
        return self.clauses[number]

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self.clauses, key=clause_key))

    def __len__(self) -> int:
        return len(self.clauses)

    def __hash__(self) -> int:
        return hash(tuple(self.clauses))

    def title(self, number: str, lang: str = "en") -> str:
        """The title of a clause in ``lang``; '' for a number the table does not have."""
        found = self.clauses.get(number)
        return found.title_in(lang) if found else ""

    @property
    def leaves(self) -> tuple[str, ...]:
        """The clauses without subclauses, in clause order."""
        parents = {c.parent for c in self.clauses.values()}
        return tuple(n for n in self if n not in parents)

    def merged(self, other: "ClauseTable") -> "ClauseTable":
        """This table and the clauses of ``other`` it does not have (two catalogs side by side)."""
        return ClauseTable({**other.clauses, **self.clauses}, self.standard)
