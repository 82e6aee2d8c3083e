"""Large record exports read while the evidence is still loading, shared between worker processes and this one.

Speed: reading the exports and loading the evidence were each about half of a large assessment, and neither needs
the other. :func:`auditkit.engine.project.load_inputs` offers each record set as soon as it is loaded (descriptors load
before documents). The counts of every record check that selects it (what the check's ``plan`` makes for that
one item) are queued, largest export first (an export that a check reading other items selects, such as the SLA
attainment over the agreements' targets, once the whole evidence has loaded: read once with every count, while
the documents are assessed, rather than twice), and each worker takes the next export as soon as it is free. Once
this process has loaded and checked everything else, it reads the exports still queued itself
(:meth:`EarlyRecordScan.share`) instead of waiting for a worker to get to them. Whoever reads an export reads
all of it, in file order (:func:`auditkit.engine.checks.records.scan`), so the results are those of reading it at
assessment time. :func:`auditkit.engine.assess.run_record_checks` takes these counts instead of reading the exports
again. Exports under :data:`EARLY_BYTES`, and every export when one process is all there is
(``AUDITKIT_WORKERS=1``), are read in this process at assessment time.
"""

from __future__ import annotations

import threading
from datetime import date
from typing import TYPE_CHECKING, Callable

from auditkit.speed import workers
from auditkit.engine.selection import selects
from auditkit.inputs.catalog import Catalog, CheckSpec, Requirement
from auditkit.engine.checks import RULES, CheckContext
from auditkit.engine.checks.records import Count, Plan, RecordRule, scan
from auditkit.inputs.evidence import Evidence, EvidenceItem
from auditkit.inputs.records import NativeReader, RecordValueError
from auditkit.speed.native_records import native_reader

if TYPE_CHECKING:
    from concurrent.futures import Future

EARLY_BYTES = 2_500_000
"""Exports of this many bytes or more are read early: about 0.2 s of reading, about what a worker takes to
start, which it does on another core while the loading goes on."""


class _Export:
    """One export offered early: the counts of every record check that selects it, and who reads it."""

    def __init__(self, item: EvidenceItem, counts: list[Count], size: int):
        self.item = item
        self.counts = counts
        self.size = size
        self.future: Future | None = None
        """Set when a worker took it."""
        self.read: tuple[list[Count], RecordValueError | None] | None = None
        """The filled counts and the first unreadable value, once known here."""


class EarlyRecordScan:
    """Record exports read early, for one catalog and assessment date (see the module docstring).

    Threads: a worker's result arrives on the pool's own thread, which hands that worker the next export at once
    (:meth:`_finished`); the queue is shared with this process's thread under a lock.
    """

    def __init__(self, catalog: Catalog, as_of: date, native: "NativeReader | bool | None" = True):
        """``native``: True for :func:`auditkit.speed.native_records.native_reader` (on unless ``AUDITKIT_NATIVE=0``
        or arrow is missing), a reader, or None/False for the Python reading only."""
        self.native = native_reader() if native is True else native or None
        self._as_of = as_of
        self._checks = [(requirement, spec, RULES[spec.rule]) for requirement in catalog.requirements
                        for spec in requirement.checks if isinstance(RULES[spec.rule], RecordRule)]
        self._pool = None
        """None until the first export is offered; False when there are no workers (or no longer)."""
        self._workers = workers.pool_size()
        self._busy = 0
        """Exports the workers hold."""
        self._queued: list[_Export] = []
        """Offered, not taken by anyone yet: largest first."""
        self._lock = threading.RLock()  # reentrant: a future already done runs its callback at once, lock held
        self._held: list[tuple[EvidenceItem, int, list]] = []
        """Large exports waiting for the whole evidence (a check over them reads other items)."""
        self._exports: dict[tuple[int, int], tuple[_Export, int]] = {}
        """(id of check, id of item) -> the export and the position of that check's count in it."""

    def offer(self, item: EvidenceItem) -> None:
        """Told of every item as it loads: queue a large export for every record check that selects it; hold it
        until the evidence has loaded when one of them needs other items to be planned (:meth:`loaded`)."""
        if item.records is None or self._pool is False:
            return
        size = _export_size(item)
        if size < EARLY_BYTES:
            return
        checks = [(requirement, spec, rule) for requirement, spec, rule in self._checks
                  if selects(spec.select, requirement, item)]
        if any(rule.needs_evidence for _requirement, _spec, rule in checks):
            self._held.append((item, size, checks))  # read once, with every count, rather than twice
            return
        self._queue(item, size, checks, None)

    def loaded(self, evidence: Evidence) -> None:
        """Queue the exports held for the whole evidence, now that their checks can be planned."""
        held, self._held = self._held, []
        for item, size, checks in held:
            if self._pool is not False:
                self._queue(item, size, checks, evidence)

    def _queue(self, item: EvidenceItem, size: int, checks: list, evidence: Evidence | None) -> None:
        """Queue ``item``'s export with the counts of ``checks`` (those that select it)."""
        keys, counts = [], []
        for requirement, spec, rule in checks:
            for count in self._counts(requirement, spec, rule, item, evidence):
                keys.append((id(spec), id(item)))
                counts.append(count)
        if not counts:
            return
        if self._pool is None:
            self._pool = workers.pool() or False
            if self._pool is False:
                return
        export = _Export(item, counts, size)
        for position, key in enumerate(keys):
            self._exports[key] = (export, position)
        with self._lock:
            self._queued.append(export)
            self._queued.sort(key=lambda queued: -queued.size)  # stable: equal sizes keep the order offered
        self._hand_out()

    def share(self) -> None:
        """Read here, largest first, the exports no worker has taken yet, while the workers read theirs: for when
        this process has nothing else to do before their counts are needed."""
        while (export := self._claim()) is not None:
            export.read = scan(export.item.records, export.counts, self.native)

    def take(self, spec: CheckSpec, item: EvidenceItem) -> Callable[[], tuple] | None:
        """A function waiting for the count of check ``spec`` over ``item`` (and the export's first unreadable
        value, if any), or None when that export was not offered early."""
        offered = self._exports.get((id(spec), id(item)))
        if offered is None:
            return None
        export, position = offered

        def counting() -> tuple:
            counts, error = self._result(export)
            return counts[position], error

        return counting

    def close(self, *, abandon: bool = False) -> None:
        """Let the workers go; ``abandon`` stops them mid-export (the inputs did not load, nothing is assessed)."""
        with self._lock:
            pool, self._pool = self._pool, False  # no export is handed out from now on
            if abandon:
                self._queued.clear()
        if pool and abandon:
            workers.stop(pool)
        elif pool:
            pool.shutdown(wait=True)

    def _result(self, export: _Export) -> tuple[list[Count], RecordValueError | None]:
        with self._lock:
            mine = export in self._queued  # nobody took it yet (share() was not called)
            if mine:
                self._queued.remove(export)
        if export.read is None:
            if mine:
                export.read = scan(export.item.records, export.counts, self.native)
            else:
                try:
                    export.read = export.future.result()
                except Exception:  # noqa: BLE001 - a worker that died or could not start: read the export here
                    export.read = scan(export.item.records, export.counts, self.native)
        return export.read

    def _claim(self) -> _Export | None:
        with self._lock:
            return self._queued.pop(0) if self._queued else None

    def _hand_out(self) -> None:
        """Give each idle worker the largest export still queued."""
        with self._lock:
            while self._pool and self._queued and self._busy < self._workers:
                export = self._queued.pop(0)
                try:
                    export.future = self._pool.submit(scan, export.item.records, export.counts, self.native)
                except Exception:  # noqa: BLE001 - the pool broke (a worker could not start): read them here
                    self._queued.insert(0, export)
                    self._pool_broke()
                    return
                self._busy += 1
                export.future.add_done_callback(self._finished)

    def _finished(self, _future: Future) -> None:
        """A worker is free again (on the pool's thread): it takes the next export."""
        with self._lock:
            self._busy -= 1
        self._hand_out()

    def _pool_broke(self) -> None:
        """No more workers: what they took is read here again when asked (:meth:`_result`), the rest too."""
        pool, self._pool = self._pool, False
        workers.stop(pool)

    def _counts(self, requirement: Requirement, spec: CheckSpec, rule: RecordRule, item: EvidenceItem,
                evidence: Evidence | None) -> list:
        """What the check's own plan counts over ``item`` alone: one count, or none when it cannot be counted."""
        plan = rule.plan(spec, [item], CheckContext(evidence, self._as_of, requirement))
        return [tally.counted for tally in plan.tallies] if isinstance(plan, Plan) else []


def _export_size(item: EvidenceItem) -> int:
    try:
        return item.records.path.stat().st_size
    except OSError:
        return 0  # reading it in this process reports why
