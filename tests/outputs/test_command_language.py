"""Every command speaks the project's language (`lang: zh` in auditkit.yaml, or --lang): the CI gates of `auditkit
check` in each of its outputs, the CLI's own option errors, history, diff, verify, actions, sample and judgments
import. The keywords tools parse (`error:`, `warning:`, PASS/FAIL, the gate keys, `file:line:col:`) stay as they
are, and the English run still says what it always said."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path


from .conftest import LATIN_SENTENCE, run
from auditkit.cli import language

ROOT = Path(__file__).resolve().parents[2]
AS_OF = ("--as-of", "2026-11-05")
def _organisation_text(root: Path) -> str:
    parts = [p.read_text("utf-8", errors="replace") for p in root.rglob("*") if p.is_file()
             and p.suffix in (".yaml", ".md", ".csv", ".txt")]
    return " ".join(" ".join(parts).split())


# ------------------------------------------------------------------------------------------- auditkit check


def test_check_text_in_chinese_and_english(example_zh):
    result = run("check", "-C", example_zh, *AS_OF)
    assert result.exit_code == 1
    out = result.stdout
    assert out.startswith("auditkit check：") and "总体得分 " in out
    assert "FAIL  major_nonconformities  3 项严重不符合" in out  # status and gate key stay: CI logs are searched
    assert "SKIP  new_nonconformities    未给出基线（--baseline 或 gates.baseline）" in out
    assert re.search(r"actions/CAR-2025-006\.yaml:9:6: error: 纠正措施 CAR-2025-006.*逾期 \d+ 天", out)
    assert "检查未通过 FAILED（major_nonconformities, overdue_actions）：4 个错误，" in out
    for english in ("overall score", "major nonconformities", "no baseline given", "corrective action", "days overdue",
                    "check FAILED", "goes stale", "as of"):
        assert english not in out, english
    english = run("check", "-C", example_zh, *AS_OF, "--lang", "en").stdout
    assert "FAIL  major_nonconformities  3 major nonconformities" in english
    assert "check FAILED (major_nonconformities, overdue_actions): 4 errors, 4 warnings" in english
    assert "严重" not in english


def test_check_text_has_no_english_sentence_of_the_tool(example_zh):
    out = run("check", "-C", example_zh, *AS_OF).stdout
    own = _organisation_text(example_zh)
    sentences = [m for m in LATIN_SENTENCE.findall(out) if m not in own]
    assert not sentences, sentences[:10]


def test_lint_problems_in_chinese_with_their_code(example_zh):
    result = run("validate", "-C", example_zh, *AS_OF)
    lines = [line for line in result.stderr.splitlines() if "service-continuity-plan" in line]
    assert lines and lines[0].endswith("warning: service-continuity-plan：前置元数据缺少 'approved'（plan 类文件必需） "
                                       "[missing-field]"), lines
    english = run("validate", "-C", example_zh, *AS_OF, "--lang", "en").stderr
    assert "warning: service-continuity-plan: front matter lacks 'approved' (required for plan documents) " \
           "[missing-field]" in english


def test_check_summary_and_github_in_chinese(example_zh):
    summary = run("check", "-C", example_zh, *AS_OF, "-f", "summary").stdout
    assert summary.startswith("## ❌ auditkit check 未通过")
    assert "| 关卡 | 设置 | 结果 | 详情 |" in summary and "| 无严重不符合 | fail | ❌ fail | 3 项严重不符合 |" in summary
    assert "### 各条款得分" in summary and "计分：" in summary
    for english in ("| Gate |", "Overall score", "Score per clause", "Nonconformities (", "Scoring:", "weighted points"):
        assert english not in summary, english
    github = run("check", "-C", example_zh, *AS_OF, "-f", "github").stdout
    assert "::error title=auditkit check 未通过（2 个关卡）::major_nonconformities: 3 项严重不符合" in github
    assert "（不阻断）::" in github and "not blocking" not in github
    english = run("check", "-C", example_zh, *AS_OF, "-f", "github", "--lang", "en").stdout
    assert "title=auditkit check failed (2 gates)::major_nonconformities: 3 major nonconformities" in english


def test_check_json_keeps_english_and_adds_templates_sarif_fingerprints_do_not_depend_on_the_language(example_zh):
    data = json.loads(run("check", "-C", example_zh, *AS_OF, "-f", "json").stdout)
    gate = next(g for g in data["check"]["gates"] if g["name"] == "major_nonconformities")
    assert gate["summary"] == "3 major nonconformities"  # the JSON's text is English in every language
    assert gate["summary_template"] == {"key": "gate.majors.summary", "params": {"n": 3}}
    assert all("message_template" in i for i in gate["issues"])
    sarif = {lang: json.loads(run("check", "-C", example_zh, *AS_OF, "-f", "sarif", "--lang", lang).stdout)
             for lang in ("en", "zh")}
    results = {lang: [r for r in log["runs"][0]["results"] if r["ruleId"].startswith("gate/")]
               for lang, log in sarif.items()}
    assert results["en"] and [r["partialFingerprints"] for r in results["en"]] == \
        [r["partialFingerprints"] for r in results["zh"]]
    overdue = next(r for r in results["zh"] if r["ruleId"] == "gate/overdue_actions")
    assert overdue["message"]["text"].startswith("纠正措施 CAR-2025-006")
    junit = run("check", "-C", example_zh, *AS_OF, "-f", "junit").stdout
    assert 'name="major_nonconformities: No major nonconformity"' in junit  # test names stay: CI keeps their history
    assert 'message="3 项严重不符合"' in junit


def test_check_option_errors_and_written_files_in_chinese(example_zh, tmp_path):
    result = run("check", "-C", example_zh, "-f", "bogus")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: '--format' / '-f' 的值无效：未知格式 'bogus'（可用：text, json")
    assert "unknown format" not in result.stderr and "Invalid value" not in result.stderr
    english = run("check", "-C", example_zh, "-f", "bogus", "--lang", "en")
    assert english.stderr.startswith("error: Invalid value for '--format' / '-f': unknown format 'bogus' (known: ")
    assert english.stderr.rstrip().endswith("(see auditkit check --help)")

    result = run("check", "-C", example_zh, "--min-clause", "8.6=2")
    assert result.exit_code == 2 and "请写作 CLAUSE=SCORE" in result.stderr and "write CLAUSE" not in result.stderr
    result = run("check", "-C", example_zh, *AS_OF, "--min-clause", "4.9=0.5")
    assert result.exit_code == 2 and result.stderr.startswith("error: --min-clause 4.9：不是 ")
    result = run("check", "-C", example_zh, *AS_OF, "-f", "xlsx")
    assert result.exit_code == 2 and "写出的是二进制文件" in result.stderr
    target = tmp_path / "j.xml"
    result = run("check", "-C", example_zh, *AS_OF, "-f", f"junit:{target}")
    assert f"已将 junit 写入 {target}" in result.stderr and "wrote" not in result.stderr


def test_dates_durations_and_unknown_names_in_chinese(example_zh):
    result = run("check", "-C", example_zh, "--as-of", "2026-13-05")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: '--as-of' 的值无效：不是日期：'2026-13-05'（请写作 YYYY-MM-DD）")
    result = run("check", "-C", example_zh, "--stale-within", "bananas")
    assert result.exit_code == 2 and "不是时长：'bananas'" in result.stderr and "not a duration" not in result.stderr
    result = run("diff", "-C", example_zh, "S0009")
    assert result.exit_code == 2 and result.stderr.startswith("error: 没有快照 'S0009'；已有：S0001 (2025-11-05)")
    result = run("actions", "show", "2025-00", "-C", example_zh)
    assert result.exit_code == 2 and "中没有纠正措施 '2025-00'；是否指 CAR-2025-001" in result.stderr
    english = run("check", "-C", example_zh, "--as-of", "2026-13-05", "--lang", "en")
    assert english.stderr.startswith("error: Invalid value for '--as-of': not a date: '2026-13-05' (write YYYY-MM-DD)")


# ------------------------------------------------------------------------------------------- history, diff, verify


def test_history_diff_and_verify_in_chinese(example_zh):
    history = run("history", "-C", example_zh)
    assert history.exit_code == 0
    assert "快照" in history.stdout and "2 个快照；`auditkit verify` 可检查其哈希链" in history.stdout
    assert "Snapshot" not in history.stdout and "snapshots;" not in history.stdout
    verify = run("verify", "-C", example_zh)
    assert verify.exit_code == 0 and verify.stdout.startswith("历史记录完整：2 个快照（S0001 2025-11-05 .. S0002")
    diff = run("diff", "-C", example_zh).stdout
    assert "总体 85.1% -> 85.5%（+0.4 个百分点）" in diff  # the example history as rebuilt (i16c) and "新增差距（3）：" in diff and "持续存在的差距：42" in diff
    assert "组织环境" in diff  # the clause titles in the language
    for english in ("Overall ", "New gaps", "Resolved gaps", "Persisting gaps", "Scores per clause"):
        assert english not in diff, english
    english = run("diff", "-C", example_zh, "--config", example_zh / "auditkit.yaml")  # the same project: still Chinese
    assert "新增差距" in english.stdout


def test_verify_names_a_broken_chain_in_chinese(example_zh, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(example_zh, broken)
    snapshot = broken / "history" / "S0001-2025-11-05.json"
    snapshot.write_text(snapshot.read_text("utf-8").replace('"2025-11-05"', '"2025-11-06"', 1), "utf-8")
    result = run("verify", "-C", broken)
    assert result.exit_code == 1
    assert ": error: 已被篡改：内容与其哈希不再一致" in result.stderr  # the located line keeps its keyword
    assert "tampered" not in result.stderr
    assert "历史记录不完整（NOT intact）：" in result.stderr and "history NOT intact" not in result.stderr


def test_programme_in_chinese(example_zh):
    out = run("programme", "-C", example_zh, *AS_OF).stdout
    assert out.startswith("内部审核方案，认证周期 2026-02-16 .. 2029-02-16") and "策划：区域只安排在 2026-11-05 及以后" in out
    assert "已安排" in out and "审核发现 " in out and "管理评审：第 2 轮，2026-11-16" in out
    for english in ("Internal audit programme", "Weighting:", "Planning:", "planned", "findings ", "Due before"):
        assert english not in out, english
    english = run("programme", "-C", ROOT, *AS_OF).stdout  # the English example project
    assert english.startswith("Internal audit programme, certification cycle 2026-02-16 .. 2029-02-16")
    assert "Weighting: risk = sum over snapshots" in english and "findings " in english and "已安排" not in english


# ------------------------------------------------------------------------------------------- actions, sample, judgments


def test_actions_list_show_and_errors_in_chinese(example_zh):
    listed = run("actions", "list", "-C", example_zh, *AS_OF)
    assert listed.exit_code == 0
    assert "16 项措施：截至 2026-11-05，未结 13 项，逾期 1 项" in listed.stdout and "（未指派）" in listed.stdout
    assert "actions:" not in listed.stdout and "(unassigned)" not in listed.stdout
    assert " OVERDUE " in listed.stdout  # a keyword, like the states
    shown = run("actions", "show", "CAR-2025-001", "-C", example_zh, *AS_OF).stdout
    assert "状态：cause-analysed" in shown and "审核发现：" in shown and "历史：" in shown
    assert "findings:" not in shown and "state:" not in shown
    bad = run("actions", "transition", "CAR-2025-001", "bogus", "--by", "x", "-C", example_zh)
    assert bad.exit_code == 2 and bad.stderr.startswith("error: 未知状态 'bogus'；可用状态：open")
    english = run("actions", "list", "-C", example_zh, *AS_OF, "--lang", "en").stdout
    assert "16 actions: 13 open, 1 overdue as of 2026-11-05" in english


def test_actions_sync_says_what_it_did_in_chinese(example_zh, tmp_path):
    project = tmp_path / "p"
    shutil.copytree(example_zh, project)
    for action in (project / "actions").glob("CAR-2026-*.yaml"):
        action.unlink()  # the latest assessment's nonconformities of these subclauses are followed no more
    result = run("actions", "sync", "-C", project, "--dry-run")
    assert result.exit_code == 0
    assert re.search(r"raised +CAR-2026-\d+ +已为 F-7\.5\.2-0\d.* 提出 CAR-2026-\d+（minor-nc，期限 ", result.stdout), result.stdout
    assert "将会：" in result.stdout and "新提出 " in result.stdout and "raised CAR-" not in result.stdout


def test_interview_in_the_project_language(example_zh, tmp_path):
    answers = tmp_path / "answers.txt"
    answers.write_text("Li Na\nq\n", "utf-8")
    result = run("interview", "-C", example_zh, "--answers", answers, "--clause", "7.3")
    assert result.exit_code == 0 and result.stdout.startswith("共有 5 项要求需要审核员判断"), result.stdout
    english = run("interview", "-C", example_zh, "--answers", answers, "--clause", "7.3", "--lang", "en")
    assert english.stdout.startswith("5 requirement(s) need an auditor's judgment")


def test_sample_errors_in_chinese(example_zh):
    result = run("sample", "incidents", "-C", example_zh, "--seed", "1", "--size", "5", "--confidence", "0.9")
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: 请给出 --size 或 --confidence/--tolerable-rate，不要同时给出"
    result = run("sample", "no-such-set", "-C", example_zh, "--seed", "1")
    assert result.exit_code == 2 and "中的记录集（记录集：" in result.stderr and "not a record set" not in result.stderr
    english = run("sample", "incidents", "-C", example_zh, "--seed", "1", "--size", "5", "--confidence", "0.9", "--lang", "en")
    assert english.stderr.strip() == "error: give either --size or --confidence/--tolerable-rate, not both"


# ------------------------------------------------------------------------------------------- the language, once


def test_the_project_language_is_read_once_a_command(example_zh, monkeypatch):
    reads = []
    real = language.project_language
    monkeypatch.setattr(language, "project_language", lambda *a: reads.append(a) or real(*a))
    result = run("assess", "-C", example_zh, *AS_OF, "-f", "json")
    assert result.exit_code == 0
    assert len(reads) == 1, reads
    reads.clear()
    run("check", "-C", example_zh, *AS_OF, "--lang", "en")  # an option settles it: the config's lang is not read
    assert reads == []


def test_a_changed_config_is_read_again_by_the_next_command(tmp_path):
    project = tmp_path / "p"
    assert run("init", project).exit_code == 0
    config = project / "auditkit.yaml"
    config.write_text(re.sub(r"(?m)^lang: \w+\n", "", config.read_text("utf-8")) + "lang: zh\n", "utf-8")
    assert "未知格式" in run("check", "-C", project, "-f", "bogus").stderr
    config.write_text(config.read_text("utf-8").replace("lang: zh", "lang: en"), "utf-8")
    assert "unknown format" in run("check", "-C", project, "-f", "bogus").stderr


# ------------------------------------------------------------------------------------------- no new English-only line

PRINTS = {"echo", "echo_safe", "UsageError", "BadParameter", "AuditkitError", "ClickException"}
"""What puts a sentence in front of the user from a command: printing it, or an error that is printed."""
ENGLISH_WORDS = re.compile(r"[A-Za-z]{3,}[ ,;:()]+[a-z]{3,}")
KNOWN_ENGLISH = {
    ("common.py", "run_guarded"): "'error:' before the operating system's own message (strerror), which is English",
}
"""(module, top-level function) still printing literal English, with the reason; any other fails the test below."""


def _literal_parts(node) -> list[str]:
    import ast

    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
    if isinstance(node, ast.BinOp):
        return _literal_parts(node.left) + _literal_parts(node.right)
    if isinstance(node, ast.IfExp):
        return _literal_parts(node.body) + _literal_parts(node.orelse)
    return []


def test_the_commands_print_no_literal_english_sentence():
    """A command's sentence is a template of messages.yaml (language.text), so that it exists in both languages:
    a literal English sentence given to click.echo, echo_safe or an error of a command is caught here."""
    import ast

    found = []
    for path in sorted((ROOT / "auditkit" / "cli").glob("*.py")):
        for top in ast.parse(path.read_text("utf-8")).body:
            if (path.name, getattr(top, "name", "")) in KNOWN_ENGLISH:
                continue
            for node in ast.walk(top):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name in PRINTS:
                    found += [f"{path.name}:{node.lineno}: {part!r}" for part in _literal_parts(node.args[0])
                              if ENGLISH_WORDS.search(part)]
    assert not found, "\n".join(found)
