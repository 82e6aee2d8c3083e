"""The located errors of the loaders (`file:line:col: error: ...`) are in the project's language: YAML syntax and
UTF-8, the schemas' field errors, the catalog, judgments.yaml, auditkit.yaml and the action register. What tools
parse stays as it is (`file:line:col:`, `error:`, the [field path], values and ids as written), and the English
run says what it always said."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from .conftest import LATIN_SENTENCE, run
from auditkit.model.messages import templates

SCHEMAS = Path(__file__).resolve().parents[2] / "auditkit" / "inputs" / "schemas"
LOCATED = re.compile(r"^(?P<where>[^\s:]+(?::\d+){0,2}): error: (?P<text>.*)$")

REQUIREMENT = """catalog: nosuch
requirements:
  - id: X-1
    clause: "4.1"
    title: {en: "A title", zh: "标题"}
    text: {en: "A text"}
    kind: determination
    criticality: medium
    manual: true
    guidance: {en: {look_at: "The register"}}
"""


@pytest.fixture
def zh_project(tmp_path, monkeypatch) -> Path:
    """A new project made by `auditkit init --lang zh`, as the working directory."""
    assert run("init", tmp_path / "p", "--name", "测试", "--lang", "zh").exit_code == 0
    monkeypatch.chdir(tmp_path / "p")
    return tmp_path / "p"


def _errors(stderr: str) -> dict[str, str]:
    """file:line:col -> the message of each located error line (the [field path] left off)."""
    found = {}
    for line in stderr.splitlines():
        match = LOCATED.match(line)
        if match:
            found[match["where"]] = re.sub(r" \[\S*\]$", "", match["text"])
    return found


def _no_english(stderr: str, *allowed: str) -> None:
    """No sentence of the tool's own is left in English (``allowed``: what the user or the YAML parser wrote)."""
    text = stderr
    for words in allowed:
        text = text.replace(words, "")
    assert not LATIN_SENTENCE.findall(text), LATIN_SENTENCE.findall(text)


def test_evidence_syntax_and_schema_errors_in_chinese(zh_project):
    (zh_project / "evidence" / "bad.yaml").write_text("id: x\ntype: policy\ntitle: [unclosed\n", "utf-8")
    (zh_project / "evidence" / "bad2.yaml").write_text(
        "id: y\ntype: nosuchtype\ntitle: T\ncovers: [4.1]\nbogus: 1\n", "utf-8")
    (zh_project / "evidence" / "bad3.yaml").write_bytes(b"id: z\ntitle: caf\xe9\n")
    (zh_project / "evidence" / "bad4.yaml").write_text("id: w\ntype: policy\ntype: plan\n", "utf-8")
    result = run("validate")
    assert result.exit_code == 2
    errors = _errors(result.stderr)
    assert errors["evidence/bad.yaml:4:1"].startswith("YAML 格式无效：did not find expected ','")
    assert errors["evidence/bad2.yaml:2:7"].startswith("'nosuchtype' 不是以下之一：scope, policy, objectives")
    assert errors["evidence/bad2.yaml:4:10"] == "应为文本，实为小数（请加引号，例如 \"8.1\"）"
    assert errors["evidence/bad2.yaml:5:1"].startswith("未知字段 'bogus'（允许的字段：approved, approver,")
    assert errors["evidence/bad3.yaml:2:11"] == "不是有效的 UTF-8 文本（字节 0xe9）"
    assert errors["evidence/bad4.yaml:3:1"] == "重复的键 'type'（首次定义于第 2 行）"
    assert "[covers[0]]" in result.stderr and "4 个文件中共有 6 个错误" in result.stderr
    _no_english(result.stderr, "did not find expected ',' or ']' (while parsing a flow sequence)")

    english = run("validate", "--lang", "en").stderr
    assert "evidence/bad2.yaml:4:10: error: expected string, got float (quote it, e.g. \"8.1\") [covers[0]]" in english
    assert "evidence/bad2.yaml:5:1: error: unknown field 'bogus' (allowed: approved, approver," in english
    assert "evidence/bad.yaml:4:1: error: invalid YAML: did not find expected ',' or ']'" in english
    assert "evidence/bad3.yaml:2:11: error: not valid UTF-8 text (byte 0xe9)" in english
    assert "evidence/bad4.yaml:3:1: error: duplicate key 'type' (first defined on line 2)" in english
    assert not re.search(r"[\u4e00-\u9fff]", english.replace("测试", ""))


def test_catalog_and_judgments_errors_in_chinese(zh_project):
    (zh_project / "controls").mkdir()
    (zh_project / "controls" / "extra.yaml").write_text(REQUIREMENT, "utf-8")
    with (zh_project / "auditkit.yaml").open("a", encoding="utf-8") as fh:
        fh.write("controls: controls\n")
    (zh_project / "judgments.yaml").write_text(
        "judgments:\n  - requirement: 4.1-01\n    result: conformant\n    grade: major-nc\n    method: interview\n"
        "    auditor: A\n    date: 2026-13-01\n", "utf-8")
    result = run("validate")
    assert result.exit_code == 2
    errors = _errors(result.stderr)
    assert errors["controls/extra.yaml:1:10"] == "未知目录 'nosuch'"
    assert errors["judgments.yaml:4:12"] == "分级 major-nc 与结果 conformant 矛盾"
    assert errors["judgments.yaml:7:11"] == "不是日期：'2026-13-01'（请写作 YYYY-MM-DD）"
    _no_english(result.stderr)
    english = run("validate", "--lang", "en").stderr
    assert "controls/extra.yaml:1:10: error: unknown catalog 'nosuch'" in english
    assert "judgments.yaml:4:12: error: grade major-nc contradicts result conformant [judgments[0].grade]" in english


def test_judgment_of_an_unknown_requirement_in_chinese(zh_project):
    (zh_project / "judgments.yaml").write_text(
        "judgments:\n  - requirement: nosuch-9\n    result: conformant\n    method: interview\n    auditor: A\n"
        "    date: 2026-01-01\n  - requirement: nosuch-9\n    result: conformant\n    method: interview\n"
        "    auditor: A\n    date: 2026-01-01\n", "utf-8")
    result = run("validate")
    assert result.exit_code == 2
    assert _errors(result.stderr)["judgments.yaml:2:18"] == "未知要求 'nosuch-9'"
    _no_english(result.stderr)


def test_config_errors_in_chinese(zh_project):
    with (zh_project / "auditkit.yaml").open("a", encoding="utf-8") as fh:
        fh.write("bogus: 1\nactions:\n  id_prefix: car\n")
    result = run("validate")
    assert result.exit_code == 2
    errors = _errors(result.stderr)
    assert errors["auditkit.yaml:8:1"].startswith("未知字段 'bogus'")
    assert errors["auditkit.yaml:10:14"] == "'car' 无效：大写字母和数字，例如 CAR"
    _no_english(result.stderr)
    english = run("validate", "--lang", "en").stderr
    assert "auditkit.yaml:10:14: error: 'car' is not valid: capital letters and digits, e.g. CAR" in english


@pytest.fixture
def zh_actions(example_zh, tmp_path, monkeypatch) -> Path:
    """A copy of the Chinese example with its action register, as the working directory."""
    root = tmp_path / "example"
    shutil.copytree(example_zh, root)
    monkeypatch.chdir(root)
    return root


def _english(root: Path) -> None:
    """The project in English (for a command without --lang)."""
    config = root / "auditkit.yaml"
    config.write_text(config.read_text("utf-8").replace("lang: zh\n", "lang: en\n", 1), "utf-8")


def test_action_register_errors_in_chinese(zh_actions):
    action = zh_actions / "actions" / "CAR-2025-001.yaml"
    text = action.read_text("utf-8")
    action.write_text(text.replace("id: CAR-2025-001", "id: CAR-2025-099").replace("state: cause-analysed",
                                                                                 "state: closed"), "utf-8")
    result = run("actions", "list")
    assert result.exit_code == 2
    errors = _errors(result.stderr)
    assert errors["actions/CAR-2025-001.yaml:3:5"] == ("编号 CAR-2025-099 与文件名（CAR-2025-001.yaml）不符；"
                                                      "请重命名文件或改正编号")
    assert errors["actions/CAR-2025-001.yaml:5:8"].startswith("状态为 closed，但历史的最后一次变更使其为 ")
    _no_english(result.stderr, "auditkit actions transition CAR-2025-099")
    english = run("actions", "list", "--lang", "en").stderr
    assert ("actions/CAR-2025-001.yaml:3:5: error: id CAR-2025-099 does not match the file name (CAR-2025-001.yaml); "
            "rename the file or fix the id") in english


def test_action_edit_errors_in_chinese(zh_actions):
    result = run("actions", "edit", "CAR-2025-001", "--by", "A", "--note", "n", "--set", "state=closed")
    assert result.exit_code == 2
    assert "CAR-2025-001：state 不能编辑：请用 `auditkit actions transition` 改变状态" in result.stderr
    result = run("actions", "edit", "CAR-2025-001", "--by", "A", "--note", "n", "--set", "owner=[x")
    assert result.exit_code == 2
    assert "owner='[x'：YAML 格式无效：" in result.stderr
    result = run("actions", "edit", "CAR-2025-001", "--by", "A", "--note", "n", "--set", "findings.7.x=1")
    assert result.exit_code == 2
    assert "'findings.7.x'：findings 中没有第 7 项" in result.stderr
    _english(zh_actions)
    english = run("actions", "edit", "CAR-2025-001", "--by", "A", "--note", "n", "--set", "findings.7.x=1")
    assert "'findings.7.x': no item 7 in findings" in english.stderr


def test_every_described_pattern_of_the_schemas_has_its_words_in_chinese():
    """A pattern error shows the schema's description of the pattern: each has a template (schema.described.*)."""
    described = {entry["en"] for key, entry in templates().items() if key.startswith("schema.described.")}
    import json

    missing = []

    def walk(node):
        if isinstance(node, dict):
            if "pattern" in node and isinstance(node.get("description"), str):
                if node["description"] not in described:
                    missing.append(node["description"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in SCHEMAS.glob("*.json"):
        walk(json.loads(path.read_text("utf-8")))
    assert not missing, missing


def test_history_errors_in_chinese(zh_actions):
    snapshot = sorted((zh_actions / "history").glob("S*.json"))[0]
    snapshot.write_text(snapshot.read_text("utf-8").replace("{", "{{", 1), "utf-8")
    result = run("history")
    assert result.exit_code == 2
    assert re.search(rf"^history/{snapshot.name}:1:2: error: 无法读取快照：不是有效的 JSON：", result.stderr, re.M)
    (zh_actions / "history" / "HEAD").write_text("S0009 abc\n", "utf-8")
    result = run("verify")
    assert "history/HEAD:1:1: error: HEAD 应只有一行 '<快照编号> <sha256 哈希>'" in result.stderr
    _no_english(result.stderr, "Expecting property name enclosed in double quotes", "NOT intact")
    _english(zh_actions)
    english = run("verify").stderr
    assert "history/HEAD:1:1: error: HEAD should hold one line '<snapshot id> <sha256 hash>'" in english
    assert f"history/{snapshot.name}:1:2: error: cannot read snapshot: not valid JSON: Expecting property" in english


def test_catalog_import_errors_in_chinese(zh_project):
    (zh_project / "list.csv").write_text("clause,title,kind\n4.1,,\n4.2,T,weird\n", "utf-8")
    result = run("catalog", "import", "list.csv", "--from", "csv", "--id", "mylist", "-o", "out")
    assert result.exit_code == 2
    errors = _errors(result.stderr)
    assert errors["list.csv:2:5"] == "标题为空"
    assert errors["list.csv:3:7"].startswith("kind 'weird' 不是以下之一：")
    _no_english(result.stderr)
    english = run("catalog", "import", "list.csv", "--from", "csv", "--id", "mylist", "-o", "out", "--lang", "en")
    assert "list.csv:2:5: error: the title is empty" in english.stderr


def test_a_missing_option_is_named_in_each_language(zh_project):
    result = run("catalog", "import", "list.csv", "--from", "csv", "--id", "mylist")
    assert result.exit_code == 2
    assert "error: 缺少选项 '--output' / '-o'。（参见 auditkit catalog import --help）" in result.stderr
    english = run("catalog", "import", "list.csv", "--from", "csv", "--id", "mylist", "--lang", "en")
    assert "error: Missing option '--output' / '-o'. (see auditkit catalog import --help)" in english.stderr
    assert "Missing argument 'FILE'." in run("catalog", "import", "--from", "csv", "--lang", "en").stderr


def test_refusals_of_the_library_in_chinese(zh_project):
    result = run("assess", "--judgments", "typo.yaml")
    assert result.exit_code == 2
    assert "--judgments typo.yaml：找不到文件" in result.stderr
    assert "--judgments typo.yaml: file not found" in run("assess", "--judgments", "typo.yaml", "--lang", "en").stderr
    result = run("report", "--from-json", "a.json", "--snapshot", "latest", "-o", "r.html")
    assert result.exit_code == 2 and "请给出 --from-json 或 --snapshot，不要同时给出" in result.stderr


def test_files_not_read_are_said_in_chinese(zh_project):
    (zh_project / "evidence" / "old.doc").write_text("x", "utf-8")
    (zh_project / "evidence" / "broken.docx").write_bytes(b"garbage")
    result = run("validate")
    assert "evidence/old.doc: warning: auditkit 无法读取 .doc 文件" in result.stderr
    assert "；它不作为证据 [document]" in result.stderr
    assert "evidence/broken.docx: warning: 不是可读取的 DOCX 文件（BadZipFile）；它不作为证据 [document]" in result.stderr
    english = run("validate", "--lang", "en").stderr
    assert "evidence/old.doc: warning: auditkit cannot read .doc files (it reads .md, .html, .docx, .xlsx, .pdf and " \
           ".txt); it is not evidence [document]" in english
