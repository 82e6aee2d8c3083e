from datetime import date

import pytest

from auditkit.engine.checks import Outcome

from .conftest import PROFILE

CSV = """number,opened_at,resolved_at,made_sla,priority
INC1,01-05-2026 10:00,01-05-2026 12:00,TRUE,1 - Critical
INC1,01-05-2026 10:00,01-05-2026 20:00,FALSE,1 - Critical
INC2,20-05-2026 09:00,20-05-2026 09:30,TRUE,3 - Moderate
INC3,02-02-2026 08:00,?,FALSE,?
INC4,25-05-2026 08:00,26-05-2026 08:00,TRUE,2 - High
"""


def _records(tree, csv_text=CSV, **extra):
    tree.write("inc.csv", csv_text)
    tree.write("inc.yaml", {
        "id": "inc", "type": "record-set", "title": "Incidents", "covers": ["8.6.1"],
        "records": {"path": "inc.csv", "key": "id", "order_by": "file-order", "date_format": "%d-%m-%Y %H:%M", "true_values": ["TRUE"],
                    "false_values": ["FALSE"], "missing": ["?"],
                    "columns": {"id": "number", "opened": "opened_at", "resolved": "resolved_at", "met_sla": "made_sla",
                                "priority": "priority"}, **extra}})


def test_records_in_period_counts_last_row_per_key(tree):
    _records(tree)
    result = tree.check("records_in_period", period="1 month", min=3)
    assert result.outcome is Outcome.PASS
    assert "inc: 3 of 4 records (key `number`) from 5 rows dated 2026-05-01..2026-06-01" in result.message
    assert tree.check("records_in_period", period="1 month", min=4).outcome is Outcome.FAIL


def test_records_share_uses_last_event_and_threshold(tree):
    _records(tree)
    result = tree.check("records_share", condition={"field": "met_sla", "equals": True}, threshold=0.5)
    # INC1's last row is FALSE: 2 of 4 incidents met the SLA
    assert result.outcome is Outcome.PASS and "2 of 4 records have met_sla = true (50.0%, target 50%); read 4 records (key `number`) from 5 rows" in result.message
    assert tree.check("records_share", condition={"field": "met_sla", "equals": True}, threshold=0.51).outcome is Outcome.FAIL


def test_records_share_with_period_where_and_duration(tree):
    _records(tree)
    within = tree.check("records_share", condition={"field": "resolved", "within": "8 hours", "of": "opened"},
                        where={"field": "priority", "in": ["1 - Critical", "2 - High"]}, threshold=1.0)
    assert within.outcome is Outcome.FAIL and "0 of 2 records" in within.message
    recorded = tree.check("records_share", condition={"field": "priority", "present": True}, threshold=1.0,
                          period="1 month")
    assert recorded.outcome is Outcome.PASS and "3 of 3 records in the last 1 month have priority recorded" in recorded.message


@pytest.mark.parametrize("part", ["condition", "where"])
def test_a_column_the_check_reads_but_the_set_does_not_map_is_named(tree, part):
    _records(tree)  # maps no "closed": wherever the check reads it, it cannot be evaluated, naming the column
    timed = {"field": "resolved", "within": "8 hours", "of": "closed"}
    other = {"field": "priority", "present": True}
    result = tree.check("records_share", threshold=1.0, **({"condition": timed, "where": other} if part == "condition"
                                                          else {"condition": other, "where": timed}))
    assert result.outcome is Outcome.CANNOT_EVALUATE and result.message == "inc maps no column for closed"


def test_unparseable_value_is_reported_with_its_line(tree):
    _records(tree, CSV + "INC5,31/05/2026,?,TRUE,4 - Low\n")
    result = tree.check("records_in_period", period="12 months")
    assert result.outcome is Outcome.CANNOT_EVALUATE
    assert result.evidence[0].file.endswith("inc.csv") and result.evidence[0].line == 7
    assert "cannot read '31/05/2026' in column 2 'opened_at' as a date (%d-%m-%Y %H:%M)" in result.message


def test_json_records(tree):
    tree.write("c.json", '[{"ref": "C1", "on": "2026-05-02"}, {"ref": "C2", "on": "2025-01-01"}]')
    tree.write("c.yaml", {"id": "c", "type": "record-set", "title": "Complaints", "covers": ["8.6.1"],
                          "records": {"path": "c.json", "columns": {"id": "ref", "date": "on"}}})
    result = tree.check("records_in_period", period="12 months", date_field="date", as_of=date(2026, 6, 1))
    assert result.outcome is Outcome.PASS and "1 of 2 rows" in result.message


def test_no_record_set_selected_cannot_evaluate(tree):
    tree.write("p.yaml", {"id": "p", "type": "procedure", "title": "P", "covers": ["8.6.1"]})
    assert tree.check("records_in_period").outcome is Outcome.CANNOT_EVALUATE


def test_unreadable_export_is_located_not_a_crash(tree):
    _records(tree, CSV + "INC9,01-05-2026 10:00,?,TRUE," + "x" * 200_000 + "\n")
    result = tree.check("records_in_period", period="12 months")
    assert result.outcome is Outcome.CANNOT_EVALUATE
    assert result.evidence[0].file.endswith("inc.csv") and "cannot read the export" in result.message


def test_row_spanning_lines_is_reported_where_it_starts(tree):
    _records(tree, CSV + 'INC7,"31/05/2026\n",?,TRUE,4 - Low\n')
    result = tree.check("records_in_period", period="12 months")
    assert result.evidence[0].line == 7


def test_utc_offsets_are_compared_as_utc(tree):
    tree.write("c.csv", "ref,on\nC1,2026-05-31T23:30-02:00\nC2,2026-05-02T10:00\n")
    tree.write("c.yaml", {"id": "c", "type": "record-set", "title": "Complaints", "covers": ["8.6.1"],
                          "records": {"path": "c.csv", "columns": {"id": "ref", "date": "on"}}})
    # 23:30 at UTC-2 is 01:30 UTC on 1 June: after the as-of date, so not counted
    result = tree.check("records_in_period", period="1 month", date_field="date", as_of=date(2026, 5, 31))
    assert result.outcome is Outcome.PASS and "1 of 2 rows" in result.message


def test_json_problems_name_the_record(tree):
    tree.write("c.json", '[{"ref": "C1", "on": "2026-05-02"}, "oops"]')
    tree.write("c.yaml", {"id": "c", "type": "record-set", "title": "Complaints", "covers": ["8.6.1"],
                          "records": {"path": "c.json", "key": "id", "order_by": "file-order", "columns": {"id": "ref", "date": "on"}}})
    result = tree.check("records_in_period", date_field="date")
    assert result.outcome is Outcome.CANNOT_EVALUATE and "record 2 is str, not an object" in result.message
    tree.write("c.json", '[{"ref": ["C1"], "on": "2026-05-02"}]')
    result = tree.check("records_in_period", date_field="date")
    assert "holds a list, not a single value" in result.message and result.evidence[0].pointer.startswith("[0].ref")


def test_rows_without_a_key_are_kept_apart(tree):
    _records(tree, CSV + "?,21-05-2026 10:00,?,TRUE,3 - Moderate\n?,22-05-2026 10:00,?,TRUE,3 - Moderate\n")
    assert "6 of 6 records (key `number`) from 7 rows" in tree.check("records_in_period", period="12 months", min=1).message


def test_offsets_are_compared_in_the_organisations_time_zone(tree):
    """The profile's time_zone decides on which day a timestamp with an offset falls: 23:30 at UTC-2 on 31 May is
    1 June in London (01:30 UTC is 02:30 BST), but still 31 May in New York (21:30 EDT)."""
    tree.write("c.csv", "ref,on\nC1,2026-05-31T23:30-02:00\nC2,2026-05-02T10:00\nC3,2026-06-01T01:00\n")
    tree.write("c.yaml", {"id": "c", "type": "record-set", "title": "Complaints", "covers": ["8.6.1"],
                          "records": {"path": "c.csv", "columns": {"id": "ref", "date": "on"}}})
    counted = {}
    for zone in ("Europe/London", "America/New_York", "Asia/Shanghai"):
        tree.write("organization.yaml", {**PROFILE, "organization": {"name": "T", "time_zone": zone}})
        result = tree.check("records_in_period", period="1 month", date_field="date", as_of=date(2026, 5, 31))
        counted[zone] = result.message.split(": ")[1].split(" of ")[0]
    # a timestamp without an offset (C3) is the organisation's own time already: 1 June everywhere
    assert counted == {"Europe/London": "1", "America/New_York": "2", "Asia/Shanghai": "1"}


def test_an_unknown_time_zone_is_located(tree):
    tree.write("organization.yaml", {**PROFILE, "organization": {"name": "T", "time_zone": "Europe/Bristol"}})
    tree.write("c.yaml", {"id": "c", "type": "procedure", "title": "P", "covers": ["8.6.1"]})
    from auditkit.model.errors import InputErrors

    with pytest.raises(InputErrors, match=r"organization.yaml:\d+:\d+: unknown time zone 'Europe/Bristol'"):
        tree.check("evidence_exists")
