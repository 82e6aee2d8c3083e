"""Audit sampling (issue 16 item 4): `auditkit sample` draws a reproducible sample and writes a worksheet (CSV and
XLSX); `auditkit judgments import` turns the filled worksheet into a sampling judgment, keeping judgments.yaml as
the user wrote it. The real ServiceNow slice (UCI dataset 498, CC BY 4.0) is the population."""

from __future__ import annotations

import csv
import hashlib
import io
import math
import random
from pathlib import Path

import pytest
import yaml

from auditkit.engine.sampling import sample_size
from auditkit.inputs.judgments import load_judgments

ROOT = Path(__file__).resolve().parents[2]
SLICE = ROOT / "evidence" / "records" / "incidents" / "incident_event_log_2026.csv"
JUDGMENTS = "# our judgments: keep this comment\njudgments:\n  - requirement: \"8.6.1-01\"  # by hand\n    result: conformant\n" \
            "    method: interview\n    auditor: Jo\n    date: 2026-11-01\n"


@pytest.fixture
def project(tmp_path, monkeypatch, export: Path = SLICE) -> Path:
    root = tmp_path / "p"
    (root / "evidence" / "records").mkdir(parents=True)
    (root / "evidence" / "organization.yaml").write_text(yaml.safe_dump(
        {"organization": {"name": "T"}, "scope": "s", "services": [{"id": "svc-a", "name": "A"}]}))
    (root / "evidence" / "records" / "log.csv").write_bytes(export.read_bytes())
    (root / "evidence" / "records" / "incidents.yaml").write_text(yaml.safe_dump({
        "id": "incidents", "type": "record-set", "title": "Incidents", "covers": ["8.6.1"],
        "records": {"path": "log.csv", "preset": "servicenow-incident", "date_format": "%d-%m-%Y %H:%M",
                    "missing": ["?"], "columns": {"updated_at": "sys_updated_at"}}}, sort_keys=False))
    (root / "judgments.yaml").write_text(JUDGMENTS)
    monkeypatch.chdir(root)
    return root


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(path.open(newline="", encoding="utf-8")))


def _table(rows):
    start = next(i for i, row in enumerate(rows) if row[:1] == ["no"])
    return rows[start], rows[start + 1:]


def test_the_sample_size_is_the_declared_formula_recomputed_by_hand():
    for confidence, rate in [(0.95, 0.05), (0.9, 0.1), (0.99, 0.01), (0.95, 0.02), (0.8, 0.03)]:
        by_hand = math.ceil(math.log(1 - confidence) / math.log(1 - rate))
        assert sample_size(confidence, rate, 10**6) == by_hand
        n = by_hand
        assert (1 - rate) ** n <= 1 - confidence < (1 - rate) ** (n - 1)
    assert sample_size(0.95, 0.05, 10**6) == 59
    assert sample_size(0.75, 0.5, 100) == 2  # ln(0.25)/ln(0.5) is 2 exactly: not 3
    assert sample_size(0.95, 0.05, 40) == 40  # never more than the population


def test_sample_writes_both_worksheets_with_the_seed_population_and_a_verdict_column(project, cli):
    result = cli("sample", "incidents", "--seed", "7", "--requirement", "8.6.1-02")
    assert result.exit_code == 0, result.output
    assert "Sampled 59 of 890 incidents of incidents (seed 7)" in result.output
    rows = _rows(project / "samples" / "incidents-seed7.csv")
    meta = {row[0]: row[1] for row in rows if len(row) > 1 and not row[0].isdigit()}
    assert meta["seed"] == "7" and meta["population"] == "890" and meta["size"] == "59"
    assert meta["export_sha256"] == hashlib.sha256(SLICE.read_bytes()).hexdigest()
    header, table = _table(rows)
    assert header[-2:] == ["verdict", "note"] and len(table) == 59
    assert all(row[-2] == "" for row in table)
    # the selection, recomputed with sha256 alone: the 59 incident numbers with the lowest hash of "7:number"
    numbers = {row["number"] for row in csv.DictReader(SLICE.open(encoding="utf-8"))}
    expected = sorted(numbers, key=lambda n: hashlib.sha256(f"7:{n}".encode()).hexdigest())[:59]
    assert [row[1] for row in table] == expected
    from openpyxl import load_workbook

    sheet = load_workbook(project / "samples" / "incidents-seed7.xlsx")["Sample"]
    cells = [[("" if v is None else str(v)) for v in row] for row in sheet.iter_rows(values_only=True)]
    assert [row[:2] for row in cells if row[0]] == [row[:2] for row in rows if row and row[0]]


def test_the_same_seed_draws_the_same_sample_from_shuffled_rows(project, cli, tmp_path):
    assert cli("sample", "incidents", "--seed", "s1", "-o", "a").exit_code == 0
    lines = SLICE.read_text(encoding="utf-8").splitlines(keepends=True)
    body = lines[1:]
    random.Random(3).shuffle(body)
    (project / "evidence" / "records" / "log.csv").write_text(lines[0] + "".join(body), encoding="utf-8")
    assert cli("sample", "incidents", "--seed", "s1", "-o", "b").exit_code == 0
    assert cli("sample", "incidents", "--seed", "s2", "-o", "c").exit_code == 0
    first, second, other = (_table(_rows(project / f"{name}.csv"))[1] for name in "abc")
    assert [r[1] for r in first] == [r[1] for r in second]
    assert [r[1] for r in first] != [r[1] for r in other]


def test_where_and_size_choose_the_population_and_the_size(project, cli):
    result = cli("sample", "incidents", "--seed", "1", "--size", "5", "--where", "priority=1 - Critical",
                 "--where", "opened>=2026-09-08")
    assert result.exit_code == 0, result.output
    meta = {row[0]: row[1] for row in _rows(project / "samples" / "incidents-seed1.csv") if len(row) > 1}
    assert meta["size"] == "5" and meta["where"] == "priority=1 - Critical; opened>=2026-09-08"
    assert meta["confidence"] == "" and meta["size_formula"] == "fixed (--size)"
    # the population, counted by the csv module: the last update of each incident decides its priority
    last = {}
    for row in csv.DictReader(SLICE.open(encoding="utf-8")):
        key = (int(row["sys_mod_count"]), row["sys_updated_at"][6:10] + row["sys_updated_at"][3:5] + row["sys_updated_at"][:2]
               + row["sys_updated_at"][11:])
        if row["number"] not in last or key > last[row["number"]][0]:
            last[row["number"]] = (key, row)
    first = {}
    for row in csv.DictReader(SLICE.open(encoding="utf-8")):
        first.setdefault(row["number"], []).append(row)
    population = [n for n, (_k, row) in last.items() if row["priority"] == "1 - Critical"
                  and min(r["opened_at"][6:10] + r["opened_at"][3:5] + r["opened_at"][:2] for r in first[n]) >= "20260908"]
    assert meta["population"] == str(len(population))


@pytest.mark.parametrize("args, said", [
    (["--size", "5", "--confidence", "0.9"], "either --size or --confidence"),
    (["--where", "colour=red"], "'colour' is not a field of the record set"),
    (["--where", "priority>=3"], ">= and <= compare dates and numbers"),
    (["--confidence", "1.5"], "--confidence 1.5"),
])
def test_bad_requests_are_one_line_and_exit_2(project, cli, args, said):
    result = cli("sample", "incidents", "--seed", "1", *args)
    assert result.exit_code == 2
    assert said in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_worksheet_is_never_written_over(project, cli):
    assert cli("sample", "incidents", "--seed", "1").exit_code == 0
    path = project / "samples" / "incidents-seed1.csv"
    path.write_text(path.read_text() + "my notes\n")
    result = cli("sample", "incidents", "--seed", "1")
    assert result.exit_code == 2 and "exists" in result.stderr
    assert path.read_text().endswith("my notes\n")


def _fill_csv(path: Path, verdicts: dict[int, tuple[str, str]], default="ok", auditor="Li Na", day="2026-11-04"):
    rows = _rows(path)
    for row in rows:
        if row[:1] == ["auditor"]:
            row[1] = auditor
        elif row[:1] == ["date"]:
            row[1] = day
        elif row and row[0].isdigit():
            row[-2], row[-1] = verdicts.get(int(row[0]), (default, ""))
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    return rows


def test_a_filled_csv_worksheet_becomes_a_sampling_judgment_and_the_users_file_is_kept(project, cli):
    assert cli("sample", "incidents", "--seed", "7", "--requirement", "8.6.1-02").exit_code == 0
    sheet = project / "samples" / "incidents-seed7.csv"
    rows = _fill_csv(sheet, {3: ("exception", "closed without the caller's confirmation"), 9: ("EXCEPTION", "")})
    _header, table = _table(rows)
    result = cli("judgments", "import", sheet)
    assert result.exit_code == 0, result.output
    assert "8.6.1-02" in result.output and "2 exception(s) in 59" in result.output
    text = (project / "judgments.yaml").read_text()
    assert text.startswith(JUDGMENTS)  # what the user wrote, byte for byte, comments included
    judgment = load_judgments(project / "judgments.yaml", None)["8.6.1-02"]
    assert judgment.method == "sampling" and judgment.result.value == "partially-conformant"
    assert judgment.auditor == "Li Na" and str(judgment.date) == "2026-11-04"
    assert judgment.sample.startswith("59 of 890 incidents of incidents, drawn by SHA-256 rank with seed 7")
    entry = yaml.safe_load(text)["judgments"][-1]
    assert [e["record"] for e in entry["exceptions"]] == [table[2][1], table[8][1]]
    assert entry["exceptions"][0]["note"] == "closed without the caller's confirmation"
    assert entry["sampling"]["population"] == 890 and entry["sampling"]["seed"] == "7"


def test_no_exception_is_conformant_and_sentences_follow_the_language(project, cli):
    assert cli("sample", "incidents", "--seed", "9", "--size", "4", "--lang", "zh").exit_code == 0
    sheet = project / "samples" / "incidents-seed9.csv"
    assert "抽样种子" in sheet.read_text()
    _fill_csv(sheet, {}, default="符合")
    result = cli("judgments", "import", sheet, "--requirement", "8.6.1-03", "--lang", "zh")
    assert result.exit_code == 0, result.output
    assert "已将 8.6.1-03 的抽样判断导入" in result.output and "符合" in result.output
    judgment = load_judgments(project / "judgments.yaml", None)["8.6.1-03"]
    assert judgment.result.value == "conformant" and "没有例外" in judgment.note


def test_an_xlsx_worksheet_imports_and_its_problems_name_the_cell(project, cli):
    from openpyxl import load_workbook

    assert cli("sample", "incidents", "--seed", "5", "--size", "3", "--requirement", "8.6.1-02").exit_code == 0
    path = project / "samples" / "incidents-seed5.xlsx"
    book = load_workbook(path)
    sheet = book["Sample"]
    header_row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "no")
    verdict_col = [c.value for c in sheet[header_row]].index("verdict") + 1
    sheet.cell(header_row + 1, verdict_col, "ok")
    sheet.cell(header_row + 3, verdict_col, "maybe")  # and row 2 left empty
    for r in range(1, header_row):
        if sheet.cell(r, 1).value == "auditor":
            sheet.cell(r, 2, "Li Na")
        if sheet.cell(r, 1).value == "date":
            sheet.cell(r, 2, "2026-11-04")
    book.save(path)
    before = (project / "judgments.yaml").read_bytes()
    result = cli("judgments", "import", path)
    assert result.exit_code == 2
    letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[verdict_col - 1]
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"samples/incidents-seed5.xlsx:Sample!{letter}{header_row + 2}: error: verdict of record")
    assert "is nothing: write ok or exception" in lines[0]
    assert lines[1].startswith(f"samples/incidents-seed5.xlsx:Sample!{letter}{header_row + 3}: error:")
    assert "'maybe'" in lines[1]
    assert (project / "judgments.yaml").read_bytes() == before
    sheet.cell(header_row + 2, verdict_col, "OK")
    sheet.cell(header_row + 3, verdict_col, "例外")
    book.save(path)
    result = cli("judgments", "import", path)
    assert result.exit_code == 0, result.stderr
    assert load_judgments(project / "judgments.yaml", None)["8.6.1-02"].result.value == "partially-conformant"


def test_a_tampered_csv_worksheet_is_refused_at_its_line_and_column(project, cli):
    assert cli("sample", "incidents", "--seed", "7").exit_code == 0
    sheet = project / "samples" / "incidents-seed7.csv"
    rows = _fill_csv(sheet, {})
    size_line = next(i for i, row in enumerate(rows, 1) if row[:1] == ["size"])
    requirement_line = next(i for i, row in enumerate(rows, 1) if row[:1] == ["requirement"])
    rows[size_line - 1][1] = "58"
    rows.pop()  # one sampled record deleted
    with sheet.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    before = (project / "judgments.yaml").read_bytes()
    result = cli("judgments", "import", sheet)
    assert result.exit_code == 2
    out = result.stderr
    assert f"samples/incidents-seed7.csv:{requirement_line}:2: error: no requirement" in out
    assert f"samples/incidents-seed7.csv:{size_line}:2: error: size 58 does not follow from confidence 0.95" in out
    assert "the formula gives 59" in out
    assert (project / "judgments.yaml").read_bytes() == before


def test_a_second_import_for_the_same_requirement_writes_nothing(project, cli):
    assert cli("sample", "incidents", "--seed", "7", "--requirement", "8.6.1-01").exit_code == 0
    sheet = project / "samples" / "incidents-seed7.csv"
    _fill_csv(sheet, {})
    before = (project / "judgments.yaml").read_bytes()
    result = cli("judgments", "import", sheet)
    assert result.exit_code == 2 and "already has a judgment for 8.6.1-01" in result.stderr
    assert (project / "judgments.yaml").read_bytes() == before


def test_a_file_that_is_not_a_worksheet_is_one_located_error(project, cli):
    other = project / "other.csv"
    other.write_text("a,b\n1,2\n")
    result = cli("judgments", "import", other)
    assert result.exit_code == 2
    assert result.stderr.startswith("other.csv:1:1: error: not an auditkit sampling worksheet")


def test_a_worksheet_saved_with_semicolons_and_a_byte_order_mark_imports(project, cli):
    assert cli("sample", "incidents", "--seed", "3", "--size", "2", "--requirement", "8.6.1-02").exit_code == 0
    sheet = project / "samples" / "incidents-seed3.csv"
    rows = _fill_csv(sheet, {2: ("exception", "no resolution note; caller not told")})
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    sheet.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))  # as a spreadsheet saves "CSV UTF-8" in Europe
    result = cli("judgments", "import", sheet)
    assert result.exit_code == 0, result.stderr
    entry = yaml.safe_load((project / "judgments.yaml").read_text())["judgments"][-1]
    assert entry["exceptions"][0]["note"] == "no resolution note; caller not told"


SEED7 = ("INC0001288 INC0000615 INC0001066 INC0000692 INC0000609 INC0001395 INC0000952 INC0000552 INC0000347 INC0000630 "
         "INC0001166 INC0001418 INC0000197 INC0001018 INC0000374 INC0000116 INC0001407 INC0000468 INC0000618 INC0000510 "
         "INC0000828 INC0000559 INC0000566 INC0001294 INC0000338 INC0001091 INC0000356 INC0001225 INC0001117 INC0000418 "
         "INC0000348 INC0000984 INC0001057 INC0000297 INC0000761 INC0000295 INC0001347 INC0000279 INC0001377 INC0001245 "
         "INC0001036 INC0001287 INC0001426 INC0001247 INC0000499 INC0000773 INC0000528 INC0000895 INC0000549 INC0000767 "
         "INC0000702 INC0001378 INC0000660 INC0000455 INC0000611 INC0000089 INC0000820 INC0001277 INC0000774").split()
"""The sample seed 7 drew from the real slice when the whole population was sorted (before the draw streamed):
the streaming draw must give the same records in the same order."""


def test_the_same_seed_draws_the_same_records_as_the_full_sort_did(project, cli):
    assert cli("sample", "incidents", "--seed", "7").exit_code == 0
    _header, table = _table(_rows(project / "samples" / "incidents-seed7.csv"))
    assert [row[1] for row in table] == SEED7
    assert cli("sample", "incidents", "--seed", "1", "--size", "5", "--where", "priority=1 - Critical", "-o", "w").exit_code == 0
    _header, table = _table(_rows(project / "w.csv"))
    assert [row[1] for row in table] == ["INC0001058", "INC0000548", "INC0001112", "INC0000261", "INC0000661"]


def test_the_draw_holds_the_sample_not_the_population():
    """200,000 records stream by; only the 59 lowest ranks are kept (a full sort held every record)."""
    import tracemalloc

    from auditkit.engine.sampling import draw

    class Stream:
        key, columns = None, {"id": "number"}

        def records(self):
            return ((line, {"id": f"INC{line:07d}", "note": "x" * 200}) for line in range(2, 200_002))

    tracemalloc.start()
    sample = draw(Stream(), "7")
    _now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert (sample.population, sample.size) == (200_000, 59)
    assert [d.rank for d in sample.drawn] == sorted(d.rank for d in sample.drawn)
    assert peak < 5_000_000, peak
