"""A cache of parsed and validated input files under ``.auditkit-cache/``, keyed by content hashes.

``auditkit check`` runs again and again (pre-commit hooks, CI re-runs) over files that mostly did not change.
Parsing YAML and Markdown and validating against the schemas is most of such a run, and depends only on the text
of each file and on auditkit's own code. So a run that has a cache (:class:`auditkit.api.Project` opened with
``cache=True`` passes it to the loaders, as a parameter) consults it in four steps:

- :func:`auditkit.inputs.yamlsource.parse_yaml`: the values of a YAML text with the line and column of every value and
  key, keyed by sha256 of the text, its display path (locations embed it) and the line offset;
- the headings and links of a Markdown body (:func:`markdown`), keyed by sha256 of the body and its first line;
- :func:`auditkit.inputs.validation.validate_value`: the fact that a value was *valid* against a schema, keyed by
  sha256 of the value's JSON text and of the schema. Errors are never cached: an invalid file is checked again
  on every run, so its messages are always complete and current;
- where a document addresses the concepts its checks look for (:mod:`auditkit.engine.concept_reads`), keyed by
  sha256 of the Markdown body's text (or of the file, for a document a descriptor points at), its display path
  and first line, and every word of the concepts in their order.

The cache is valid for one fingerprint of auditkit's source files and Python's version, so an upgrade misses.
It is one text file, an entry a line (``kind<TAB>key<TAB>HMAC<TAB>JSON``) of plain values: never a pickle or code.
Each entry carries an HMAC under a key that lives outside the project (auditkit/speed/secret.py), checked before
the entry is used: a cache folder that came from somewhere else (committed by mistake, restored by a CI cache,
edited by hand) is a miss, so it can at worst make a run slower, never change what a run finds. Entries not used by a run are dropped when it saves, so the file does not grow.
Nothing is cached when no cache is passed: library calls behave exactly as before.

Speed: an entry's JSON is decoded only when a run uses it, and written back as it was read; a run that changed
one file of a large project encodes that file's entry only, and a run that changed nothing writes nothing.
(The first format, one JSON document, was decoded and encoded whole: at ten thousand files, a run after any
change spent a second and 200 MB more on the cache than it saved.)
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

from auditkit.inputs.documents.markdown import Link, Section
from auditkit.inputs.yamlsource import Document, pointer_of
from auditkit.model.errors import Location
from auditkit.speed import secret

FOLDER = ".auditkit-cache"
FILE = "inputs-v3.tsv"
FORMERLY = ("inputs-v1.json", "inputs-v2.tsv")
"""Files of earlier formats, removed when the cache is saved."""
HEADER = "auditkit-cache"
KINDS = ("yaml", "markdown", "valid", "concepts")

@contextmanager
def project_cache(root: Path) -> Iterator["FileCache"]:
    """The cache of the project at ``root``, to pass to the loaders within the block; saved at its end.

    It is saved only when the block ends normally: a run that stopped on invalid input keeps the old cache.
    """
    store = FileCache(Path(root) / FOLDER / FILE)
    yield store
    store.save()


def _digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()


def code_fingerprint() -> str:
    """Python's version, the versions of the libraries whose results are cached (a validator or parser upgrade
    must not reuse old verdicts), and the size and modification time of every source and schema file of auditkit."""
    from importlib.metadata import PackageNotFoundError, version

    package = Path(__file__).resolve().parents[1]  # the whole auditkit package
    stats = []
    for dist in ("PyYAML", "jsonschema", "fastjsonschema", "markdown-it-py", "python-docx", "pypdf", "openpyxl"):
        try:
            stats.append(f"{dist}=={version(dist)}")
        except PackageNotFoundError:
            stats.append(f"{dist} missing")
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".json", ".csv") and "__pycache__" not in path.parts:
            st = path.stat()
            stats.append(f"{path.relative_to(package)}:{st.st_size}:{st.st_mtime_ns}")
    return _digest(sys.version, *stats)


class FileCache:
    """The entries of one project's cache; see the module docstring for what is kept."""

    def __init__(self, path: Path):
        self.path = path
        self.fingerprint = code_fingerprint()
        self._stored: dict[tuple[str, str], str] = {}
        """(kind, key) -> the JSON text of an entry, as read from the file (not yet authenticated)."""
        self._macs: dict[tuple[str, str], str] = {}
        """(kind, key) -> the HMAC the file gives for that entry."""
        self._kept: dict[tuple[str, str], str] = {}
        """(kind, key) -> the JSON text of each entry this run used or made: what it saves."""
        self._schema_keys: dict[int, tuple[Any, str]] = {}
        self.hits = self.misses = 0
        try:
            # opened without blocking and checked to be a regular file: a pipe in its place must not hang a run
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                os.close(fd)
                return
            # line by line, split at "\n" only (JSON may hold U+2028 unescaped, which splitlines() splits at)
            with open(fd, encoding="utf-8", newline="\n") as fh:
                if fh.readline() != f"{HEADER}\t{self.fingerprint}\n":
                    return  # made by another version of auditkit (or not a cache at all)
                for line in fh:
                    parts = line.rstrip("\n").split("\t", 3)
                    if len(parts) == 4 and parts[0] in KINDS:
                        self._stored[parts[0], parts[1]] = parts[3]
                        self._macs[parts[0], parts[1]] = parts[2]
        except (OSError, ValueError):
            self._stored.clear()  # no cache yet, or an unreadable one: start empty
            self._macs.clear()

    def _entry(self, kind: str, key: str) -> Any:
        """The decoded entry (kept for saving), or None when there is none or it does not decode."""
        text = self._kept.get((kind, key))
        if text is None:
            text = self._stored.get((kind, key))
            # only an entry this user's auditkit wrote is used: a forged or foreign one is a miss
            if text is None or not secret.genuine(self._macs.get((kind, key), ""), kind, key, text):
                return None
        try:
            entry = json.loads(text)
        except (ValueError, RecursionError):  # not JSON, or nested deeper than this call can decode
            return None
        self._kept[kind, key] = text
        return entry

    def _keep(self, kind: str, key: str, entry: Any) -> None:
        """Keep a new entry; one JSON cannot hold (``!!binary``) is left out."""
        self._macs.pop((kind, key), None)  # made again: its tag is made again when saved
        try:
            self._kept[kind, key] = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
        except (TypeError, ValueError, RecursionError):
            self._kept.pop((kind, key), None)

    # ------------------------------------------------------------------ YAML documents
    def document(self, text: str, file: str, line_offset: int, parse: Callable[[], Any]):
        """The parsed :class:`~auditkit.inputs.yamlsource.Document` of ``text``: from the cache, else ``parse()``."""
        key = _digest(text, file, str(line_offset))
        entry = self._entry("yaml", key)
        if entry is not None:
            doc = _decode_document(entry, file, line_offset)
            if doc is not None:
                self.hits += 1
                return doc
        self.misses += 1
        doc = parse()
        entry = _encode_document(doc)
        if entry is not None:
            self._keep("yaml", key, entry)
        return doc

    # ------------------------------------------------------------------ Markdown bodies
    def markdown(self, body: str, first_line: int, parse: Callable[[str, int], tuple]) -> tuple:
        """(sections, links) of a Markdown body: from the cache, else ``parse(body, first_line)``."""
        key = _digest(body, str(first_line))
        entry = self._entry("markdown", key)
        if entry is not None:
            try:
                sections = tuple(Section(t, int(level), int(line)) for t, level, line in entry["s"])
                links = tuple(Link(t, int(line)) for t, line in entry["l"])
                self.hits += 1
                return sections, links
            except (KeyError, TypeError, ValueError):
                pass
        self.misses += 1
        sections, links = parse(body, first_line)
        self._keep("markdown", key, {"s": [[s.title, s.level, s.line] for s in sections],
                                     "l": [[k.target, k.line] for k in links]})
        return sections, links

    # ------------------------------------------------------------------ concept matches
    def concept_matches(self, key: tuple[str, ...], match: Callable[[], list]) -> list:
        """Where one document addresses some concepts (plain lists, made and read by the engine): from the cache,
        else ``match()``."""
        digest = _digest(*key)
        entry = self._entry("concepts", digest)
        if isinstance(entry, list):
            self.hits += 1
            return entry
        self.misses += 1
        found = match()
        self._keep("concepts", digest, found)
        return found

    # ------------------------------------------------------------------ validity
    def validity_key(self, instance: Any, schema: str | dict) -> str | None:
        """Key of 'this value is valid against this schema', or None when the value is not plain JSON."""
        try:
            text = json.dumps(instance, ensure_ascii=False, separators=(",", ":"), allow_nan=True)
        except (TypeError, ValueError):
            return None
        return _digest(self._schema_key(schema), text)

    def known_valid(self, key: str) -> bool:
        if self._entry("valid", key) == 1:
            self.hits += 1
            return True
        self.misses += 1
        return False

    def mark_valid(self, key: str) -> None:
        self._kept["valid", key] = "1"
        self._macs.pop(("valid", key), None)

    def _schema_key(self, schema: str | dict) -> str:
        if isinstance(schema, str):
            return schema
        entry = self._schema_keys.get(id(schema))
        if entry is None or entry[0] is not schema:
            entry = self._schema_keys[id(schema)] = (schema, _digest(json.dumps(schema, sort_keys=True)))
        return entry[1]

    # ------------------------------------------------------------------ saving
    def save(self) -> None:
        """Write the entries this run used, when they are not exactly those read; a cache that cannot be written
        is no error.

        The file is replaced atomically (a reader sees the old or the new one) but not fsynced: losing a cache
        in a crash costs one slow run, while an fsync costs every run.
        """
        if self._kept == self._stored:
            return
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            ignore = self.path.parent / ".gitignore"
            if not ignore.exists():  # keep the cache out of git even where the project's .gitignore does not
                ignore.write_text("*\n", "utf-8")
            with temporary.open("w", encoding="utf-8", newline="\n") as fh:  # a line at a time: no copy of it all
                fh.write(f"{HEADER}\t{self.fingerprint}\n")
                for (kind, key), text in self._kept.items():
                    mac = self._macs.get((kind, key)) or secret.tag(kind, key, text)
                    fh.write(f"{kind}\t{key}\t{mac}\t")
                    fh.write(text)
                    fh.write("\n")
            os.replace(temporary, self.path)
            for stale in self.path.parent.glob(f".{self.path.name}.*.tmp"):  # left by killed runs
                if stale.stat().st_mtime < os.stat(self.path).st_mtime - 600:
                    stale.unlink(missing_ok=True)
            for name in FORMERLY:  # a cache of an earlier format, which nothing reads any more
                self.path.with_name(name).unlink(missing_ok=True)
        except (OSError, ValueError):
            with contextlib.suppress(OSError):  # a full disk: leave no half-written temporary
                temporary.unlink(missing_ok=True)


def _encode_document(doc) -> dict | None:
    """A Document as plain JSON: its values, and a tree of marks shaped like them: ``[line, col]`` for a scalar,
    ``[line, col, {key: [key line, key col, subtree]}]`` for a mapping, ``[line, col, [subtree, ...]]`` for a
    sequence. None when the marks do not cover the values; a value JSON cannot hold (``!!binary``) is found
    when the cache is saved, and that entry is left out then."""
    try:
        return {"d": doc.data, "t": _mark_tree(doc.data, (), doc.marks, doc.key_marks)}
    except (KeyError, RecursionError):
        return None


def _mark_tree(value: Any, path: tuple, marks: dict, key_marks: dict) -> list:
    line, column = marks[path]
    if isinstance(value, dict):
        return [line, column, {key: [*key_marks[path + (key,)], _mark_tree(child, path + (key,), marks, key_marks)]
                               for key, child in value.items()}]
    if isinstance(value, list):
        return [line, column, [_mark_tree(child, path + (i,), marks, key_marks) for i, child in enumerate(value)]]
    return [line, column]


def _decode_document(entry: dict, file: str, line_offset: int):
    """The cached document: values as stored, marks looked up in the tree only when asked (a run asks for a few
    hundred of the tens of thousands a catalog has, so nothing is rebuilt up front)."""
    if not (isinstance(entry, dict) and "d" in entry and isinstance(entry.get("t"), list) and len(entry["t"]) >= 2):
        return None
    return CachedDocument(file, entry["d"], entry["t"], line_offset)


class CachedDocument(Document):
    """A :class:`~auditkit.inputs.yamlsource.Document` from the cache: ``locate`` walks the tree of marks; ``marks``
    and ``key_marks`` are built as flat dicts only if some code reads them directly."""

    def __init__(self, file: str, data: Any, tree: list, line_offset: int = 0):
        self.file, self.data, self.line_offset = file, data, line_offset
        self._tree = tree
        self._flat: tuple[dict, dict] | None = None

    @property
    def marks(self) -> dict:  # type: ignore[override]
        return self._flatten()[0]

    @property
    def key_marks(self) -> dict:  # type: ignore[override]
        return self._flatten()[1]

    def _flatten(self) -> tuple[dict, dict]:
        if self._flat is None:
            marks: dict = {}
            key_marks: dict = {}
            stack = [((), self._tree)]
            while stack:
                path, node = stack.pop()
                marks[path] = (node[0], node[1])
                children = node[2] if len(node) > 2 else None
                if isinstance(children, dict):
                    for key, (kline, kcol, sub) in children.items():
                        key_marks[path + (key,)] = (kline, kcol)
                        stack.append((path + (key,), sub))
                elif isinstance(children, list):
                    stack.extend((path + (i,), sub) for i, sub in enumerate(children))
            self._flat = (marks, key_marks)
        return self._flat

    def _mark(self, path: tuple, key: bool) -> tuple[int, int] | None:
        node = self._tree
        try:
            for index, part in enumerate(path):
                children = node[2]
                if isinstance(children, dict):
                    kline, kcol, node = children[part]
                    if key and index == len(path) - 1:
                        return int(kline), int(kcol)
                else:
                    node = children[part]
            return int(node[0]), int(node[1])
        except (IndexError, KeyError, TypeError, ValueError):
            return None

    def locate(self, path=(), *, key: bool = False) -> Location:
        """As :meth:`Document.locate`: the value at ``path`` (or its key), or its nearest parent that has one."""
        path = tuple(path)
        probe = path
        while True:
            found = self._mark(probe, key)
            if found is not None:
                return Location(self.file, found[0] + self.line_offset, found[1], pointer_of(path))
            if not probe:
                return Location(self.file, 1 + self.line_offset, 1, pointer_of(path))
            probe = probe[:-1]
