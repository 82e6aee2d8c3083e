"""What the CLI prints is in the project's language (`lang:` in auditkit.yaml) or --lang: validate's summary, the
gap analysis with its rules, the report and roadmap lines, catalog listings, the error lines and their count."""

from __future__ import annotations

import re
import shutil
from pathlib import Path


from .conftest import LATIN_SENTENCE, run
from auditkit.engine.verdicts import AGGREGATION_RULE
from auditkit.model.messages import label

ROOT = Path(__file__).resolve().parents[2]
def test_validate_summary_in_the_project_language(example_zh):
    result = run("validate", "-C", example_zh, "--as-of", "2026-11-05")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("验证通过：目录 "), result.stdout
    assert "valid:" not in result.stdout and "requirements" not in result.stdout
    english = run("validate", "-C", example_zh, "--as-of", "2026-11-05", "--lang", "en")
    assert english.stdout.startswith("valid: catalog "), english.stdout


def test_gap_analysis_and_its_rules_in_chinese(example_zh):
    result = run("assess", "-C", example_zh, "--as-of", "2026-11-05")
    assert result.exit_code == 0
    out = result.stdout
    assert "总体得分" in out and "各条款得分" in out and "各子条款结论" in out
    assert "".join(label("rules.aggregation", "zh").split()) in "".join(out.split())  # wrapped to the terminal
    for english in ("Overall score", "Scores per clause", "Verdict per subclause", "Findings (", "subclause verdict",
                    "grade by what failed", "not ready", "applicable requirements assessed"):
        assert english.lower() not in out.lower(), english
    # what is left in Latin letters is the organisation's, ids and file names: no English sentence of the tool
    tool_sentences = [m for m in LATIN_SENTENCE.findall(out) if m not in _organisation_text(example_zh)]
    assert not tool_sentences, tool_sentences[:10]


def _organisation_text(root: Path) -> str:
    parts = [p.read_text("utf-8", errors="replace") for p in root.rglob("*") if p.is_file()
             and p.suffix in (".yaml", ".md", ".csv", ".txt", ".json")]
    return " ".join(" ".join(parts).split())


def test_the_aggregation_rule_template_says_what_the_engine_records():
    """One rule, two languages: the English template is the rule the assessment records word for word."""
    assert label("rules.aggregation", "en") == AGGREGATION_RULE


def test_report_and_roadmap_lines_in_chinese(example_zh, tmp_path):
    out = tmp_path / "report.html"
    result = run("report", "-C", example_zh, "--as-of", "2026-11-05", "-o", out)
    assert result.exit_code == 0
    assert f"已写入 {out}（HTML，zh）" in result.stderr
    assert '<html lang="zh' in out.read_text("utf-8")  # the project's language is the report's default
    plan = tmp_path / "plan.md"
    result = run("roadmap", "-C", example_zh, "--as-of", "2026-11-05", "-f", "markdown", "-o", plan)
    assert result.exit_code == 0 and f"已写入 {plan}" in result.stderr


def test_catalog_list_kind_and_criticality_in_chinese():
    from auditkit.outputs.vocabulary import enum_labels

    result = run("catalog", "list", "--lang", "zh", "--clause", "4.1")
    assert result.exit_code == 0
    zh = enum_labels("zh")
    assert any(zh["kind"][k] in result.stdout for k in zh["kind"])
    assert any(zh["criticality"][c] in result.stdout for c in ("high", "medium", "low"))
    assert not re.search(r"\b(high|medium|low|shall|process|document)\b", result.stdout)
    stats = run("catalog", "stats", "--lang", "zh")
    assert "按类型：" in stats.stdout and "By kind" not in stats.stdout


def test_error_lines_and_their_count_in_chinese(example_zh, tmp_path):
    bad = tmp_path / "bad"
    shutil.copytree(example_zh, bad)
    (bad / "judgments.yaml").write_text("judgments: [\n", "utf-8")
    result = run("validate", "-C", bad)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert ": error: " in lines[0], lines  # the keyword editors and CI parse stays
    assert lines[-1] == "1 个文件中共有 1 个错误", lines[-1]
    english = run("validate", "-C", bad, "--lang", "en")
    assert english.stderr.strip().splitlines()[-1] == "1 error in 1 file"


def test_final_report_warns_about_todo_placeholders(tmp_path):
    project = tmp_path / "client"
    assert run("init", project, "--lang", "zh").exit_code == 0
    config = project / "auditkit.yaml"
    assert "lang: zh" in config.read_text("utf-8")  # init writes the project's language
    out = tmp_path / "r.html"
    result = run("report", "-C", project, "--as-of", "2026-11-05", "-o", out, "--final")
    assert result.exit_code == 0, result.output  # a warning: the report is written, the status is unchanged
    assert out.is_file()
    line = next(line for line in result.stderr.splitlines() if "TODO" in line)
    assert ": warning: 组织概况的 scope 仍是占位内容" in line
    draft = run("report", "-C", project, "--as-of", "2026-11-05", "-o", out)
    assert "TODO" not in draft.stderr  # a draft may still hold them
    english = run("report", "-C", project, "--as-of", "2026-11-05", "-o", out, "--final", "--lang", "en")
    assert "warning: the organisation profile still holds a placeholder in scope" in english.stderr
