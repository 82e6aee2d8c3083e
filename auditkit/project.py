"""Loading a whole project (catalog, evidence, judgments) and reporting every problem of every layer at once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Callable

from .catalog import Catalog, load_catalog
from .collector import long_lived
from .config import ProjectConfig
from .errors import InputErrors
from .evidence import Evidence, load_evidence
from .judgments import load_judgments
from .model import Judgment
from .yamlsource import display_path

if TYPE_CHECKING:
    from .early_scan import EarlyRecordScan


@dataclass(frozen=True)
class Inputs:
    """Everything an assessment reads."""

    config: ProjectConfig
    catalog: Catalog
    evidence: Evidence
    judgments: dict[str, Judgment]
    records: "EarlyRecordScan | None" = None
    """Record exports already being read for the assessment (when loaded with ``as_of``)."""

    @property
    def judgments_file(self) -> str | None:
        path = self.config.judgments
        return display_path(path) if path.is_file() else None


def load_inputs(config: ProjectConfig, progress: Callable[[int, int], None] | None = None,
                as_of: date | None = None) -> Inputs:
    """Load catalog, evidence and judgments. Raise one InputErrors holding the problems of all three.

    With ``as_of`` (the date an assessment will be made for), large record exports start being read in worker
    processes while the rest loads (:class:`auditkit.early_scan.EarlyRecordScan`; pass ``inputs.records`` on).
    """
    with long_lived():
        return _load_inputs(config, progress, as_of)


def _load_inputs(config: ProjectConfig, progress: Callable[[int, int], None] | None, as_of: date | None) -> Inputs:
    problems = []
    catalog = evidence = records = None
    judgments: dict = {}
    try:
        catalog = load_catalog([config.controls, *config.extra_catalogs])
    except InputErrors as exc:
        problems.extend(exc.problems)
    if catalog is not None and as_of is not None:
        from .early_scan import EarlyRecordScan

        records = EarlyRecordScan(catalog, as_of)
    try:
        # Without a catalog, references cannot be checked, but every other problem of the evidence still is.
        evidence = load_evidence(config.evidence, known_targets=catalog.knows if catalog else None, progress=progress,
                                 on_item=records.offer if records else None, project_root=config.root)
    except InputErrors as exc:
        problems.extend(exc.problems)
    try:
        # without a catalog the requirement ids cannot be checked, but every other problem of the file still is
        judgments = load_judgments(config.judgments, set(catalog.by_id()) if catalog else None)
    except InputErrors as exc:
        problems.extend(exc.problems)
    if problems:
        if records is not None:
            records.close(abandon=True)
        raise InputErrors(problems)
    return Inputs(config, catalog, evidence, judgments, records)
