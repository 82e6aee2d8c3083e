"""The standalone HTML report, branding and the user's template folder."""

from __future__ import annotations

import pytest

from auditkit.outputs.report import ReportError, render_report

from .conftest import ACME


def html(data, **options) -> str:
    options.setdefault("evidence_dir", ACME / "evidence")
    return render_report(data, fmt="html", **options).content.decode()


def test_html_is_one_standalone_page(acme_data):
    page = html(acme_data)
    assert page.startswith("<!DOCTYPE html>")
    assert "<link" not in page and 'src="http' not in page and 'href="http' not in page
    assert 'src="data:image/svg+xml;base64,' in page  # the logo, embedded
    assert "<svg" in page  # the clause chart
    assert "Acme Test Services Ltd." in page
    for finding in acme_data["findings"]:
        assert f'id="{finding["id"]}"' in page
    # branding as custom properties of a generated stylesheet, after the static ones so it wins
    assert page.index("--brand-primary: #7a1f5c;") > page.index("--brand-primary: #1f4e79;")


def test_absent_extras_are_said_to_be_absent(acme_data):
    page = html(acme_data)
    assert "No corrective actions from earlier audits." in page
    assert "No earlier assessments are recorded" in page
    assert "No corrective-action register was provided." in page


def test_actions_and_trend_are_shown(acme_data):
    actions = [{"id": "CAR-2026-001", "finding": "F-9.2-01", "requirement": "9.2-01", "grade": "minor-nc",
                "state": "open", "owner": "Sam Service", "due": "2026-10-01", "overdue": True, "title": "Missed audit"}]
    trend = [{"id": "S0001", "as_of": "2025-11-05", "overall": 0.4, "clauses": {"4": 0.5}}]
    page = html(acme_data, actions=actions, trend=trend)
    assert '<td class="mono">CAR-2026-001</td>' in page  # in the actions table
    assert '<span class="mono">CAR-2026-001</span> open' in page  # beside the finding it follows
    assert "OVERDUE" in page and "Missed audit" in page
    assert "2025-11-05" in page and "40.0%" in page
    assert "overdue corrective actions: 1 (CAR-2026-001)" in page


def test_chinese_html_uses_chinese_labels_and_requirement_texts(acme_data):
    page = html(acme_data, lang="zh")
    assert '<html lang="zh-Hans">' in page
    assert "内部审核报告" in page and "按条款列出的审核发现" in page
    assert "组织应确定与其宗旨及服务管理体系相关的内部和外部问题。" in page
    assert "事件管理" in page  # a subclause title
    assert "2026年11月5日" in page


def test_user_templates_and_labels_take_precedence(acme_data, tmp_path):
    (tmp_path / "sections").mkdir()
    (tmp_path / "sections" / "signoff.html.j2").write_text("<p class='mine'>Signed by {{ signoff.lead.name }}</p>")
    (tmp_path / "i18n").mkdir()
    (tmp_path / "i18n" / "en.yaml").write_text('report_title: "Gap assessment report"\n')
    page = html(acme_data, template_dir=tmp_path)
    assert "<p class='mine'>Signed by Ada Auditor</p>" in page
    assert "Gap assessment report" in page
    assert "Executive summary" in page  # every other label still comes from the bundled file


def test_a_broken_user_template_is_a_located_error(acme_data, tmp_path):
    (tmp_path / "sections").mkdir()
    (tmp_path / "sections" / "summary.html.j2").write_text("<p>\n{% if %}\n</p>\n")
    with pytest.raises(ReportError) as caught:
        html(acme_data, template_dir=tmp_path)
    problem = caught.value.problems[0]
    assert problem.location.file.endswith("summary.html.j2") and problem.location.line == 2


def test_a_user_template_naming_an_unknown_value_is_a_located_error(acme_data, tmp_path):
    (tmp_path / "sections").mkdir()
    (tmp_path / "sections" / "team.html.j2").write_text("<p>\n{{ audit.no_such_thing }}</p>\n")
    with pytest.raises(ReportError) as caught:
        html(acme_data, template_dir=tmp_path)
    assert "no_such_thing" in caught.value.problems[0].message
    assert caught.value.problems[0].location.file.endswith("team.html.j2")


def test_a_stylesheet_cannot_close_its_style_element(acme_data, tmp_path):
    (tmp_path / "report.css").write_text("p { color: red }\n</style><script>alert(1)</script>\n")
    with pytest.raises(ReportError, match="must not contain"):
        html(acme_data, template_dir=tmp_path)


def test_large_evidence_index_is_summarised_with_a_csv_download(acme_data):
    import copy

    data = copy.deepcopy(acme_data)
    data["inputs"]["files"] = [{"path": f"evidence/records/r{i:03}.csv", "sha256": f"{i:064x}", "size": 100}
                               for i in range(200)]
    page = html(data)
    assert "The complete index of the 200 files is too long to print" in page
    assert 'download="evidence-index.csv" href="data:text/csv;base64,' in page
    assert f"{199:064x}" not in page  # not one table row per file
