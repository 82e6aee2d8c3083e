"""The register on disk: one YAML file per corrective action under ``actions/``.

Reading goes through auditkit's located YAML loader and the action schema, so every problem has a file, line
and column. Writing keeps what the user wrote: changes are applied to a round-trip parse (ruamel.yaml keeps
comments, key order and layout), the result is validated before it is written, and the write is atomic
(temporary file, fsync, rename) under a lock (``actions/.lock``), so two commands cannot interleave and a
killed writer leaves the old file whole.
"""

from __future__ import annotations

import io
import re
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable, Iterator

from auditkit.outputs.atomic import remove_stale_temporaries, write_text_atomic
from auditkit.inputs.dates import parse_date
from auditkit.model.errors import Location, Problem, UsageError, said_of
from auditkit.model.messages import msg
from auditkit.inputs.validation import schema, validate_value
from auditkit.inputs.yamlsource import (Document, SourceError, display_path, load_yaml_file, parse_yaml,
                                        read_regular_bytes)
from auditkit.outputs.actions.model import LAYER, ActionsError, CorrectiveAction, FindingRef, State

FOLDER = "actions"
LOCK_NAME = ".lock"
LOCK_TIMEOUT = 30.0
"""Seconds a command waits for another one holding the register before giving up."""

ID_PATTERN = re.compile(r"^(?P<prefix>[A-Z][A-Z0-9]*)-(?P<year>\d{4})-(?P<number>\d{3,})$")

HEADER = (
    "# Corrective action {id}. Change its state with `auditkit actions transition {id} STATE --by NAME --note WHY`;\n"
    "# change anything else with `auditkit actions edit {id}` (or by hand, keeping state and history as they are).\n"
)


def _action_schema() -> dict:
    return schema("action")


class Register:
    """The corrective-action register of a project (the ``actions/`` folder beside ``controls/``)."""

    def __init__(self, project_root: Path):
        self.root = Path(project_root)
        self.folder = self.root / FOLDER

    # reading ----------------------------------------------------------------------------------------------

    def files(self) -> list[Path]:
        """Every action file (hidden and temporary files are not actions)."""
        if not self.folder.is_dir():
            return []
        # whatever has an action's name, file or not: a directory, pipe or dangling link there is reported by
        # load_action (located), not skipped as if the action did not exist
        return sorted(p for p in self.folder.iterdir() if p.suffix in (".yaml", ".yml") and not p.name.startswith("."))

    def load_all(self) -> list[CorrectiveAction]:
        """Every action, in id order; raise ActionsError with the problems of every file at once."""
        actions, problems = [], []
        for path in self.files():
            try:
                actions.append(load_action(path))
            except ActionsError as exc:
                problems.extend(exc.problems)
        seen: dict[str, str] = {}
        for action in actions:
            if action.id in seen:
                problems.append(Problem.of(action.locate("id"), msg("actions.store.id_used", id=action.id, file=seen[action.id]), LAYER))
            seen.setdefault(action.id, action.file)
        if problems:
            raise ActionsError(problems)
        return sorted(actions, key=lambda a: _id_key(a.id))

    def get(self, action_id: str) -> CorrectiveAction:
        """One action by id (its file is ``actions/<id>.yaml``)."""
        path = self.path_of(action_id)
        if not path.is_file():
            known = [p.stem for p in self.files()]
            near = [k for k in known if action_id.upper() in k][:5]
            raise UsageError(msg("actions.unknown_near", id=repr(action_id), folder=display_path(self.folder),
                                 near=", ".join(near)) if near else
                             msg("actions.unknown", id=repr(action_id), folder=display_path(self.folder)))
        return load_action(path)

    def path_of(self, action_id: str) -> Path:
        return self.folder / f"{action_id}.yaml"

    # writing ----------------------------------------------------------------------------------------------

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the register's lock: other auditkit commands that change the register wait."""
        from filelock import FileLock, Timeout

        self.folder.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.folder / LOCK_NAME), timeout=LOCK_TIMEOUT)
        try:
            lock.acquire()
            remove_stale_temporaries(self.folder, older_than=0)  # holding the lock: left by a killed writer
        except Timeout:
            raise UsageError(msg("actions.store.locked", lock=display_path(self.folder / LOCK_NAME))) from None
        try:
            yield
        finally:
            lock.release()

    def next_id(self, prefix: str, year: int) -> str:
        """The next free id of a year, e.g. CAR-2026-008 after CAR-2026-007 (ids are never reused)."""
        numbers = [int(m["number"]) for p in self.files()
                   if (m := ID_PATTERN.match(p.stem)) and m["prefix"] == prefix and int(m["year"]) == year]
        # ids issued before count too: deleting the newest action file must not hand its id to another action
        numbers += [int(m["number"]) for line in self._issued()
                    if (m := ID_PATTERN.match(line)) and m["prefix"] == prefix and int(m["year"]) == year]
        return f"{prefix}-{year}-{max(numbers, default=0) + 1:03d}"

    def _issued(self) -> list[str]:
        """Every id this register has issued (``actions/.issued``, one a line), whether its file is there or not."""
        try:
            return read_regular_bytes(self.folder / ISSUED_NAME, 1024 * 1024).decode("utf-8").split()
        except (OSError, ValueError):
            return []

    def create(self, data: dict) -> CorrectiveAction:
        """Write a new action file (call while holding the lock). Refuse to overwrite an existing one."""
        path = self.path_of(data["id"])
        if path.exists():
            raise UsageError(msg("actions.store.exists", file=display_path(path)))
        ordered = {k: data[k] for k in sorted(data, key=lambda k: FIELD_ORDER.index(k) if k in FIELD_ORDER else 99)}
        text = HEADER.format(id=data["id"]) + dump_yaml(_plain_to_yaml(ordered))
        issued = self._issued()
        if data["id"] not in issued:  # recorded before the file: a crash in between wastes an id, never reuses one
            write_text_atomic(self.folder / ISSUED_NAME, "".join(f"{i}\n" for i in [*issued, data["id"]]))
        return self._write(path, text)

    def update(self, action: CorrectiveAction, change: Callable[[dict], None]) -> CorrectiveAction:
        """Apply ``change`` to a round-trip parse of the action's file and write it back (hold the lock).

        The file is re-read first, so a change made by another command since ``action`` was loaded is kept.
        """
        path = self.path_of(action.id)
        layout = Layout.of(read_text_keeping_bom(path))
        document = round_trip_load(layout.body)
        change(document)
        # the user's layout is kept: byte-order mark, line endings, indentation, a leading '---'
        return self._write(path, layout.dress(dump_yaml(document, layout)))

    def replace_text(self, action: CorrectiveAction, text: str) -> CorrectiveAction:
        """Write a whole new text for an action (already checked by the caller), in the byte-order mark and line
        ends the file had."""
        path = self.path_of(action.id)
        old = Layout.of(read_text_keeping_bom(path))
        new = Layout.of(text)
        return self._write(path, Layout(new.body, old.bom, old.newline).dress(new.body))

    def _write(self, path: Path, text: str) -> CorrectiveAction:
        # Validate what is about to be written: the register never holds a file auditkit cannot read back.
        written = parse_action_text(text, display_path(path), path.stem)
        write_text_atomic(path, text)
        return written


ISSUED_NAME = ".issued"


def load_action(path: Path) -> CorrectiveAction:
    """Read and validate one action file."""
    try:
        doc = load_yaml_file(path)
    except SourceError as exc:
        raise ActionsError([exc.problem]) from None
    return parse_action(doc, path.stem)


def parse_action_text(text: str, shown: str, expected_id: str | None) -> CorrectiveAction:
    try:
        doc = parse_yaml(text, shown)
    except SourceError as exc:
        raise ActionsError([exc.problem]) from None
    return parse_action(doc, expected_id)


def parse_action(doc: Document, expected_id: str | None) -> CorrectiveAction:
    """Validate an action document (schema, dates, id, state against history) into a CorrectiveAction."""
    data = doc.data
    if not isinstance(data, dict):
        raise ActionsError([Problem.of(doc.locate(), msg("actions.store.mapping"), LAYER)])
    problems = validate_value(data, doc, _action_schema(), layer=LAYER)
    if problems:
        raise ActionsError(problems)
    if expected_id is not None and data["id"] != expected_id:
        problems.append(Problem.of(doc.locate(("id",)), msg("actions.store.id_file", id=data['id'], expected=expected_id),
                                   LAYER))
    for path in _date_paths(data):
        try:
            parse_date(_get(data, path))
        except ValueError as exc:
            problems.append(Problem.of(doc.locate(path), said_of(exc), LAYER))
    problems.extend(_history_problems(doc))
    if problems:
        raise ActionsError(problems)
    findings = tuple(FindingRef(requirement=f["requirement"], assessment=f["assessment"], finding=f.get("finding", ""),
                                clause=f.get("clause", ""), grade=f.get("grade", ""), snapshot=f.get("snapshot", ""))
                     for f in data["findings"])
    return CorrectiveAction(
        id=data["id"],
        title=data["title"],
        state=State(data["state"]),
        grade=data["grade"],
        findings=findings,
        due=parse_date(data["due"]),
        owner=data.get("owner", "") or "",
        raised=parse_date(data["raised"]) if data.get("raised") else None,
        data=data,
        doc=doc,
    )


def _history_problems(doc: Document) -> list[Problem]:
    """The history is a log: dated in order, and the state is where its last move landed."""
    data = doc.data
    history = data["history"]
    problems = []
    previous = ""
    landed = None
    for index, entry in enumerate(history):
        if entry["date"] < previous:
            problems.append(Problem.of(doc.locate(("history", index, "date")),
                                       msg("actions.store.history_order", date=entry['date'], previous=previous), LAYER))
        previous = max(previous, entry["date"])
        if entry["event"] in ("created", "transition"):
            if "to" not in entry:
                problems.append(Problem.of(doc.locate(("history", index)), msg("actions.store.to"), LAYER))
                continue
            if entry["to"] not in {s.value for s in State}:
                problems.append(Problem.of(doc.locate(("history", index, "to")), msg("actions.store.state", state=repr(entry['to'])), LAYER))
            landed = entry["to"]
    if landed is None:
        problems.append(Problem.of(doc.locate(("history",)), msg("actions.store.created"), LAYER))
    elif landed != data["state"]:
        problems.append(Problem.of(doc.locate(("state",)),
                                   msg("actions.store.state_history", state=data['state'], landed=landed, id=data['id']),
                                   LAYER))
    return problems


def _date_paths(data: dict) -> list[tuple]:
    paths = [("due",)] + ([("raised",)] if "raised" in data else [])
    paths += [("findings", i, "assessment") for i in range(len(data["findings"]))]
    for i, item in enumerate(data.get("actions") or []):
        paths.append(("actions", i, "due"))
        if "done" in item:
            paths.append(("actions", i, "done"))
    if data.get("verification"):
        paths.append(("verification", "date"))
    paths += [("history", i, "date") for i in range(len(data["history"]))]
    return paths


def _get(data, path):
    for part in path:
        data = data[part]
    return data


def _id_key(action_id: str):
    m = ID_PATTERN.match(action_id)
    return (m["prefix"], int(m["year"]), int(m["number"])) if m else (action_id, 0, 0)


# YAML round trip ------------------------------------------------------------------------------------------

_DATE_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _yaml():
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 110
    y.preserve_quotes = True
    return y


def read_text_keeping_bom(path: Path) -> str:
    """An action file's text as written, byte-order mark included (read_source drops it)."""
    try:
        return read_regular_bytes(path, 5 * 1024 * 1024).decode("utf-8")
    except (OSError, ValueError) as exc:  # UnicodeDecodeError is a ValueError; load_action reports it located
        raise UsageError(msg("actions.store.unreadable", file=display_path(path), reason=said_of(exc))) from None


@dataclass(frozen=True)
class Layout:
    """How a user wrote a YAML file, so that auditkit's edit of it changes the values and nothing else."""

    body: str
    """The text without byte-order mark, with "\n" line ends."""
    bom: bool = False
    newline: str = "\n"
    explicit_start: bool = False
    mapping: int = 2
    sequence: int = 4
    offset: int = 2

    @classmethod
    def of(cls, text: str) -> "Layout":
        from ruamel.yaml.util import load_yaml_guess_indent

        bom = text.startswith("\ufeff")
        body = text.lstrip("\ufeff")
        newline = "\r\n" if "\r\n" in body else "\n"
        body = body.replace("\r\n", "\n")
        explicit = re.match(r"(?:[ \t]*(?:#[^\n]*)?\n)*---(?:[ \t]|\n|$)", body) is not None
        try:
            _data, sequence, offset = load_yaml_guess_indent(body)
        except Exception:  # noqa: BLE001 - a layout it cannot guess keeps the defaults; the parse reports errors
            sequence = offset = None
        nested = re.search(r"^[^\s#-][^\n]*:[ \t]*\n( +)[^\s#-]", body, re.MULTILINE)
        return cls(body, bom, newline, explicit, len(nested.group(1)) if nested else 2,
                   sequence if isinstance(sequence, int) and sequence > 0 else 4,
                   offset if isinstance(offset, int) and offset >= 0 else 2)

    def dress(self, text: str) -> str:
        """Text dumped with "\n" line ends, given back this layout's line ends and byte-order mark."""
        if self.explicit_start and not text.lstrip().startswith("---") and "\n---" not in text[:2000]:
            text = "---\n" + text
        return ("\ufeff" if self.bom else "") + text.replace("\n", self.newline)


def round_trip_load(text: str):
    """Parse YAML keeping comments and layout, for editing in place."""
    return _yaml().load(text)


def dump_yaml(value, layout: "Layout | None" = None) -> str:
    out = io.StringIO()
    y = _yaml()
    if layout is not None:
        y.indent(mapping=layout.mapping, sequence=max(layout.sequence, layout.offset + 2), offset=layout.offset)
    y.dump(value, out)
    return out.getvalue()


FIELD_ORDER = ["id", "title", "state", "grade", "owner", "raised", "due", "recurrence_of", "findings", "description",
               "correction", "root_cause", "actions", "verification", "links", "history"]
"""Where each top-level field goes in an action file (new fields are inserted in this order)."""


def _plain_to_yaml(value):
    """Plain values as auditkit builds them -> values that dump as people write YAML (dates unquoted,
    several lines as a literal block)."""
    from ruamel.yaml.scalarstring import LiteralScalarString

    if isinstance(value, dict):
        return {k: _plain_to_yaml(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_to_yaml(v) for v in value]
    if isinstance(value, str) and _DATE_TEXT.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, str) and "\n" in value.strip():
        return LiteralScalarString(value.strip() + "\n")
    if isinstance(value, str) and not _reads_back_as_text(value):
        # ruamel writes "Yes" plain (text in YAML 1.2), which auditkit's reader (YAML 1.1) takes for true:
        # quote every text that would not read back as the same text
        from ruamel.yaml.scalarstring import DoubleQuotedScalarString

        return DoubleQuotedScalarString(value)
    return value


def _reads_back_as_text(value: str) -> bool:
    try:
        return parse_yaml(f"v: {value}", "<value>").data == {"v": value}
    except SourceError:
        return False


def set_field(document, key: str, value) -> None:
    """Set a top-level field of a round-trip document; a new field goes to its place in FIELD_ORDER."""
    value = _plain_to_yaml(value)
    if key in document or key not in FIELD_ORDER:
        document[key] = value
        return
    rank = FIELD_ORDER.index(key)
    keys = list(document.keys())
    position = next((i for i, k in enumerate(keys) if k in FIELD_ORDER and FIELD_ORDER.index(k) > rank), len(keys))
    document.insert(position, key, value)


def yaml_value(value):
    """A value to put into a round-trip document."""
    return _plain_to_yaml(value)


def located(path: Path) -> Location:
    return Location(display_path(path))
