"""auditkit's Python API: a :class:`Project` owns one run (configuration, source cache, worker processes, clock).

::

    from auditkit.api import Project

    with Project.open("path/to/project") as project:
        data = project.assessment(as_of=date(2026, 11, 5))      # the Assessment's JSON form
        print(project.render("markdown", as_of=date(2026, 11, 5)))

The command line is a thin shell over this module: every command that assesses goes through
:meth:`Project.assess`, so loading and assessing exist once. Leaving the ``with`` block (or :meth:`Project.close`)
stops the worker processes and saves the source cache; no process outlives the project. See docs/api.md.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import Any, Callable

from auditkit.engine.assess import Assessment
from auditkit.engine.assess import assess as run_assessment
from auditkit.engine.lint import LintProblem, LintRules, lint_evidence, rules_from_config
from auditkit.engine.project import Inputs, load_inputs
from auditkit.engine.scanning import ScannerFactory
from auditkit.inputs.config import ProjectConfig, read_config
from auditkit.inputs.stored import check_assessment, load_assessment_file
from auditkit.inputs.yamlsource import display_path
from auditkit.model.errors import ConfigError, InputErrors, Problem, UsageError
from auditkit.model.messages import msg
from auditkit.outputs import gates
from auditkit.outputs.actions import DuePolicy, Register, load_actions_for_report, load_policy
from auditkit.outputs.actions.sync import SyncResult, sync
from auditkit.outputs.history import Snapshot, record, resolve, trend_for_report
from auditkit.outputs.render import render as render_format
from auditkit.speed.cache import FOLDER, FILE, FileCache
from auditkit.speed.early_scan import EarlyRecordScan

Progress = Callable[[int, int], None]
"""Told (done, total) as a step goes on."""


@dataclass(frozen=True)
class Paths:
    """Where a project's inputs are, when not where ``auditkit.yaml`` (or the defaults) put them."""

    config_file: Path | None = None
    """The configuration file (default: ``auditkit.yaml`` in the project folder)."""
    controls: Path | None = None
    """The catalog folder or file (default: ``controls/``)."""
    catalogs: tuple[Path, ...] = ()
    """Extra catalog or overlay files, after those of the configuration."""
    evidence: Path | None = None
    """The evidence folder (default: ``evidence/``)."""
    judgments: Path | None = None
    """The judgments file (default: ``judgments.yaml``)."""
    only_catalog: str | None = None
    """One catalog of a project that has several, by id: the run assesses only its requirements."""


class Project:
    """One auditkit project and the run made on it.

    It owns the configuration, the source cache (``cache=True``: ``.auditkit-cache/``), the worker processes that
    read large record exports ahead (``workers=True``) and the clock that dates a run when no ``as_of`` is given.
    Neither the cache nor the workers change a result; they only make it faster.
    """

    def __init__(self, config: ProjectConfig, *, cache: FileCache | None = None, workers: bool = True,
                 clock: Callable[[], date] = date.today):
        self.config = config
        """The configuration in force (paths, scoring policy, gates)."""
        self.clock = clock
        """Today's date, for a run without ``as_of``."""
        self._cache = cache
        self._workers = workers
        self._inputs: Inputs | None = None
        self._as_of: date | None = None
        self._assessment: Assessment | None = None
        self._failed = False
        self._config_problems: list[Problem] = []
        """Problems of auditkit.yaml not raised yet (:meth:`open` with ``config_errors_with_inputs``)."""

    # ------------------------------------------------------------------ opening and closing
    @classmethod
    def open(cls, path: str | Path = ".", paths: Paths | None = None, *, cache: bool = False, workers: bool = True,
             clock: Callable[[], date] = date.today, config_errors_with_inputs: bool = False) -> "Project":
        """The project in folder ``path``, its configuration read (and validated) at once.

        ``cache``: keep parsed and validated files in ``<path>/.auditkit-cache/`` between runs.
        ``workers``: read large record exports in worker processes while the rest loads.
        Raise ConfigError (located) when ``auditkit.yaml`` is invalid; with ``config_errors_with_inputs``, its
        problems are raised instead by :meth:`load` (together with those of every other file, read with the
        config's valid paths) and :meth:`stored`: one bad value must not hide the other files' errors.
        """
        paths = paths or Paths()
        store = FileCache(Path(path) / FOLDER / FILE) if cache else None
        config, problems = read_config(Path(path), paths.config_file, store)  # the configuration is cached too
        if problems and not config_errors_with_inputs:
            raise ConfigError(problems)
        project = cls(_configure(config, paths), cache=store, workers=workers, clock=clock)
        project._config_problems = problems
        return project

    def close(self) -> None:
        """Stop the worker processes and save the cache (unless the run met invalid input). Idempotent."""
        if self._inputs is not None and self._inputs.records is not None:
            self._inputs.records.close(abandon=True)  # a scanner the assessment did not use up
        if self._cache is not None and not self._failed:
            self._cache.save()
        self._cache = None

    def __enter__(self) -> "Project":
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if error is not None:
            self._failed = True
        self.close()

    # ------------------------------------------------------------------ the run
    @property
    def root(self) -> Path:
        """The project folder."""
        return self.config.root

    def today(self) -> date:
        """The date of a run without ``as_of``."""
        return self.clock()

    def load(self, as_of: date | None = None, progress: Progress | None = None, *,
             check_exports: bool = False) -> Inputs:
        """Catalog, evidence and judgments (loaded once). Raise InputErrors with every problem of every file.

        ``as_of``: the date the assessment will be made for, so record exports can be read ahead for it.
        ``check_exports``: read every record export whole and report each of its problems too (``validate``).
        """
        as_of = as_of or self.today()
        if self._inputs is None or self._as_of != as_of or check_exports:
            self._drop_inputs()
            try:
                self._inputs = load_inputs(self.config, progress=progress, scanner=self._scanner(as_of),
                                           check_exports=check_exports, cache=self._cache)
            except InputErrors as exc:
                self._failed = True
                if self._config_problems:
                    raise ConfigError(self._config_problems + exc.problems) from None
                raise
            self._raise_config_problems()
            self._as_of = as_of
        return self._inputs

    def _raise_config_problems(self) -> None:
        if self._config_problems:
            self._failed = True
            self._drop_inputs()
            raise ConfigError(self._config_problems)

    def assess(self, as_of: date | None = None, progress: Progress | None = None,
               load_progress: Progress | None = None) -> Assessment:
        """The assessment of the project on ``as_of`` (default: today), with the configured scoring policy."""
        as_of = as_of or self.today()
        inputs = self.load(as_of, load_progress)
        if self._assessment is None or self._assessment.as_of != as_of:
            self._assessment = run_assessment(
                inputs.catalog, inputs.evidence, inputs.judgments, as_of, self.config.scoring, progress=progress,
                judgments_file=inputs.judgments_file, started=inputs.records, cache=self._cache)
            inputs = self._inputs = replace(inputs, records=None)  # the assessment used the scanner up
        return self._assessment

    def assessment(self, as_of: date | None = None, progress: Progress | None = None) -> dict[str, Any]:
        """The assessment's JSON form (what ``auditkit assess --format json`` prints)."""
        return self.assess(as_of, progress).to_dict()

    def stored(self, *, file: Path | None = None, snapshot: str | None = None) -> dict[str, Any]:
        """A stored assessment: a JSON file of ``auditkit assess --format json``, or a history snapshot (S0002,
        latest, previous, an as-of date or a file). Raise ReportError (located) when it is not an assessment."""
        if file is not None and snapshot is not None:
            raise UsageError(msg("cli.report.both"))
        if file is None and snapshot is None:
            raise UsageError(msg("api.no_stored"))
        self._raise_config_problems()
        if file is not None:
            return load_assessment_file(file)
        found = resolve(self.root, str(snapshot))
        check_assessment(found.assessment, str(found.file))
        return found.assessment

    def render(self, fmt: str, *, as_of: date | None = None, data: dict[str, Any] | None = None, lang: str = "en",
               color: bool | None = False, **options: Any) -> str | bytes:
        """The assessment (``data``, else a fresh one) in one of the formats of :mod:`auditkit.outputs.render`
        (``options``: the format's own, e.g. csv ``excel``, xlsx ``actions``; bytes for a binary format). The
        workbook's corrective actions are the project's, as they stood on the assessment's date, unless given."""
        data = data if data is not None else self.assessment(as_of)
        if fmt == "xlsx" and "actions" not in options:
            options["actions"] = load_actions_for_report(self.root, date.fromisoformat(data["as_of"]))
        return render_format(fmt, data, lang=lang, color=color, **options)

    def report(self, *, as_of: date | None = None, data: dict[str, Any] | None = None, lang: str = "en", fmt: str = "pdf",
               final: bool = False, template_dir: Path | None = None) -> Any:
        """The internal audit report (:class:`auditkit.outputs.report.RenderedReport`) of ``data`` (else a fresh
        assessment), with the corrective actions as they stood on its date and the trend of the history."""
        # heavy dependency: Jinja2 (and WeasyPrint for a PDF) load only when a report is made
        from auditkit.outputs.report import render_report

        data = data if data is not None else self.assessment(as_of)
        assessed_on = date.fromisoformat(data["as_of"])
        return render_report(data, lang=lang, fmt=fmt, actions=load_actions_for_report(self.root, assessed_on),
                             trend=trend_for_report(self.root), final=final, template_dir=template_dir,
                             project_root=self.root, evidence_dir=self.config.evidence)

    def lint(self, as_of: date | None = None, rules: LintRules | None = None) -> list[LintProblem]:
        """Lint problems of the process documents, by the rules of ``gates.lint`` (or ``rules``); [] when off."""
        if rules is None:
            enabled, rules = rules_from_config(self.config.gates)
            if not enabled:
                return []
        return lint_evidence(self.load(as_of).evidence, as_of or self.today(), rules, self.root)

    def check(self, policy: gates.GatePolicy | None = None, *, as_of: date | None = None,
              baseline: Path | None = None) -> dict[str, Any]:
        """What ``auditkit check`` does: assess, lint, evaluate the gates (the configured ones, or ``policy``).

        Returns the assessment's JSON form with the gate report under ``check``. Raises InputErrors (and
        BaselineError) on invalid input.
        """
        as_of = as_of or self.today()
        inputs = self.load(as_of)
        policy = policy or gates.policy_from_config(self.config.file, self.root, inputs.catalog.clauses, self._cache)
        overdue = gates.overdue_actions(self.root, as_of)
        data = self.assessment(as_of)
        loaded = gates.load_baseline(baseline, self._cache) if baseline else None
        lint = []
        if policy.lint is not gates.Level.OFF:
            lint = lint_evidence(inputs.evidence, as_of, LintRules.from_config(policy.lint_rules), self.root)
        report = gates.evaluate(
            data, policy, as_of=as_of, baseline=loaded, baseline_file=display_path(baseline) if baseline else "",
            overdue=overdue, stale=gates.stale_soon(inputs.evidence, as_of, policy.stale_within), lint=lint,
            root=display_path(self.root),
        )
        return {**data, "check": report.to_dict()}

    def record(self, as_of: date | None = None, *, note: str = "", sign: Path | None = None) -> Snapshot:
        """Store the assessment of ``as_of`` as the next hash-chained snapshot under ``history/``; with ``sign``
        (an SSH key), sign the snapshot and HEAD."""
        data = self.assessment(as_of)
        return record(self.load(as_of), data, note=note, sign=sign)

    def sync(self, data: dict[str, Any] | None = None, *, as_of: date | None = None, by: str = "auditkit sync",
             on: date | None = None, snapshot: str = "", dry_run: bool = False,
             policy: DuePolicy | None = None) -> SyncResult:
        """Bring the corrective-action register up to date with ``data`` (else a fresh assessment)."""
        data = data if data is not None else self.assessment(as_of)
        return sync(Register(self.root), data, policy or load_policy(self.config), by=by, on=on or self.today(),
                    snapshot=snapshot, dry_run=dry_run)

    # ------------------------------------------------------------------ internals
    def _scanner(self, as_of: date) -> ScannerFactory | None:
        return partial(EarlyRecordScan, as_of=as_of) if self._workers else None

    def _drop_inputs(self) -> None:
        if self._inputs is not None and self._inputs.records is not None:
            self._inputs.records.close(abandon=True)
        self._inputs = self._assessment = None


def _configure(config: ProjectConfig, paths: Paths) -> ProjectConfig:
    """The configuration with the given paths taking precedence over ``auditkit.yaml``."""
    changes: dict[str, Any] = {}
    if paths.controls:
        changes["controls"] = Path(paths.controls)
    if paths.evidence:
        changes["evidence"] = Path(paths.evidence)
    if paths.judgments:
        if not Path(paths.judgments).exists():  # a typo must not silently drop every judgment
            raise UsageError(msg("api.no_judgments", file=str(paths.judgments)))
        changes["judgments"] = Path(paths.judgments)
    if paths.catalogs:
        changes["extra_catalogs"] = config.extra_catalogs + tuple(Path(p) for p in paths.catalogs)
    if paths.only_catalog:
        changes["only_catalog"] = paths.only_catalog
    return replace(config, **changes)


def open_project(path: str | Path = ".", **options: Any) -> Project:
    """:meth:`Project.open` as a function."""
    return Project.open(path, **options)


__all__ = ["Paths", "Project", "open_project"]

