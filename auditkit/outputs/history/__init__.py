"""Audit history: assessments recorded as hash-chained snapshots under ``history/``, and what they show over time.

- :mod:`.snapshot`: the snapshot format, reading, references;
- :mod:`.recording`: recording the next snapshot (``auditkit assess --record``);
- :mod:`.verify`: the hash chain check (tampered, renamed, reordered, missing snapshots);
- :mod:`.diff`: per-clause score changes, new and resolved gaps, changed grades between two assessments;
- :mod:`.programme`: the internal audit programme over the certification cycle.
"""

from __future__ import annotations

from pathlib import Path

from auditkit.outputs.history.diff import diff
from auditkit.outputs.history.recording import adopt, record
from auditkit.outputs.history.snapshot import HistoryError, Snapshot, load_history, load_snapshot, resolve
from auditkit.outputs.history.verify import VerifyReport, verify


def trend_for_report(project_root: Path) -> list[dict]:
    """The recorded assessments, oldest first: [{id, as_of, overall (0..1), clauses: {"4": score, ...}}].

    No ``history/`` folder means an empty trend. An unreadable snapshot raises HistoryError (located).
    """
    return [{"id": s.id, "as_of": s.as_of, "overall": s.overall, "clauses": s.clause_scores()}
            for s in load_history(project_root)]


__all__ = [
    "HistoryError", "Snapshot", "VerifyReport", "adopt", "diff", "load_history", "load_snapshot", "record", "resolve",
    "trend_for_report", "verify",
]
