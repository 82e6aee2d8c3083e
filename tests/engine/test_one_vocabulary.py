"""One meaning per word (issue 13 item 6): each concept is defined once in auditkit.model and every output that
uses it agrees with the assessment itself."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from auditkit.api import Project
from auditkit.model.assessment import FINDING_GRADES, GRADES, NONCONFORMITY_GRADES, grade_rank, weighted_score
from auditkit.model.gaps import GAP_GRADES
from auditkit.model.text import location_text, percent, place
from auditkit.outputs.gates import clause_score
from auditkit.outputs.render.common import findings_in_order, location, pct

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def example() -> dict:
    with Project.open(ROOT, workers=False) as project:
        return project.assessment(date(2026, 11, 5))


def test_a_clause_floor_scores_a_clause_as_the_assessment_does(example):
    """The gate's clause score and the assessment's clause scores are one formula: requirements not examined or
    not applicable are out of both (the gate once counted not-examined ones as zero)."""
    for clause in example["clauses"] + example["subclauses"]:
        assert clause_score(example, clause["clause"]) == (clause["points"], clause["weight"], clause["score"])
    overall = example["summary"]["overall"]
    counted = [(r["weight"], r["points"]) for r in example["results"]
               if r["status"] not in ("not-applicable", "not-examined")]
    assert weighted_score(counted) == (overall["points"], overall["weight"], overall["score"])


def test_a_documentation_review_scores_clause_floors_without_what_it_did_not_examine(mini):
    profile = mini / "evidence" / "organization.yaml"
    text = profile.read_text(encoding="utf-8")
    assert "\naudit:\n" in text
    profile.write_text(text.replace("\naudit:\n", "\naudit:\n  type: documentation-review\n"), encoding="utf-8")
    with Project.open(mini, workers=False) as project:
        data = project.assessment(date(2026, 3, 15))
    assert any(r["status"] == "not-examined" for r in data["results"])
    for clause in data["clauses"]:
        assert clause_score(data, clause["clause"]) == (clause["points"], clause["weight"], clause["score"])


def test_grades_have_one_order():
    assert GRADES == ("major-nc", "minor-nc", "observation", "ofi", "good-practice")
    assert NONCONFORMITY_GRADES == GRADES[:2] and FINDING_GRADES == GRADES[:3] and GAP_GRADES == GRADES[:4]
    assert [grade_rank(g) for g in GRADES] == [0, 1, 2, 3, 4] and grade_rank(None) == 5


def test_findings_are_listed_in_the_grade_order(example):
    ranks = [grade_rank(f["grade"]) for f in findings_in_order(example)]
    assert ranks == sorted(ranks) and ranks


def test_percent_and_location_are_written_one_way():
    assert pct is percent and location is location_text
    assert percent(None) == "n/a" and percent(0.4567) == "45.7%" and percent(1) == "100.0%"
    assert location_text({"file": "a.md", "line": 3, "column": 2}) == "a.md:3:2" == place("a.md", 3, 2)
    assert location_text({"file": "a.md", "column": 2}) == "a.md"
    from auditkit.model.errors import Location

    assert str(Location("a.md", 3, 2)) == "a.md:3:2" and str(Location("a.md")) == "a.md"


def test_a_check_over_many_documents_writes_a_flat_message():
    """has_sections over hundreds of documents: one list of parts (the stored assessment stays readable: a
    nested template 180 levels deep once made `actions sync` and `report --from-json` refuse it)."""
    from auditkit.model.messages import msg, render_dict

    parts = [msg("sections.document", document=f"doc-{n}", concepts=[]) for n in range(300)]
    joined = msg("sections.and", items=parts)
    assert joined.text("en").count(" | ") == 299 and joined.text("en").startswith("doc-0: ")

    def depth(value) -> int:
        if isinstance(value, dict):
            return 1 + max((depth(v) for v in value.values()), default=0)
        if isinstance(value, list):
            return 1 + max((depth(v) for v in value), default=0)
        return 0

    assert depth(joined.to_dict()) < 10
    assert render_dict(joined.to_dict(), "zh") == joined.text("zh")
