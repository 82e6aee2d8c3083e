"""The front matter of a Markdown file, whichever tool wrote it (Jekyll, MkDocs, Hugo, comply, auditkit).

Another tool's front matter is read leniently: a duplicate key (Jekyll keeps the last one) or a block that is not
YAML at all is a warning, never a reason to refuse the document. auditkit's own front matter is read strictly
elsewhere (``auditkit.yamlsource``), because there a mistake changes the assessment.
"""

from __future__ import annotations

import tomllib

import yaml

from auditkit.model.errors import Location, Problem
from auditkit.model.messages import msg
from auditkit.inputs.documents.model import FrontMatter

_FENCES = {"---": ("---", "..."), "+++": ("+++",)}
"""Opening line -> closing lines: YAML (Jekyll, MkDocs, Hugo, comply) and TOML (Hugo)."""


def split(lines: list[str]) -> tuple[int, int] | None:
    """(opening index, closing index) of a front-matter block at the head of ``lines``, or None."""
    if not lines or lines[0].strip() not in _FENCES:
        return None
    closing = _FENCES[lines[0].strip()]
    for index in range(1, len(lines)):
        if lines[index].strip() in closing:
            return 0, index
    return None


def read(lines: list[str], file: str) -> tuple[FrontMatter | None, list[Problem]]:
    """The front matter at the head of ``lines`` (without line ends) and the warnings about it."""
    found = split(lines)
    if found is None:
        return None, []
    start, end = found
    text = "\n".join(lines[start + 1:end])
    if lines[0].strip() == "+++":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            return None, [Problem.of(Location(file, 1, 1), msg("documents.front_matter.toml", error=str(exc)),
                                     "documents")]
        marks = {}
        for number, line in enumerate(lines[start + 1:end], start=start + 2):
            key = line.split("=", 1)[0].strip()
            if key in data and key not in marks:
                marks[key] = (number, line.find("=") + 2)
        return FrontMatter(data, marks, start + 1, end + 1), []
    return _yaml(text, file, start + 1, end + 1)


def _yaml(text: str, file: str, first_line: int, end_line: int) -> tuple[FrontMatter | None, list[Problem]]:
    warnings: list[Problem] = []
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first_line + 1 + (mark.line if mark else 0)
        reason = getattr(exc, "problem", None)
        said = msg("documents.front_matter.yaml", error=reason) if reason else msg("documents.front_matter.not_yaml")
        return None, [Problem.of(Location(file, line, (mark.column + 1) if mark else 1), said, "documents")]
    if not isinstance(node, yaml.MappingNode):
        return None, []
    data: dict = {}
    marks: dict = {}
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
        line = first_line + 1 + key_node.start_mark.line
        if key in data:
            first = marks[key][0]
            warnings.append(Problem.of(Location(file, line, key_node.start_mark.column + 1),
                                       msg("documents.front_matter.duplicate", key=repr(key), line=first), "documents"))
        data[key] = _plain(value_node, frozenset({id(node)}))
        marks[key] = (first_line + 1 + value_node.start_mark.line, value_node.start_mark.column + 1)
    return FrontMatter(data, marks, first_line, end_line), warnings


def _plain(node, open_: frozenset = frozenset(), budget: list | None = None):
    """A YAML node as plain values; scalars stay text (a date is parsed later, with its location).

    Another tool's front matter comes from anywhere: an alias to a value that contains it (``&a [*a]``) and an
    alias bomb are cut off (None), and a number too long for ``int()`` stays text, instead of a crash."""
    budget = budget if budget is not None else [100_000]
    budget[0] -= 1
    if budget[0] < 0 or id(node) in open_ or len(open_) > 200:
        return None
    if isinstance(node, yaml.ScalarNode):
        if node.tag.endswith((":int", ":float", ":bool", ":null")) and node.style is None and len(node.value) <= 64:
            try:
                return yaml.safe_load(node.value)
            except (yaml.YAMLError, ValueError):
                return node.value
        return node.value
    inner = open_ | {id(node)}
    if isinstance(node, yaml.SequenceNode):
        return [_plain(child, inner, budget) for child in node.value]
    if isinstance(node, yaml.MappingNode):
        return {(k.value if isinstance(k, yaml.ScalarNode) else str(k.value)): _plain(v, inner, budget)
                for k, v in node.value}
    return None
