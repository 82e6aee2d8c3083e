"""Snapshots: an assessment recorded with the inputs it was made from, chained to the one before by hash.

A snapshot is one JSON file ``history/S<sequence>-<as-of>.json``::

    {"format": "auditkit-snapshot/1",
     "snapshot": {"id", "sequence", "as_of", "recorded_at", "tool", "catalog", "previous", "note"},
     "manifest": [{"path", "role", "sha256", "size"}, ...],
     "assessment": {...the Assessment's JSON form...},
     "hash": "<sha256 of the canonical JSON of every other key>"}

``previous`` is the hash of the snapshot before it, so editing, removing or reordering a snapshot breaks the
chain; ``history/HEAD`` names the latest, so removing the last one shows too. The hash proves integrity, not
authorship: someone who rewrites every later snapshot and HEAD can forge a chain (sign HEAD, or keep the
history in git, for that).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from auditkit.model.errors import InputErrors, Location, Problem, UsageError
from auditkit.model.messages import msg
from auditkit.inputs.validation import is_valid, schema, validate_value
from auditkit.inputs.jsonsource import parse_json
from auditkit.inputs.yamlsource import SourceError, display_path, parse_yaml, read_text

FORMAT = "auditkit-snapshot/1"
FOLDER = "history"
HEAD_NAME = "HEAD"
LOCK_NAME = ".lock"
NAME = re.compile(r"^S(?P<sequence>\d{4,})-(?P<as_of>\d{4}-\d{2}-\d{2})\.json$")
LAYER = "history"
MAX_SNAPSHOT_BYTES = 200 * 1024 * 1024
"""A snapshot holds one assessment: a very large organisation's is a few megabytes."""


class HistoryError(InputErrors):
    """A snapshot that cannot be read, or a reference to one that does not exist."""

    layer = LAYER


def canonical(value) -> bytes:
    """The canonical JSON bytes that are hashed: keys sorted, no spaces, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode("utf-8")


def content_hash(data: dict) -> str:
    """The hash of a snapshot: sha256 of the canonical JSON of every key but ``hash``."""
    return hashlib.sha256(canonical({k: v for k, v in data.items() if k != "hash"})).hexdigest()


def snapshot_name(sequence: int, as_of: str) -> str:
    return f"S{sequence:04d}-{as_of}.json"


@dataclass(frozen=True)
class Snapshot:
    """A recorded assessment, as read from its file."""

    path: Path
    data: dict

    @property
    def file(self) -> str:
        return display_path(self.path)

    @property
    def meta(self) -> dict:
        return self.data["snapshot"]

    @property
    def id(self) -> str:
        return self.meta["id"]

    @property
    def sequence(self) -> int:
        return self.meta["sequence"]

    @property
    def as_of(self) -> str:
        return self.meta["as_of"]

    @property
    def hash(self) -> str:
        return self.data["hash"]

    @property
    def assessment(self) -> dict:
        return self.data["assessment"]

    @property
    def overall(self) -> float | None:
        return self.assessment["summary"]["overall"]["score"]

    def clause_scores(self) -> dict[str, float | None]:
        return {c["clause"]: c["score"] for c in self.assessment["clauses"]}


def history_folder(project_root: Path) -> Path:
    return Path(project_root) / FOLDER


def snapshot_files(project_root: Path) -> list[Path]:
    """The snapshot files of a project, in name (sequence) order."""
    folder = history_folder(project_root)
    if not folder.is_dir():
        return []
    # every name that looks like a snapshot, whatever it is: a directory, pipe or dangling link in its place is
    # reported by the readers (located), not skipped
    return sorted(p for p in folder.iterdir() if NAME.match(p.name))


def read_json(path: Path) -> dict:
    """Parse a snapshot file; a file that is not JSON is reported at its line and column."""
    shown = display_path(path)
    try:
        text = read_text(path, max_bytes=MAX_SNAPSHOT_BYTES)
        data = parse_json(text, shown)
    except SourceError as exc:
        raise HistoryError([Problem.of(exc.problem.location, msg("snapshot.unreadable", problem=exc.problem.wording),
                                       LAYER)]) from None
    if not isinstance(data, dict):
        raise HistoryError([Problem.of(Location(shown, 1, 1), msg("snapshot.not_object"), LAYER)])
    return data


def key_location(shown: str, key: str) -> Location:
    """Where a whole-snapshot problem is shown: the line of ``"key":`` in the file (the recorded hash for a
    tampered file, ``previous`` for a broken link), else its first line; HEAD's problems are on its one line."""
    if not key or not shown.endswith(".json"):
        return Location(shown, 1, 1)
    try:
        text = Path(shown).read_text("utf-8", errors="replace")
    except OSError:
        return Location(shown, 1, 1)
    index = text.rfind(f'"{key}":') if key == "hash" else text.find(f'"{key}":')
    if index < 0:
        return Location(shown, 1, 1)
    line = text.count("\n", 0, index) + 1
    return Location(shown, line, index - (text.rfind("\n", 0, index) + 1) + 1)


def load_snapshot(path: Path, *, validate: bool = True) -> Snapshot:
    """Read one snapshot, refusing a tampered one (content no longer matching its hash) and, with ``validate``,
    one that does not follow snapshot.schema.json (errors located), so readers never meet a missing field.

    ``verify`` reads the files itself: it reports every problem of the chain instead of stopping at one.
    """
    data = read_json(path)
    shown = display_path(path)
    if not isinstance(data.get("snapshot"), dict) or "assessment" not in data or not isinstance(data.get("hash"), str):
        raise HistoryError([Problem.of(Location(shown, 1, 1), msg("snapshot.not_snapshot"), LAYER)])
    try:
        actual = content_hash(data)
    except (TypeError, ValueError) as exc:
        actual = f"(cannot be hashed: {exc})"
    if actual != data["hash"]:
        raise HistoryError([Problem.of(key_location(shown, "hash"), msg("snapshot.tampered"), LAYER)])
    if validate:
        problems = _schema_problems(path, data)
        if problems:
            raise HistoryError(problems)
    return Snapshot(Path(path), data)


def _schema_problems(path: Path, data: dict) -> list[Problem]:
    if is_valid(data, schema("snapshot")):
        return []
    # Only a failing file pays for locations: parse it again as YAML (JSON is YAML) to learn where values stand.
    try:
        doc = parse_yaml(path.read_text("utf-8"), display_path(path))
    except SourceError as exc:
        return [exc.problem]
    return validate_value(data, doc, schema("snapshot"), layer=LAYER)[:20]


def load_history(project_root: Path, *, validate: bool = True) -> list[Snapshot]:
    """Every snapshot of a project, in sequence order, each checked against its hash and the schema.
    Unreadable, tampered or incomplete files raise HistoryError (all at once)."""
    snapshots, problems = [], []
    for path in snapshot_files(project_root):
        try:
            snapshots.append(load_snapshot(path, validate=validate))
        except HistoryError as exc:
            problems.extend(exc.problems)
    if problems:
        raise HistoryError(problems)
    return sorted(snapshots, key=lambda s: (s.sequence, s.path.name))


def resolve(project_root: Path, ref: str, snapshots: list[Snapshot] | None = None) -> Snapshot:
    """A snapshot by reference: ``S0002``, ``2`` (sequence), an as-of date (the latest recorded for it),
    ``latest``, ``previous`` (the one before latest), or the path of a snapshot file."""
    snapshots = load_history(project_root) if snapshots is None else snapshots
    text = ref.strip()
    if text.endswith(".json") and Path(text).is_file():
        return load_snapshot(Path(text))
    if not snapshots:
        raise UsageError(msg("history.no_snapshots", folder=display_path(history_folder(project_root))))
    if text in ("latest", "last", "HEAD"):
        return snapshots[-1]
    if text == "previous":
        if len(snapshots) < 2:
            raise UsageError(msg("history.no_previous"))
        return snapshots[-2]
    for snap in snapshots:
        if text.upper() == snap.id or text == snap.path.name:
            return snap
    if text.isdigit():
        for snap in snapshots:
            if snap.sequence == int(text):
                return snap
    dated = [s for s in snapshots if s.as_of == text]
    if dated:
        return dated[-1]
    known = ", ".join(f"{s.id} ({s.as_of})" for s in snapshots)
    raise UsageError(msg("history.unknown", ref=repr(ref), known=known))


def build_manifest(inputs) -> list[dict]:
    """Every input file of an assessment with its sha256 and size, paths relative to the project root.

    Catalog and evidence files keep the digest taken when they were read (the bytes that were assessed);
    the judgments and config files are hashed now.
    """
    root = Path(inputs.config.root).resolve()
    entries: dict[str, dict] = {}

    def add(shown: str, role: str, digest: str | None = None, size: int | None = None) -> None:
        path = Path(shown)
        if digest is None:
            blob = path.read_bytes()
            digest, size = hashlib.sha256(blob).hexdigest(), len(blob)
        entries.setdefault(_relative(path, root), {"path": _relative(path, root), "role": role,
                                                   "sha256": digest, "size": size})

    if inputs.config.file is not None:
        add(str(inputs.config.file), "config")
    for f in inputs.catalog.files:
        add(f.path, "catalog", f.sha256, f.size)
    for f in inputs.evidence.files:
        add(f.path, "evidence", f.sha256, f.size)
    if inputs.judgments_file:
        add(inputs.judgments_file, "judgments")
    order = {"config": 0, "catalog": 1, "judgments": 2, "evidence": 3}
    return sorted(entries.values(), key=lambda e: (order[e["role"]], e["path"]))


def _relative(path: Path, root: Path) -> str:
    full = path.resolve()
    try:
        return full.relative_to(root).as_posix()
    except ValueError:
        return full.as_posix()
