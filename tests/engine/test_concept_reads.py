"""Each document is prepared for concept matching once per assessment, however many checks read it and however
small the cache of prepared documents, and what the checks say in advance about their reads changes no result."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from auditkit.api import Project
from auditkit.engine import concepts
from auditkit.engine.checks.base import Rule
from auditkit.engine.checks.sections import HasSections

ROOT = Path(__file__).resolve().parents[2]
AS_OF = date(2026, 11, 5)


def _assessment() -> dict:
    with Project.open(ROOT, workers=False) as project:
        return project.assessment(AS_OF)


def _count_preparations(monkeypatch) -> Counter:
    prepared: Counter = Counter()
    original = concepts._Read.__init__

    def counted(self, outline):
        prepared[outline.path] += 1
        original(self, outline)

    monkeypatch.setattr(concepts._Read, "__init__", counted)
    # No cache of prepared documents at all: an organisation with more documents than the cache holds.
    monkeypatch.setattr(concepts, "_read_cached", concepts._Read)
    return prepared


def test_each_document_is_prepared_once_for_all_the_checks_that_read_it(monkeypatch):
    prepared = _count_preparations(monkeypatch)
    readers: Counter = Counter()
    original = HasSections.evaluate

    def evaluate(self, spec, items, ctx):
        readers.update(i.file for i in items)
        return original(self, spec, items, ctx)

    monkeypatch.setattr(HasSections, "evaluate", evaluate)
    _assessment()
    assert max(readers.values()) > 2, "the example has documents that several section checks read"
    # Once for the section checks, once for the subjects of uncovered subclauses (engine/mentions.py).
    assert prepared and max(prepared.values()) <= 2, prepared.most_common(3)


def test_results_do_not_depend_on_what_checks_announce(monkeypatch):
    announced = _assessment()
    monkeypatch.setattr(HasSections, "concept_reads", Rule.concept_reads)
    assert _assessment() == announced
