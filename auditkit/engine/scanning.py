"""The interface of a record scanner: record exports read ahead of the assessment (e.g. in worker processes).

A scanner is told of every evidence item as it loads (:meth:`RecordScanner.offer`), then of the whole evidence
(:meth:`RecordScanner.loaded`), and later hands the record
checks the counts it already made (:meth:`RecordScanner.take`), so an export is not read twice. The engine never
makes one: the caller passes a :data:`ScannerFactory` to :func:`auditkit.engine.project.load_inputs`
(:class:`auditkit.speed.early_scan.EarlyRecordScan` is the implementation). Without one, every export is read at
assessment time, with the same results.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Protocol

if TYPE_CHECKING:  # annotations only
    from auditkit.inputs.catalog import CheckSpec
    from auditkit.inputs.evidence import Evidence, EvidenceItem
    from auditkit.inputs.catalog import Catalog
    from auditkit.inputs.records import NativeReader


class RecordScanner(Protocol):
    """Record exports read ahead for one catalog and assessment date."""

    native: "NativeReader | None"
    """The native reader of large CSV event logs the exports are read with, here and in the workers (None: the
    Python reading); :func:`auditkit.engine.checks.records.evaluate_together` reads the rest with it too."""

    def offer(self, item: "EvidenceItem") -> None:
        """Told of every evidence item as it loads."""

    def loaded(self, evidence: "Evidence") -> None:
        """Told the whole evidence once it has loaded (checks that read other items can be counted now)."""

    def share(self) -> None:
        """Read here what is still queued: this process has nothing else to do."""

    def take(self, spec: "CheckSpec", item: "EvidenceItem") -> Callable[[], tuple] | None:
        """A function waiting for the count of check ``spec`` over ``item``, or None when not read ahead."""

    def close(self, *, abandon: bool = False) -> None:
        """Let the workers go (``abandon``: stop them mid-export). May be called more than once."""


ScannerFactory = Callable[["Catalog"], RecordScanner]
"""Makes the scanner of a catalog once it is loaded."""
