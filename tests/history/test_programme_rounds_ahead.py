"""The programme plans areas only in the rounds still ahead of --as-of: an area is never left in a past round."""

from __future__ import annotations

import json
from datetime import date

from auditkit.outputs.history.programme import ProgrammeSettings, plan

CLAUSES = ["4.1", "5.2", "6.1", "7.1", "8.2", "8.3", "8.5", "9.1", "9.2", "9.3"]


def snapshot() -> dict:
    results = [{"requirement": f"{c}-01", "clause": c, "status": "conformant", "weight": 1, "points": 1, "checks": []}
               for c in CLAUSES]
    return {"as_of": "2026-03-01", "results": results, "findings": []}


def test_areas_are_planned_only_in_rounds_on_or_after_as_of():
    settings = ProgrammeSettings(cycle_start=date(2026, 1, 1))  # rounds 2026-04, 2026-10, 2027-04, 2027-10, ...
    p = plan([snapshot()], settings, date(2027, 5, 1))
    past = [r for r in p["rounds"] if r["status"] == "past"]
    ahead = [r for r in p["rounds"] if r["status"] != "past"]
    assert [r["number"] for r in past] == [1, 2, 3] and len(ahead) == 3
    assert all(r["areas"] == [] for r in past)
    for area in p["areas"]:
        assert area["rounds"] and all(n >= 4 for n in area["rounds"]), area
    assert {a for r in ahead for a in r["areas"]} == set(CLAUSES)
    assert p["planned_from"] == "2027-05-01"
    assert "only in the rounds on or after 2027-05-01 (3 of 6)" in p["planning"]


def test_a_frequent_area_gets_at_most_one_audit_per_round_ahead():
    findings = [{"requirement": "8.2-01", "clause": "8.2", "grade": "major-nc"}] * 2
    data = {**snapshot(), "findings": findings}
    p = plan([data], ProgrammeSettings(cycle_start=date(2026, 1, 1)), date(2028, 5, 1))  # one round left
    area = next(a for a in p["areas"] if a["area"] == "8.2")
    assert area["frequency"] == 3 and area["rounds"] == [6]


def test_the_programme_command_says_it_plans_from_as_of(two_cycles, cli):
    out = cli("programme", "--as-of", "2027-08-01", "--cycle-start", "2026-04-01")
    assert out.exit_code == 0, out.stderr
    assert "Planning: areas are planned only in the rounds on or after 2027-08-01 (3 of 6)" in out.stdout
    p = json.loads(cli("programme", "--as-of", "2027-08-01", "--cycle-start", "2026-04-01", "-f", "json").stdout)
    assert all(not r["areas"] for r in p["rounds"] if r["status"] == "past")
    assert {a for r in p["rounds"] if r["status"] != "past" for a in r["areas"]} == {a["area"] for a in p["areas"]}
