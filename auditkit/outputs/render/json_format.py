"""The assessment as JSON: the published, schema-described form (assessment.schema.json).

Laid out one entry per line: the top-level keys, the keys of the objects under them, and the items of the lists
under those each stand on a line of their own, written whole (a result, a finding, an input file). A change
to one result is then one changed line in a diff, and the file is written by the json module's C encoder:
``indent=`` makes it fall back to Python, which took most of writing a large assessment.
"""

import json

_ENCODE = json.JSONEncoder(ensure_ascii=False).encode
_EXPANDED_DEPTH = {dict: 2, list: 3}
"""Objects above this depth, and lists above this one, are spread over lines; anything deeper is one line."""


def render(data: dict, *, lang: str = "en", color=None) -> str:
    lines: list[str] = []
    _write(data, 0, "", lines)
    return "\n".join(lines) + "\n"


def _write(value, depth: int, prefix: str, lines: list[str], suffix: str = "") -> None:
    """Append ``value`` (after ``prefix``, followed by ``suffix``) to ``lines``, indented two spaces a level."""
    kind = type(value)
    if not value or depth >= _EXPANDED_DEPTH.get(kind, 0):
        lines.append(prefix + _ENCODE(value) + suffix)
        return
    indent = "  " * (depth + 1)
    opening, closing = ("{", "}") if kind is dict else ("[", "]")
    lines.append(prefix + opening)
    entries = list(value.items()) if kind is dict else list(enumerate(value))
    last = len(entries) - 1
    for index, (key, item) in enumerate(entries):
        label = indent + (_ENCODE(key) + ": " if kind is dict else "")
        _write(item, depth + 1, label, lines, "," if index < last else "")
    lines.append("  " * depth + closing + suffix)
