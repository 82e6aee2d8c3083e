"""The report's content from an assessment dict: verdict, actions, trend, areas not covered, labels. No PDF here."""

from __future__ import annotations

import copy
import csv
from importlib import resources

from auditkit.outputs.report.branding import Branding
from auditkit.outputs.report.context import build_context, fingerprint
from auditkit.outputs.report.labels import load_labels
from auditkit.outputs.report.templating import template_dirs


def context(data, lang="en", **extra):
    return build_context(data, load_labels(lang, template_dirs(None)), lang=lang, branding=Branding(), **extra)


def _keys(tree, prefix=""):
    for key, value in tree.items():
        if isinstance(value, dict) and key != "clause_titles":
            yield from _keys(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}"


def test_chinese_labels_cover_every_english_label():
    dirs = template_dirs(None)
    from auditkit.outputs.report.labels import _read

    en = _read(dirs[-1] / "i18n" / "en.yaml")
    zh = _read(dirs[-1] / "i18n" / "zh.yaml")
    assert set(_keys(en)) - set(_keys(zh)) == set()


def test_every_clause_title_is_in_chinese_in_the_chinese_report(acme_data):
    from auditkit.outputs.report.context import _Text

    clauses = resources.files("auditkit").joinpath("catalogs", "iso20000-1-2018", "clauses.csv").read_text("utf-8")
    numbers = [row["clause"] for row in csv.DictReader(clauses.splitlines())]
    x = _Text(acme_data, load_labels("zh", template_dirs(None)), "zh")
    untranslated = [n for n in numbers if x.clause(n).isascii()]
    assert untranslated == []
    assert x.clause("8.6.1") == "事件管理"


def test_verdict_and_reasons_in_the_chosen_language(acme_data):
    en, zh = context(acme_data, "en"), context(acme_data, "zh")
    assert not en["summary"]["ready"]
    assert en["summary"]["reasons"] == ["open major nonconformities: 1",
                                        "overall score 61.1% is below the readiness threshold 80.0%"]
    assert zh["summary"]["verdict"] == "尚不具备接受认证审核的条件"
    assert zh["summary"]["reasons"][0] == "未关闭的严重不符合：1 项"


def _ready(data):
    data = copy.deepcopy(data)
    data["summary"].update(ready=True, readiness_reasons=[])
    data["summary"]["overall"]["score"] = 0.9
    data["summary"]["grade_counts"]["major-nc"] = 0
    return data


ACTION = {"id": "CAR-2026-001", "finding": "F-9.2-01", "requirement": "9.2-01", "grade": "minor-nc",
          "state": "action-planned", "owner": "Sam Service", "due": "2026-10-01", "overdue": True,
          "title": "Carry out the missed audit"}


def test_an_overdue_corrective_action_makes_the_organisation_not_ready(acme_data):
    data = _ready(acme_data)
    assert context(data)["summary"]["ready"]
    ctx = context(data, actions=[ACTION])
    assert not ctx["summary"]["ready"]
    assert ctx["summary"]["reasons"] == ["overdue corrective actions: 1 (CAR-2026-001)"]


def test_actions_are_attached_to_the_finding_they_follow(acme_data):
    ctx = context(acme_data, actions=[ACTION])
    by_id = {f["id"]: f for group in ctx["findings_by_clause"] for f in group["findings"]}
    assert [a["id"] for a in by_id["F-9.2-01"]["actions"]] == ["CAR-2026-001"]
    assert by_id["F-9.2-01"]["actions"][0]["state"] == "action planned"
    assert by_id["F-9.2-01"]["actions"][0]["due"] == "1 October 2026"
    assert by_id["F-8.6.1-02"]["actions"] == []
    assert context(acme_data)["actions"] is None
    assert context(acme_data, actions=[])["actions"] == []


def test_trend_adds_this_assessment_after_the_earlier_ones(acme_data):
    assert context(acme_data)["trend"] is None
    same_day = [{"id": "S0002", "as_of": acme_data["as_of"], "overall": 0.61, "clauses": {"4": 1.0}}]
    assert context(acme_data, trend=same_day)["trend"] is None  # only this assessment: nothing to compare
    earlier = [{"id": "S0001", "as_of": "2025-11-05", "overall": 0.4, "clauses": {"4": 0.5, "5": 0.25}}]
    trend = context(acme_data, trend=earlier + same_day)["trend"]
    assert [c["as_of"] for c in trend["columns"]] == ["2025-11-05", acme_data["as_of"]]
    assert [c["overall"] for c in trend["columns"]] == ["40.0%", "61.1%"]
    assert trend["rows"][0] == {"clause": "4", "title": "Context of the organization", "scores": ["50.0%", "100.0%"]}
    assert "2025-11-05" in str(trend["chart"])


def test_findings_split_between_clauses_and_good_practices(acme_data):
    ctx = context(acme_data)
    per_clause = [f["id"] for g in ctx["findings_by_clause"] for f in g["findings"]]
    assert per_clause == ["F-5.2-02", "F-8.6.1-02", "F-9.2-01"]
    assert [f["id"] for f in ctx["good"]] == ["F-4.1-01", "F-10.1-01"]
    assert sorted(per_clause + [f["id"] for f in ctx["good"]]) == sorted(f["id"] for f in acme_data["findings"])


def test_many_requirements_not_assessed_are_grouped_by_reason(acme_data):
    ctx = context(acme_data)
    assert [r["requirement"] for r in ctx["not_covered"]["not_assessed"]] == ["7.5.3-01"]
    assert ctx["not_covered"]["not_assessed_groups"] is None
    assert ctx["not_covered"]["declared"] == ["Night shift operations (no access during the audit window)"]
    data = copy.deepcopy(acme_data)
    template = next(r for r in data["results"] if r["requirement"] == "7.5.3-01")
    for index in range(40):
        data["results"].append({**template, "requirement": f"7.5.3-{index + 10}"})
    groups = context(data)["not_covered"]["not_assessed_groups"]
    assert len(groups) == 1 and groups[0]["count"] == 41
    assert groups[0]["clauses"][0]["clause"] == "7"


def test_fingerprint_names_the_assessment(acme_data):
    changed = copy.deepcopy(acme_data)
    changed["findings"][0]["gap"] += "."
    assert fingerprint(acme_data) == fingerprint(copy.deepcopy(acme_data))
    assert fingerprint(changed) != fingerprint(acme_data)
    assert len(fingerprint(acme_data)) == 64


def test_a_finding_with_many_locations_is_shortened_in_the_pdf_only(acme_data):
    data = copy.deepcopy(acme_data)
    finding = next(f for f in data["findings"] if f["id"] == "F-8.6.1-02")
    finding["evidence"] = [{"file": f"evidence/records/export-{i:03}.csv", "line": 1} for i in range(30)]
    finding["gap"] = "; ".join(f"export-{i:03} has no priority" for i in range(30))

    def shown(ctx):
        return next(f for g in ctx["findings_by_clause"] for f in g["findings"] if f["id"] == "F-8.6.1-02")

    pdf = shown(context(data))
    assert len(pdf["evidence"]) == 10 and pdf["evidence_more"] == 20
    assert pdf["gap"].count("has no priority") == 8 and pdf["gap_more"] == 22
    html = shown(context(data, standalone_html=True))
    assert len(html["evidence"]) == 30 and html["evidence_more"] == 0 and html["gap_more"] == 0


def test_many_samples_are_counted_per_clause(acme_data):
    assert [s["requirement"] for s in context(acme_data)["method"]["samples"]] == ["9.2-01"]
    data = copy.deepcopy(acme_data)
    template = next(r for r in data["results"] if r["requirement"] == "9.2-01")
    for index in range(30):
        data["results"].append({**template, "requirement": f"9.2-{index + 10}"})
    method = context(data)["method"]
    assert method["samples"] is None and method["sample_count"] == 31
    assert method["by_clause"] == [{"clause": "4", "title": "Context of the organization", "judgments": 1, "samples": 0,
                                    "methods": "interview 1"},
                                   {"clause": "9", "title": "Performance evaluation", "judgments": 31, "samples": 31,
                                    "methods": "sampling 31"},
                                   {"clause": "10", "title": "Improvement", "judgments": 1, "samples": 0,
                                    "methods": "document review 1"}]
