"""The progress bar on a terminal: none for a step that ends before PROGRESS_DELAY, drawn once a step runs longer."""

from __future__ import annotations

import sys
from datetime import date
from types import SimpleNamespace

import rich.progress

from auditkit.cli import common


class _FakeProgress:
    """Stands in for rich's Progress: records that it was shown and what it was told."""

    shown: list = []

    def __init__(self, *columns, **options):
        self.updates = []

    def __enter__(self):
        self.shown.append(self)
        return self

    def __exit__(self, *exc):
        return False

    def add_task(self, label, total=None):
        return label

    def update(self, task, completed, total):
        self.updates.append((task, completed, total))


def test_a_bar_appears_only_once_a_step_has_run_for_the_delay(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(common, "time", SimpleNamespace(monotonic=lambda: clock[0]))
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.delenv("AUDITKIT_NO_PROGRESS", raising=False)
    monkeypatch.setattr(rich.progress, "Progress", _FakeProgress)
    _FakeProgress.shown = []

    with common.progress_bar("Reading evidence") as update:  # a short step: no bar at all
        clock[0] += common.PROGRESS_DELAY / 2
        update(50, 100)
    assert _FakeProgress.shown == []

    with common.progress_bar("Reading evidence") as update:  # a long one: drawn from the first update after the delay
        update(1, 100)
        clock[0] += common.PROGRESS_DELAY
        update(60, 100)
        update(100, 100)
    assert len(_FakeProgress.shown) == 1
    assert _FakeProgress.shown[0].updates == [("Reading evidence", 60, 100), ("Reading evidence", 100, 100)]


def test_assessing_draws_at_once_and_counts_the_record_checks_as_its_last_step(monkeypatch, mini):
    """The slow part of assessing a large project, reading record exports, reports no steps of its own: its bar
    is drawn from the first step, and stays short of full until the record checks are done."""
    from auditkit.engine.assess import assess
    from auditkit.inputs.config import load_config
    from auditkit.engine.project import load_inputs

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.delenv("AUDITKIT_NO_PROGRESS", raising=False)
    monkeypatch.setattr(rich.progress, "Progress", _FakeProgress)
    _FakeProgress.shown = []
    config = load_config(mini)
    inputs = load_inputs(config)
    with common.progress_bar("Assessing", delay=0) as update:
        assess(inputs.catalog, inputs.evidence, inputs.judgments, date(2026, 3, 1), progress=update)
    steps = _FakeProgress.shown[0].updates
    total = len(inputs.catalog.requirements) + 1
    assert steps[0] == ("Assessing", 1, total) and steps[-1] == ("Assessing", total, total)
    assert [done for _label, done, _total in steps] == list(range(1, total + 1))
