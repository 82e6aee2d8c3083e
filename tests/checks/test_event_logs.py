"""Event logs: records made from events ordered by their values, so any row order of a file gives the same records.

The real ServiceNow slice the example ships (evidence/records/incidents/, UCI dataset 498, CC BY 4.0) is read
as written, shuffled and reversed, and compared with a computation by the csv module alone.
"""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditkit.inputs.records import RecordSpec, RecordValueError

ROOT = Path(__file__).resolve().parents[2]
SLICE = ROOT / "evidence" / "records" / "incidents" / "incident_event_log_2026.csv"

# -- generated event logs ---------------------------------------------------------------------------------------

COLUMNS = {"id": "ref", "seq": "seq", "opened": "opened", "met_sla": "met", "status": "state", "reopen_count": "reopens"}
REDUCE = {"opened": "first", "reopen_count": "max", "seq": "count"}


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="") as fh:
        csv.writer(fh).writerows([list(COLUMNS.values()), *rows])
    return path


def _spec(path: Path, **options) -> RecordSpec:
    settings_ = dict(key="id", order_by=("seq",), reduce=REDUCE, types={"seq": "number"}, missing=frozenset({"?"}))
    settings_.update(options)
    return RecordSpec(path=path, shown=path.name, format="csv", columns=COLUMNS, date_format="%Y-%m-%d %H:%M",
                      **settings_)


def _reference(rows: list[list[str]]) -> list[dict]:
    """The records of an event log, worked out by hand from the rows (no auditkit code): events of a key sorted
    by seq, opened from the first, met and status from the last, reopens as the max, seq as the event count."""
    events = defaultdict(list)
    alone = []
    for row in rows:
        (events[row[0]] if row[0] != "?" else alone).append(row)
    out = []
    for group in [sorted(e, key=lambda r: int(r[1])) for e in events.values()] + [[r] for r in alone]:
        last = group[-1]
        reopens = [int(r[5]) for r in group if r[5] != "?"]
        out.append({"id": None if last[0] == "?" else last[0], "seq": len(group),
                    "opened": datetime.strptime(group[0][2], "%Y-%m-%d %H:%M"),
                    "met_sla": {"TRUE": True, "true": True, "False": False, "FALSE": False}.get(last[3]),
                    "status": None if last[4] == "?" else last[4], "reopen_count": max(reopens) if reopens else None})
    return out


def _by_rows(spec: RecordSpec) -> list[dict]:
    return [record for _line, record in spec.records()]


def _by_batches(spec: RecordSpec, rows: int = 4096) -> list[dict]:
    out = []
    for batch in spec.batches(rows):
        out.extend(dict(zip(batch.columns, values)) for values in zip(*batch.columns.values()))
    return out


def _canonical(records: list[dict]) -> list:
    return sorted((sorted(r.items(), key=str) for r in records), key=str)


@st.composite
def event_logs(draw) -> list[list[str]]:
    """Rows of an event log: a few keys, each with events numbered 0..n-1 in any order, some rows without a key."""
    rows = []
    for key in draw(st.lists(st.sampled_from("ABCDEFG"), unique=True, max_size=6)):
        for seq in draw(st.permutations(range(draw(st.integers(1, 5))))):
            rows.append([key, str(seq), f"2026-05-{draw(st.integers(1, 28)):02d} 10:{seq:02d}",
                         draw(st.sampled_from(["TRUE", "true", "FALSE", "False", "?"])),
                         draw(st.sampled_from(["New", "Resolved", "Closed", "?"])),
                         draw(st.sampled_from(["0", "1", "2", "?"]))])
    rows += draw(st.lists(st.just(["?", "0", "2026-05-02 09:00", "TRUE", "New", "0"]), max_size=2))
    return rows


@settings(max_examples=200, deadline=None)
@given(event_logs(), st.randoms(use_true_random=False), st.sampled_from([1, 3, 4096]))
def test_any_row_order_gives_the_same_records(tmp_path_factory, rows, rng, batch_rows):
    """The records of an event log are those worked out by hand, whatever the order of its rows, read row by row
    or column-wise (in batches of any size)."""
    shuffled = list(rows)
    rng.shuffle(shuffled)
    folder = tmp_path_factory.mktemp("log")
    expected = _canonical(_reference(rows))
    for variant, written in (("as-made", rows), ("shuffled", shuffled), ("reversed", rows[::-1])):
        spec = _spec(_write(folder / f"{variant}.csv", written), true_values=frozenset({"TRUE"}),
                     false_values=frozenset({"FALSE"}))
        assert _canonical(_by_rows(spec)) == expected, variant
        assert _canonical(_by_batches(spec, batch_rows)) == expected, variant


def test_events_of_one_key_in_the_same_order_are_an_error_unless_declared(tmp_path):
    rows = [["A", "1", "2026-05-01 10:00", "TRUE", "New", "0"], ["B", "1", "2026-05-01 11:00", "TRUE", "New", "0"],
            ["A", "1", "2026-05-01 12:00", "FALSE", "Closed", "0"]]
    spec = _spec(_write(tmp_path / "log.csv", rows))
    for read in (_by_rows, _by_batches):
        with pytest.raises(RecordValueError) as caught:
            read(spec)
        assert str(caught.value).startswith("log.csv:4: events on lines 2 and 4 of key 'A' (id, column 1 'ref') have "
                                            "the same seq (column 2 'seq'): their order is not known")
    declared = _spec(tmp_path / "log.csv", ties="file-order")
    assert {r["id"]: r["status"] for r in _by_rows(declared)} == {"A": "Closed", "B": "New"}
    assert _canonical(_by_batches(declared)) == _canonical(_by_rows(declared))


def test_an_event_without_its_order_value_is_located(tmp_path):
    rows = [["A", "0", "2026-05-01 10:00", "TRUE", "New", "0"], ["A", "?", "2026-05-01 12:00", "FALSE", "Closed", "0"]]
    spec = _spec(_write(tmp_path / "log.csv", rows))
    for read in (_by_rows, _by_batches):
        with pytest.raises(RecordValueError, match=r"^log.csv:3: event of key 'A' .* has no seq \(column 2 'seq'\)"):
            read(spec)


def test_reductions_any_and_min(tmp_path):
    rows = [["A", "0", "2026-05-03 10:00", "FALSE", "New", "2"], ["A", "1", "2026-05-01 12:00", "TRUE", "Closed", "?"],
            ["A", "2", "2026-05-02 12:00", "FALSE", "Closed", "1"]]
    spec = _spec(_write(tmp_path / "log.csv", rows), reduce={"met_sla": "any", "reopen_count": "min", "opened": "min"})
    (record,) = _by_rows(spec)
    assert record["met_sla"] is True and record["reopen_count"] == 1 and record["opened"] == datetime(2026, 5, 1, 12)
    assert _by_batches(spec) == [record]


# -- the real slice ---------------------------------------------------------------------------------------------

SLICE_COLUMNS = {"id": "number", "mod_count": "sys_mod_count", "updated_at": "sys_updated_at",
                 "opened": "opened_at", "met_sla": "made_sla", "status": "incident_state", "reopen_count": "reopen_count",
                 "priority": "priority"}


def _slice_spec(path: Path, order_by=("mod_count", "updated_at")) -> RecordSpec:
    return RecordSpec(path=path, shown=path.name, format="csv", columns=SLICE_COLUMNS, key="id", order_by=order_by,
                      reduce={"opened": "first", "reopen_count": "max"}, types={"mod_count": "number"},
                      date_format="%d-%m-%Y %H:%M", true_values=frozenset({"TRUE"}), false_values=frozenset({"FALSE"}),
                      missing=frozenset({"?"}), unit="incidents")


def _slice_by_csv(path: Path) -> dict:
    """The final state of each incident by the csv module alone: its events sorted by (sys_mod_count,
    sys_updated_at); state and made_sla of the last, reopen_count the largest."""
    events = defaultdict(list)
    with path.open(newline="") as fh:
        for row in csv.DictReader(fh):
            events[row["number"]].append(row)
    final = {}
    for number, rows in events.items():
        rows.sort(key=lambda r: (int(r["sys_mod_count"]), datetime.strptime(r["sys_updated_at"], "%d-%m-%Y %H:%M")))
        final[number] = (rows[-1]["incident_state"], rows[-1]["made_sla"] == "TRUE",
                         max(int(r["reopen_count"]) for r in rows), rows[0]["opened_at"])
    return final


def _slice_records(spec: RecordSpec) -> dict:
    return {r["id"]: (r["status"], r["met_sla"], r["reopen_count"], r["opened"].strftime("%d-%m-%Y %H:%M"))
            for _line, r in spec.records()}


def test_the_real_slice_gives_the_same_incidents_in_any_row_order(tmp_path):
    with SLICE.open(newline="") as fh:
        header, *rows = list(csv.reader(fh))
    assert len(rows) == 5998
    expected = _slice_by_csv(SLICE)
    assert len(expected) == 890
    shuffled = list(rows)
    random.Random(16).shuffle(shuffled)
    for name, written in (("as-written", rows), ("shuffled", shuffled), ("reversed", rows[::-1])):
        path = tmp_path / f"{name}.csv"
        with path.open("w", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows([header, *written])
        spec = _slice_spec(path)
        assert _slice_records(spec) == expected, name
        (batch,) = list(spec.batches())
        assert (batch.size, batch.row_count) == (890, 5998)
        met = sum(1 for value in batch.column("met_sla") if value)
        assert met == sum(1 for state in expected.values() if state[1]), name


def test_the_real_slice_has_events_its_mod_count_alone_cannot_order():
    """Five incidents of the slice have two updates with the same sys_mod_count. For four of them the tie is
    between earlier updates, which decides nothing (INC0000130 at lines 330 and 332); INC0000135's two last
    updates tie (lines 351 and 358), so its final state is not known: ordering by the count alone is refused,
    naming them."""
    with pytest.raises(RecordValueError) as caught:
        list(_slice_spec(SLICE, order_by=("mod_count",)).batches())
    assert str(caught.value).startswith("incident_event_log_2026.csv:358: events on lines 351 and 358 of key "
                                        "'INC0000135' (id, column 1 'number') have the same mod_count")


def test_a_tie_between_earlier_events_decides_nothing(tmp_path):
    """Only the last event (and the first, when a field takes ``first``) decides a value: a tie before it is no
    error, and the records are the same in any row order."""
    rows = [["A", "0", "2026-05-01 10:00", "TRUE", "New", "0"], ["A", "1", "2026-05-01 11:00", "TRUE", "Active", "1"],
            ["A", "1", "2026-05-01 12:00", "FALSE", "Active", "2"], ["A", "2", "2026-05-01 13:00", "FALSE", "Closed", "0"]]
    for order in (rows, rows[::-1]):
        spec = _spec(_write(tmp_path / "log.csv", order))
        assert _by_rows(spec) == _by_batches(spec) == [{"id": "A", "seq": 4, "opened": datetime(2026, 5, 1, 10),
                                                         "met_sla": False, "status": "Closed", "reopen_count": 2}]
    first_tied = [["A", "0", "2026-05-01 10:00", "TRUE", "New", "0"], ["A", "0", "2026-05-01 11:00", "TRUE", "New", "0"],
                  ["A", "1", "2026-05-01 12:00", "FALSE", "Closed", "0"]]
    with pytest.raises(RecordValueError, match="events on lines 2 and 3 of key 'A'"):
        _by_rows(_spec(_write(tmp_path / "log.csv", first_tied)))  # opened is reduced by first: the tie decides it


def test_assessment_messages_name_the_unit(cli, monkeypatch):
    """The example's incident checks say what they counted: incidents, by key, from how many rows."""
    import json

    monkeypatch.chdir(ROOT)
    data = json.loads(cli("assess", "--as-of", "2026-11-05", "--format", "json").stdout)
    messages = [c["message"] for r in data["results"] if r["requirement"].startswith("8.6.1-") for c in r["checks"]]
    assert any("890 incidents (key `number`) from 5,998 rows" in m for m in messages), messages
