"""Document-control metadata of the three real sets, against what cloudgov-key.md §3 and SOURCES.md list.

The documents are byte-identical copies (tests/fixtures/realdocs/SOURCES.md gives their sources and licences).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from auditkit.inputs.documents import extract, read_document, staleness

REALDOCS = Path(__file__).resolve().parents[1] / "fixtures" / "realdocs"


def _meta(relative: str):
    return extract(read_document(REALDOCS / relative, relative))


def _values(meta, name):
    return [(f.value, f.location.line) for f in meta.all(name)]


def test_cloudgov_configuration_management():
    meta = _meta("cloudgov/_docs/ops/configuration-management.md")
    assert _values(meta, "owner") == [("Cloud Ops", 82)]
    assert _values(meta, "approver") == [("System Owner", 91)]
    assert {(f.months, f.location.line) for f in meta.all("review_cycle")} == {(3, 84), (3, 88)}
    assert [(f.label, f.location.line) for f in meta.all("history")] == [
        ("Recent document history (since 2022-11-08)", 144)]
    assert meta.undated_approval.value == "System Owner"  # an approval without a date, never dated silently


def test_cloudgov_continuous_monitoring():
    meta = _meta("cloudgov/_docs/ops/continuous-monitoring.md")
    assert _values(meta, "owner") == [("The cloud.gov team", 89), ("The cloud.gov Program Manager", 91)]
    assert [(f.months, str(f.location)) for f in meta.all("review_cycle")] == [
        (3, "cloudgov/_docs/ops/continuous-monitoring.md:161:4")]


def test_cloudgov_contingency_plan():
    meta = _meta("cloudgov/_docs/ops/contingency-plan.md")
    assert _values(meta, "owner") == [("The cloud.gov team", 196)]
    assert _values(meta, "approver") == [("The team leads", 192), ("at least another member of the team", 196)]
    assert [(f.months, f.location.line) for f in meta.all("review_cycle")] == [(12, 198)]
    assert [(str(r.date), r.change, str(r.location)) for r in meta.revisions] == [
        ("2023-08-01", "Replace Twitter for StatusPage fallback", "cloudgov/_docs/ops/contingency-plan.md:211:5"),
        ("2023-07-28", "Link correction for internal plans", "cloudgov/_docs/ops/contingency-plan.md:212:5"),
        ("2023-06-13", "Add link to internal contingency plan runbook", "cloudgov/_docs/ops/contingency-plan.md:213:5")]
    assert staleness(meta, date(2024, 5, 30)) is None  # the annual review is due by 2024-08-01 (key §4)
    assert staleness(meta, date(2024, 8, 2)).due == date(2024, 8, 1)
    assert meta.undated_approval is not None


@pytest.mark.parametrize("name", ["continuous-integration", "security-ir", "service-disruption-guide", "maintenance-list"])
def test_cloudgov_footers_give_history_links_and_no_date(name):
    meta = _meta(f"cloudgov/_docs/ops/{name}.md")
    assert [f.label for f in meta.all("history")][:1] == ["Recent document history (since 2020-02-05)"]


def test_cloudgov_decoys_are_not_metadata():
    """No date anywhere (the Liquid tag is not one), nothing from code fences, example blocks or HTML comments,
    and no field at all in the documents the key lists as having none."""
    bare = ["overview/what-is-cloudgov", "overview/cloudgov-team", "overview/customer-service-objectives",
            "technology/responsibilities", "ops/customer-support", "ops/making-announcements", "ops/managing-users",
            "compliance/incident-plans", "ops/continuous-integration", "ops/service-disruption-guide",
            "ops/maintenance-list", "ops/security-ir"]
    for name in bare:
        meta = _meta(f"cloudgov/_docs/{name}.md")
        assert {f.name for f in meta.fields} <= {"title", "history"}, (name, meta.fields)
        assert not meta.revisions and not meta.contradictions
    for path in (REALDOCS / "cloudgov").rglob("*.md"):
        meta = _meta(str(path.relative_to(REALDOCS)))
        assert not [f for f in meta.fields if f.date], path


def test_cloudgov_duplicate_layout_keys_are_warnings_in_the_ten_ops_documents():
    warned = [p.name for p in sorted((REALDOCS / "cloudgov").rglob("*.md"))
              if read_document(p, p.name).warnings]
    assert len(warned) == 10 and all("duplicate front-matter key 'layout'" in str(w) for p in (REALDOCS / "cloudgov" / "_docs" / "ops").glob("*.md") for w in read_document(p, p.name).warnings)


GOVUK = {  # file: (owner_slack, last_reviewed_on, review_in months), from SOURCES.md
    "incident-management-guidance": ("@nila.patel", "2019-11-11", 3), "incident-what-to-do": ("@nila.patel", "2019-11-11", 3),
    "welcome-to-2nd-line": ("@nila.patel", "2019-11-11", 3), "incident-reports": ("@nila.patel", "2020-07-06", 3),
    "restore-from-offsite-backups": ("#re-govuk", "2020-05-12", 6), "zendesk": ("#govuk-2ndline", "2020-09-02", 3),
    "raising-issues-with-reliability-engineering": ("#re-govuk", "2020-08-12", 4),
    "post-a-statuspage-message": ("#govuk-2ndline", "2020-09-17", 3),
    "emergency-publishing": ("#govuk-2ndline", "2020-08-07", 6), "deploy-puppet": ("#govuk-developers", "2020-08-25", 6),
    "rules-for-getting-production-access": ("#govuk-2ndline", "2020-03-10", 12), "2nd-line": ("#govuk-2ndline", "2020-09-17", 6),
    "on-call": ("#govuk-2ndline", "2020-10-14", 6),
}


def test_govuk_front_matter_and_four_overdue_reviews():
    overdue = []
    for name, (owner, reviewed, months) in GOVUK.items():
        meta = _meta(f"govuk/source/manual/{name}.html.md")
        assert meta.get("owner").value == owner and meta.get("owner").location.line == 2
        assert str(meta.get("last_reviewed").date) == reviewed
        assert meta.get("review_cycle").months == months
        assert meta.get("review_cycle").label == "review_in"
        if staleness(meta, date(2020, 11, 3)):
            overdue.append(name)
    assert sorted(overdue) == ["incident-management-guidance", "incident-reports", "incident-what-to-do",
                               "welcome-to-2nd-line"]


def test_govuk_incident_report_template_in_a_code_fence_is_not_a_record():
    meta = _meta("govuk/source/manual/incident-reports.html.md")
    assert {f.name for f in meta.fields} == {"title", "owner", "last_reviewed", "review_cycle"}


def test_openeuler_change_log_table_and_version_in_the_title():
    meta = _meta("openeuler-infra/docs/Infrastructure_Service_Launch_Specifications.md")
    assert [(r.version, str(r.date), r.location.line) for r in meta.revisions] == [
        ("1.0", "2022-12-20", 64), ("1.1", "2023-08-23", 65), ("1.2", "2024-04-29", 66)]
    assert meta.revisions[0].change == "INIT版本" and meta.revisions[1].author.startswith("曹志")
    sdlc = _meta("openeuler-infra/infra-sdlc-guidelines.md")  # CRLF line endings
    assert [(f.value, str(f.location)) for f in sdlc.all("version")] == [
        ("1.0", "openeuler-infra/infra-sdlc-guidelines.md:1:24")]
    assert not sdlc.get("approver") and not sdlc.get("owner")


def test_openeuler_other_documents_have_no_metadata():
    for path in sorted((REALDOCS / "openeuler-infra").rglob("*")):
        if not path.is_file() or path.name in ("Infrastructure_Service_Launch_Specifications.md",
                                              "infra-sdlc-guidelines.md"):
            continue
        meta = _meta(str(path.relative_to(REALDOCS)))
        assert {f.name for f in meta.fields} <= {"title"} and not meta.revisions, (path, meta.fields)
