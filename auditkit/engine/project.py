"""Loading a whole project (catalog, evidence, judgments) and reporting every problem of every layer at once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from auditkit.engine.applicability import declared
from auditkit.engine.checks import RULES
from auditkit.engine.scanning import RecordScanner, ScannerFactory
from auditkit.inputs import catalog as catalogs
from auditkit.inputs.catalog import Catalog
from auditkit.speed.collector import long_lived
from auditkit.inputs.config import ProjectConfig
from auditkit.inputs.source_cache import SourceCache
from auditkit.model.errors import InputErrors
from auditkit.inputs.evidence import Evidence, load_evidence
from auditkit.inputs.export_check import export_problems
from auditkit.inputs.judgments import load_judgments
from auditkit.model.assessment import Judgment
from auditkit.inputs.yamlsource import display_path

BUNDLED_CATALOGS = Path(__file__).resolve().parents[1] / "catalogs"
"""Catalogs shipped inside the package, a folder each, named by the catalog's id."""
DEFAULT_CATALOG = "iso20000-1-2018"
"""The bundled catalog a project gets when its own files declare none."""


def bundled_catalogs() -> dict[str, Path]:
    """The bundled catalogs by id."""
    return {folder.name: folder for folder in sorted(BUNDLED_CATALOGS.iterdir()) if folder.is_dir()}


def load_catalog(paths: Iterable[Path], *, bundled: bool = False, cache: SourceCache | None = None) -> Catalog:
    """The catalog under ``paths``, its checks naming the engine's rules; with ``bundled``, completed by the
    bundled catalogs as :func:`auditkit.inputs.catalog.load_catalog` says (a project's own header replaces them)."""
    return catalogs.load_catalog(list(paths), RULES, bundled_catalogs() if bundled else None, DEFAULT_CATALOG,
                                 cache=cache)


def project_catalog(config: ProjectConfig, cache: SourceCache | None = None) -> Catalog:
    """The catalog of a project: its ``controls/`` (when there is one, or when the configuration names another
    folder), its ``catalogs:``, and the bundled catalogs it uses without declaring them."""
    default = config.controls == config.root / "controls"
    own = [config.controls] if config.controls.exists() or not default else []
    return load_catalog([*own, *config.extra_catalogs], bundled=True, cache=cache)


def _check_export(found: list) -> Callable:
    """A function adding the problems of an item's record export, if it has one, to ``found``."""

    def check(item) -> None:
        if item.records is not None:
            found.extend(export_problems(item.records))

    return check


def _told(*listeners: Callable | None) -> Callable | None:
    """One function telling each listener (None where absent) of a loaded item; None when there are none."""
    present = [listener for listener in listeners if listener is not None]
    if not present:
        return None
    return present[0] if len(present) == 1 else lambda item: [listener(item) for listener in present] and None


@dataclass(frozen=True)
class Inputs:
    """Everything an assessment reads."""

    config: ProjectConfig
    catalog: Catalog
    evidence: Evidence
    judgments: dict[str, Judgment]
    records: RecordScanner | None = None
    """Record exports already being read for the assessment (when loaded with a scanner)."""

    @property
    def judgments_file(self) -> str | None:
        path = self.config.judgments
        return display_path(path) if path.is_file() else None


def load_inputs(config: ProjectConfig, progress: Callable[[int, int], None] | None = None,
                scanner: ScannerFactory | None = None, *, check_exports: bool = False,
                cache: SourceCache | None = None) -> Inputs:
    """Load catalog, evidence and judgments. Raise one InputErrors holding the problems of all three.

    With a ``scanner`` (:mod:`auditkit.engine.scanning`), record exports start being read while the rest loads;
    pass ``inputs.records`` on to :func:`auditkit.engine.assess.assess`. With ``check_exports``, every record
    export is read whole and each of its problems reported with the others
    (:func:`auditkit.inputs.export_check.export_problems`): what ``validate`` does. With a ``cache``
    (:mod:`auditkit.inputs.source_cache`), files unchanged since an earlier run are not parsed or validated again.
    The scanner and the cache are speed only: without them the inputs are the same.
    """
    with long_lived():
        return _load_inputs(config, progress, scanner, check_exports, cache)


def _load_inputs(config: ProjectConfig, progress: Callable[[int, int], None] | None,
                 scanner: ScannerFactory | None, check_exports: bool = False,
                 cache: SourceCache | None = None) -> Inputs:
    problems = []
    export_problems: list = []
    catalog = evidence = records = None
    judgments: dict = {}
    try:
        catalog = project_catalog(config, cache)
    except InputErrors as exc:
        problems.extend(exc.problems)
    if catalog is not None and scanner is not None:
        records = scanner(catalog)
    try:
        # Without a catalog, references cannot be checked, but every other problem of the evidence still is.
        evidence = load_evidence(config.evidence, known_targets=catalog.knows if catalog else None, progress=progress,
                                 on_item=_told(records.offer if records else None,
                                               _check_export(export_problems) if check_exports else None),
                                 project_root=config.root, cache=cache)
    except InputErrors as exc:
        problems.extend(exc.problems)
    problems.extend(export_problems)
    try:
        # without a catalog the requirement ids cannot be checked, but every other problem of the file still is
        judgments = load_judgments(config.judgments, set(catalog.by_id()) if catalog else None, cache)
    except InputErrors as exc:
        problems.extend(exc.problems)
    if catalog is not None and evidence is not None:
        try:  # an invalid exclusion is bad input, reported with the others before anything is assessed
            declared(evidence.organization, catalog)
        except InputErrors as exc:
            problems.extend(exc.problems)
    if catalog is not None and config.only_catalog:  # --catalog ID: one catalog of several; the others' judgments
        try:                                           # and covers were checked above, against the whole project
            catalog = catalog.only(config.only_catalog)
        except InputErrors as exc:
            problems.extend(exc.problems)
    if problems:
        if records is not None:
            records.close(abandon=True)
        raise InputErrors(problems)
    if records is not None:
        records.loaded(evidence)
    return Inputs(config, catalog, evidence, judgments, records)
