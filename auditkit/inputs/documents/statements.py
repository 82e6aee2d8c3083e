"""Statements of a document set that contradict one another: one mechanism for every kind, across documents.

A *statement* is a value a sentence gives to something, read from the body text (never code, HTML comments,
template tags or example sections: the readers and :func:`metadata.example_sections` leave those out):

- a **quantity**: a duration or a share (``rotate every 6 hours``, ``3 hour shifts``, ``90 % availability``);
- an **exclusive value**: one of a set of values that exclude each other (``promoted automatically`` /
  ``manual operator release``; ``5:00 PM local time`` / ``5:00 PM Eastern Time``);
- a **denied action**: ``does not notify X`` against a sentence that does it (``sitreps are sent to ... X``).

Two statements contradict when they are about the same thing and give it different values. "The same thing" is
decided without knowing the organisation's words: the two sentences share a word that is rare in the set (at most
``rare_share`` of its sentences), within ``reach`` words of each value; a clock time (``5:00 PM``) and a party
(``US-CERT``) count as such words. The vocabulary (``statements.yaml``) is generic English and Chinese.

A contradiction is a finding for a human to confirm: the result names both places and what the two share.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Callable, Iterable

from auditkit.model.bundled import bundled_yaml

from auditkit.model.errors import Location
from auditkit.inputs.documents.metadata import example_sections, locate
from auditkit.inputs.documents.model import ReadDocument

_CLOCK = re.compile(r"\b(\d{1,2})(?::(\d{2}))?\s*([AaPp])\.?\s*[Mm]\.?(?![A-Za-z])|\b([01]?\d|2[0-3]):([0-5]\d)\b")
_WORD = re.compile(r"@\d{2}:\d{2}|[A-Za-z][A-Za-z0-9]*(?:[-'][A-Za-z0-9]+)*|\d+(?:\.\d+)?|[\u3400-\u9fff]+|%")
_CJK = re.compile(r"[\u3400-\u9fff]")
_SENTENCE = re.compile(r"(?<=[a-z0-9)\]\"'][.!?;])\s+(?=[A-Z0-9\"'(\[])|(?<=[。！？；])")
"""A sentence ends at . ! ? ; before a capital (not inside ``A.M. to``, ``e.g. the``), or at Chinese stops."""


@dataclass(frozen=True, eq=False)
class Lexicon:
    exclusive: dict[str, dict[str, tuple[str, ...]]]
    actions: dict[str, tuple[str, ...]]
    negations: tuple[str, ...]
    negation_reach: int
    units: dict[str, tuple[str, float]]
    """unit word -> (dimension, factor)."""
    number_words: dict[str, float]
    stopwords: frozenset[str]
    rare_share: float
    reach: int
    quantity_reach: int = 4
    superseded: tuple[str, ...] = ()
    past: tuple[str, ...] = ()
    bounds: tuple[str, ...] = ()
    synonyms: dict[str, str] = field(default_factory=dict)
    """word -> ``~`` and the first word of its group."""


@cache
def lexicon() -> Lexicon:
    raw = bundled_yaml(__package__, "statements.yaml")
    units = {str(word).lower(): (spec["dimension"], float(spec["factor"]))
             for spec in raw["units"].values() for word in spec["words"]}
    return Lexicon(
        exclusive={name: {value: tuple(str(w).lower() for w in words) for value, words in values.items()}
                   for name, values in raw["exclusive"].items()},
        actions={name: tuple(str(w).lower() for w in words) for name, words in raw["actions"].items()},
        negations=tuple(str(w).lower() for lang in raw["negations"].values() for w in lang),
        negation_reach=int(raw["negation_reach"]), units=units,
        number_words={str(k).lower(): float(v) for k, v in raw["number_words"].items()},
        stopwords=frozenset(str(w).lower() for lang in raw["stopwords"].values() for w in lang),
        rare_share=float(raw["rare_share"]), reach=int(raw["reach"]), quantity_reach=int(raw["quantity_reach"]),
        bounds=tuple(str(w).lower() for lang in raw["bounds"].values() for w in lang),
        superseded=tuple(str(w) for lang in raw["superseded"].values() for w in lang),
        past=tuple(str(w).lower() for lang in raw["past"].values() for w in lang),
        synonyms={str(word).lower(): "~" + str(group[0]).lower() for group in raw["synonyms"] for word in group})


# ------------------------------------------------------------------------------------------------- words
def stem(word: str) -> str:
    """A crude stem, so that ``rotate``, ``rotation`` and ``rotated`` meet; numbers, clock times and Chinese kept."""
    if not word.isascii() or not word[:1].isalpha():
        return word
    word = word.lower()
    for suffix in ("ations", "ation", "ings", "ing", "ions", "ion", "ers", "er", "ed", "es", "ly", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:7]


def _clock(match: re.Match) -> str:
    if match.group(3):
        hour = int(match.group(1)) % 12 + (12 if match.group(3).lower() == "p" else 0)
        minute = int(match.group(2) or 0)
    else:
        hour, minute = int(match.group(4)), int(match.group(5))
    return f"@{hour:02d}:{minute:02d}"


@dataclass(frozen=True)
class _Token:
    text: str
    """As written (lower-cased for ASCII)."""
    start: int
    """Offset in the sentence."""
    cased: str
    """As written, case kept (parties are told by their capitals)."""


def _tokens(sentence: str) -> list[_Token]:
    """Words, numbers, '%', Chinese runs and clock times (``@17:00``) of one sentence, in order."""
    text = _CLOCK.sub(lambda m: _clock(m).ljust(len(m.group(0))), sentence)  # same length: offsets hold
    out = []
    for match in _WORD.finditer(text):
        word = match.group(0)
        out.append(_Token(word.lower() if word.isascii() else word, match.start(), word))
    return out


def _terms(tokens: list[_Token], lex: Lexicon) -> set[str]:
    """The subject words of ``tokens``: stems of the words that are not stopwords, numbers or unit words;
    Chinese runs as their two-character pieces."""
    found = set()
    for token in tokens:
        word = token.text
        action = _action_words(lex).get(word)
        if action:  # "promoted", "release" and "deploying" are one thing: the deploy action
            found.add("!" + action)
        elif word in lex.synonyms:  # "outage" and "downtime" are one thing
            found.add(lex.synonyms[word])
        elif _CJK.match(word):
            found.update(marker for synonym, marker in lex.synonyms.items() if not synonym.isascii() and synonym in word)
            found.update("!" + action for verb, action in _action_words(lex).items() if not verb.isascii() and verb in word)
            found.update(word[i:i + 2] for i in range(max(1, len(word) - 1)) if word[i:i + 2] not in lex.stopwords)
        elif word.startswith("@"):
            found.add(word)
        elif word[:1].isalpha() and len(word) > 2 and word not in lex.stopwords and word not in lex.units:
            found.add(stem(word))
    return found


@cache
def _action_words(lex: Lexicon) -> dict[str, str]:
    return {word: action for action, words in lex.actions.items() for word in words if " " not in word}


# ------------------------------------------------------------------------------------------------- statements
@dataclass(frozen=True)
class Statement:
    """A value one sentence gives to something."""

    kind: str
    """``quantity:<dimension>``, ``exclusive:<set>`` or ``action:<action>``."""
    value: str
    """The value, comparable (``360 duration``, ``automatic``, ``denied``)."""
    shown: str
    """The words that state it, as written."""
    subject: frozenset[str]
    """What it is about: the stems near the value (and the parties, for an action)."""
    location: Location
    sentence: str
    part: str = ""
    """The document and section the sentence stands in."""


@dataclass(frozen=True)
class Conflict:
    """Statements that give one thing different values: each side's value with every place that states it."""

    kind: str
    shared: tuple[str, ...]
    """The words both sides are about, as written in the first statement."""
    sides: tuple[tuple[Statement, ...], ...]
    """One tuple of statements per value; the first statement of each side is the one shown first."""

    @property
    def locations(self) -> list[Location]:
        return [s.location for side in self.sides for s in side]

    def to_dict(self) -> dict:
        return {"kind": self.kind, "about": list(self.shared),
                "statements": [{"value": side[0].shown, "text": side[0].sentence,
                                "locations": [s.location.to_dict() for s in side]} for side in self.sides]}


@cache
def _phrase_words(phrase: str) -> tuple[str, ...]:
    """The words a vocabulary phrase is matched by (split once: every token of every document tries every phrase)."""
    return tuple(_WORD.findall(phrase.lower()))


def _phrase_at(tokens: list[_Token], phrase: str, start: int) -> int:
    """How many tokens from ``start`` spell ``phrase`` (0: they do not)."""
    if not phrase.isascii():
        return 1 if phrase in tokens[start].text else 0
    words = _phrase_words(phrase)
    if not words or start + len(words) > len(tokens) or tokens[start].text != words[0]:
        return 0
    return len(words) if all(tokens[start + i].text == w for i, w in enumerate(words)) else 0


def _window(tokens: list[_Token], start: int, end: int, reach: int) -> list[_Token]:
    return tokens[max(0, start - reach):start] + tokens[end:end + reach]


def _bounded(near: list[_Token], lex: Lexicon) -> bool:
    text = " " + " ".join(t.text for t in near) + " "
    return any((f" {bound} " in text) if bound.isascii() else (bound in text) for bound in lex.bounds)


def _number(word: str, lex: Lexicon) -> float | None:
    if re.fullmatch(r"\d+(?:\.\d+)?", word):
        return float(word)
    return lex.number_words.get(word)


def _negated(tokens: list[_Token], at: int, word: str, lex: Lexicon) -> bool:
    """True when a negation stands just before the action word at ``tokens[at]`` (``does not notify``, ``不通知``)."""
    before = " ".join(t.text for t in tokens[max(0, at - lex.negation_reach):at])
    if not word.isascii():  # a Chinese run holds the negation and the verb: 不再通知
        before += tokens[at].text.split(word, 1)[0][-4:]
    for negation in lex.negations:
        if negation.isascii():
            if re.search(rf"(?<![\w']){re.escape(negation)}(?![\w'])", before):
                return True
        elif negation in before[-6:]:
            return True
    return False


def _parties(tokens: list[_Token]) -> set[str]:
    """Names and acronyms: words with a capital after their first letter (``US-CERT``, ``GSA``, ``FedRAMP``) or
    written in capitals; an ordinary capitalised word (``Support``) is not a party."""
    return {"#" + t.text for t in tokens if t.cased[:1].isalpha() and t.cased.isascii() and len(t.cased) > 1
            and any(c.isupper() for c in t.cased[1:])}


def sentence_statements(sentence: str, location: Location, lex: Lexicon | None = None, part: str = "") -> list[Statement]:
    """The statements of one sentence (see the module docstring)."""
    lex = lex or lexicon()
    tokens = _tokens(sentence)
    found: list[Statement] = []
    # exclusive values: one set's values, only when the sentence states one of them
    for name, values in lex.exclusive.items():
        hits = []
        for value, words in values.items():
            for index in range(len(tokens)):
                for word in words:
                    length = _phrase_at(tokens, word, index)
                    if length and not (word.isascii() and len(word) <= 3 and not tokens[index].cased.isupper()):
                        hits.append((value, index, length))
        if len({value for value, _, _ in hits}) == 1:
            value, index, length = hits[0]
            word = next(w for w in values[value] if _phrase_at(tokens, w, index))
            # what the value qualifies: the words right after it ("automatically promoted", "manual operator
            # release", 自动部署), and a clock time near it ("5:00 PM local time")
            after = [t for t in tokens[index + length:] if t.text not in lex.stopwords][:HEAD_WORDS]
            if not word.isascii():  # the value stands inside a Chinese run that goes on with what it qualifies
                rest = tokens[index].text.split(word, 1)[1][:4]
                after = ([_Token(rest, tokens[index].start, rest)] if rest else []) + after[:1]
                shown = word
            else:
                shown = sentence[tokens[index].start:tokens[index + length - 1].start + len(tokens[index + length - 1].cased)]
            clocks = {t.text for t in _window(tokens, index, index + length, lex.reach) if t.text.startswith("@")}
            found.append(Statement(f"exclusive:{name}", value, shown, frozenset(_terms(after, lex) | clocks),
                                   location, sentence, part))
    # quantities: a number and a unit word (5 minutes, 3 hour, 90%)
    for index, token in enumerate(tokens[:-1]):
        number = _number(token.text, lex)
        if number is None or (index and tokens[index - 1].text in ("of", "step", "phase", "tier", "level", "version")):
            continue
        following = tokens[index + 1].text
        if _CJK.match(following):  # Chinese writes the unit and what follows as one run: 小时轮换一次
            unit = next((u for u in sorted(lex.units, key=len, reverse=True) if not u.isascii()
                         and following.startswith(u)), None)
            if unit is not None:
                dimension, factor = lex.units[unit]
                if _bounded(_window(tokens, index, index + 2, lex.reach) + [tokens[index + 1]], lex):
                    rest = _Token(following[len(unit):], tokens[index + 1].start, following[len(unit):])
                    near = _window(tokens, index, index + 2, lex.quantity_reach) + [rest]
                    found.append(Statement(f"quantity:{dimension}", f"{number * factor:g}", token.cased + unit,
                                           frozenset(_terms(near, lex)), location, sentence, part))
            continue
        for length in (3, 2, 1):
            unit = " ".join(t.text for t in tokens[index + 1:index + 1 + length])
            if len(tokens) > index + length and unit in lex.units:
                dimension, factor = lex.units[unit]
                if not _bounded(_window(tokens, index, index + 1 + length, lex.reach), lex):
                    break  # "a 2 hour outage on 24 August" is an event, not a rule
                near = _window(tokens, index, index + 1 + length, lex.quantity_reach)
                end = tokens[index + length]
                shown = sentence[token.start:end.start + len(end.text)]
                value = number * factor
                found.append(Statement(f"quantity:{dimension}", f"{value:g}", shown, frozenset(_terms(near, lex)),
                                       location, sentence, part))
                break
    # actions: denied ("does not notify X") or done ("sent to X"); the parties are the subject
    parties = _parties(tokens)
    if parties:
        for action, words in lex.actions.items():
            for index in range(len(tokens)):
                word = next((w for w in words if _phrase_at(tokens, w, index)), None)
                if word is not None:
                    value = "denied" if _negated(tokens, index, word, lex) else "done"
                    found.append(Statement(f"action:{action}", value, word if not word.isascii() else tokens[index].cased,
                                           frozenset(parties),
                                           location, sentence, part))
                    break
    return found


HEAD_WORDS = 2
"""Words after an exclusive value that say what it qualifies (stopwords skipped)."""

Sentence = tuple[str, Location, str]
"""A sentence, its place, and the part (document and section) it stands in."""


def document_sentences(document: ReadDocument) -> list[Sentence]:
    """Each sentence of the document's body lines and table cells with its place; the parts that show an example
    or a template are left out, as code and comments already are."""
    skipped = example_sections(document)
    out = []
    for line in document.lines:
        if line.section in skipped:
            continue
        for sentence in _SENTENCE.split(line.text):
            if sentence.strip():
                out.append((sentence.strip(), line.location, f"{document.file}#{line.section}"))
    for table in document.tables:
        if table.section in skipped:
            continue
        for row in table.rows[1 if table.has_header else 0:]:
            for cell in row:
                if cell.text.strip():
                    out.append((cell.text.strip(), cell.location, f"{document.file}#{table.section}"))
    return out


def set_conflicts(documents: Iterable[ReadDocument]) -> list[Conflict]:
    """The contradictions among the statements of ``documents`` (one set), each statement located at its words."""
    documents = list(documents)
    by_file = {document.file: document for document in documents}

    def at(location: Location, words: str) -> Location:
        document = by_file.get(location.file)
        return locate(location, words, document) if document is not None else location

    sentences = [s for document in documents for s in document_sentences(document)]
    return conflicts(sentences, at=at) + superseded(sentences, at=at)


_PARTY = r"(?:the\s+)?([A-Z0-9][A-Za-z0-9&]*[A-Z][A-Za-z0-9&]*|[A-Z][A-Za-z0-9&]*[A-Z0-9][A-Za-z0-9&]*)"
"""A name written with capitals inside it or as an acronym (18F, GSA, DevOps, TTS), not a capitalised word."""


def superseded(sentences: Iterable[Sentence], lex: Lexicon | None = None,
               at: Callable[[Location, str], Location] | None = None) -> list[Conflict]:
    """Parties one document says the organisation has left, named as current by other documents."""
    lex = lex or lexicon()
    sentences = list(sentences)
    cue = "|".join(re.escape(c) for c in sorted(lex.superseded, key=len, reverse=True))
    pattern = re.compile(rf"(?:(?<![\w])(?:{cue}))\s*{_PARTY}(?![\w])", re.I)

    def past(text: str) -> bool:
        lowered = text.lower()
        return any((re.search(rf"(?<![\w]){re.escape(p)}(?![\w])", lowered) if p.isascii() else p in lowered)
                   for p in lex.past)

    def statement(text, location, part, words):
        place = at(location, words) if at is not None else location
        return Statement("superseded", words, words, frozenset(), place, text, part)

    found = []
    for text, location, part in sentences:
        for match in pattern.finditer(text):
            party = match.group(1)
            if not re.search(r"[A-Z]", party):
                continue
            document = part.rsplit("#", 1)[0]
            named = re.compile(rf"(?<![\w/-]){re.escape(party)}(?![\w])")
            uses = [statement(other, place, where, party) for other, place, where in sentences
                    if where.rsplit("#", 1)[0] != document and named.search(other) and not past(other)]
            if uses:
                found.append(Conflict("superseded", (party,),
                                      ((statement(text, location, part, match.group(0).strip()),), tuple(uses))))
    return found


def conflicts(sentences: Iterable[Sentence], lex: Lexicon | None = None,
              at: Callable[[Location, str], Location] | None = None) -> list[Conflict]:
    """The contradictions among ``sentences`` (every sentence of a document set, with its place and part).

    Quantities of one part (a section) are left alone: a section giving 15 minutes then 1 hour is a sequence of
    steps, not a contradiction. Exclusive values need a shared action (``promoted`` / ``release``) or two shared
    rare words; a denied action needs the same party in a sentence that does it."""
    lex = lex or lexicon()
    sentences = list(sentences)
    frequency: Counter = Counter()
    statements: list[Statement] = []
    for sentence, location, part in sentences:
        tokens = _tokens(sentence)
        frequency.update(_terms(tokens, lex) | _parties(tokens))
        found = sentence_statements(sentence, location, lex, part)
        if at is not None:
            found = [replace(statement, location=at(statement.location, statement.shown)) for statement in found]
        statements.extend(found)
    limit = max(2, int(lex.rare_share * len(sentences)))
    rare = {term for term, count in frequency.items() if count <= limit}
    groups: dict[tuple, dict[str, list[Statement]]] = {}
    by_kind: dict[str, list[Statement]] = {}
    for statement in statements:
        by_kind.setdefault(statement.kind, []).append(statement)
    for kind, members in by_kind.items():
        for i, first in enumerate(members):
            for second in members[i + 1:]:
                if first.value == second.value or first.sentence == second.sentence and first.location == second.location:
                    continue
                if kind.startswith("action:") and "denied" not in (first.value, second.value):
                    continue
                shared = first.subject & second.subject
                markers = {term for term in shared if term[:1] == "~"}
                if kind.startswith("quantity:"):
                    if first.part == second.part:
                        continue
                    shared &= rare | markers
                elif kind.startswith("exclusive:"):  # the same action or thing qualified, or the same clock time
                    shared = {term for term in shared if term[:1] in "!@~"}
                if not shared:
                    continue
                key = (kind, frozenset(shared))  # one conflict per thing: every value given to it, each with its places
                sides = groups.setdefault(key, {})
                for statement in (first, second):
                    side = sides.setdefault(statement.value, [])
                    if all(s.location != statement.location for s in side):
                        side.append(statement)
    out = []
    for (kind, shared), sides in groups.items():
        ordered = sorted((tuple(sorted(side, key=_order)) for side in sides.values()), key=lambda side: _order(side[0]))
        out.append(Conflict(kind, _shown(ordered[0][0], shared, lex), tuple(ordered)))
    # one conflict per pair of places: the widest subject wins over a narrower repeat
    unique: dict[tuple, Conflict] = {}
    for conflict in sorted(out, key=lambda c: -len(c.shared)):
        places = frozenset(str(loc) for loc in conflict.locations)
        if not any(places <= seen for seen in unique):
            unique[places] = conflict
    return sorted(unique.values(), key=lambda c: _order(c.sides[0][0]))


def _shown(statement: Statement, shared: frozenset[str], lex: Lexicon) -> tuple[str, ...]:
    """The shared subject as the first statement writes it (``downtime``, ``5:00 PM``, ``US-CERT``), not as stems."""
    out = []
    for token in _tokens(statement.sentence):
        terms = _terms([token], lex) | _parties([token])
        if terms & shared:
            word = token.cased
            if _CJK.match(word):  # the shared two-character pieces, not the whole run
                for piece in sorted(terms & shared):
                    if piece not in out and not piece.startswith(("~", "!")):
                        out.append(piece)
                continue
            if word.startswith("@"):
                match = _CLOCK.search(statement.sentence, token.start)
                word = match.group(0).strip() if match else word[1:]
            if word not in out:
                out.append(word)
    return tuple(out) or tuple(sorted(term.lstrip("~!@#") for term in shared))


def _order(statement: Statement) -> tuple:
    loc = statement.location
    return (loc.file, loc.line or 0, loc.column or 0, loc.pointer)
