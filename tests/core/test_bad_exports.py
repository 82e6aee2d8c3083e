"""Broken record exports: `validate` lists every problem, located file:line:column and naming the column, and
exits 2; `assess` does not count an unreadable export as evidence of anything."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SLICE = ROOT / "evidence" / "records" / "incidents" / "incident_event_log_2026.csv"
EXPORT = "evidence/records/incidents.csv"


def _errors(result) -> list[str]:
    assert "Traceback" not in result.output
    return [line for line in result.stderr.splitlines() if ": error: " in line]


def _write(mini: Path, content: bytes) -> None:
    (mini / EXPORT).write_bytes(content)


GOOD = b"number,opened_at,made_sla\nINC1,01-02-2026 10:00,TRUE\nINC1,01-02-2026 10:00,FALSE\nINC2,05-02-2026 09:30,TRUE\n"


def test_every_unreadable_value_is_listed_with_line_column_and_column_name(mini, cli):
    _write(mini, GOOD + b"INC3,31/02/2026,TRUE\nINC4,10-02-2026 12:00,perhaps\nINC5,\"10-02-2026 12:00\",TRUE,extra\n"
                  b"INC6,11-02-2026 12:00\n")
    result = cli("validate")
    assert result.exit_code == 2
    errors = _errors(result)
    assert f"{EXPORT}:5:6: error: cannot read '31/02/2026' in column 2 'opened_at' as a date (%d-%m-%Y %H:%M)" in errors[0]
    assert errors[1].startswith(f"{EXPORT}:6:23: error: cannot read 'perhaps' in column 3 'made_sla' as yes/no")
    assert errors[2].startswith(f"{EXPORT}:7:1: error: row has 4 values and the header 3: more than the header names")
    assert errors[3].startswith(f"{EXPORT}:8:1: error: row has 2 values and the header 3: fewer")
    assert len(errors) == 4


def test_problems_are_capped_per_export_with_a_count_of_the_rest(mini, cli):
    _write(mini, GOOD + b"".join(b"INC%d,01-02-2026 10:00,maybe\n" % n for n in range(30)))
    errors = _errors(cli("validate"))
    assert len(errors) == 21
    assert errors[-1] == f"{EXPORT}:25:24: error: 10 more problems in this export from here on (the first 20 are listed)"


def test_a_latin1_byte_is_reported_at_its_true_byte_offset(mini, cli):
    body = GOOD + b"".join(b"INC%d,01-02-2026 10:00,TRUE\n" % n for n in range(20_000))
    offset = len(body) + len(b"INC9,01-02-2026 10:00,TRUE\nCaf")
    _write(mini, body + b"INC9,01-02-2026 10:00,TRUE\nCaf\xe9,01-02-2026 10:00,TRUE\n")
    (line,) = _errors(cli("validate"))
    assert line.startswith(f"{EXPORT}:20006:4: error: in column 1 'number': byte 0xe9 at byte offset {offset:,} "
                           "cannot be read as utf-8")
    assert offset > 500_000  # far beyond the decoder's chunk, whose position the old message gave
    yaml = mini / "evidence/records/incidents.yaml"
    yaml.write_text(yaml.read_text() + "  encoding: latin-1\n")
    assert cli("validate").exit_code == 0


def test_an_assessment_locates_a_bad_byte_too(mini, cli):
    _write(mini, GOOD + b"".join(b"INC%d,01-02-2026 10:00,TRUE\n" % n for n in range(20_000)) + b"Caf\xe9,x,TRUE\n")
    data = json.loads(cli("assess", "--as-of", "2026-03-01", "--format", "json").stdout)
    check = next(r for r in data["results"] if r["requirement"] == "8.6.1-01")["checks"][0]
    assert check["outcome"] == "cannot-evaluate" and "byte 0xe9 at byte offset" in check["message"]
    assert check["evidence"][0]["line"] == 20005 and check["evidence"][0]["column"] == 4


@pytest.mark.parametrize("cut, words", [(3, "'16-09-2026 20:0' in column 36 'closed_at'"),
                                        (7, "'16-09-2026' in column 36 'closed_at'"),
                                        (40, "row has 34 values and the header 36")])
def test_a_truncated_real_export_is_an_error(mini, cli, tmp_path, cut, words):
    """The real slice with its last bytes cut off (the last column is a date): one error, on the last line. Without
    only its final line break, the last row is whole: that file is valid."""
    shutil.copyfile(SLICE, mini / EXPORT)
    yaml = mini / "evidence/records/incidents.yaml"
    yaml.write_text(yaml.read_text().replace("columns: {id: number, opened: opened_at, met_sla: made_sla}",
                                             "columns: {id: number, opened: opened_at, met_sla: made_sla, closed: closed_at}"))
    assert cli("validate").exit_code == 0
    data = SLICE.read_bytes()
    assert data.endswith(b"20:00\r\n")
    _write(mini, data[:-2])
    assert cli("validate").exit_code == 0
    _write(mini, data[:-cut])
    result = cli("validate")
    assert result.exit_code == 2
    (error,) = _errors(result)
    assert error.startswith(f"{EXPORT}:5999:")
    assert words in error and "the file ends in this row without a line break: is it cut off?" in error


def test_a_file_cut_inside_a_quoted_value(mini, cli):
    _write(mini, GOOD + b'INC3,"01-02-2026 10:00,TRUE\n')
    (error,) = _errors(cli("validate"))
    assert error.startswith(f"{EXPORT}:5:6: error: the file ends inside a quoted value that starts here")


def test_one_bad_export_does_not_hide_another_files_errors(mini, cli):
    _write(mini, GOOD + b"INC3,31/02/2026,TRUE\n")
    (mini / "evidence" / "zz-broken.yaml").write_text("id: broken\ntype: [unclosed\n")
    errors = _errors(cli("validate"))
    assert any(e.startswith(f"{EXPORT}:5:6:") for e in errors)
    assert any("zz-broken.yaml" in e for e in errors)


def test_an_unreadable_export_is_not_evidence_that_incidents_are_recorded(mini, cli):
    """The records check over an unreadable export cannot be evaluated, and says where the export breaks."""
    _write(mini, GOOD + b"INC3,01-02-2026 10:00\n")
    data = json.loads(cli("assess", "--as-of", "2026-03-01", "--format", "json").stdout)
    result = next(r for r in data["results"] if r["requirement"] == "8.6.1-01")
    assert result["status"] != "conformant"
    outcomes = {c["rule"]: c for c in result["checks"]}
    assert outcomes["records_in_period"]["outcome"] == "cannot-evaluate"
    assert "row has 2 values and the header 3" in outcomes["records_in_period"]["message"]
