"""`auditkit diff A B` and `auditkit programme`."""

from __future__ import annotations

import json
from datetime import date

from auditkit.outputs.history import diff
from auditkit.outputs.history.programme import ProgrammeSettings, plan


def test_diff_shows_clause_changes_new_and_resolved_gaps(two_cycles, cli):
    result = cli("diff", "S0001", "S0002")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "S0001 (2026-03-01) -> S0002 (2026-11-05)" in out
    assert "Overall 64.3% -> 57.1% (-7.1 points)" in out
    clause_8 = next(line for line in out.splitlines() if line.replace("│", " ").split()[:1] == ["8"])
    assert "50.0%" in clause_8 and "33.3%" in clause_8 and "-16.7" in clause_8
    new = out.split("New gaps (1):")[1].split("Resolved gaps")[0]
    assert "minor-nc" in new and "8.6.1-01" in new  # too few records in a process that exists: a gap (issue 15)
    resolved = out.split("Resolved gaps (1):")[1].split("Changed grades")[0]
    assert "8.3.3-01" in resolved and "(now conformant)" in resolved
    # defaults: previous -> latest; dates work as references too
    assert cli("diff").stdout == out
    assert cli("diff", "2026-03-01", "latest").stdout == out


def test_diff_json_and_changed_grades():
    def assessment(as_of, findings, clause_score):
        return {"as_of": as_of, "summary": {"overall": {"score": clause_score, "points": clause_score * 4, "weight": 4},
                                            "grade_counts": {}},
                "clauses": [{"clause": "8", "title": "Operation", "score": clause_score, "points": clause_score * 4,
                             "weight": 4}],
                "results": [{"requirement": r, "title": {"en": r}, "status": "nonconformant"} for r in findings],
                "findings": [{"requirement": r, "clause": "8.1", "grade": g, "status": "nonconformant", "gap": "g"}
                             for r, g in findings.items()]}

    d = diff(assessment("2025-11-05", {"8.1-01": "minor-nc", "8.1-02": "major-nc"}, 0.5),
             assessment("2026-11-05", {"8.1-01": "major-nc", "8.1-02": "minor-nc"}, 0.75))
    assert d["changed_grades"] == [
        {"requirement": "8.1-01", "clause": "8.1", "title": "8.1-01", "from": "minor-nc", "to": "major-nc", "direction": "worse"},
        {"requirement": "8.1-02", "clause": "8.1", "title": "8.1-02", "from": "major-nc", "to": "minor-nc", "direction": "better"}]
    assert d["clauses"][0]["change"] == 0.25 and d["overall_change"] == 0.25
    assert d["new_gaps"] == [] and d["resolved_gaps"] == []


def test_unknown_snapshot_reference_is_exit_2(two_cycles, cli):
    result = cli("diff", "S0009", "latest")
    assert result.exit_code == 2 and "no snapshot 'S0009'; known: S0001 (2026-03-01), S0002 (2026-11-05)" in result.stderr


def test_programme_covers_every_area_and_audits_risky_ones_every_year(two_cycles, cli):
    result = cli("programme", "--as-of", "2026-11-10", "--cycle-start", "2026-04-01", "-f", "json")
    assert result.exit_code == 0, result.stderr
    p = json.loads(result.stdout)
    areas = {a["area"]: a for a in p["areas"]}
    assert set(areas) == {"5.2", "8.3", "8.6", "9.2", "9.3"}
    planned = {a for r in p["rounds"] for a in r["areas"]}
    assert planned == set(areas)  # every area at least once in the cycle
    assert len(p["rounds"]) == 6 and p["cycle"]["recertification"] == "2029-04-01"
    # 8.6 had findings in both cycles and a stale record set: audited every year
    assert areas["8.6"]["frequency"] == 3 and areas["8.6"]["risk"] > areas["5.2"]["risk"]
    years = {int(p["rounds"][n - 1]["date"][:4]) for n in areas["8.6"]["rounds"]}
    assert len(areas["8.6"]["rounds"]) == 3 and len(years) == 3
    assert areas["5.2"]["frequency"] == 1
    assert p["next_surveillance"] == "2027-04-01"
    due = [r for r in p["rounds"] if r["status"] == "due"]
    assert [r["date"] for r in due] == ["2027-01-01"]
    due_areas = {d["area"]: d["reasons"] for d in p["due_before_next_surveillance"]}
    assert set(due[0]["areas"]) <= set(due_areas)
    assert all(reasons for reasons in due_areas.values())
    text = cli("programme", "--as-of", "2026-11-10", "--cycle-start", "2026-04-01").stdout
    assert "Due before the next surveillance audit (2027-04-01):" in text


def test_programme_reads_its_settings_from_auditkit_yaml(two_cycles, cli):
    (two_cycles / "auditkit.yaml").write_text("programme:\n  cycle_start: 2026-01-15\n  rounds_per_year: 4\n")
    p = json.loads(cli("programme", "--as-of", "2026-11-10", "-f", "json").stdout)
    assert p["cycle"]["start"] == "2026-01-15" and len(p["rounds"]) == 12


def test_open_actions_raise_an_areas_risk():
    results = [{"requirement": "5.2.2-01", "clause": "5.2.2", "status": "conformant", "weight": 3, "points": 1, "checks": []},
               {"requirement": "9.3-01", "clause": "9.3", "status": "conformant", "weight": 2, "points": 1, "checks": []}]
    snapshot = {"as_of": "2026-11-05", "results": results, "findings": []}
    settings = ProgrammeSettings(cycle_start=date(2026, 1, 1))
    calm = plan([snapshot], settings, date(2026, 11, 5))
    busy = plan([snapshot], settings, date(2026, 11, 5), open_actions=[{"clause": "9.3"}, {"clause": "9.3"}])
    risk = {a["area"]: a["risk"] for a in busy["areas"]}
    assert risk == {"5.2": 0, "9.3": 2}
    assert {a["area"]: a["frequency"] for a in calm["areas"]} == {"5.2": 1, "9.3": 1}
    assert {a["area"]: a["frequency"] for a in busy["areas"]}["9.3"] == 2
