"""sla_attainment: each agreement's own targets, per service and priority, from the flag or the durations."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from auditkit.engine.checks import Outcome
from auditkit.inputs.agreements import ServiceHours, target_length
from auditkit.model.errors import InputErrors

from .conftest import doc

LEVELS = {"attainment": 0.5, "targets": [{"priority": "1", "resolution": "4 hours"}, {"priority": "2", "resolution": "2 days"}]}


def _agreement(tree, levels=LEVELS, services=("svc-a",)):
    tree.write("sla.md", doc({"id": "sla-a", "type": "agreement", "title": "SLA A", "covers": ["8.3.3"],
                              "services": list(services), "service_levels": levels}, "# SLA\n"))


def _incidents(tree, rows: str, columns=None, services=("svc-a",)):
    tree.write("inc.csv", "ref,prio,svc,opened,resolved,met\n" + rows)
    tree.write("inc.yaml", {"id": "inc", "type": "record-set", "title": "Incidents", "covers": ["8.6.1"],
                            "services": list(services), "records": {"path": "inc.csv", "columns": columns or {
                                "id": "ref", "priority": "prio", "service": "svc", "opened": "opened",
                                "resolved": "resolved"}}})


def _check(tree, **params):
    return tree.check("sla_attainment", select={"covers": "8.6.1", "type": "record-set"}, clause="8.3.3",
                      as_of=date(2026, 6, 10), **params)


ROWS = ("A1,1,svc-a,2026-06-01T08:00,2026-06-01T11:00,true\n"    # 3 h: met
        "A2,1,svc-a,2026-06-01T08:00,2026-06-01T13:00,false\n"   # 5 h: missed
        "A3,1,svc-b,2026-06-01T08:00,2026-06-01T20:00,false\n"   # another service: not this agreement's
        "A4,2,svc-a,2026-06-01T08:00,,false\n"                   # open for 9 days: missed
        "A5,2,svc-a,2026-06-09T08:00,,true\n"                    # open 1.7 days: still running, not measured
        "A6,3,svc-a,2026-06-01T08:00,2026-06-01T09:00,true\n")   # no target for priority 3


def test_attainment_by_durations_per_service_and_priority(tree):
    _agreement(tree)
    _incidents(tree, ROWS)
    result = _check(tree)
    figures = {m.group["value"]: (m.numerator, m.denominator, m.passed, m.group["service"]) for m in result.metrics}
    assert figures == {"1": (1, 2, True, "svc-a"), "2": (0, 1, False, "svc-a")}
    assert result.outcome is Outcome.FAIL
    assert ("sla-a, svc-a, priority 1: 1 of 2 rows met the target (50.0%, attainment target 50%, by durations "
            "against resolution 4 hours)") in result.message
    assert "sla-a，svc-a，优先级 2：1 行中有 0 条达成目标" in result.message_in("zh")


def test_the_exports_flag_counts_when_it_is_mapped(tree):
    _agreement(tree)
    _incidents(tree, ROWS, columns={"id": "ref", "priority": "prio", "service": "svc", "opened": "opened",
                                    "met_sla": "met"})
    figures = {m.group["value"]: (m.numerator, m.denominator) for m in _check(tree).metrics}
    assert figures == {"1": (1, 2), "2": (1, 2)}


def test_service_hours_stop_the_clock():
    """Friday 17:00 to Monday 08:00 is 2 service hours (Mon-Fri 07:00-18:00), 63 hours round the clock."""
    hours = ServiceHours(frozenset(range(5)), datetime(1, 1, 1, 7).time(), datetime(1, 1, 1, 18).time())
    friday, monday = datetime(2026, 6, 5, 17), datetime(2026, 6, 8, 8)
    assert hours.elapsed(friday, monday).total_seconds() == 2 * 3600
    assert target_length("3 days", hours.day_length).total_seconds() == 33 * 3600


def test_business_hours_decide_whether_a_target_was_met(tree):
    _agreement(tree, {**LEVELS, "hours": {"days": ["mon", "tue", "wed", "thu", "fri"], "from": "07:00", "to": "18:00"}})
    _incidents(tree, "B1,1,svc-a,2026-06-05T17:00,2026-06-08T08:00,false\n")
    (metric,) = _check(tree).metrics
    assert (metric.numerator, metric.denominator) == (1, 1)


def test_a_record_set_without_a_service_column_counts_for_its_services(tree):
    _agreement(tree)
    _incidents(tree, ROWS, columns={"id": "ref", "priority": "prio", "opened": "opened", "resolved": "resolved"})
    figures = {m.group["value"]: (m.numerator, m.denominator) for m in _check(tree).metrics}
    assert figures == {"1": (1, 3), "2": (0, 1)}


def test_without_targets_nothing_is_measured(tree):
    tree.write("sla.md", doc({"id": "sla-a", "type": "agreement", "title": "SLA A", "covers": ["8.3.3"],
                              "services": ["svc-a"]}, "# SLA\n"))
    _incidents(tree, ROWS)
    result = _check(tree)
    assert result.outcome is Outcome.FAIL and "no agreement declares service level targets" in result.message


def test_a_target_that_is_not_a_length_is_located(tree):
    _agreement(tree, {"attainment": 0.9, "targets": [{"priority": "1", "resolution": "4 hrs"}]})
    _incidents(tree, ROWS)
    with pytest.raises(InputErrors, match=r"sla.md:\d+:\d+: '4 hrs' is not a target length"):
        _check(tree)
