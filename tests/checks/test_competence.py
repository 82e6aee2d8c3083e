"""competence_records (7.2): every person in the competence register has training records for each competence
their role requires; a person without them is named, at their line of the register."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from auditkit.cli import main
from auditkit.engine.checks import Outcome
from auditkit.engine.checks.competence import evidences

ROOT = Path(__file__).resolve().parents[2]

PEOPLE = [
    {"person": "Ada Lee", "role": "Service desk analyst", "required": ["ITIL 4 Foundation", "Induction"]},
    {"person": "Ben Ortiz", "role": "Security manager", "required": [["CISSP", "ISO/IEC 27001 Lead Implementer"]]},
]


def _register(tree, entries=PEOPLE, roles=None):
    data = {"entries": entries} | ({"roles": roles} if roles else {})
    tree.write("competence.yaml", {"id": "competence", "type": "register", "title": "Competence matrix",
                                   "covers": ["7.2"], "data": data})


def _training(tree, rows: str, columns=None):
    tree.write("training.csv", "ref,who,course,done,result\n" + rows)
    tree.write("training.yaml", {"id": "training", "type": "record-set", "title": "Training", "covers": ["7.2"],
                                 "records": {"path": "training.csv", "columns": columns or {
                                     "id": "ref", "person": "who", "competence": "course", "date": "done",
                                     "outcome": "result"}}})


def _check(tree, **params):
    return tree.check("competence_records", select={"covers": "7.2", "type": "record-set"}, clause="7.2",
                      as_of=date(2026, 11, 5), **params)


ALL = ("T1,Ada Lee,ITIL 4 Foundation exam,2025-03-01,Passed\n"
       "T2,ada  LEE,Service desk induction,2026-08-10,Completed\n"
       "T3,Ben Ortiz,ISO/IEC 27001 Lead Implementer,2022-10-07,Passed\n")


def test_everyone_with_records_for_every_required_competence_passes(tree):
    _register(tree)
    _training(tree, ALL)
    result = _check(tree)
    assert result.outcome is Outcome.PASS, result.message
    assert result.message == "all 2 people in the register have training records for every competence their role requires"
    (metric,) = result.metrics
    assert (metric.numerator, metric.denominator, metric.unit, metric.value) == (2, 2, "people", 1.0)


def test_a_person_without_a_record_is_named_at_their_line_of_the_register(tree):
    _register(tree)
    _training(tree, ALL.replace("T1,Ada Lee,ITIL 4 Foundation exam", "T1,Ada Lee,ITIL 4 Foundations preview"))
    result = _check(tree)
    assert result.outcome is Outcome.FAIL
    assert result.message == ("1 of 2 people have training records for every competence their role requires; "
                              "Ada Lee (Service desk analyst) has no training record for ITIL 4 Foundation")
    first = result.evidence[0]
    assert first.file.endswith("competence.yaml") and first.pointer == "data.entries[0].person"
    assert result.metrics[0].value == 0.5 and result.metrics[0].passed is False
    zh = result.template.text("zh")
    assert "Ada Lee（Service desk analyst）没有 ITIL 4 Foundation 的培训记录" in zh and "2 人中有 1 人" in zh


def test_alternatives_are_named_together_when_none_is_met(tree):
    _register(tree)
    _training(tree, ALL.replace("ISO/IEC 27001 Lead Implementer", "ISO/IEC 27002 awareness"))
    result = _check(tree)
    assert "Ben Ortiz (Security manager) has no training record for CISSP or ISO/IEC 27001 Lead Implementer" in result.message
    assert "CISSP或ISO/IEC 27001 Lead Implementer" in result.template.text("zh")


def test_a_roles_required_competences_apply_to_everyone_holding_it(tree):
    entries = [{"person": "Ada Lee", "role": "Service desk analyst"}, {"person": "Cy Park", "role": "service desk  analyst"}]
    _register(tree, entries, roles=[{"role": "Service desk analyst", "required": ["Induction"]}])
    _training(tree, "T1,Ada Lee,Induction,2026-01-01,Done\n")
    result = _check(tree)
    assert result.outcome is Outcome.FAIL
    assert "1 of 2 people" in result.message and "Cy Park (service desk  analyst) has no training record for Induction" in result.message


def test_the_period_and_the_outcomes_decide_which_records_count(tree):
    _register(tree)
    _training(tree, ALL)
    within = _check(tree, period="2 years")
    assert within.outcome is Outcome.FAIL  # Ben Ortiz's course is from 2022
    assert "within the last 2 years" in within.message and "Ben Ortiz" in within.message and "Ada Lee" not in within.message
    passed_only = _check(tree, outcomes=["passed"])
    assert "Ada Lee (Service desk analyst) has no training record for Induction" in passed_only.message


def test_future_dated_records_do_not_count_when_a_period_is_set(tree):
    _register(tree, PEOPLE[:1])
    _training(tree, "T1,Ada Lee,ITIL 4 Foundation,2027-01-01,Passed\nT2,Ada Lee,Induction,2026-01-01,Done\n")
    assert _check(tree, period="3 years").outcome is Outcome.FAIL


def test_a_training_export_without_person_or_competence_cannot_be_evaluated_and_says_which(tree):
    _register(tree)
    _training(tree, ALL, columns={"id": "ref", "date": "done"})
    result = _check(tree)
    assert result.outcome is Outcome.CANNOT_EVALUATE
    assert result.message == "training maps no column for person, competence"


def test_no_register_listing_people_is_absent_evidence(tree):
    _training(tree, ALL)
    result = _check(tree)
    assert result.outcome is Outcome.FAIL and result.absent
    assert "no roles and competence register lists people" in result.message


def test_unreadable_training_export_is_located(tree):
    _register(tree)
    _training(tree, ALL + "T9,Ada Lee,Induction,31-31-2026,Done\n")
    result = _check(tree, period="1 year")
    assert result.outcome is Outcome.CANNOT_EVALUATE and result.input_fault
    assert result.evidence[0].line == 5


def test_whole_words_any_case():
    assert evidences("itil 4 FOUNDATION (exam)", "ITIL 4 Foundation")
    assert not evidences("ITIL 4 Foundations", "ITIL 4 Foundation")
    assert not evidences("anything", "")


def test_the_example_organisation_shows_people_who_pass_and_names_the_gaps(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["assess", "--as-of", "2026-11-05", "--format", "json"])
    data = json.loads(result.output)
    found = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("rule") == "competence_records":
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    (check,) = found
    assert check["outcome"] == "fail"
    assert check["message"].startswith("10 of 13 people have training records")
    for person in ("Jamie Rowe", "Lucy Harding", "Amelia Grant"):
        assert person in check["message"]
    assert "Tom Beckett" not in check["message"]
    assert check["evidence"][0]["file"] == "evidence/registers/competence-records.yaml"
