"""Built-in metrics: reopen rate, links to problems/changes/CIs, monthly series (issue 16 item 3), on a tiny
export and on the real ServiceNow slice (its rows shuffled: the same figures)."""

from __future__ import annotations

import csv
import random
from datetime import date
from pathlib import Path

from auditkit.engine.checks import Outcome
from auditkit.engine.checks.record_metrics import months

# the real ServiceNow slice in every clone (its README: source, licence, the dates moved to 2026)
REAL = Path(__file__).resolve().parents[2] / "evidence" / "records" / "incidents" / "incident_event_log_2026.csv"

HEADER = "number,opened_at,reopen_count,problem_id,rfc,cmdb_ci\n"
ROWS = ("INC1,01-05-2026 10:00,0,?,?,CI1\n"
        "INC1,01-05-2026 10:00,1,PRB1,?,CI1\n"        # the last event of INC1: reopened once, linked to a problem
        "INC2,15-04-2026 09:00,0,?,CHG7,?\n"
        "INC3,20-02-2026 09:00,2,?,?,CI3\n"
        "INC4,03-05-2026 11:00,0,?,?,?\n")


def _set(tree, text=HEADER + ROWS, name="inc"):
    tree.write(f"{name}.csv", text)
    tree.write(f"{name}.yaml", {
        "id": name, "type": "record-set", "title": "Incidents", "covers": ["8.6.1"],
        "records": {"path": f"{name}.csv", "key": "id", "order_by": "file-order", "unit": "incidents",
                    "date_format": "%d-%m-%Y %H:%M", "missing": ["?"], "reduce": {"reopen_count": "max"},
                    "columns": {"id": "number", "opened": "opened_at", "reopen_count": "reopen_count",
                                "problem": "problem_id", "change": "rfc", "ci": "cmdb_ci"}}})


def test_reopen_rate_is_judged_against_a_maximum(tree):
    _set(tree)
    result = tree.check("records_reopened", max=0.5)
    assert result.outcome is Outcome.PASS
    assert "inc: 2 of 4 incidents were reopened (reopen_count >= 1: 50.0%, at most 50%)" in result.message
    (metric,) = result.metrics
    assert (metric.measure, metric.numerator, metric.denominator, metric.value, metric.threshold) == ("rate", 2, 4, 0.5, 0.5)
    failed = tree.check("records_reopened", max=0.49)
    assert failed.outcome is Outcome.FAIL and not failed.metrics[0].passed
    assert "重新打开" in failed.message_in("zh")


def test_reopen_rate_in_a_period_counts_only_its_records(tree):
    _set(tree)
    result = tree.check("records_reopened", max=0.1, period="1 month")  # 2026-05-01..06-01: INC1 and INC4
    assert (result.metrics[0].numerator, result.metrics[0].denominator) == (1, 2)
    assert result.outcome is Outcome.FAIL


def test_links_to_a_problem_a_change_and_a_configuration_item_are_named(tree):
    _set(tree)
    result = tree.check("records_linked", links=["problem", "change", "ci"], threshold=0.5)
    figures = {m.group["value"]: (m.numerator, m.denominator, m.value, m.passed) for m in result.metrics}
    assert figures == {"problem": (1, 4, 0.25, False), "change": (1, 4, 0.25, False), "ci": (2, 4, 0.5, True)}
    assert all(m.group["field"] == "link" for m in result.metrics)
    assert result.outcome is Outcome.FAIL
    assert "1 of 4 incidents name a problem (25.0%, target 50%)" in result.message
    assert "关联了 problem" in result.message_in("zh")


def test_a_link_field_the_export_does_not_map_is_named(tree):
    _set(tree)
    result = tree.check("records_linked", links=["known_error"], threshold=0.5)
    assert result.outcome is Outcome.CANNOT_EVALUATE and "known_error" in result.message


def test_the_monthly_series_names_every_month_and_its_gaps(tree):
    _set(tree)
    result = tree.check("records_series", period="4 months")  # 2026-02-01..2026-06-01
    series = [(m.group["value"], m.numerator) for m in result.metrics]
    assert series == [("2026-02", 1), ("2026-03", 0), ("2026-04", 1), ("2026-05", 2)]  # June has only begun
    assert result.outcome is Outcome.FAIL
    assert "too few in 2026-03" in result.message
    assert "以下月份不足：2026-03" in result.message_in("zh")
    assert result.message.count("incidents per month") == 1  # one sentence for the series, a figure per month
    assert tree.check("records_series", period="1 month", as_of=date(2026, 5, 31)).outcome is Outcome.PASS


def test_months():
    assert months(date(2025, 11, 1), date(2026, 2, 28)) == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert months(date(2025, 11, 5), date(2026, 2, 27)) == ["2025-12", "2026-01"]
    assert months(date(2026, 5, 2), date(2026, 5, 31)) == []


def _real(tree, shuffled: bool):
    text = REAL.read_text(encoding="utf-8")
    if shuffled:
        lines = text.splitlines(keepends=True)
        body = lines[1:]
        random.Random(16).shuffle(body)
        text = lines[0] + "".join(body)
    tree.write("real.csv", text)
    tree.write("real.yaml", {
        "id": "real", "type": "record-set", "title": "ServiceNow", "covers": ["8.6.1"],
        "records": {"path": "real.csv", "key": "id", "order_by": ["mod_count", "updated"], "ties": "file-order",
                    "unit": "incidents", "date_format": "%d-%m-%Y %H:%M", "missing": ["?"],
                    "true_values": ["TRUE"], "false_values": ["FALSE"],
                    "reduce": {"reopen_count": "max", "opened": "first"}, "types": {"mod_count": "number"},
                    "columns": {"id": "number", "mod_count": "sys_mod_count", "updated": "sys_updated_at",
                                "opened": "opened_at", "reopen_count": "reopen_count", "problem": "problem_id",
                                "change": "rfc", "ci": "cmdb_ci"}}})


def _independent():
    """The same figures by csv alone: the last event per incident by (sys_mod_count, sys_updated_at)."""
    from datetime import datetime
    last, reopened = {}, {}
    with REAL.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            order = (int(row["sys_mod_count"]), datetime.strptime(row["sys_updated_at"], "%d-%m-%Y %H:%M"))
            number = row["number"]
            if number not in last or order >= last[number][0]:
                last[number] = (order, row)
            reopened[number] = max(reopened.get(number, 0), int(row["reopen_count"]))
    rows = [row for _order, row in last.values()]
    return {"reopened": sum(1 for n in reopened.values() if n >= 1), "incidents": len(rows),
            **{link: sum(1 for row in rows if row[column] != "?")
               for link, column in (("problem", "problem_id"), ("change", "rfc"), ("ci", "cmdb_ci"))}}


def test_on_the_real_slice_in_any_row_order_the_figures_match_an_independent_count(tree):
    expected = _independent()
    for shuffled in (False, True):
        _real(tree, shuffled)
        reopen = tree.check("records_reopened", max=0.05).metrics[0]
        assert (reopen.numerator, reopen.denominator) == (expected["reopened"], expected["incidents"]) == \
            (reopen.numerator, 890)
        links = {m.group["value"]: m.numerator for m in tree.check("records_linked", links=["problem", "change", "ci"],
                                                                     threshold=0.1).metrics}
        assert links == {k: expected[k] for k in ("problem", "change", "ci")}
