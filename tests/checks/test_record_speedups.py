"""The shortcuts of the record scan give what the plain way gives: dates as strptime reads them, and the same
check results whether exports are read here or in worker processes."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditkit.checks import Outcome
from auditkit.checks import records as record_rules
from auditkit.records import _quick_date_parser

FORMATS = ["%d-%m-%Y %H:%M", "%Y-%m-%d", "%d/%m/%Y %H:%M:%S", "%H:%M %d.%m.%Y", "%Y%m%dT%H%M%S", "%m/%d/%Y",
           "%Y-%m-%d %H", "%d-%m-%Y %H:%M:%S.000"]
SAMPLES = ["13-05-2026 06:13", "31-02-2026 10:00", "2026-05-13", "13/05/2026 23:59:59", "06:13 13.05.2026",
           "20260513T061300", "05/13/2026", "2026-05-13 24", "00-00-0000 00:00", "1-05-2026 06:13"]


def _mutations(text: str) -> st.SearchStrategy[str]:
    return st.lists(st.tuples(st.integers(0, max(len(text) - 1, 0)), st.sampled_from("0123456789 -/:.T٣x")),
                    max_size=3).map(lambda changes: _apply(text, changes))


def _apply(text: str, changes) -> str:
    chars = list(text)
    for index, char in changes:
        if chars:
            chars[index % len(chars)] = char
    return "".join(chars)


def _strptime(text: str, fmt: str):
    try:
        return datetime.strptime(text, fmt)
    except ValueError:
        return None


@settings(max_examples=1500, deadline=None)
@given(st.sampled_from(FORMATS), st.sampled_from(SAMPLES).flatmap(_mutations) | st.text("0123456789-/: ", max_size=20))
def test_quick_dates_are_strptime_dates_or_declined(fmt, text):
    quick = _quick_date_parser(fmt)
    assert quick is not None
    for _ in range(2):  # the second call is answered from what the first remembered
        parsed = quick(text)
        if parsed is not None:
            assert parsed == _strptime(text, fmt)


def test_a_whole_month_of_minutes_reads_as_strptime_reads_it():
    quick = _quick_date_parser("%d-%m-%Y %H:%M")
    for day in range(1, 32):
        for minute in range(0, 24 * 60, 7):
            text = f"{day:02d}-01-2026 {minute // 60:02d}:{minute % 60:02d}"
            assert quick(text) == datetime.strptime(text, "%d-%m-%Y %H:%M")


CSV = "number,opened_at,made_sla\n" + "".join(
    f"INC{n},{(n % 28) + 1:02d}-05-2026 {n % 24:02d}:00,{'TRUE' if n % 3 else 'FALSE'}\n" for n in range(400))


def _export(tree, name: str, text: str) -> None:
    tree.write(f"{name}.csv", text)
    tree.write(f"{name}.yaml", {
        "id": name, "type": "record-set", "title": name, "covers": ["8.6.1"],
        "records": {"path": f"{name}.csv", "date_format": "%d-%m-%Y %H:%M", "true_values": ["TRUE"],
                    "false_values": ["FALSE"], "columns": {"id": "number", "opened": "opened_at", "met_sla": "made_sla"}}})


@pytest.mark.parametrize("workers", ["1", "2"])
def test_worker_processes_give_the_same_results(tree, monkeypatch, workers):
    """Exports read in worker processes (forced here by a zero size threshold) count as those read in-process,
    and an unreadable value found by a worker comes back located."""
    monkeypatch.setattr(record_rules, "PARALLEL_BYTES", 0)
    monkeypatch.setenv("AUDITKIT_WORKERS", workers)
    pools = []
    real_pool = record_rules.workers.pool
    monkeypatch.setattr(record_rules.workers, "pool", lambda tasks: pools.append(real_pool(tasks)) or pools[-1])
    _export(tree, "first", CSV)
    _export(tree, "second", CSV.replace("TRUE", "FALSE", 50))
    share = tree.check("records_share", condition={"field": "met_sla", "equals": True}, threshold=0.5)
    assert share.outcome is Outcome.PASS
    assert share.message == ("first: 266 of 400 records have met_sla = True (66.5%, target 50%); "
                             "second: 216 of 400 records have met_sla = True (54.0%, target 50%)")
    _export(tree, "third", CSV + "INC999,31/05/2026,TRUE\n")
    broken = tree.check("records_in_period", period="12 months")
    assert broken.outcome is Outcome.CANNOT_EVALUATE and broken.evidence[0].line == 402
    assert "third.csv" in broken.evidence[0].file and "cannot read '31/05/2026' in column 'opened_at'" in broken.message
    assert all((pool is not None) == (workers == "2") for pool in pools) and pools
