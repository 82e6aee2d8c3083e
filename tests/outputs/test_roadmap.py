"""auditkit roadmap: gaps as a phased plan, ordered by declared dependencies, effort recomputable from the data."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "auditkit" / "catalogs" / "iso20000-1-2018" / "roadmap.yaml"


@pytest.fixture
def project(example) -> Path:
    return example


def plan(cli, *args) -> dict:
    result = cli("roadmap", "--as-of", "2026-11-05", "-f", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_phases_dependencies_and_effort_are_as_declared(project, cli):
    data = yaml.safe_load(DATA.read_text("utf-8"))["roadmap"]
    road = plan(cli)
    items = road["items"]
    assert items, "the example has gaps"
    phases = [p["id"] for p in data["phases"]]
    assert [phases.index(i["phase"]) for i in items] == sorted(phases.index(i["phase"]) for i in items)
    order = {i["requirement"]: i["order"] for i in items}
    assert any(i["depends_on"] for i in items)
    for item in items:
        assert all(order[p] < item["order"] for p in item["depends_on"]), item
        # recomputable: the declared effort of the key, the status factor, the size factor (1: no staff given)
        assert item["effort_base"] == data["effort"][item["effort_key"]]
        assert item["status_factor"] == data["status_factor"][item["status"]]
        assert item["effort"] == pytest.approx(round(item["effort_base"] * item["status_factor"] * road["size_factor"], 2))
        if item["quick_win"]:
            assert item["effort"] <= data["quick_win_days"] and not item["depends_on"]
            assert item["status"] in ("nonconformant", "partially-conformant")
    assert road["total_effort"] == pytest.approx(sum(i["effort"] for i in items))
    assert any(i["quick_win"] for i in items)  # the example has quick wins: the checks above ran on some
    foundations = [i for i in items if i["clause"].split(".")[0] in ("4", "5", "6", "7")]
    assert foundations
    assert all(i["phase"] == "foundations" for i in foundations)


def test_staff_scales_the_effort_and_a_budget_cuts_the_plan(project, cli):
    base = plan(cli)
    org = project / "evidence" / "organization.yaml"
    org.write_text(org.read_text("utf-8").replace('  short_name:', '  staff: 80\n  short_name:', 1), "utf-8")
    scaled = plan(cli, "--budget-days", "10")
    assert scaled["size_factor"] == 2.0 and scaled["staff"] == 80
    assert scaled["total_effort"] == pytest.approx(2 * base["total_effort"], abs=0.05 * len(base["items"]))
    fits = [i for i in scaled["items"] if i["within_budget"]]
    assert fits and fits == scaled["items"][:len(fits)] and fits[-1]["cumulative"] <= 10
    assert scaled["items"][len(fits)]["cumulative"] > 10


def test_text_markdown_xlsx_in_chinese(project, cli):
    text = cli("roadmap", "--as-of", "2026-11-05", "--lang", "zh", "--budget-days", "5").stdout
    assert "项差距待弥补" in text and "基础" in text and "超出预算" in text
    md = cli("roadmap", "--as-of", "2026-11-05", "-f", "markdown").stdout
    assert md.startswith("# Roadmap") and "| 1 |" in md
    assert cli("roadmap", "--as-of", "2026-11-05", "-f", "xlsx").exit_code == 2, "binary needs -o"
    assert cli("roadmap", "--as-of", "2026-11-05", "-f", "xlsx", "--lang", "zh", "-o", "r.xlsx").exit_code == 0
    sheet = openpyxl.load_workbook(project / "r.xlsx")["实施路线图"]
    assert sheet.freeze_panes == "A2" and sheet["A1"].value == "序号" and sheet["A2"].value == 1


def test_bad_roadmap_data_is_a_located_error(mini, cli):
    (mini / "controls" / "mini" / "roadmap.yaml").write_text(
        "catalog: mini\nroadmap:\n  reference_staff: 10\n  size_exponent: 0.5\n  quick_win_days: 1\n"
        "  status_factor: {nonconformant: 1}\n  phases: [{id: all, title: {en: All}, clauses: ['4']}]\n"
        "  effort: {'4': 1, '5': 1, '6': 1, '7': 1, '8': 1, '9': 1, '10': 1, '11.1': 2}\n"
        "  depends_on: {'8.6': ['9.2'], '9.2': ['8.6.1']}\n", "utf-8")
    result = cli("roadmap")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert any(line.startswith("controls/mini/roadmap.yaml:8:") and "'11.1' is neither" in line for line in lines), lines
    assert any("go round in a circle: " in line and "9.2 -> 8.6.1 -> 9.2" in line for line in lines), lines


def test_no_roadmap_data_is_said(mini, cli):
    result = cli("roadmap")
    assert result.exit_code == 2 and "no roadmap data" in result.stderr
