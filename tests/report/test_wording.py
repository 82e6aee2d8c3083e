"""Wording the review asked for: scope versus assessed, distinct short labels for not applicable and not
evaluated, and the Chinese label of a rejected corrective action."""

from __future__ import annotations

import copy

import pytest

from auditkit.outputs.report import render_report

from .conftest import ACME


def html(data, **options) -> str:
    options.setdefault("evidence_dir", ACME / "evidence")
    return render_report(data, fmt="html", **options).content.decode()


def test_the_summary_says_how_many_requirements_are_in_scope_and_how_many_were_assessed(acme_data):
    total = len(acme_data["results"])
    assessed = acme_data["summary"]["coverage"]["assessed"]
    not_counted = sum(1 for r in acme_data["results"] if r["status"] in ("not-assessed", "not-applicable"))
    assert assessed < total and not_counted  # the fixture has requirements that were not assessed
    page = html(acme_data)
    assert f"{total} requirements in scope, {assessed} assessed;" in page
    assert f"{total} requirements were assessed" not in page
    zh = html(acme_data, lang="zh")
    assert f"范围内共 {total} 项要求，已评估 {assessed} 项" in zh


def test_without_coverage_the_assessed_count_leaves_out_not_assessed_and_not_applicable(acme_data):
    from auditkit.outputs.report.context import _assessed

    data = copy.deepcopy(acme_data)
    del data["summary"]["coverage"]
    expected = sum(1 for r in data["results"] if r["status"] not in ("not-assessed", "not-applicable"))
    assert _assessed(data) == expected and expected < len(data["results"])


@pytest.mark.parametrize("lang, legend, short", [
    ("en", "N/A not applicable, NE not evaluated (not assessed), NX not examined in this review.",  # issue 15: NEV, NX
     ("NE", "N/A")),
    ("zh", "不适用：不适用；未评：未评估；未查：本次审查未检查。", ("未评", "不适用")),  # issue 18: Chinese columns
])
def test_not_applicable_and_not_assessed_have_distinct_short_labels(acme_data, lang, legend, short):
    page = html(acme_data, lang=lang)
    assert legend in page
    assert all(f">{s}</th>" in page for s in short)
    assert ">NA</th>" not in page and "NA not assessed" not in page and "NA 未评估" not in page


def test_a_rejected_action_reads_not_adopted_in_chinese(acme_data):
    actions = [{"id": "CAR-2026-001", "finding": "F-9.2-01", "requirement": "9.2-01", "grade": "minor-nc",
                "state": "rejected", "owner": "Sam Service", "due": "2026-10-01", "overdue": False,
                "title": "Missed audit"}]
    page = html(acme_data, lang="zh", actions=actions)
    assert "不予采纳" in page and "已退回" not in page
