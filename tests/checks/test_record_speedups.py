"""The shortcuts of the record scan give what the plain way gives: dates as strptime reads them, and the same
check results whether exports are read here or in worker processes."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from auditkit.inputs.records import _quick_date_parser

FORMATS = ["%d-%m-%Y %H:%M", "%Y-%m-%d", "%d/%m/%Y %H:%M:%S", "%H:%M %d.%m.%Y", "%Y%m%dT%H%M%S", "%m/%d/%Y",
           "%Y-%m-%d %H", "%d-%m-%Y %H:%M:%S.000", "%H %d-%m-%Y %M", "%Y %H:%M %m-%d"]
SAMPLES = ["13-05-2026 06:13", "31-02-2026 10:00", "2026-05-13", "13/05/2026 23:59:59", "06:13 13.05.2026",
           "20260513T061300", "05/13/2026", "2026-05-13 24", "00-00-0000 00:00", "1-05-2026 06:13",
           "06 13-05-2026 13", "2026 06:13 05-13"]


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
    for fmt, write in (("%d-%m-%Y %H:%M", "{d:02d}-01-2026 {h:02d}:{m:02d}"), ("%H %d-%m-%Y %M", "{h:02d} {d:02d}-01-2026 {m:02d}"),
                       ("%Y %H:%M %m-%d", "2026 {h:02d}:{m:02d} 01-{d:02d}")):
        quick = _quick_date_parser(fmt)
        for day in range(1, 32):
            for minute in range(0, 24 * 60, 7):
                text = write.format(d=day, h=minute // 60, m=minute % 60)
                assert quick(text) == datetime.strptime(text, fmt), (fmt, text)


def _assess_json(cli, monkeypatch, workers: str, *args: str) -> dict:
    """``auditkit assess --format json`` with AUDITKIT_WORKERS=workers and every export big enough for a worker;
    also says whether a worker pool was started."""
    import json

    from auditkit.speed import early_scan
    from auditkit.speed import workers as worker_pool

    monkeypatch.setattr(early_scan, "EARLY_BYTES", 0)
    monkeypatch.setenv("AUDITKIT_WORKERS", workers)
    pools = []
    real_pool = worker_pool.pool
    monkeypatch.setattr(worker_pool, "pool", lambda: pools.append(real_pool()) or pools[-1])
    result = cli("assess", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    return {"results": data["results"], "summary": data["summary"], "pooled": any(pools)}


def test_exports_read_by_workers_while_loading_give_the_same_assessment(mini, cli, monkeypatch):
    """Record exports read in worker processes during loading (auditkit.speed.early_scan.EarlyRecordScan) give the results
    of reading them in-process; an unreadable value found by a worker comes back located."""
    broken = mini / "evidence" / "records"
    (broken / "more.csv").write_text("number,opened_at,made_sla\nINC9,01-02-2026 10:00,TRUE\nINC10,31/02/2026,TRUE\n")
    (broken / "more.yaml").write_text((broken / "incidents.yaml").read_text()
                                      .replace("id: incidents", "id: more-incidents").replace("incidents.csv", "more.csv"))
    alone = _assess_json(cli, monkeypatch, "1", "--as-of", "2026-03-01")
    pooled = _assess_json(cli, monkeypatch, "2", "--as-of", "2026-03-01")
    assert not alone.pop("pooled") and pooled.pop("pooled")
    assert pooled == alone
    check = next(r for r in pooled["results"] if r["requirement"] == "8.6.1-01")["checks"][0]
    assert check["outcome"] == "cannot-evaluate" and "cannot read '31/02/2026'" in check["message"]
    assert check["evidence"][0]["file"].endswith("more.csv") and check["evidence"][0]["line"] == 3


@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_the_example_assesses_alike_with_and_without_workers(cli, monkeypatch, start):
    """The bundled example (a keyed event log, many checks over it) gives the same assessment either way, with
    workers forked (Linux, no other thread) or spawned (another thread running, or another system)."""
    import threading

    if start == "spawn":
        monkeypatch.setattr(threading, "active_count", lambda: 2)
    monkeypatch.chdir(Path(__file__).resolve().parents[2])
    alone = _assess_json(cli, monkeypatch, "1", "--as-of", "2026-11-05")
    pooled = _assess_json(cli, monkeypatch, "2", "--as-of", "2026-11-05")
    assert not alone.pop("pooled") and pooled.pop("pooled")
    assert pooled == alone


def test_an_export_read_by_a_worker_is_not_read_again_for_the_sla_attainment(cli, monkeypatch):
    """The SLA attainment check reads the agreements' targets too: its export waits for the whole evidence, then a
    worker reads it once with every check's count; this process reads no export of the example again."""
    from auditkit.inputs.records import RecordSpec
    from auditkit.speed import early_scan

    monkeypatch.chdir(Path(__file__).resolve().parents[2])
    read_here = []  # a forked worker appends to its own copy
    real_batches = RecordSpec.batches
    monkeypatch.setattr(RecordSpec, "batches", lambda spec, *a, **k: read_here.append(spec.shown) or real_batches(spec, *a, **k))
    monkeypatch.setattr(early_scan.EarlyRecordScan, "share", lambda self: None)  # this process reads nothing ahead
    pooled = _assess_json(cli, monkeypatch, "2", "--as-of", "2026-11-05")
    assert pooled.pop("pooled")
    assert read_here == []  # every export of the example was read by a worker, the SLA's agreements' one too
    sla = [r for r in pooled["results"] if any(c.get("rule") == "sla_attainment" for c in r["checks"])]
    assert sla and all(c["outcome"] != "cannot-evaluate" for r in sla for c in r["checks"] if c.get("rule") == "sla_attainment")


def _slow_scan(spec, counts):
    """A worker's reading that takes far longer than any test (module level: a forked worker finds it by name)."""
    import time

    from auditkit.engine.checks.records import scan

    time.sleep(30)
    return scan(spec, counts)


def test_broken_evidence_stops_the_workers_and_reports_every_problem(mini, cli, monkeypatch):
    """Exports started during loading are abandoned when the inputs do not load: the workers are killed mid-export,
    not waited for, and every problem is reported."""
    import multiprocessing
    import threading
    import time

    from auditkit.speed import early_scan

    monkeypatch.setattr(early_scan, "EARLY_BYTES", 0)
    monkeypatch.setattr(early_scan, "scan", _slow_scan)
    monkeypatch.setattr(threading, "active_count", lambda: 1)  # forked workers, which know this module
    monkeypatch.setenv("AUDITKIT_WORKERS", "2")
    (mini / "evidence" / "zz-broken.yaml").write_text("id: broken\ntype: [unclosed\n")
    result = cli("assess", "--as-of", "2026-03-01")
    assert result.exit_code == 2
    assert "zz-broken.yaml:3:1: error: invalid YAML" in result.output
    give_up = time.monotonic() + 10  # a liveness bound, far under the worker's 30 s, not a speed goal
    while multiprocessing.active_children() and time.monotonic() < give_up:
        time.sleep(0.05)
    assert not multiprocessing.active_children()


def test_selection_by_index_is_selection_item_by_item(monkeypatch):
    """select_items (through the index of covers) picks what selects() picks item by item, for every check of the
    bundled catalog over the bundled example: the early scan and the assessment agree on what a check reads."""
    from auditkit.engine.selection import select_items, selects
    from auditkit.engine.project import load_catalog
    from auditkit.inputs.evidence import load_evidence

    root = Path(__file__).resolve().parents[2]
    monkeypatch.chdir(root)
    catalog = load_catalog([root / "controls"])
    evidence = load_evidence(root / "evidence", known_targets=catalog.knows)
    compared = 0
    for requirement in catalog.requirements:
        for spec in requirement.checks:
            by_index = select_items(evidence, spec.select, requirement)
            assert by_index == [item for item in evidence.items if selects(spec.select, requirement, item)], requirement.id
            compared += bool(by_index)
    assert compared > 200


def _export(tmp_path: Path, rows: list[list[str]], **options):
    from auditkit.inputs.records import RecordSpec

    path = tmp_path / "export.csv"
    with path.open("w", newline="") as fh:
        csv.writer(fh).writerows([["ref", "opened", "met", "note"], *rows])
    columns = {"id": "ref", "opened": "opened", "met_sla": "met", "note": "note"}
    return RecordSpec(path=path, shown="export.csv", format="csv", columns=columns, **options)


def _as_rows(spec, batch_rows: int) -> tuple[list[dict], str | None]:
    """The records of ``spec.batches`` turned back into rows, and the first error (None if all were read)."""
    from auditkit.inputs.records import RecordValueError

    rows: list[dict] = []
    try:
        for batch in spec.batches(batch_rows):
            rows.extend(dict(zip(batch.columns, values)) for values in zip(*batch.columns.values()))
            assert all(len(values) == batch.size for values in batch.columns.values())
    except RecordValueError as exc:
        return rows, str(exc)
    return rows, None


def _by_rows(spec) -> tuple[list[dict], str | None]:
    from auditkit.inputs.records import RecordValueError

    rows: list[dict] = []
    try:
        rows.extend(record for _line, record in spec.records())
    except RecordValueError as exc:
        return rows, str(exc)
    return rows, None


_DATES = {None: ["2026-05-01T10:00", "2026-05-31 23:59:59", "2026-02-02", "2026-05-01T10:00+02:00"],
          "%d-%m-%Y %H:%M": ["01-05-2026 10:00", "31-05-2026 23:59", " 02-02-2026 08:00", "1-5-2026 10:00"],
          "%Y-%m-%d": ["2026-05-01", " 2026-02-02 ", "2026-5-1"]}
_UNREADABLE = ["31/05/2026", "29-02-2026 10:00", "2026-02-30", "maybe"]


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_batches_hold_the_records_row_by_row_reading_gives(tmp_path_factory, data):
    """The column-wise reading (``RecordSpec.batches``) gives the records, in order, and the first unreadable value
    with its line, that the row-by-row reading gives: blank and short rows, missing markers, keys, bad values."""
    date_format = data.draw(st.sampled_from(list(_DATES)))
    missing = data.draw(st.sampled_from([frozenset({"?", ""}), frozenset({"?"})]))
    row = st.tuples(st.sampled_from(["A", "B", "C", " B ", "?", ""]), st.sampled_from(_DATES[date_format] + ["?"]),
                    st.sampled_from(["TRUE", "FALSE", "true", "False", "?"]), st.text("ab ,\n\"", max_size=4)).map(list)
    rows = data.draw(st.lists(row | st.just([]) | row.map(lambda cells: cells[:2]), max_size=25))
    if rows and data.draw(st.integers(0, 3)) == 0:  # now and then, one value that cannot be read
        at, column = data.draw(st.integers(0, len(rows) - 1)), data.draw(st.sampled_from([1, 2]))
        rows[at] = (rows[at] + ["", "", "", ""])[:4]
        rows[at][column] = data.draw(st.sampled_from(_UNREADABLE))
    spec = _export(tmp_path_factory.mktemp("export"), rows, date_format=date_format, missing=missing,
                   key=data.draw(st.sampled_from([None, "id"])),
                   true_values=frozenset({"TRUE", "true"}), false_values=frozenset({"FALSE", "false"}))
    by_rows, row_error = _by_rows(spec)
    batched, batch_error = _as_rows(spec, data.draw(st.sampled_from([1, 3, 4096])))
    assert batch_error == row_error
    if row_error is None:
        assert batched == by_rows
    event("read" if row_error is None else "unreadable")


def test_exports_no_worker_took_are_read_here_and_a_failed_worker_is_read_again(monkeypatch):
    """With one worker busy, the exports queued behind it are read by this process when it has nothing else to
    do (``share``), largest first; the export the worker held, when the worker fails, is read here again. The
    assessment is the one a single process makes."""
    from concurrent.futures import Future

    from auditkit.speed import early_scan, workers
    from auditkit.engine.assess import assess
    from auditkit.inputs.config import load_config
    from auditkit.engine.project import load_inputs

    root = Path(__file__).resolve().parents[2]
    monkeypatch.chdir(root)
    as_of = datetime(2026, 11, 5).date()
    config = load_config(root)

    class StuckPool:
        """A pool whose one worker takes an export and never reports back until told to fail."""

        taken: list = []

        def submit(self, fn, spec, counts, native=None):
            self.taken.append((spec.shown, Future()))
            return self.taken[-1][1]

        def shutdown(self, wait=True, cancel_futures=False):
            pass

    read_here = []
    real_scan = early_scan.scan
    monkeypatch.setattr(early_scan, "scan", lambda spec, counts, native=None: read_here.append(spec.shown)
                        or real_scan(spec, counts, native))
    monkeypatch.setattr(early_scan, "EARLY_BYTES", 0)
    monkeypatch.setattr(workers, "count", lambda: 2)
    monkeypatch.setattr(workers, "pool", StuckPool)
    inputs = load_inputs(config, scanner=lambda catalog: early_scan.EarlyRecordScan(catalog, as_of))
    offered = {item.records.shown: item.records.path.stat().st_size for item in inputs.evidence.items if item.records}
    assert len(StuckPool.taken) == 1 and not read_here  # one worker, one export at a time, nothing read here yet
    held = StuckPool.taken[0][0]

    inputs.records.share()
    assert len(read_here) >= 3 and held not in read_here and len(set(read_here)) == len(read_here)
    assert [offered[name] for name in read_here] == sorted((offered[name] for name in read_here), reverse=True)

    StuckPool.taken[0][1].set_exception(RuntimeError("the worker died"))
    pooled = assess(inputs.catalog, inputs.evidence, inputs.judgments, as_of, config.scoring, started=inputs.records)
    assert read_here.count(held) == 1 and len(set(read_here)) == len(read_here)  # each export read once here

    monkeypatch.setattr(workers, "pool", lambda: None)  # one process: every export read at assessment time
    alone = load_inputs(config, scanner=lambda catalog: early_scan.EarlyRecordScan(catalog, as_of))
    single = assess(alone.catalog, alone.evidence, alone.judgments, as_of, config.scoring, started=alone.records)
    assert pooled.to_dict() == single.to_dict()


@pytest.mark.parametrize("later", [b"9,\xff\xfe\n", b'9,"' + b"x" * 200_000 + b'"\n'])
def test_a_bad_value_is_reported_before_a_later_problem_of_the_same_batch(tmp_path, later):
    """A batch reads its rows before converting them: an unreadable value on line 3 is still the problem reported
    when the file itself cannot be read further on (bad bytes, an oversized field), as row by row."""
    from auditkit.inputs.records import RecordSpec

    path = tmp_path / "export.csv"
    path.write_bytes(b"ref,opened\n1,2026-01-01\n2,not-a-date\n" + b"3,2026-01-02\n" * 3000 + later)
    spec = RecordSpec(path=path, shown="export.csv", format="csv", columns={"id": "ref", "opened": "opened"})
    by_rows, row_error = _by_rows(spec)
    batched, batch_error = _as_rows(spec, 4096)
    assert row_error is not None and "export.csv:3" in row_error and "not-a-date" in row_error
    assert batch_error == row_error


def test_an_event_log_in_file_order_keeps_the_last_row_of_each_key():
    """``order_by: file-order``: the last row of each key (records in key order), a row without a key on its own."""
    from auditkit.inputs.eventlog import FILE_ORDER, EventLog

    log = EventLog("id", (), FILE_ORDER)
    kept, columns = log.reduce_columns({"id": ["a", "b", "a", None, "c", None, "b"], "v": [1, 2, 3, 4, 5, 6, 7]}, 7)
    assert kept == [2, 6, 4, 3, 5] and columns == {"id": ["a", "b", "c", None, None], "v": [3, 7, 5, 4, 6]}
    assert log.reduce_columns({}, 0) == ([], {})
