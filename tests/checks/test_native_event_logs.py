"""The native reading of CSV event logs (auditkit/speed/native_records.py) gives exactly the records of the Python
reading, or declines and the Python reading reports the located error: random exports, the real slices, the switch.
"""

from __future__ import annotations

import csv
import os
import random
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditkit.inputs.records import RecordSpec, RecordValueError
from auditkit.speed import native_records
from auditkit.speed.native_records import WHITESPACE, NativeEventLogReader, native_reader

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import uci_figures as _uci_figures  # noqa: E402
SLICE = ROOT / "evidence" / "records" / "incidents" / "incident_event_log_2026.csv"
SHARED = _uci_figures.DATA  # the shared slice beside the project, as the closing figures find it
NATIVE = NativeEventLogReader(min_bytes=0)

COLUMNS = {"id": "number", "mod_count": "sys_mod_count", "updated_at": "sys_updated_at", "opened": "opened_at",
           "met_sla": "made_sla", "status": "incident_state", "reopen_count": "reopen_count", "priority": "priority",
           "resolved": "resolved_at"}
HEADER = ["number", "incident_state", "sys_mod_count", "made_sla", "opened_at", "sys_updated_at", "reopen_count",
          "priority", "resolved_at", "notes"]


def _spec(path: Path, **options) -> RecordSpec:
    settings_ = dict(key="id", order_by=("mod_count", "updated_at"), reduce={"opened": "first", "reopen_count": "max"},
                     types={"mod_count": "number"}, date_format="%d/%m/%Y %H:%M", true_values=frozenset({"true"}),
                     false_values=frozenset({"false"}), missing=frozenset({"?"}), columns=COLUMNS)
    settings_.update(options)
    return RecordSpec(path=path, shown=path.name, format="csv", **settings_)


def _read(spec: RecordSpec, native, rows: int = 4096, fields=None):
    """What a scan sees: the batches (size, rows, columns), or the located error."""
    try:
        return [(b.size, b.row_count, b.columns) for b in spec.batches(rows, fields, native=native)]
    except RecordValueError as exc:
        return str(exc)


def _typed(records):
    """Values with their types: True == 1 and 1 == 1.0 must not pass for the same record."""
    if isinstance(records, str):
        return records
    return [(size, rows, {name: [(type(v).__name__, v) for v in values] for name, values in columns.items()})
            for size, rows, columns in records]


def _now_and_then(draw) -> bool:
    """One export in four has a given fault: most exports are read natively, the others compared as errors."""
    return draw(st.integers(0, 3)) == 0


@st.composite
def exports(draw):
    """An event log's rows as a ServiceNow export writes them, with what real exports get wrong now and then."""
    rows = []
    keys = draw(st.lists(st.sampled_from([f"INC{n:04d}" for n in range(12)]), unique=True, min_size=1, max_size=8))
    for key in keys:
        count = draw(st.integers(1, 5))
        for seq in draw(st.permutations(range(count))):
            day, hour, minute = draw(st.integers(1, 28)), draw(st.integers(0, 23)), draw(st.integers(0, 59))
            rows.append([key, draw(st.sampled_from(["New", "Active", "Closed", "?", " Resolved"])),
                         str(seq if not draw(st.booleans()) or seq else draw(st.sampled_from(["0", "00", "+0"]))),
                         draw(st.sampled_from(["true", "false", "TRUE", "?"])),
                         f"{day}/3/2016 {hour}:{minute:02d}", f"{day}/3/2016 {hour}:{minute:02d}",
                         draw(st.sampled_from(["0", "1", "2", "?"])), draw(st.sampled_from(["1 - High", "3 - Low"])),
                         draw(st.sampled_from(["?", f"{day}/4/2016 9:05", "30/4/2016 12:00"])), "x"])
    if _now_and_then(draw):  # one bad value somewhere
        row = draw(st.sampled_from(rows))
        column = draw(st.sampled_from([3, 4, 5, 6, 8]))
        row[column] = draw(st.sampled_from(["maybe", "31/2/2016 9:00", "1/3/2016 9:5", "x", "", "1/3/2016"]))
    if _now_and_then(draw):  # a tie at some key's last update
        row = draw(st.sampled_from(rows))
        rows.append(list(row))
    if _now_and_then(draw):  # a quoted field, a text with a comma
        draw(st.sampled_from(rows))[9] = '"a, b"'
    if _now_and_then(draw):
        draw(st.sampled_from(rows))[1] = draw(st.sampled_from(["Résolu", "已解决", "Closed\u3000", "\u00a0New"]))
    if _now_and_then(draw):  # a short row
        del draw(st.sampled_from(rows))[-1]
    return rows


def _write(path: Path, rows, *, newline="\n", bom=False, encoding="utf-8", blank=False) -> None:
    lines = [",".join(HEADER)] + [",".join(row) for row in rows]
    if blank:
        lines.insert(2, "")
    text = newline.join(lines) + newline
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding, errors="replace"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(exports(), st.randoms(use_true_random=False), st.sampled_from(["\n", "\r\n"]), st.booleans(),
       st.sampled_from(["utf-8", "utf-8", "utf-8", "latin-1", "gb18030"]), st.sampled_from(["error", "file-order"]),
       st.booleans(),
       st.sampled_from([1, 3, 4096]), st.sampled_from([128, 300, 1 << 20]))
def test_the_native_reading_gives_the_python_readings_records_or_its_error(tmp_path, monkeypatch, rows, rng, newline,
                                                                           bom, encoding, ties, blank, batch, block):
    """Shuffled rows, quoted fields, missing and bad values, ties, CRLF, a byte order mark, blank lines, other
    declared encodings, blocks cut anywhere (inside a line end or a character): the same records (typed) or the
    same located error, native reader on and off."""
    monkeypatch.setattr(native_records, "BLOCK_BYTES", block)
    rng.shuffle(rows)
    path = tmp_path / "log.csv"
    _write(path, rows, newline=newline, bom=bom and encoding == "utf-8", encoding=encoding, blank=blank)
    spec = _spec(path, ties=ties, encoding=encoding)
    assert _typed(_read(spec, NATIVE, batch)) == _typed(_read(spec, None, batch))
    fields = {"met_sla", "priority"}
    assert _typed(_read(spec, NATIVE, batch, fields)) == _typed(_read(spec, None, batch, fields))


def _plain_rows(count: int = 40) -> list[list[str]]:
    rows = []
    for n in range(count):
        for seq in range(3):
            rows.append([f"INC{n:04d}", ["New", "Active", "Closed"][seq], str(seq), ["true", "false"][n % 2],
                         f"{n % 28 + 1}/3/2016 9:05", f"{n % 28 + 1}/3/2016 1{seq}:0{seq}", str(seq % 2),
                         "2 - High", "?" if seq < 2 else f"{n % 28 + 1}/4/2016 17:30", "x"])
    random.Random(16).shuffle(rows)
    return rows


def test_a_plain_export_is_read_natively_and_identically(tmp_path):
    path = tmp_path / "log.csv"
    _write(path, _plain_rows())
    spec = _spec(path)
    read = NATIVE.event_log(spec._native_plan(7))
    assert read is not None, "the native reader declined a plain export"
    size, records, batches = read
    assert (size, records) == (120, 40)
    assert _typed(_read(spec, NATIVE, 7)) == _typed(_read(spec, None, 7))
    first = next(iter(_read(spec, NATIVE, 7)))[2]
    assert first["id"][:2] == ["INC0000", "INC0001"] and first["status"][0] == "Closed"
    assert first["reopen_count"][0] == 1 and first["met_sla"][:2] == [True, False]


@pytest.mark.parametrize("change, reason", [
    (lambda rows: rows.append(list(rows[0])), "a tie at a key's last event"),
    (lambda rows: rows[5].__setitem__(3, "maybe"), "a yes/no value that cannot be read"),
    (lambda rows: rows[5].__setitem__(9, '"quoted"'), "a quote"),
    (lambda rows: rows[5].__setitem__(4, "1/3/2016  9:05"), "two spaces (strptime reads it, the split reader does not)"),
    (lambda rows: rows[5].pop(), "a short row"),
])
def test_what_the_native_reader_is_not_sure_of_is_declined(tmp_path, change, reason):
    rows = _plain_rows()
    change(rows)
    path = tmp_path / "log.csv"
    _write(path, rows)
    spec = _spec(path)
    assert NATIVE.event_log(spec._native_plan(4096)) is None, reason
    assert _typed(_read(spec, NATIVE)) == _typed(_read(spec, None)), reason


@pytest.mark.parametrize("block", [50, 333, 1 << 20])
@pytest.mark.parametrize("longest", [20, 120, 160])
def test_lines_near_the_csv_field_limit(tmp_path, monkeypatch, block, longest):
    """A line longer than the csv module's field limit is declined (its field may be over the limit: the Python
    reading reports that); lines within it are read, wherever the blocks cut them."""
    monkeypatch.setattr(native_records, "BLOCK_BYTES", block)
    rows = _plain_rows(10)
    rows[4][9] = "n" * longest
    path = tmp_path / "log.csv"
    _write(path, rows)
    limit = csv.field_size_limit(150)
    try:
        native = NATIVE.event_log(_spec(path)._native_plan(4096))
        if block > 200:  # (a line longer than a block is declined too)
            assert (native is None) == (len(",".join(rows[4])) > 150)
        assert _typed(_read(_spec(path), NATIVE)) == _typed(_read(_spec(path), None))
    finally:
        csv.field_size_limit(limit)


def test_an_error_is_located_by_the_python_reading_when_the_native_one_declines(tmp_path):
    rows = _plain_rows()
    rows[10][3] = "maybe"
    path = tmp_path / "log.csv"
    _write(path, rows)
    error = _read(_spec(path), NATIVE)
    assert isinstance(error, str) and error.startswith("log.csv:12: cannot read 'maybe' in column 4 'made_sla' as yes/no")


@pytest.mark.parametrize("path", [SLICE, SHARED], ids=["example-slice", "shared-slice"])
def test_the_real_slices_give_the_same_records_native_on_and_off(tmp_path, path):
    with path.open(newline="") as fh:
        header, *rows = list(csv.reader(fh))
    random.Random(498).shuffle(rows)
    shuffled = tmp_path / "shuffled.csv"
    with shuffled.open("w", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([header, *rows])
    columns = {"id": "number", "mod_count": "sys_mod_count", "updated_at": "sys_updated_at", "opened": "opened_at",
               "met_sla": "made_sla", "status": "incident_state", "reopen_count": "reopen_count",
               "priority": "priority", "resolved": "resolved_at", "closed": "closed_at", "problem": "problem_id"}
    for source in (path, shuffled):
        spec = _spec(source, columns=columns, date_format="%d-%m-%Y %H:%M", true_values=frozenset({"TRUE"}),
                     false_values=frozenset({"FALSE"}))
        assert NATIVE.event_log(spec._native_plan(4096)) is not None, source
        native, python = _read(spec, NATIVE), _read(spec, None)
        assert _typed(native) == _typed(python)
        assert native[0][:2] == (len(set(r[0] for r in rows)), len(rows))


def test_the_switch(monkeypatch):
    from auditkit.speed.early_scan import EarlyRecordScan

    catalog = SimpleNamespace(requirements=[])
    monkeypatch.delenv("AUDITKIT_NATIVE", raising=False)
    assert isinstance(native_reader(), NativeEventLogReader)
    monkeypatch.setenv("AUDITKIT_NATIVE", "0")
    assert native_reader() is None
    assert EarlyRecordScan(catalog, None, native=True).native is None  # the environment turns it off
    monkeypatch.delenv("AUDITKIT_NATIVE")
    assert isinstance(EarlyRecordScan(catalog, None).native, NativeEventLogReader)
    assert EarlyRecordScan(catalog, None, native=None).native is None
    assert EarlyRecordScan(catalog, None, native=False).native is None


def test_a_number_key(tmp_path):
    """Keys read as numbers: 7 and 007 are one key, and records come in the keys' numeric order."""
    rows = _plain_rows(12)
    for row in rows:
        row[0] = str(int(row[0][3:]) * 7 % 12).zfill(1 + int(row[2]))
    path = tmp_path / "log.csv"
    _write(path, rows)
    spec = _spec(path, types={"mod_count": "number", "id": "number"})
    assert NATIVE.event_log(spec._native_plan(4096)) is not None
    native = _read(spec, NATIVE, 5)
    assert _typed(native) == _typed(_read(spec, None, 5))
    assert native[0][2]["id"] == [0, 1, 2, 3, 4]


def test_small_exports_are_read_the_python_way(tmp_path):
    path = tmp_path / "log.csv"
    _write(path, _plain_rows())
    assert NativeEventLogReader().event_log(_spec(path)._native_plan(4096)) is None  # under MIN_BYTES


def test_whitespace_is_what_str_strip_strips():
    assert WHITESPACE == "".join(c for c in map(chr, range(0x110000)) if c.isspace())


def test_checking_the_example_does_not_import_arrow():
    """The example's 2 MB log is read the Python way: importing arrow and numpy would cost more than it saves, on the
    command a new user runs first."""
    probe = ("import sys\nfrom auditkit.cli import main\ntry:\n    main(['check', '--as-of', '2026-11-05', '--no-cache'])\n"
             "except SystemExit:\n    pass\nprint('imported:', sorted({'pyarrow', 'numpy'} & set(sys.modules)), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "AUDITKIT_WORKERS": "1"}, timeout=300)
    assert "imported: []" in done.stderr, done.stderr[-500:]
