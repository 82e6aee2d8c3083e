"""Checking the history: every snapshot matches its hash, follows the one before, and none is missing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from auditkit.model.errors import Location, Problem, said_of
from auditkit.model.messages import Message, msg
from auditkit.inputs.yamlsource import display_path
from auditkit.outputs.history.snapshot import (
    HEAD_NAME,
    LAYER,
    NAME,
    HistoryError,
    Snapshot,
    content_hash,
    history_folder,
    key_location as _key_location,
    read_json,
    snapshot_files,
)

HEAD_ID = re.compile(r"^S\d{4,}$")
HASH = re.compile(r"^[0-9a-f]{64}$")


@dataclass
class VerifyReport:
    """What ``verify`` found: the snapshots that are sound, the problems, and warnings that are not tampering."""

    snapshots: list[Snapshot] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    head: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(project_root: Path) -> VerifyReport:
    """Check the hash chain of a project's history; name every tampered, renamed, reordered or missing snapshot."""
    report = VerifyReport()
    found: list[Snapshot] = []

    def problem(where: str, said: Message, key: str = "hash") -> None:
        report.problems.append(Problem.of(_key_location(where, key), said, LAYER))

    for path in snapshot_files(project_root):
        shown = display_path(path)
        try:
            data = read_json(path)
        except HistoryError as exc:
            report.problems.extend(exc.problems)
            continue
        meta = data.get("snapshot")
        if not isinstance(meta, dict) or not isinstance(data.get("hash"), str) or "assessment" not in data:
            problem(shown, msg("verify.not_snapshot"), "")
            continue
        try:
            actual = content_hash(data)
        except (TypeError, ValueError) as exc:
            problem(shown, msg("verify.unhashable", error=str(exc)))
            continue
        if actual != data["hash"]:
            problem(shown, msg("verify.tampered", recorded=data["hash"][:12], now=actual[:12]))
            continue
        wrong = _meta_problem(meta)
        if wrong:
            problem(shown, msg("verify.bad_fields", what=wrong), "snapshot")
            continue
        match = NAME.match(path.name)
        sequence, as_of = meta.get("sequence"), meta.get("as_of")
        if int(match["sequence"]) != sequence or match["as_of"] != as_of or meta.get("id") != f"S{sequence:04d}":
            problem(shown, msg("verify.renamed", id=str(meta.get("id")), as_of=as_of, sequence=sequence), "id")
            continue
        found.append(Snapshot(path, data))

    by_sequence: dict[int, list[Snapshot]] = {}
    for snap in found:
        by_sequence.setdefault(snap.sequence, []).append(snap)
    for sequence, snaps in by_sequence.items():
        if len(snaps) > 1:
            problem(snaps[1].file, msg("verify.same_sequence", sequence=sequence, other=snaps[0].file), "sequence")
    ordered = sorted(found, key=lambda s: s.sequence)
    by_hash = {s.hash: s for s in ordered}
    broken = {p.location.file for p in report.problems}
    previous: Snapshot | None = None
    expected = 1
    for snap in ordered:
        if snap.sequence > expected:
            gap = [f"S{n:04d}" for n in range(expected, snap.sequence)]
            if not any(g in f for g in gap for f in broken):  # a broken file is already named
                problem(snap.file, key="sequence",
                        said=msg("verify.missing.one" if len(gap) == 1 else "verify.missing", ids=", ".join(gap),
                                 id=snap.id, folder=display_path(history_folder(project_root))))
        link = snap.meta.get("previous")
        if snap.sequence == 1:
            if link is not None:
                problem(snap.file, msg("verify.first_has_previous"), "previous")
        elif link is None:
            problem(snap.file, msg("verify.no_previous", id=snap.id, sequence=snap.sequence), "previous")
        elif previous is not None and previous.sequence == snap.sequence - 1 and link != previous.hash:
            other = by_hash.get(link)
            if other is not None:
                problem(snap.file, msg("verify.reordered", id=snap.id, other=other.id, previous=previous.id), "previous")
            else:
                problem(snap.file, key="previous", said=msg("verify.chain_broken", id=snap.id, link=link[:12],
                                                            previous=previous.id, hash=previous.hash[:12]))
        previous = snap
        expected = snap.sequence + 1

    _check_head(project_root, ordered, broken, report)
    report.snapshots = ordered
    return report


def _meta_problem(meta: dict) -> str:
    """What is wrong with the fields the chain check relies on ('' when nothing): an edited snapshot whose
    fields have the wrong type is named, not a crash (``sequence: 2.0`` is not a sequence number)."""
    sequence = meta.get("sequence")
    if not isinstance(sequence, int) or isinstance(sequence, bool) or not 1 <= sequence < 10**9:
        return f"snapshot.sequence {str(sequence)[:20]} is not a whole number from 1"
    if not isinstance(meta.get("id"), str) or not isinstance(meta.get("as_of"), str):
        return "snapshot.id and snapshot.as_of must be text"
    previous = meta.get("previous")
    if previous is not None and not isinstance(previous, str):
        return "snapshot.previous must be a hash or null"
    return ""


def read_head(path: Path) -> tuple[str, str] | Problem:
    """HEAD's snapshot id and hash, or the located problem that keeps it from being read. A byte-order mark
    (an editor's) is allowed; anything that is not one line '<id> <hash>' is not."""
    shown = display_path(path)
    try:
        raw = path.read_bytes()[:4096]
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except OSError as exc:
        return Problem.of(Location(shown, 1, 1), msg("verify.head_unreadable", reason=said_of(exc)), LAYER)
    except UnicodeDecodeError as exc:
        return Problem.of(Location(shown, 1, exc.start + 1), msg("verify.head_not_utf8", byte=f"{raw[exc.start]:02x}"),
                          LAYER)
    parts = text.split()
    if len(parts) != 2 or not HEAD_ID.match(parts[0]) or not HASH.match(parts[1]):
        return Problem.of(Location(shown, 1, 1), msg("verify.head_form"), LAYER)
    return parts[0], parts[1]


def _check_head(project_root: Path, ordered: list[Snapshot], broken: set, report: VerifyReport) -> None:
    """HEAD must exist once there are snapshots and name the last one with its hash: deleting the latest
    snapshot, or pointing HEAD back at an earlier one, is an error. (Deleting both the latest snapshot and
    rewriting HEAD to match is not visible from the files alone: see --require-signature and --against-git.)"""
    head_path = history_folder(project_root) / HEAD_NAME
    shown = display_path(head_path)
    if not head_path.exists() and not head_path.is_symlink():
        if ordered or broken:
            report.problems.append(Problem.of(Location(shown, 1, 1), msg("verify.no_head"), LAYER))
        return
    if not head_path.is_file():
        report.problems.append(Problem.of(Location(shown, 1, 1), msg("verify.head_not_file"), LAYER))
        return
    head = read_head(head_path)
    if isinstance(head, Problem):
        report.problems.append(head)
        return
    head_id, head_hash = head
    report.head = head_id
    named = next((s for s in ordered if s.id == head_id), None)
    if named is None:
        if not any(head_id in f for f in broken):
            report.problems.append(Problem.of(Location(shown, 1, 1), msg("verify.head_missing", id=head_id), LAYER))
    elif named.hash != head_hash:
        report.problems.append(Problem.of(Location(shown, 1, 1), msg("verify.head_hash", recorded=head_hash[:12],
                                                                       id=head_id, file=named.file, hash=named.hash[:12]),
                                          LAYER))
    elif ordered[-1].sequence > named.sequence:
        last = ordered[-1]
        report.problems.append(Problem.of(Location(shown, 1, 1), msg("verify.rewound", id=head_id, last=last.id,
                                                                       file=last.file), LAYER))
