"""Record-set presets: a ticket tool's standard export read from ``preset: NAME`` and the few formats the user
declares; the user's own declarations win.

The ServiceNow preset is tried as a user would: on the real ServiceNow audit log in ../shared/data (UCI dataset
498, CC BY 4.0), with a minimal record-set declaration, as written and with its rows shuffled, and its SLA share
compared with a computation by the csv module alone.
"""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from auditkit.cli import main
from auditkit.inputs.evidence import load_evidence
from auditkit.inputs.presets import preset_names
from auditkit.model.errors import EvidenceError

ROOT = Path(__file__).resolve().parents[2]
SLICE = ROOT / "evidence" / "records" / "incidents" / "incident_event_log_2026.csv"  # the real slice, in every clone
PROFILE = {"organization": {"name": "T"}, "scope": "s", "services": [{"id": "svc-a", "name": "A"}]}


def _project(tmp_path: Path, records: dict, export: Path | None = None, text: str | None = None) -> Path:
    evidence = tmp_path / "evidence"
    (evidence / "records").mkdir(parents=True)
    (evidence / "organization.yaml").write_text(yaml.safe_dump(PROFILE))
    target = evidence / "records" / records["path"]
    if export is not None:
        target.write_bytes(export.read_bytes())
    else:
        target.write_text(text or "", encoding="utf-8")
    descriptor = {"id": "tickets", "type": "record-set", "title": "Tickets", "covers": ["8.6.1"], "records": records}
    (evidence / "records" / "tickets.yaml").write_text(yaml.safe_dump(descriptor, sort_keys=False))
    return evidence


def _spec(evidence: Path):
    (item,) = [i for i in load_evidence(evidence).items if i.id == "tickets"]
    return item.records


def _minimal(path: str = "log.csv") -> dict:
    """What a user of the shared slice writes: the preset, and the two formats this copy of the data uses."""
    return {"path": path, "preset": "servicenow-incident", "date_format": "%d-%m-%Y %H:%M", "missing": ["?"]}


def _independent_sla_share(path: Path) -> tuple[int, int]:
    """(incidents whose last update says made_sla TRUE, incidents), by the csv module: the events of an incident
    ordered by sys_mod_count then sys_updated_at (dd-mm-yyyy HH:MM), the last one counts."""
    events = defaultdict(list)
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            day, clock = row["sys_updated_at"].split(" ")
            d, m, y = day.split("-")
            events[row["number"]].append((int(row["sys_mod_count"]), f"{y}{m}{d}{clock}", row["made_sla"]))
    met = sum(1 for rows in events.values() if max(rows)[2].lower() == "true")
    return met, len(events)


def test_servicenow_preset_reads_the_real_audit_log_with_a_minimal_declaration(tmp_path):
    spec = _spec(_project(tmp_path, _minimal(), SLICE))
    assert spec.key == "id" and spec.columns["id"] == "number"
    assert spec.order_by == ("mod_count", "updated_at")
    assert spec.columns["updated_at"] == "sys_updated_at"  # the preset's second name for it: this export's
    assert spec.columns["problem"] == "problem_id" and spec.columns["change"] == "rfc" and spec.columns["ci"] == "cmdb_ci"
    assert spec.unit == "incidents"
    records = [record for _line, record in spec.records()]
    met, total = _independent_sla_share(SLICE)
    assert len(records) == total == 890
    assert sum(1 for r in records if r["met_sla"] is True) == met


def test_servicenow_preset_gives_the_same_records_for_shuffled_rows(tmp_path):
    lines = SLICE.read_text(encoding="utf-8").splitlines(keepends=True)
    body = lines[1:]
    random.Random(16).shuffle(body)
    shuffled = tmp_path / "shuffled.csv"
    shuffled.write_text(lines[0] + "".join(body), encoding="utf-8")
    first = _spec(_project(tmp_path / "a", _minimal(), SLICE))
    second = _spec(_project(tmp_path / "b", _minimal(), shuffled))

    def canonical(spec):
        return sorted((sorted(map(str, r.items())) for _l, r in spec.records()))

    assert canonical(first) == canonical(second)


def test_the_users_declarations_win_over_the_preset(tmp_path):
    records = _minimal() | {"columns": {"priority": "urgency"}, "unit": "tickets", "reduce": {"reopen_count": "last"}}
    spec = _spec(_project(tmp_path, records, SLICE))
    assert spec.columns["priority"] == "urgency" and spec.columns["opened"] == "opened_at"
    assert spec.unit == "tickets"
    assert spec.reduce == {"opened": "first", "reopen_count": "last"}


def test_a_list_export_without_the_order_columns_is_a_located_error_saying_what_to_declare(tmp_path):
    text = "number,opened_at,made_sla,priority\nINC1,2026-03-01 10:00:00,true,1 - Critical\n"
    evidence = _project(tmp_path, {"path": "list.csv", "preset": "servicenow-incident"}, text=text)
    with pytest.raises(EvidenceError) as caught:
        load_evidence(evidence)
    (problem,) = caught.value.problems
    written = (evidence / "records" / "tickets.yaml").read_text().splitlines()
    assert written[problem.location.line - 1].strip().startswith("preset:")
    assert "sys_mod_count" in problem.message and "order_by" in problem.message
    records = {"path": "list.csv", "preset": "servicenow-incident", "order_by": "file-order"}
    spec = _spec(_project(tmp_path / "ok", records, text=text))
    ((_line, record),) = list(spec.records())
    assert record["met_sla"] is True and record["opened"].hour == 10


def test_an_unknown_preset_is_refused_by_validate_with_its_line(tmp_path, monkeypatch):
    _project(tmp_path, {"path": "x.csv", "preset": "remedy"}, text="a\n1\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 2
    assert "tickets.yaml:" in result.output and "preset" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("name, text, expected", [
    ("jira-service-management",
     "Summary,Issue key,Issue id,Issue Type,Status,Priority,Resolution,Created,Updated,Resolved\n"
     "VPN down,ITSM-7,10007,Incident,Done,High,Done,12/Mar/26 9:05 AM,12/Mar/26 4:40 PM,12/Mar/26 4:30 PM\n",
     {"id": "ITSM-7", "priority": "High", "opened": "2026-03-12 09:05:00", "resolved": "2026-03-12 16:30:00"}),
    ("glpi",
     "ID;Title;Status;Opening date;Resolution date;Priority;Time to resolve exceeded\n"
     "42;Printer jam;Solved;2026-03-02 08:15;2026-03-02 11:00;Medium;No\n",
     {"id": "42", "status": "Solved", "opened": "2026-03-02 08:15:00", "breached_resolution": "False"}),
    ("otrs",
     "Ticket Number,Age,Created,Closed,State,Priority,Queue,SolutionInMin,SolutionDiffInMin\n"
     "2026030110000012,2 d,2026-03-01 09:00:00,2026-03-01 12:30:00,closed successful,3 normal,Raw,210,30\n",
     {"id": "2026030110000012", "closed": "2026-03-01 12:30:00", "resolution_minutes": "210",
      "resolution_remaining": "30"}),
    ("znuny",
     "Ticket Number,Created,Closed,State\n2026030110000013,2026-03-01 09:00:00,,open\n",
     {"id": "2026030110000013", "closed": "None", "status": "open"}),
    ("servicenow-change",
     "number,state,type,risk,opened_at,start_date,end_date,closed_at,sys_mod_count,sys_updated_on\n"
     "CHG0030001,Closed,Normal,Moderate,2026-03-01 09:00:00,2026-03-05 22:00:00,2026-03-05 23:00:00,"
     "2026-03-06 08:00:00,4,2026-03-06 08:00:00\n",
     {"id": "CHG0030001", "type": "Normal", "start": "2026-03-05 22:00:00", "closed": "2026-03-06 08:00:00"}),
])
def test_each_preset_reads_its_tools_standard_export(tmp_path, name, text, expected):
    spec = _spec(_project(tmp_path, {"path": "export.csv", "preset": name}, text=text))
    ((_line, record),) = list(spec.records())
    assert {field: str(record[field]) for field in expected} == expected


def test_every_preset_name_is_in_the_schema_and_the_docs():
    schema = (ROOT / "auditkit" / "inputs" / "schemas" / "evidence.schema.json").read_text()
    formats = (ROOT / "docs" / "formats.md").read_text()
    for name in preset_names():
        assert f'"{name}"' in schema
        assert f"`{name}`" in formats
