"""The report shows, for each record set, its figures (a table and a chart) and the SLA attainment table, in
HTML and PDF, in English and Chinese, with the numbers of the assessment JSON (issue 16)."""

from __future__ import annotations

import html as html_module
import json
import re
import shutil
from pathlib import Path

import pytest

from auditkit.outputs.report.records import month_columns, percent, record_sets

from .conftest import pdf_text

ROOT = Path(__file__).resolve().parents[2]
LABELS = {"records": {"read": "{rows} {unit}", "read_keyed": "{unit} (key `{key}`), {rows} rows", "met": "met",
                      "not_met": "not met", "at_least": "at least {value}", "at_most": "at most {value}",
                      "rules": {"records_share": "share"}}}


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    """A copy of the example organisation (its history and actions left out: reports here write no files in it)."""
    target = tmp_path_factory.mktemp("example") / "org"
    shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns(".git", ".venv", "*.egg-info", "tests", "benchmarks",
                                                                "__pycache__", "auditkit", "docs", "scripts"))
    return target


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_html_report_shows_the_sla_attainment_table_of_the_example(cli, example, monkeypatch):
    monkeypatch.chdir(example)
    assert cli("assess", "--as-of", "2026-11-05", "--format", "json", "-o", "out/a.json").exit_code == 0
    data = json.loads((example / "out" / "a.json").read_text())
    sla = [m for r in data["results"] if r["requirement"] == "8.3.3-09" for c in r["checks"] for m in c.get("metrics") or ()]
    assert sla, "the example's 8.3.3-09 measures SLA attainment"
    assert all(m["sources"] == {"flag": m["denominator"]} for m in sla)  # the example maps ServiceNow's made_sla
    for lang, title, met in (("en", "Service level attainment per agreement, service and priority", "not met"),
                             ("zh", "按协议、服务和优先级的服务级别达成率", "未达成")):
        result = cli("report", "--as-of", "2026-11-05", "--format", "html", "--lang", lang, "-o", f"out/r-{lang}.html")
        assert result.exit_code == 0, result.output
        html = (example / "out" / f"r-{lang}.html").read_text()
        section = html[html.index('id="sec-records"'):]
        text = _text(section[:section.index("</section>")])
        assert title in text
        for metric in sla:  # every row of the table is the JSON's figure, truncated
            row = (f"{metric['group']['agreement']} {metric['group']['service']} {metric['group']['value']} "
                   f"{metric['numerator']} / {metric['denominator']} "
                   f"{percent(metric['numerator'], metric['denominator'])}")
            assert row in text, (lang, row)
        assert "8.3.3-09, 8.6.1-14, 9.1-07" in text and met in text
        assert {"en": "Measured by", "zh": "计量依据"}[lang] in text  # the SLA table says where each figure came from
        assert {"en": "by the export's met-SLA flag", "zh": "依据导出数据中的服务级别达成标记"}[lang] in html_module.unescape(text)
        assert "<svg" in section and "incident-records" in text
        # every record set the checks measured has a table and a chart
        measured = {m["record_set"] for r in data["results"] for c in r["checks"] for m in c.get("metrics") or ()}
        for set_id in measured:
            block = section[section.index(f'<h3 class="record-set">{set_id}'):]
            block = block[:block.index('<h3 class="record-set">', 10)] if block.count('<h3 class="record-set">') > 1 else block
            assert "<table" in block and "<svg" in block, (lang, set_id)


def test_pdf_report_shows_the_sla_attainment_table_in_both_languages(cli, example, monkeypatch):
    monkeypatch.chdir(example)
    for lang, title in (("en", "Service level attainment per agreement"), ("zh", "服务级别达成率")):
        result = cli("report", "--as-of", "2026-11-05", "--format", "pdf", "--lang", lang, "-o", f"out/r-{lang}.pdf")
        assert result.exit_code == 0, result.output
        text = re.sub(r"\s+", " ", pdf_text(example / "out" / f"r-{lang}.pdf"))
        assert title in text and "1 / 15" in text and "6.6%" in text and "456 / 757" in text, lang


def _data(metrics: list[dict], rule: str = "records_share") -> dict:
    return {"inputs": {"evidence_items": [{"id": "inc", "title": "Incidents"}]},
            "results": [{"requirement": "8.6.1-02", "checks": [{"rule": rule, "metrics": metrics}]}]}


def _metric(**changes) -> dict:
    metric = {"record_set": "inc", "measure": "share", "numerator": 20_762, "denominator": 20_769, "unit": "incidents",
              "value": 0.9996, "threshold": 1.0, "passed": False, "rows": 119_998, "key": "number",
              "condition": "category recorded"}
    return {**metric, **changes}


def test_a_share_is_truncated_in_the_table_and_the_chart():
    (entry,) = record_sets(_data([_metric()]), LABELS, lang="en", primary="#123", accent="#f00", font="sans")
    (row,) = entry["figures"]
    assert (row["counted"], row["value"], row["target"], row["result"]) == ("20,762 / 20,769", "99.9%", "at least 100%",
                                                                            "not met")
    assert "99.9%" in entry["chart"] and "100.0%" not in entry["chart"]
    assert entry["read"] == "incidents (key `number`), 119,998 rows"


def test_a_monthly_series_is_drawn_as_columns_with_its_gaps():
    metrics = [_metric(measure="count", numerator=n, denominator=9, value=n, threshold=1, passed=n >= 1,
                       condition=f"opened in 2026-0{m}", group={"field": "month", "value": f"2026-0{m}"})
               for m, n in ((1, 4), (2, 0), (3, 5))]
    (entry,) = record_sets(_data(metrics, "records_series"), LABELS, lang="en", primary="#123", accent="#f00", font="sans")
    assert [r["group"] for r in entry["series"]] == ["2026-01", "2026-02", "2026-03"]
    assert entry["chart"].count("<rect") == 3 and entry["chart"].count('fill="#f00"') == 1  # February's gap
    assert "26-02" in month_columns([("2026-02", 0)], 1, primary="#1", accent="#2", font="x")


def test_user_text_in_a_group_is_escaped_in_the_chart():
    metric = _metric(group={"field": "priority", "value": "<script>x</script>"}, numerator=1, denominator=2)
    (entry,) = record_sets(_data([metric]), LABELS, lang="en", primary="#123", accent="#f00", font="sans")
    assert "<script>" not in entry["chart"] and "&lt;script&gt;" in entry["chart"]
