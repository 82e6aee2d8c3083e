"""Contradictions between the statements of a real document set, and references that reach something else.

cloudgov-key.md section 4 lists what a lead auditor found; section 5 the decoys. The mechanism knows no word of
cloud.gov: it compares durations, exclusive values (automatic/manual, time zones) and denied actions about the same
thing, and checks paths, anchors and repository owners. GOV.UK and openEuler (no key) must not be flooded.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from auditkit.engine.checks.consistent import conflict_message
from auditkit.inputs.documents import read_document
from auditkit.inputs.documents.references import stale_references
from auditkit.inputs.documents.statements import conflicts, set_conflicts
from auditkit.model.errors import Location

REALDOCS = Path(__file__).resolve().parents[1] / "fixtures" / "realdocs"


@cache
def _found(name: str) -> tuple:
    root = REALDOCS / name
    documents = [read_document(p, p.relative_to(root).as_posix()) for p in sorted(root.rglob("*"))
                 if p.is_file() and p.suffix in (".md", ".html", ".txt")]
    return tuple(set_conflicts(documents)), tuple(stale_references(documents, root))


def _sides(conflict) -> list[set[str]]:
    """Each side as the set of its places, file:line."""
    return [{f"{s.location.file}:{s.location.line}" for s in side} for side in conflict.sides]


def _one(kind: str, first: str, second: str):
    statements, references = _found("cloudgov")
    for conflict in statements + references:
        sides = _sides(conflict)
        if conflict.kind == kind and any(first in side for side in sides) and any(second in side for side in sides):
            return conflict
    raise AssertionError(f"{kind} between {first} and {second} not found in {statements + references}")


def test_key_4_1_production_release_automatic_and_manual():
    conflict = _one("exclusive:mode", "_docs/ops/continuous-integration.md:19", "_docs/ops/maintenance-list.md:100")
    assert {s.value for side in conflict.sides for s in side} == {"automatic", "manual"}


def test_key_4_2_us_cert_not_notified_and_sent_sitreps():
    conflict = _one("action:notify", "_docs/ops/security-ir.md:108", "_docs/ops/security-ir.md:228")
    assert conflict.shared == ("US-CERT",)
    denied = next(side for side in conflict.sides if side[0].value == "denied")
    assert {str(s.location) for s in denied} == {"_docs/ops/security-ir.md:108:42"}  # the column of 'notify'


def test_key_4_3_role_rotation_every_6_hours_and_3_hour_shifts():
    conflict = _one("quantity:duration", "_docs/ops/security-ir.md:48", "_docs/ops/security-ir.md:215")
    assert sorted(side[0].shown for side in conflict.sides) == ["3 hour", "6 hours"]


def test_key_4_4_incident_thresholds_are_not_reconciled():
    conflict = _one("quantity:duration", "_docs/overview/customer-service-objectives.md:29",
                    "_docs/ops/contingency-plan.md:11")
    places = set().union(*_sides(conflict))
    assert "_docs/ops/service-disruption-guide.md:15" in places
    assert {"6 minute", "30 minutes"} <= {side[0].shown for side in conflict.sides}


def test_key_4_5_support_day_end_in_local_time_and_eastern_time():
    conflict = _one("exclusive:time-zone", "_docs/ops/customer-support.md:72",
                    "_docs/overview/customer-service-objectives.md:34")
    assert conflict.shared == ("5:00 PM",)


def test_key_4_6_the_plan_names_its_repository_under_the_old_owner():
    conflict = _one("reference:repository", "_docs/ops/contingency-plan.md:194", "_docs/ops/maintenance-list.md:140")
    assert {s.value for side in conflict.sides for s in side} == {"github.com/18F/cg-site",
                                                                  "github.com/cloud-gov/cg-site"}


def test_key_4_6_the_plan_names_18f_as_current_though_the_team_page_says_it_is_managed_outside_it():
    conflict = _one("superseded", "_docs/overview/cloudgov-team.md:29", "_docs/ops/contingency-plan.md:192")
    assert conflict.shared == ("18F",)
    said, uses = conflict.sides
    assert said[0].shown == "outside of 18F"
    # "18F Director of Infrastructure", "18F leadership", "18F staff"; not the sentences about the past
    # ("originally built by 18F", "Historically ... when we shared the 18F organization")
    assert {s.location.line for s in uses} == {93, 192, 200}
    assert {s.location.file for s in uses} == {"_docs/ops/contingency-plan.md"}


def test_key_4_7_edit_path_that_no_longer_exists():
    conflict = _one("reference:moved", "_docs/ops/maintenance-list.md:140", "_docs/ops/maintenance-list.md:1")
    assert conflict.shared == ("content/docs/ops/maintenance-list.md",)


def test_key_4_8_postmortem_link_points_to_initiate_not_retrospective():
    conflict = _one("reference:anchor", "_docs/ops/contingency-plan.md:96", "_docs/ops/security-ir.md:230")
    assert [side[0].value for side in conflict.sides] == ["security incident retrospective process", "Initiate",
                                                          "Retrospective"]


DECOY_LINES = {
    # key 5.1: the sitrep example in a code fence ("The chickens have escaped"); 5.2: shell comments in code fences;
    # 5.3: sample `bosh deployments` output; 5.8: control references in HTML comments
    "_docs/ops/security-ir.md": ("chickens", "Farmer Jane"),
    "_docs/ops/managing-users.md": ("# on a production jumpbox", "# verify changes with"),
    "_docs/ops/maintenance-list.md": ("bosh deployments",),
    "_docs/ops/configuration-management.md": ("CM-9",),
}


def test_no_decoy_is_a_statement_of_a_contradiction():
    statements, references = _found("cloudgov")
    places = {(s.location.file, s.location.line) for c in statements + references for side in c.sides for s in side}
    for file, words in DECOY_LINES.items():
        lines = (REALDOCS / "cloudgov" / file).read_text("utf-8").splitlines()
        decoys = {n for n, text in enumerate(lines, 1) if any(w in text for w in words)}
        assert decoys, (file, words)
        assert not {(file, n) for n in decoys} & places


@pytest.mark.parametrize("name", ["govuk", "openeuler-infra"])
def test_other_sets_give_no_contradicting_statements(name):
    statements, references = _found(name)
    assert statements == ()
    assert [c.kind for c in references] == (["reference:anchor-missing"] if name == "govuk" else [])


def test_govuk_anchor_left_behind_by_a_renamed_heading():
    _, references = _found("govuk")
    (conflict,) = references
    assert conflict.shared == ("#gpg-keys-for-decrypting-backups",)
    assert str(conflict.sides[0][0].location).startswith("source/manual/restore-from-offsite-backups.html.md:90:")


def test_each_contradiction_is_one_sentence_in_english_and_chinese_with_both_places():
    statements, references = _found("cloudgov")
    for conflict in statements + references:
        message = conflict_message(conflict)
        english, chinese = message.text("en"), message.text("zh")
        first = str(conflict.sides[0][0].location)
        assert first in english and first in chinese
        for side in conflict.sides[1:]:  # a place in a document, or the document itself (a moved file, no anchor)
            shown = side[0].location.file if side[0].location.line == 1 else str(side[0].location)
            assert shown in english and shown in chinese


def _s(text, file, line, part=None):
    return (text, Location(file, line, 1), part or f"{file}#{line}")


def test_chinese_statements_contradict_the_same_way():
    found = conflicts([_s("值班人员每 6 小时轮班一次。", "a.md", 3), _s("轮班时间不超过 3 小时。", "b.md", 5),
                       _s("安全组不直接通知 CNCERT。", "a.md", 8), _s("事件报告应发送给 CNCERT 和客户。", "b.md", 9),
                       _s("变更自动部署到生产环境。", "a.md", 12), _s("生产环境的变更由运维人员手动部署。", "b.md", 14),
                       _s("服务时间为 9:00 至 17:00（北京时间）。", "a.md", 20), _s("当天 17:00（当地时间）前答复。", "b.md", 21)])
    assert sorted(c.kind for c in found) == ["action:notify", "exclusive:mode", "exclusive:time-zone",
                                             "quantity:duration"]
    rotation = next(c for c in found if c.kind == "quantity:duration")
    assert rotation.shared == ("轮班",) and [s[0].shown for s in rotation.sides] == ["6小时", "3小时"]


def test_what_is_not_a_contradiction():
    from auditkit.inputs.documents.statements import superseded

    assert superseded([_s("The service is now managed outside of ACME.", "a.md", 1),
                       _s("ACME was founded in 2014 and originally built it.", "b.md", 2),  # the past
                       _s("Outside office hours call the desk.", "c.md", 3)]) == []  # no party after the words
    found = conflicts([
        # steps of one section: 15 minutes then 1 hour is an escalation, not two values for one thing
        _s("Notify the duty manager within 15 minutes of a complaint.", "a.md", 3, "a#1"),
        _s("Notify the customer within 1 hour of a complaint.", "a.md", 4, "a#1"),
        # an event, not a rule: no bound (every, within, more than ...) near the number
        _s("We had a 2 hour outage on 24 August.", "b.md", 5),
        _s("Any outage longer than 30 minutes is a major incident.", "c.md", 6),
        # two values of one set in one sentence state neither
        _s("Deployments are automatic or manual, depending on the change.", "d.md", 7),
        # an action done by both, never denied
        _s("Send the report to GSA-IT.", "e.md", 8), _s("Notify GSA-IT by email.", "f.md", 9),
    ])
    assert found == []
