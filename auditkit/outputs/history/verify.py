"""Checking the history: every snapshot matches its hash, follows the one before, and none is missing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from auditkit.model.errors import Location, Problem
from auditkit.inputs.yamlsource import display_path
from auditkit.outputs.history.snapshot import (
    HEAD_NAME,
    LAYER,
    NAME,
    HistoryError,
    Snapshot,
    content_hash,
    history_folder,
    read_json,
    snapshot_files,
)


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

    def problem(where: str, message: str) -> None:
        report.problems.append(Problem(Location(where), message, LAYER))

    for path in snapshot_files(project_root):
        shown = display_path(path)
        try:
            data = read_json(path)
        except HistoryError as exc:
            report.problems.extend(exc.problems)
            continue
        meta = data.get("snapshot")
        if not isinstance(meta, dict) or not isinstance(data.get("hash"), str) or "assessment" not in data:
            problem(shown, "not an auditkit snapshot (needs snapshot, assessment and hash)")
            continue
        try:
            actual = content_hash(data)
        except (TypeError, ValueError) as exc:
            problem(shown, f"cannot be hashed: {exc}")
            continue
        if actual != data["hash"]:
            problem(shown, f"tampered: its content no longer matches its hash (recorded {data['hash'][:12]}..., "
                           f"now {actual[:12]}...); it was changed after it was recorded")
            continue
        match = NAME.match(path.name)
        sequence, as_of = meta.get("sequence"), meta.get("as_of")
        if int(match["sequence"]) != sequence or match["as_of"] != as_of or meta.get("id") != f"S{sequence:04d}":
            problem(shown, f"renamed: the file holds snapshot {meta.get('id')} of {as_of} (sequence {sequence}); "
                           "snapshots were renamed or reordered")
            continue
        found.append(Snapshot(path, data))

    by_sequence: dict[int, list[Snapshot]] = {}
    for snap in found:
        by_sequence.setdefault(snap.sequence, []).append(snap)
    for sequence, snaps in by_sequence.items():
        if len(snaps) > 1:
            problem(snaps[1].file, f"sequence {sequence} is also used by {snaps[0].file}")
    ordered = sorted(found, key=lambda s: s.sequence)
    by_hash = {s.hash: s for s in ordered}
    broken = {p.location.file for p in report.problems}
    previous: Snapshot | None = None
    expected = 1
    for snap in ordered:
        if snap.sequence > expected:
            gap = [f"S{n:04d}" for n in range(expected, snap.sequence)]
            if not any(g in f for g in gap for f in broken):  # a broken file is already named
                problem(snap.file, f"missing: {', '.join(gap)} before {snap.id} "
                                   f"{'is' if len(gap) == 1 else 'are'} not in {display_path(history_folder(project_root))}")
        link = snap.meta.get("previous")
        if snap.sequence == 1:
            if link is not None:
                problem(snap.file, "the first snapshot names a previous one")
        elif link is None:
            problem(snap.file, f"{snap.id} names no previous snapshot but is number {snap.sequence}")
        elif previous is not None and previous.sequence == snap.sequence - 1 and link != previous.hash:
            other = by_hash.get(link)
            if other is not None:
                problem(snap.file, f"reordered: {snap.id} was recorded after {other.id}, not after {previous.id}")
            else:
                problem(snap.file, f"chain broken: {snap.id} follows a snapshot with hash {link[:12]}..., but "
                                   f"{previous.id} has hash {previous.hash[:12]}... ({previous.id} was replaced)")
        previous = snap
        expected = snap.sequence + 1

    head_path = history_folder(project_root) / HEAD_NAME
    if head_path.is_file():
        text = head_path.read_text("utf-8").split()
        shown = display_path(head_path)
        if len(text) != 2:
            problem(shown, "HEAD should hold '<snapshot id> <hash>'")
        else:
            head_id, head_hash = text
            report.head = head_id
            named = next((s for s in ordered if s.id == head_id), None)
            if named is None and not any(head_id in f for f in broken):
                problem(shown, f"missing: HEAD names {head_id} as the latest snapshot, but it is not there")
            elif named is not None and named.hash != head_hash:
                problem(shown, f"HEAD records hash {head_hash[:12]}... for {head_id}, but {named.file} has "
                               f"{named.hash[:12]}... ({head_id} was replaced)")
            elif named is not None and ordered and ordered[-1].sequence > named.sequence:
                report.warnings.append(Problem(Location(shown), f"HEAD names {head_id} but {ordered[-1].id} follows "
                                               "it (a record was interrupted?); the next record updates HEAD", LAYER))
    elif ordered:
        report.warnings.append(Problem(Location(display_path(head_path)), "no HEAD file: a removed latest snapshot "
                                       "could not be noticed", LAYER))
    report.snapshots = ordered
    return report
