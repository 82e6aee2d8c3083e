"""Reading a user's YAML safely, keeping the line and column of every value.

PyYAML's constructors lose positions and silently accept duplicate keys, so auditkit composes the node tree
with libyaml (``CSafeLoader``, about 8x faster than pure Python) and builds plain values itself. That walk
records where each value stands, refuses duplicate keys, keeps dates as text (they are parsed later, with a
location), and bounds the number of values an alias can expand to (an alias bomb is refused, not expanded).
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from auditkit.inputs.source_cache import SourceCache
from auditkit.model.errors import Location, Problem, WordedValueError, said_of
from auditkit.model.messages import Message, msg

try:  # libyaml is the norm; pure Python is the fallback where it was not built.
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _BaseLoader = yaml.SafeLoader

MAX_FILE_BYTES = 5 * 1024 * 1024
"""YAML and Markdown files above this size are refused (record exports are streamed and not capped)."""
MAX_VALUES = 200_000
"""A document that expands to more values than this (through aliases) is refused."""

MAX_NUMBER_CHARS = 64
"""A number written with more characters than this is refused."""
_NUMBER_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
_INF = float("inf")

_SCALAR_TAGS_AS_TEXT = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:str"}
_ScalarNode, _SequenceNode, _MappingNode = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode
_IMPLICIT = _BaseLoader.yaml_implicit_resolvers


class _Loader(_BaseLoader):
    """The safe loader, resolving the tags of plain scalars without the path machinery it never uses.

    Speed: libyaml calls ``resolve`` (and ``descend_resolver``/``ascend_resolver``) in Python for every node, a
    seventh of composing. Safe loaders register no path resolvers, so this is PyYAML's ``BaseResolver.resolve``
    without them: the same tags for the same nodes.
    """

    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass

    def resolve(self, kind, value, implicit):
        if kind is _ScalarNode:
            if implicit[0]:
                for tag, regexp in _IMPLICIT.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return "tag:yaml.org,2002:str"
        return "tag:yaml.org,2002:seq" if kind is _SequenceNode else "tag:yaml.org,2002:map"

# Memory: a large evidence tree holds about a million marks. Files of the same kind repeat the same paths
# (``('data', 'entries', 3, 'id')``) and positions, so each distinct path and (line, column) pair is kept once
# and shared by every document (equal tuples, so lookups are unchanged); this halves what the marks take.
_PATHS: dict = {}
_POSITIONS: dict = {}


def _item_path(path: PathKey, index: int) -> PathKey:
    child = path + (index,)
    return _PATHS.setdefault(child, child)

PathKey = tuple  # a path inside a document: keys and list indexes


class SourceError(Exception):
    """A file cannot be read as text or YAML; carries the problem with its location."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


@dataclass
class Document:
    """A YAML document as plain values, with the position of every value and key."""

    file: str
    """Display path of the file."""
    data: Any
    """Plain values: dict, list, str, int, float, bool, None. Dates stay text."""
    marks: dict = field(default_factory=dict, repr=False)
    """path -> (line, column) of the value, 1-based."""
    key_marks: dict = field(default_factory=dict, repr=False)
    """path -> (line, column) of the mapping key that holds the value."""
    line_offset: int = 0
    """Lines before the document in its file (front matter starts after its ``---`` line)."""

    def locate(self, path: PathKey = (), *, key: bool = False) -> Location:
        """The location of the value at ``path`` (or of its key), or of its nearest parent that has one."""
        path = tuple(path)
        probe = path
        while True:
            table = self.key_marks if key and probe in self.key_marks else self.marks
            if probe in table:
                line, col = table[probe]
                return Location(self.file, line + self.line_offset, col, pointer_of(path))
            if not probe:
                return Location(self.file, 1 + self.line_offset, 1, pointer_of(path))
            probe = probe[:-1]


@dataclass(frozen=True)
class InputFile:
    """A file read as input, with the sha256 and size of its bytes as read: the manifest of a snapshot and the
    evidence index of a report name exactly what was assessed."""

    path: str
    sha256: str
    size: int

    @classmethod
    def of(cls, shown: str, raw: bytes) -> "InputFile":
        return cls(shown, hashlib.sha256(raw).hexdigest(), len(raw))


@cache
def pointer_of(path: PathKey) -> str:
    """``('requirements', 3, 'checks')`` -> ``requirements[3].checks``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    text = os.fspath(path)
    if not os.path.isabs(text) and ".." not in text:
        return os.path.normpath(text)  # what relpath gives, without its two abspath calls (shown for every file)
    try:
        return os.path.relpath(text)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)


def read_regular_bytes(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``. Anything else raises ValueError (or OSError): a
    FIFO would block the reader forever, a device could be endless, a directory or a symbolic-link loop cannot
    be read. The file is opened without blocking and checked on its descriptor, so it cannot be swapped between
    the check and the read."""
    fd = os.open(os.fspath(path), os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise WordedValueError(msg("source.not_regular"))
        if info.st_size > max_bytes:
            raise WordedValueError(msg("source.too_big", size=f"{info.st_size:,}", limit=f"{max_bytes:,}"))
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read(max_bytes + 1)[: max_bytes + 1]
    finally:
        os.close(fd)


def read_text(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 text file with a size cap; raise SourceError with a location when it is unusable."""
    return read_source(path, max_bytes=max_bytes)[0]


def read_source(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> tuple[str, bytes]:
    """The text of a UTF-8 file (without a byte-order mark) and its raw bytes, which are what its sha256 is of."""
    shown = display_path(path)
    try:
        raw = read_regular_bytes(path, max_bytes)
    except (OSError, ValueError) as exc:
        raise SourceError(Problem.of(Location(shown), msg("source.unreadable", reason=said_of(exc)))) from None
    return decode_source(raw, shown), raw


def decode_source(raw: bytes, shown: str) -> str:
    """The text of ``raw`` read as UTF-8, without a byte-order mark; SourceError located at the first bad byte."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise SourceError(
            Problem.of(Location(shown, line, column), msg("source.not_utf8", byte=f"{raw[exc.start]:02x}"))
        ) from None
    return text.removeprefix("\ufeff")


def parse_yaml(text: str, file: str, *, line_offset: int = 0, cache: SourceCache | None = None) -> Document:
    """Parse one YAML document into a :class:`Document`; raise SourceError with a location on any problem.

    ``cache``: a source cache (:mod:`auditkit.inputs.source_cache`) that may already hold the document of this
    text (keyed by the text's hash, its display path and the offset; errors are never cached)."""
    if cache is not None:
        return cache.document(text, file, line_offset, lambda: _parse_yaml(text, file, line_offset))
    return _parse_yaml(text, file, line_offset)


def _parse_yaml(text: str, file: str, line_offset: int) -> Document:
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            message = exc.problem or exc.context or "invalid YAML"
            if exc.context and exc.problem:
                message = f"{exc.problem} ({exc.context})"
            line = mark.line + 1 + line_offset if mark else None
            col = mark.column + 1 if mark else None
            raise SourceError(Problem.of(Location(file, line, col), msg("yaml.invalid", detail=message))) from None
        except yaml.YAMLError as exc:  # e.g. a reader error on control characters
            raise SourceError(Problem.of(Location(file, 1 + line_offset, 1), msg("yaml.invalid", detail=str(exc)))) from None
        doc = Document(file, None, line_offset=line_offset)
        if node is not None:
            doc.data = _Builder(loader, doc).build(node, ())
        return doc
    finally:
        loader.dispose()


def load_yaml_file(path: Path, *, max_bytes: int = MAX_FILE_BYTES, cache: SourceCache | None = None) -> Document:
    """Read and parse a YAML file (see :func:`read_text` and :func:`parse_yaml`)."""
    return parse_yaml(read_text(path, max_bytes=max_bytes), display_path(path), cache=cache)


class _Builder:
    """Turns composed nodes into plain values, recording marks; refuses duplicate keys and alias bombs."""

    def __init__(self, loader, doc: Document):
        self.loader = loader
        self.doc = doc
        self.marks = doc.marks
        self.key_marks = doc.key_marks
        self.budget = MAX_VALUES
        self.open: set[int] = set()
        """Collections being built: an alias to one of them (``&a [*a]``) would recurse forever."""

    def _fail(self, node, message: Message):
        mark = node.start_mark
        raise SourceError(
            Problem.of(Location(self.doc.file, mark.line + 1 + self.doc.line_offset, mark.column + 1), message)
        )

    def _key(self, node) -> Any:
        # A key is the text as written: `8.10:` is "8.10" (not the float 8.1), `on:` is "on" (not True).
        if not node.tag.startswith("tag:yaml.org,2002:"):
            self._fail(node, msg("yaml.tag", tag=repr(node.tag)))
        return node.value

    def build(self, node, path: PathKey) -> Any:
        # Speed: this runs for every value of every file (half a million in a large evidence tree), so lookups
        # are hoisted and each key's path tuple is built once, shared by key_marks and marks (less memory too).
        self.budget -= 1
        if self.budget < 0:
            self._fail(node, msg("yaml.too_many", limit=f"{MAX_VALUES:,}"))
        mark = node.start_mark
        position = (mark.line + 1, mark.column + 1)
        self.marks[path] = _POSITIONS.setdefault(position, position)
        tag = node.tag
        if not tag.startswith("tag:yaml.org,2002:"):
            self._fail(node, msg("yaml.tag", tag=repr(tag)))
        if isinstance(node, _ScalarNode):
            if tag in _SCALAR_TAGS_AS_TEXT:
                return node.value
            if len(node.value) > MAX_NUMBER_CHARS and tag in _NUMBER_TAGS:
                # int() refuses over 4,300 digits with a ValueError; no real value needs a fraction of that
                self._fail(node, msg("source.long_number", n=f"{len(node.value):,}", limit=MAX_NUMBER_CHARS))
            try:
                value = self.loader.construct_object(node)
            except (yaml.YAMLError, ValueError, OverflowError) as exc:
                self._fail(node, msg("yaml.invalid_value", detail=str(exc)))
            if value != value or value in (_INF, -_INF):  # NaN or infinity compare as no threshold or score can
                self._fail(node, msg("yaml.not_finite", value=node.value))
            return value
        build = self.build
        if id(node) in self.open:
            self._fail(node, msg("yaml.recursive"))
        if isinstance(node, _SequenceNode):
            self.open.add(id(node))
            try:
                return [build(child, _item_path(path, i)) for i, child in enumerate(node.value)]
            finally:
                self.open.discard(id(node))
        if isinstance(node, _MappingNode):
            self.open.add(id(node))
            try:
                return self._mapping(node, path)
            finally:
                self.open.discard(id(node))
        self._fail(node, msg("yaml.node"))  # pragma: no cover

    def _mapping(self, node, path: PathKey) -> dict:
        build = self.build
        out: dict = {}
        key_marks = self.key_marks
        for key_node, value_node in node.value:
            key_tag = key_node.tag
            if key_tag == "tag:yaml.org,2002:merge":
                self._fail(key_node, msg("yaml.merge"))
            if not isinstance(key_node, _ScalarNode):
                self._fail(key_node, msg("yaml.key_not_text"))
            key = key_node.value if key_tag in _SCALAR_TAGS_AS_TEXT else self._key(key_node)
            child = path + (key,)
            child = _PATHS.setdefault(child, child)
            if key in out:
                first = key_marks[child]
                self._fail(key_node, msg("yaml.duplicate", key=repr(key), line=first[0] + self.doc.line_offset))
            key_mark = key_node.start_mark
            position = (key_mark.line + 1, key_mark.column + 1)
            key_marks[child] = _POSITIONS.setdefault(position, position)
            out[key] = build(value_node, child)
        return out
