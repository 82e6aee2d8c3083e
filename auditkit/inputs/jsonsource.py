"""Reading a user's JSON safely: bounded depth and number size, no duplicate keys, no NaN, every refusal located.

Python's ``json`` module accepts what an attacker can use against the code that reads the result: nesting deep
enough to exhaust the stack (a RecursionError, seen as an internal error), integers of thousands of digits
(``int()`` refuses them with a ValueError), ``NaN``/``Infinity`` (which make a hash or a score meaningless) and
duplicate keys, where the last silently wins (a snapshot with a forged second ``assessment`` key would verify).
Every JSON file auditkit reads goes through :func:`parse_json`.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from auditkit.inputs.yamlsource import SourceError, parse_yaml
from auditkit.model.errors import Location, Problem
from auditkit.model.messages import Message, msg

MAX_DEPTH = 64
"""Arrays and objects nested deeper than this are refused (an assessment is about 8 deep)."""
MAX_NUMBER_CHARS = 64
"""A number written with more characters than this is refused (a float has 17 significant digits)."""

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_INNERMOST = re.compile(r"\[\]|\{\}")


class _Refused(ValueError):
    """A value the hooks refuse; ``text`` is what to look for in the file to place the error."""

    def __init__(self, message: Message, text: str = ""):
        super().__init__(message.text("en"))
        self.message, self.text = message, text


def _number(literal: str, convert) -> Any:
    if len(literal) > MAX_NUMBER_CHARS:
        raise _Refused(msg("source.long_number", n=f"{len(literal):,}", limit=MAX_NUMBER_CHARS), literal)
    value = convert(literal)
    if isinstance(value, float) and not math.isfinite(value):
        raise _Refused(msg("json.too_large", number=literal[:20]), literal)
    return value


def _constant(name: str):
    raise _Refused(msg("json.constant", name=name), name)


def _pairs(pairs: list) -> dict:
    out: dict = {}
    for key, value in pairs:
        if key in out:
            raise _Refused(msg("json.duplicate", key=repr(key[:60])), f'"{key}"')
        out[key] = value
    return out


def parse_json(text: str, file: str) -> Any:
    """The value of JSON ``text`` read from ``file`` (display path); SourceError with a location otherwise."""
    try:
        value = json.loads(text, object_pairs_hook=_pairs, parse_int=lambda s: _number(s, int),
                           parse_float=lambda s: _number(s, float), parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise SourceError(Problem.of(Location(file, exc.lineno, exc.colno), msg("json.invalid", detail=exc.msg))) from None
    except _Refused as exc:
        raise SourceError(Problem.of(_locate(text, file, exc), exc.message)) from None
    except RecursionError:
        raise SourceError(Problem.of(_deep_location(text, file), _deep_message())) from None
    if _too_deep(text):
        raise SourceError(Problem.of(_deep_location(text, file), _deep_message()))
    return value


def _deep_message() -> Message:
    return msg("json.deep", limit=MAX_DEPTH)


def _too_deep(text: str) -> bool:
    """Whether the (valid) JSON ``text`` nests deeper than MAX_DEPTH, without recursion: strings are cut out,
    then innermost ``[]``/``{}`` pairs are removed once per level, at C speed."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return False
    skeleton = _NOT_BRACKET.sub("", _STRING.sub("", text))
    for _ in range(MAX_DEPTH):
        skeleton, removed = _INNERMOST.subn("", skeleton)
        if not removed:
            return False
    return bool(skeleton)


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _deep_location(text: str, file: str) -> Location:
    """Where the nesting first passes MAX_DEPTH (error path only: a plain scan)."""
    depth, in_string, escaped = 0, False, False
    for index, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return Location(file, *_position(text, index))
        elif char in "]}":
            depth -= 1
    return Location(file, 1, 1)


def _locate(text: str, file: str, refused: _Refused) -> Location:
    if refused.message.key == "json.duplicate":
        try:  # JSON is YAML: the YAML reader names the line of the second key
            parse_yaml(text, file)
        except SourceError as exc:
            if exc.problem.said is not None and exc.problem.said.key == "yaml.duplicate":
                return exc.problem.location
        except RecursionError:
            pass
    index = text.find(refused.text) if refused.text else -1
    return Location(file, *_position(text, index)) if index >= 0 else Location(file, 1, 1)
