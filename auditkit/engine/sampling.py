"""Audit sampling (ISO 19011, 6.3.4 and annex A.6): how many records to examine, and which, reproducibly.

Sample size (attribute sampling with no deviation expected): the smallest ``n`` for which a population whose
deviation rate were the tolerable rate ``t`` would show at least one deviation in a random sample of ``n`` with
probability of at least the confidence ``c``, that is the smallest ``n`` with ``(1 - t) ** n <= 1 - c``; at most
the population. 95 % confidence and a 5 % tolerable rate give 59. Computed in exact fractions, so the figure is
the one a hand calculation gives (``ceil(ln(1 - c) / ln(1 - t))`` except where that ratio is a whole number).

Selection: each record of the population is ranked by the SHA-256 of ``"<seed>:<record>"`` (``record``: its
key or ``id``, else ``line <n>``), written in hexadecimal, and the ``n`` lowest are drawn. Anyone can recompute
it with any SHA-256 tool; it does not depend on the order of the export's rows, and a record keeps its rank when
others are added.
"""

from __future__ import annotations

import hashlib
import heapq
import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction
from typing import Iterator

from auditkit.inputs.records import RecordSpec

METHOD = "sha256-rank"
FORMULA = "smallest n with (1 - tolerable_rate)^n <= 1 - confidence, at most the population"


class SamplingError(ValueError):
    """A sampling request that cannot be met (a bad figure, an unmapped field): its message says which."""


def sample_size(confidence: float, tolerable_rate: float, population: int) -> int:
    """The sample size of the module docstring's formula."""
    return min(_size_for(confidence, tolerable_rate), population)


def _size_for(confidence: float, tolerable_rate: float) -> int:
    """The sample size before it is capped at the population (it does not depend on it otherwise)."""
    if not 0 < confidence < 1:
        raise SamplingError(f"--confidence {confidence}: give a share between 0 and 1 (e.g. 0.95)")
    if not 0 < tolerable_rate < 1:
        raise SamplingError(f"--tolerable-rate {tolerable_rate}: give a share between 0 and 1 (e.g. 0.05)")
    keep, miss = 1 - Fraction(str(tolerable_rate)), 1 - Fraction(str(confidence))
    n = max(1, math.floor(math.log(miss) / math.log(keep)) - 1)  # a float guess, then exact steps
    while keep**n > miss:
        n += 1
    while n > 1 and keep ** (n - 1) <= miss:
        n -= 1
    return n


def rank(seed: str, record: str) -> str:
    """The hexadecimal SHA-256 a record is ranked by."""
    return hashlib.sha256(f"{seed}:{record}".encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Condition:
    """One ``--where``: ``field=value``, ``field!=value``, ``field>=value``, ``field<=value`` or ``field``."""

    field: str
    operator: str
    value: str

    def __str__(self) -> str:
        return self.field if self.operator == "present" else f"{self.field}{self.operator}{self.value}"

    def holds(self, record: dict) -> bool:
        value = record.get(self.field)
        if self.operator == "present":
            return value not in (None, "")
        if value is None:
            return self.operator == "!="
        if self.operator in ("=", "!="):
            return (_text(value) == self.value.casefold() or _text(value) == self.value) == (self.operator == "=")
        bound = _comparable(self.value, value)
        return value >= bound if self.operator == ">=" else value <= bound


_WHERE = re.compile(r"^\s*([A-Za-z_][\w.]*)\s*(?:(!=|>=|<=|=)\s*(.*?))?\s*$")


def parse_condition(text: str, spec: RecordSpec) -> Condition:
    """A ``--where`` as written; SamplingError for a form it is not, or a field the record set does not map."""
    found = _WHERE.match(text)
    if not found:
        raise SamplingError(f"--where {text!r}: write field=value, field!=value, field>=value, field<=value or field")
    name, operator, value = found.group(1), found.group(2), found.group(3) or ""
    if name not in spec.columns:
        raise SamplingError(f"--where {text!r}: {name!r} is not a field of the record set "
                            f"(fields: {', '.join(spec.columns)})")
    if operator in (">=", "<=") and spec.kind(name) not in ("date", "number"):
        raise SamplingError(f"--where {text!r}: {name} is {spec.kind(name)}; >= and <= compare dates and numbers")
    return Condition(name, operator or "present", value)


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value).casefold()


def _comparable(text: str, like):
    """``text`` read as the kind of ``like`` (a date or a number) for >= and <=."""
    try:
        if isinstance(like, datetime):
            moment = datetime.fromisoformat(text)
            return moment if len(text) > 10 else datetime.combine(date.fromisoformat(text), datetime.min.time())
        return float(text)
    except ValueError:
        raise SamplingError(f"--where: {text!r} is not a {'date (YYYY-MM-DD)' if isinstance(like, datetime) else 'number'}") from None


@dataclass(frozen=True)
class Drawn:
    """One sampled record: its identity, the line of the export it is read from, and its fields."""

    record: str
    line: int
    fields: dict
    rank: str


@dataclass(frozen=True)
class Sample:
    population: int
    """Records in the population (after ``where``)."""
    records_read: int
    """Records the export gave (before ``where``)."""
    size: int
    seed: str
    drawn: tuple[Drawn, ...]
    confidence: float | None = None
    tolerable_rate: float | None = None


def identity(spec: RecordSpec, line: int, record: dict) -> str:
    """The name a record is sampled and listed by: its key (event log) or ``id``, else its line."""
    name = spec.key or ("id" if "id" in spec.columns else None)
    value = record.get(name) if name else None
    return str(value) if value not in (None, "") else f"line {line}"


def draw(spec: RecordSpec, seed: str, *, size: int | None = None, confidence: float = 0.95,
         tolerable_rate: float = 0.05, where: tuple[Condition, ...] = ()) -> Sample:
    """The sample of the module docstring from the records of ``spec`` that meet every ``where``.

    ``size`` fixes the sample size (at most the population); else it follows from the confidence and the
    tolerable rate. Raises RecordValueError (located) for an export that cannot be read.
    """
    if size is not None and size < 1:
        raise SamplingError(f"--size {size}: give at least 1")
    wanted = size if size is not None else _size_for(confidence, tolerable_rate)
    counted = {"read": 0, "population": 0}

    def population() -> Iterator[Drawn]:
        for line, record in spec.records():
            counted["read"] += 1
            if all(condition.holds(record) for condition in where):
                counted["population"] += 1
                name = identity(spec, line, record)
                yield Drawn(name, line, record, rank(seed, name))

    # Only the ``wanted`` lowest ranks are held while the export streams by (memory: the sample, not the
    # population); nsmallest is sorted(...)[:wanted], ties included, so the sample is the one a full sort gives.
    chosen = heapq.nsmallest(wanted, population(), key=lambda d: (d.rank, d.record))
    return Sample(counted["population"], counted["read"], len(chosen), seed, tuple(chosen),
                  None if size is not None else confidence, None if size is not None else tolerable_rate)
