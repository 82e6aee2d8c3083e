"""The workbook (assess --format xlsx), CSV for Excel, and the formula guard on every cell."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from auditkit.outputs.sanitise import spreadsheet_cell, formula_like, xlsx_cell

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = '=HYPERLINK("http://evil.example","click")'


@pytest.mark.parametrize("text", ["=1+1", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_like_texts_are_guarded(text):
    assert formula_like(text) and spreadsheet_cell(text) == "'" + text
    book = openpyxl.Workbook()
    xlsx_cell(book.active["A1"], text)
    saved = io.BytesIO()
    book.save(saved)
    cell = openpyxl.load_workbook(io.BytesIO(saved.getvalue())).active["A1"]
    assert cell.data_type == "s" and cell.value.lstrip("\t\r\n") == text.lstrip("\t\r\n")  # XML reads \r as \n


@pytest.mark.parametrize("value", ["plain", "a=b", 3, -2.5, None])
def test_other_values_pass_unchanged(value):
    assert not formula_like(value) and spreadsheet_cell(value) == value


@pytest.fixture
def hostile(example) -> Path:
    """The example project whose first service's name is a formula."""
    target = example
    org = target / "evidence" / "organization.yaml"
    org.write_text(org.read_text("utf-8").replace('name: "Meridian Bay IT Services Ltd."', f"name: '{HOSTILE}'"), "utf-8")
    return target


def test_workbook_in_chinese(hostile, cli):
    result = cli("assess", "--as-of", "2026-11-05", "--format", "xlsx", "--lang", "zh", "-o", "gap.xlsx")
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(hostile / "gap.xlsx")
    assert book.sheetnames[:4] == ["摘要", "要求", "审核发现", "纠正措施"]
    summary = book["摘要"]
    assert summary["B1"].value == HOSTILE and summary["B1"].data_type == "s", "the organisation's name stays text"
    assert len(summary._charts) == 1
    reqs = book["要求"]
    assert reqs.freeze_panes == "A2" and reqs.auto_filter.ref.startswith("A1:M")
    header = [c.value for c in reqs[1]]
    assert header[0] == "要求" and header[6] == "结果"
    rows = list(reqs.iter_rows(min_row=2, values_only=True))
    statuses = {row[6] for row in rows}
    from auditkit.model.assessment import Status
    from auditkit.outputs.report.labels import load_labels
    from auditkit.outputs.report.templating import bundled_templates

    zh = load_labels("zh", [bundled_templates()])["status"]
    assert statuses <= {zh[s.value] for s in Status}, statuses
    rules = [r.formula[0] for cf in reqs.conditional_formatting for r in cf.rules]
    assert '$G2="不符合"' in rules and '$J2="严重不符合"' in rules
    # every number recomputable: the overall score is points / weight over the rows
    left_out = {zh["not-applicable"], zh["not-examined"]}  # outside the denominator
    points = sum(row[5] * row[7] for row in rows if row[6] not in left_out)
    weight = sum(row[5] for row in rows if row[6] not in left_out)
    assert round(points / weight, 4) == summary["B6"].value


def test_csv_for_excel_has_a_bom_and_no_formula(hostile, cli):
    plain = cli("assess", "--as-of", "2026-11-05", "--format", "csv", "-o", "a.csv")
    excel = cli("assess", "--as-of", "2026-11-05", "--format", "csv", "--excel", "-o", "b.csv")
    assert plain.exit_code == excel.exit_code == 0
    a, b = (hostile / "a.csv").read_bytes(), (hostile / "b.csv").read_bytes()
    assert not a.startswith(b"\xef\xbb\xbf") and b == b"\xef\xbb\xbf" + a
    assert cli("assess", "--format", "json", "--excel").exit_code == 2
    import csv
    import json

    from auditkit.outputs.render import render

    data = json.loads(cli("assess", "--as-of", "2026-11-05", "--format", "json").stdout)
    data["results"][0]["title"]["en"] = HOSTILE
    rows = list(csv.reader(io.StringIO(render("csv", data, excel=True).lstrip("\ufeff"))))
    assert rows[1][2] == "'" + HOSTILE
    assert not [cell for row in rows for cell in row if formula_like(cell)]
