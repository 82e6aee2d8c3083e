"""Record checks write their figures as numbers (numerator, denominator, unit, value, threshold), truncate shares
and name the group each per-group figure is about, in English and Chinese."""

from __future__ import annotations

import json
from pathlib import Path

from auditkit.engine.checks import Outcome
from auditkit.model.metrics import truncated

from .test_records import _records

ROOT = Path(__file__).resolve().parents[2]


def test_a_share_is_written_as_numbers(tree):
    _records(tree, unit="incidents")
    result = tree.check("records_share", condition={"field": "met_sla", "equals": True}, threshold=0.5)
    (metric,) = result.metrics
    assert metric.to_dict() == {"record_set": "inc", "measure": "share", "numerator": 2, "denominator": 4,
                                "unit": "incidents", "value": 0.5, "threshold": 0.5, "passed": True, "rows": 5,
                                "key": "number", "condition": "met_sla = true",
                                "condition_template": {"key": "records.condition.equals",
                                                       "params": {"field": "met_sla", "value": "true"}}}
    assert result.to_dict()["metrics"] == [metric.to_dict()]


def test_a_count_in_a_period_is_written_as_numbers(tree):
    _records(tree)
    (metric,) = tree.check("records_in_period", period="1 month", min=4).metrics
    assert (metric.measure, metric.numerator, metric.denominator, metric.value, metric.threshold, metric.passed) == \
        ("count", 3, 4, 3, 4, False)
    assert metric.unit == "records" and str(metric.condition) == "opened in 2026-05-01..2026-06-01"


def test_shares_are_truncated_never_rounded_up():
    assert truncated(20_762, 20_769) == 0.9996
    assert truncated(2, 3) == 0.6666 and truncated(0, 5) == 0.0 and truncated(1, 0) is None


def test_a_share_just_under_the_threshold_fails_and_does_not_print_as_the_threshold(tree):
    rows = "".join(f"INC{n},01-05-2026 10:00,?,{'TRUE' if n else 'FALSE'},3 - Moderate\n" for n in range(1000))
    _records(tree, "number,opened_at,resolved_at,made_sla,priority\n" + rows)
    result = tree.check("records_share", condition={"field": "met_sla", "equals": True}, threshold=1.0)
    assert result.outcome is Outcome.FAIL
    assert "999 of 1,000 records have met_sla = true (99.9%, target 100%)" in result.message
    assert result.metrics[0].value == 0.999


def test_per_group_results_name_their_group(tree):
    _records(tree)
    result = tree.check("records_share", condition={"field": "met_sla", "equals": True}, threshold=0.5,
                        group_by="priority")
    groups = {(m.group or {}).get("value"): (m.numerator, m.denominator, m.passed) for m in result.metrics}
    assert groups == {"1 - Critical": (0, 1, False), "2 - High": (1, 1, True), "3 - Moderate": (1, 1, True),
                      None: (0, 1, False)}
    assert result.outcome is Outcome.FAIL
    assert "inc, priority = 1 - Critical: 0 of 1 records have met_sla = true (0.0%, target 50%)" in result.message
    assert "inc, priority = (empty): 0 of 1 records" in result.message
    assert all(m.group["field"] == "priority" for m in result.metrics)


def test_messages_exist_in_chinese(tree):
    _records(tree, unit="incidents")
    result = tree.check("records_share", condition={"field": "priority", "present": True}, threshold=0.9,
                        period="1 month")
    zh = result.message_in("zh")
    assert zh.startswith("inc：最近 1 个月 内3 incidents中有 3 条满足 priority 已填写（100.0%，目标 90%）")
    assert "键 `number`" in zh and "来自 5 行" in zh
    period = tree.check("records_in_period", period="1 month", min=9).message_in("zh")
    assert period.startswith("最近 1 个月 内的记录过少（至少需要 9 条）：inc：4 incidents（键 `number`），来自 5 行中有 3 条")


def test_the_assessment_json_carries_the_metrics_of_the_example(cli, monkeypatch):
    """Every record check of the example that could be evaluated has its figures in the JSON, valid by the schema."""
    from auditkit.inputs.validation import schema

    monkeypatch.chdir(ROOT)
    data = json.loads(cli("assess", "--as-of", "2026-11-05", "--format", "json").stdout)
    checks = [c for r in data["results"] for c in r["checks"] if c["rule"] in ("records_share", "records_in_period")]
    evaluated = [c for c in checks if c["outcome"] in ("pass", "fail")]
    assert evaluated and all(c.get("metrics") for c in evaluated)
    incidents = [m for c in evaluated for m in c["metrics"] if m["record_set"] == "incident-records"]
    assert {(m["unit"], m["key"], m["rows"]) for m in incidents} == {("incidents", "number", 5998)}
    import jsonschema

    jsonschema.Draft202012Validator(schema("assessment")["$defs"]["metric"]).validate(incidents[0])


def test_durations_by_nearest_rank_per_group(tree):
    rows = "".join(f"I{n},01-05-2026 00:00,01-05-2026 {n:02d}:00,TRUE,{'1 - Critical' if n < 4 else '3 - Moderate'}\n"
                   for n in range(1, 11))
    _records(tree, "number,opened_at,resolved_at,made_sla,priority\n" + rows + "I11,01-05-2026 00:00,?,TRUE,?\n")
    result = tree.check("records_durations", within="8 hours", percentile=90, group_by="priority")
    figures = {m.group["value"]: (m.percentiles, m.numerator, m.denominator, m.passed) for m in result.metrics}
    assert figures == {"1 - Critical": ({"p50": 2.0, "p90": 3.0, "p95": 3.0}, 3, 3, True),
                       "3 - Moderate": ({"p50": 7.0, "p90": 10.0, "p95": 10.0}, 5, 7, False)}
    assert result.outcome is Outcome.FAIL
    assert "inc, priority = 3 - Moderate: resolved - opened of 7 records: p90 10.0 h (target at most 8 hours)" in result.message
    assert "p50 7.0 h, p90 10.0 h, p95 10.0 h" in result.message


def test_nearest_rank():
    from auditkit.engine.checks.records import nearest_rank

    assert nearest_rank([1.0, 2.0, 3.0, 4.0], 50) == 2.0 and nearest_rank([1.0, 2.0, 3.0, 4.0], 90) == 4.0
    assert nearest_rank([5.0], 95) == 5.0 and nearest_rank([], 50) is None
