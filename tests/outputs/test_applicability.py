"""Statement of applicability: exclusions declared in the profile, checked against ISO/IEC 20000-1, out of the score."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def project(example) -> Path:
    return example


def declare(project: Path, lines: str) -> None:
    org = project / "evidence" / "organization.yaml"
    text = org.read_text("utf-8")
    assert "\n  locations:" in text
    org.write_text(text.replace("\n  locations:", "\n" + lines.rstrip("\n") + "\n  locations:", 1), "utf-8")


def assessed(cli) -> dict:
    result = cli("assess", "--as-of", "2026-11-05", "-f", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_an_exclusion_operated_by_another_party_leaves_the_denominator(project, cli):
    before = assessed(cli)
    declare(project, '  exclusions:\n    - {clause: "8.7.3", operated_by: "Vaultline Ltd.", justification: "run by the group"}\n')
    after = assessed(cli)
    excluded = [r for r in after["results"] if r["clause"].startswith("8.7.3.")]
    assert excluded and all(r["status"] == "not-applicable" and r["grade"] is None for r in excluded)
    assert all("Vaultline Ltd." in r["note"] for r in excluded)
    gone = sum(r["weight"] for r in before["results"] if r["clause"].startswith("8.7.3.") and r["status"] != "not-applicable")
    assert after["summary"]["overall"]["weight"] == pytest.approx(before["summary"]["overall"]["weight"] - gone)
    assert not [f for f in after["findings"] if f["clause"].startswith("8.7.3.")]
    entry = after["applicability"]["exclusions"][0]
    assert entry["operated_by"] == "Vaultline Ltd." and set(entry["requirements"]) == {r["requirement"] for r in excluded}
    assert entry["location"]["file"] == "evidence/organization.yaml"


@pytest.mark.parametrize("entry, words", [
    ('{clause: "8.4.1", justification: "the parent does it"}', "allows no exclusion"),
    ('{clause: "6", operated_by: "X", justification: "y"}', "only the processes of clause 8"),
    ('{requirement: "8.2.3-01", operated_by: "X", justification: "y"}', "controls the other parties (8.2.3)"),
    ('{clause: "8.1", operated_by: "X", justification: "y"}', "plans its operation (8.1)"),
    ('{clause: "8.99", operated_by: "X", justification: "y"}', "not a clause"),
    ('{requirement: "8.4.1-99", operated_by: "X", justification: "y"}', "unknown requirement 8.4.1-99"),
])
def test_an_invalid_exclusion_is_one_located_error(project, cli, entry, words):
    declare(project, f"  exclusions:\n    - {entry}\n")
    result = cli("assess", "--as-of", "2026-11-05")
    assert result.exit_code == 2
    first = result.stderr.splitlines()[0]
    assert first.startswith("evidence/organization.yaml:") and words in first, first
    assert "Traceback" not in result.stderr
    assert cli("validate").exit_code == 2


def test_an_area_not_covered_is_not_examined_but_a_gap_found_stays(project, cli):
    before = {r["requirement"]: r for r in assessed(cli)["results"]}
    declare(project, '  not_covered:\n    - "Night shift (words only)"\n    - {clause: "8.4", reason: "capacity owner away"}\n')
    after = {r["requirement"]: r for r in assessed(cli)["results"]}
    in_84 = [rid for rid, r in before.items() if r["clause"].startswith("8.4.")]
    kept = [rid for rid in in_84 if before[rid]["status"] in ("nonconformant", "partially-conformant") or before[rid]["judgment"]]
    moved = [rid for rid in in_84 if rid not in kept]
    assert kept and moved
    assert all(after[rid]["status"] == before[rid]["status"] for rid in kept), "a gap found is never hidden"
    assert all(after[rid]["status"] == "not-examined" and "capacity owner away" in after[rid]["note"] for rid in moved)


def test_soa_in_the_workbook_and_the_report(project, cli):
    declare(project, '  exclusions:\n    - {clause: "8.7.3", operated_by: "Vaultline Ltd.", justification: "run by the group"}\n')
    assert cli("assess", "--as-of", "2026-11-05", "-f", "xlsx", "--lang", "zh", "-o", "w.xlsx").exit_code == 0
    sheet = openpyxl.load_workbook(project / "w.xlsx")["适用性声明"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["8.7.3.1"][2] == "不适用" and rows["8.7.3.1"][5] == "Vaultline Ltd." and rows["4.1"][2] == "适用"
    from auditkit.outputs.report.context import _soa

    data = json.loads(cli("assess", "--as-of", "2026-11-05", "-f", "json").stdout)
    soa = _soa(data, "en")
    assert [r["clause"] for r in soa["rows"] if r["operated_by"]] == ["8.7.3.1", "8.7.3.2", "8.7.3.3"]
    assert "apply in full" in soa["all_apply"]
