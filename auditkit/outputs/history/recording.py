"""Recording an assessment as the next snapshot of the history, after the chain so far verifies."""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from auditkit import __version__
from auditkit.inputs.yamlsource import display_path
from auditkit.model.errors import UsageError
from auditkit.model.messages import msg
from auditkit.outputs.atomic import remove_stale_temporaries, write_text_atomic
from auditkit.outputs.history.anchors import sign_file
from auditkit.outputs.history.clock import recorded_now
from auditkit.outputs.history.snapshot import (
    FORMAT,
    HEAD_NAME,
    LOCK_NAME,
    HistoryError,
    Snapshot,
    build_manifest,
    content_hash,
    history_folder,
    snapshot_name,
)
from auditkit.outputs.history.verify import verify


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the history's lock file: one writer at a time."""
    from filelock import FileLock, Timeout  # start-up time: only a command that records needs it

    folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(folder / LOCK_NAME), timeout=30)
    try:
        lock.acquire()
    except Timeout:
        raise UsageError(msg("history.locked", folder=display_path(folder))) from None
    try:
        yield
    finally:
        lock.release()


def adopt(project_root: Path, snapshot_id: str) -> Snapshot:
    """Point HEAD at ``snapshot_id`` after a record stopped between writing that snapshot and moving HEAD.

    Allowed only when the one thing wrong with the history is that HEAD names an earlier snapshot and
    ``snapshot_id`` is the last one: the user says, explicitly, that the later snapshot is theirs. A signed
    history then needs the new HEAD signed again (``assess --record --sign`` signs the next one).
    """
    root = Path(project_root)
    folder = history_folder(root)
    with locked(folder):
        report = verify(root)
        others = [p for p in report.problems if not p.message.startswith("rewound:")]
        last = report.snapshots[-1] if report.snapshots else None
        if others or last is None or last.id != snapshot_id.strip().upper():
            if others:
                raise HistoryError(others)
            raise UsageError(msg("history.adopt_last", id=snapshot_id, last=last.id) if last else
                             msg("history.adopt", id=snapshot_id))
        if not report.problems:
            return last
        write_text_atomic(folder / HEAD_NAME, f"{last.id} {last.hash}\n")
        return last


def record(inputs, assessment: dict, *, note: str = "", sign: Path | None = None) -> Snapshot:
    """Store ``assessment`` (made from ``inputs``) as the next snapshot of the project's history; with ``sign``
    (an SSH key), sign the snapshot and HEAD (auditkit/outputs/history/anchors.py).

    Refuses when the existing history does not verify: a new link must not hide a broken chain.
    """
    root = Path(inputs.config.root)
    folder = history_folder(root)
    manifest = build_manifest(inputs)
    with locked(folder):
        remove_stale_temporaries(folder, older_than=0)  # holding the lock: any temporary file is a killed writer's
        report = verify(root)
        if report.problems:
            raise HistoryError(report.problems)
        previous = report.snapshots[-1] if report.snapshots else None
        sequence = previous.sequence + 1 if previous else 1
        meta = {
            "id": f"S{sequence:04d}",
            "sequence": sequence,
            "as_of": assessment["as_of"],
            "recorded_at": recorded_now(),
            "tool": {"name": "auditkit", "version": __version__},
            "catalog": {"id": assessment["catalog"]["id"], "version": assessment["catalog"]["version"]},
            "previous": previous.hash if previous else None,
        }
        if note:
            meta["note"] = note
        data = {"format": FORMAT, "snapshot": meta, "manifest": manifest, "assessment": assessment}
        data["hash"] = content_hash(data)
        path = folder / snapshot_name(sequence, assessment["as_of"])
        if path.exists():
            raise UsageError(msg("history.exists", file=display_path(path)))
        # The snapshot first, then HEAD: a writer stopped in between leaves a whole snapshot that HEAD does not
        # name yet (verify reports it, the next record repairs HEAD), never a half-written file.
        write_text_atomic(path, json.dumps(data, indent=1, ensure_ascii=False, sort_keys=False) + "\n")
        if sign is not None:
            sign_file(path, sign)
        write_text_atomic(folder / HEAD_NAME, f"{meta['id']} {data['hash']}\n")
        if sign is not None:
            sign_file(folder / HEAD_NAME, sign)
        return Snapshot(path, data)
