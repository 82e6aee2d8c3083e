"""Each document is prepared for concept matching once per assessment, however many checks read it and however
small the cache of prepared documents, and what the checks say in advance about their reads changes no result."""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import date
from pathlib import Path

from auditkit.api import Project
from auditkit.engine import concept_reads, concepts
from auditkit.engine.checks.base import Rule
from auditkit.engine.checks.sections import HasSections

ROOT = Path(__file__).resolve().parents[2]
AS_OF = date(2026, 11, 5)


def _assessment(root: Path = ROOT, cache: bool = False) -> dict:
    with Project.open(root, workers=False, cache=cache) as project:
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


def test_a_warm_cache_gives_the_same_matches_without_reading_documents_again(tmp_path, monkeypatch):
    root = tmp_path / "example"
    root.mkdir()
    for name in ("evidence", "controls"):
        shutil.copytree(ROOT / name, root / name)
    for name in ("judgments.yaml", "auditkit.yaml"):
        shutil.copy(ROOT / name, root / name)
    plain = _assessment(root)
    matched: Counter = Counter()
    original = concept_reads.match_concepts

    def counted(document, wanted):
        matched[document.path] += 1
        return original(document, wanted)

    monkeypatch.setattr(concept_reads, "match_concepts", counted)
    assert _assessment(root, cache=True) == plain  # cold: matched and kept
    read_cold = sorted(matched)
    assert len(read_cold) > 5
    matched.clear()
    assert _assessment(root, cache=True) == plain  # warm: taken from the cache
    assert not matched, matched
    # A document that changed is read again, and only that one.
    changed = next(root.rglob(Path(read_cold[0]).name))  # display paths are relative to the working folder
    changed.write_text(changed.read_text("utf-8") + "\n## Another heading\n", "utf-8")
    _assessment(root, cache=True)
    assert sorted(matched) == [read_cold[0]]
