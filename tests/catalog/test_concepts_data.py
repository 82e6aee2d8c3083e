"""Section concepts and clause topics as catalog data: bilingual, referenced by id, validated, extendable."""

from __future__ import annotations

import re
import sys
import shutil
from pathlib import Path

import pytest

from auditkit.engine.project import load_catalog
from auditkit.engine.concepts import Presence, match_concepts, outline_markdown
from auditkit.model.errors import CatalogError

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def catalog():
    return load_catalog([ROOT / "controls"])


def test_every_section_check_of_the_bundled_catalog_is_by_concept(catalog):
    checks = [c for r in catalog.requirements for c in r.checks if c.rule == "has_sections"]
    assert len(checks) >= 40
    for check in checks:
        assert "sections" not in check.params, check.location
        assert check.concepts and len(check.concepts) == len(check.params["concepts"])


def test_every_concept_has_english_and_chinese_names_and_synonyms(catalog):
    assert len(catalog.concepts) >= 30
    for concept in catalog.concepts.values():
        assert concept.names.get("en") and CJK.search(concept.names.get("zh", "")), concept.id
        assert concept.synonyms.get("en") and any(CJK.search(s) for s in concept.synonyms.get("zh", ())), concept.id


def test_every_leaf_subclause_has_a_bilingual_topic(catalog):
    topics = {t.clause: t.concept for t in catalog.topics}
    assert sorted(topics) == sorted(catalog.clauses.leaves)
    for clause, concept in topics.items():
        assert CJK.search(concept.name("zh")), clause  # the subclause title from clauses.csv
        assert concept.synonyms.get("en") and concept.synonyms.get("zh"), clause


def test_the_issue_continuity_plan_passes_the_catalog_concepts(catalog):
    """Issue 15: 'Activation Triggers', 'Emergency Response Procedures', 'Recovery Priorities' and 'Return to
    Normal Operations' were graded a major nonconformity for lacking the catalog's literal headings."""
    ids = ["continuity-invocation", "continuity-recovery-procedures", "continuity-recovery-targets",
           "continuity-return-to-normal"]
    text = ("# Business continuity plan\n\n## 1. Activation Triggers\n\n## 2. Emergency Response Procedures\n\n"
            "## 3. Recovery Priorities\n\n## 4. Return to Normal Operations\n")
    found = match_concepts(outline_markdown(text, "bcp.md"), [catalog.concepts[i] for i in ids])
    assert [m.presence for m in found] == [Presence.PRESENT] * 4
    assert [m.mention.line for m in found] == [3, 5, 7, 9]
    zh = "# 业务连续性计划\n\n## 一、启动条件\n\n## 二、恢复程序\n\n## 三、恢复时间目标（RTO）\n\n## 四、恢复正常运行\n"
    found = match_concepts(outline_markdown(zh, "bcp-zh.md"), [catalog.concepts[i] for i in ids])
    assert [m.presence for m in found] == [Presence.PRESENT] * 4


def test_change_and_security_policy_headings_of_the_issue(catalog):
    text = "# Change policy\n\n## Change Categories & Control Framework\n"
    (found,) = match_concepts(outline_markdown(text, "cp.md"), [catalog.concepts["change-categories"]])
    assert found.presence is Presence.PRESENT
    text = "# Security policy\n\n## Information Security Principles\n"
    (found,) = match_concepts(outline_markdown(text, "isp.md"), [catalog.concepts["policy-principles"]])
    assert found.presence is Presence.PRESENT


@pytest.fixture
def mini_catalog(tmp_path):
    target = tmp_path / "controls"
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini" / "controls", target)
    return target


def _requirements_with(check: str) -> str:
    return (
        "catalog: mini\nrequirements:\n  - id: \"8.7.2-01\"\n    clause: \"8.7.2\"\n    title: {en: t, zh: 题}\n"
        "    text: {en: t, zh: 文}\n    kind: documented-information\n    criticality: high\n    checks:\n"
        f"      - {check}\n"
    )


def test_unknown_concept_id_is_a_located_catalog_error(mini_catalog):
    (mini_catalog / "mini" / "extra.yaml").write_text(
        _requirements_with("{rule: has_sections, select: {covers: \"8.7.2\"}, concepts: [continuity-invocaton]}"))
    (mini_catalog / "mini" / "concepts.yaml").write_text(
        "catalog: mini\nconcepts:\n  - id: continuity-invocation\n    name: {en: Invocation criteria, zh: 启动条件}\n")
    with pytest.raises(CatalogError) as caught:
        load_catalog([mini_catalog])
    (problem,) = caught.value.problems
    assert problem.location.file.endswith("extra.yaml") and problem.location.line == 10
    assert "unknown section concept 'continuity-invocaton'" in problem.message
    assert "continuity-invocation" in problem.message  # the hint names the near one


def test_has_sections_needs_sections_or_concepts(mini_catalog):
    (mini_catalog / "mini" / "extra.yaml").write_text(_requirements_with("{rule: has_sections}"))
    with pytest.raises(CatalogError) as caught:
        load_catalog([mini_catalog])
    assert caught.value.problems[0].location.line == 10


def test_concept_file_of_a_project_extends_a_concept(mini_catalog):
    (mini_catalog / "mini" / "concepts.yaml").write_text(
        "catalog: mini\nconcepts:\n  - id: continuity-invocation\n    name: {en: Invocation criteria, zh: 启动条件}\n"
        "    synonyms: {en: [activation triggers]}\n")
    (mini_catalog / "ours.yaml").write_text(
        "catalog: mini\nconcepts:\n  - id: continuity-invocation\n    name: {en: Ours, zh: 我们的}\n"
        "    synonyms: {en: [go criteria]}\n")
    concept = load_catalog([mini_catalog]).concepts["continuity-invocation"]
    assert concept.name("en") == "Invocation criteria"
    assert concept.synonyms["en"] == ("activation triggers", "go criteria")


def test_topic_for_an_unknown_clause_is_an_error(mini_catalog):
    (mini_catalog / "mini" / "topics.yaml").write_text("catalog: mini\ntopics:\n  - clause: \"8.9\"\n")
    with pytest.raises(CatalogError) as caught:
        load_catalog([mini_catalog])
    assert "'8.9' is not a clause" in caught.value.problems[0].message


def test_cloudgov_contingency_plan_read_as_written_has_the_continuity_sections(catalog):
    """cloud.gov's plan says 'Activation', 'Recovery', 'Reconstitution' and 'Notification' (NIST SP 800-34 words):
    each is the section the catalog asks for, named with its line."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import proposals as quality

    from auditkit.inputs.documents import read_document

    docs = quality.realdocs()
    assert docs is not None, "the real document sets (../shared/realdocs or tests/fixtures/realdocs) are missing"
    path = docs / "cloudgov" / "_docs" / "ops" / "contingency-plan.md"
    document = read_document(path, "contingency-plan.md")
    ids = ["continuity-invocation", "continuity-recovery-procedures", "continuity-recovery-targets",
           "continuity-return-to-normal", "continuity-contacts"]
    found = match_concepts(document, [catalog.concepts[i] for i in ids])
    assert [(m.presence, m.mention.text, m.mention.line) for m in found] == [
        (Presence.PRESENT, "Activation", 23), (Presence.PRESENT, "Recovery", 63),
        (Presence.PRESENT, "Recovery objective", 15), (Presence.PRESENT, "Reconstitution", 85),
        (Presence.PRESENT, "Notification", 45)]
