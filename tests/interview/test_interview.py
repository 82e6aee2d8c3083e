"""auditkit interview: answers saved one by one into judgments.yaml, what the user wrote kept, resumable."""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
USER_FILE = """# Our own notes: keep me.
judgments:
  # clause 8.6.3, first day
  - requirement: "8.6.3-01"   # the problem procedure
    result: conformant
    method: document-review
    auditor: 'A. Auditor'
    date: 2026-11-02
"""


@pytest.fixture
def example(tmp_path, monkeypatch) -> Path:
    """The bundled example project with a short judgments file of the user's own."""
    target = tmp_path / "example"
    target.mkdir()
    shutil.copytree(ROOT / "evidence", target / "evidence")
    shutil.copy(ROOT / "auditkit.yaml", target / "auditkit.yaml")
    (target / "judgments.yaml").write_text(USER_FILE, "utf-8")
    monkeypatch.chdir(target)
    return target


def manual_ids(clause: str) -> list[str]:
    from auditkit.engine.project import load_catalog

    catalog = load_catalog([], bundled=True)
    return [r.id for r in catalog.requirements if r.manual and (r.clause == clause or r.clause.startswith(clause + "."))]


def entries(path: Path) -> dict:
    return {e["requirement"]: e for e in yaml.safe_load(path.read_text("utf-8"))["judgments"]}


def test_plain_mode_saves_each_answer_and_keeps_the_users_file(example, cli, tmp_path):
    todo = [i for i in manual_ids("8.6.3") if i != "8.6.3-01"]
    assert len(todo) >= 2, "the bundled catalog has manual requirements in 8.6.3"
    answers = tmp_path / "answers.txt"
    # first: nonconformant, grade 1 (major); then skip the second; the answers end before the third
    answers.write_text("n\n1\ni\nDaniel Okafor\n5 problems PRB1-5\nno root cause recorded\ns\n", "utf-8")
    result = cli("interview", "--clause", "8.6.3", "--auditor", "Li Na", "--date", "2026-11-05", "--answers", answers)
    assert result.exit_code == 0, result.output
    assert f"Saved {todo[0]}" in result.output and f"Skipped {todo[1]}" in result.output
    text = (example / "judgments.yaml").read_text("utf-8")
    assert text.startswith(USER_FILE.rstrip("\n")), "the user's text, comments and quoting stay as written"
    got = entries(example / "judgments.yaml")[todo[0]]
    assert got == {"requirement": todo[0], "result": "nonconformant", "grade": "major-nc", "method": "interview",
                   "interviewee": "Daniel Okafor", "sample": "5 problems PRB1-5", "note": "no root cause recorded",
                   "auditor": "Li Na", "date": __import__("datetime").date(2026, 11, 5)}
    # the file is what assess reads: the new judgment counts
    data = __import__("json").loads(cli("assess", "--as-of", "2026-11-05", "--format", "json").output)
    judged = {r["requirement"]: r for r in data["results"]}[todo[0]]
    assert judged["judgment"]["interviewee"] == "Daniel Okafor" and judged["status"] == "nonconformant"

    # resumed: the answered one is not asked again; the skipped one is
    answers.write_text("c\n5\nd\n\ngood\n", "utf-8")
    again = cli("interview", "--clause", "8.6.3", "--auditor", "Li Na", "--date", "2026-11-05", "--answers", answers)
    assert again.exit_code == 0
    assert todo[0] not in again.output.split("Saved")[0].split("Requirement ", 1)[1][:12]
    assert f"Requirement {todo[1]} (1 of {len(todo) - 1})" in again.output
    assert entries(example / "judgments.yaml")[todo[1]]["grade"] == "good-practice"


def test_contradicting_grade_and_bad_choices_are_asked_again(example, cli, tmp_path):
    rid = manual_ids("8.6.3")[1]
    answers = tmp_path / "a.txt"
    answers.write_text("x\nc\n1\n\nd\n\n\n", "utf-8")  # bad letter; major NC with conformant; then no grade
    result = cli("interview", "--requirement", rid, "--auditor", "Li Na", "--answers", answers)
    assert "Not one of the choices: x" in result.output
    assert "Grade major-nc contradicts result conformant" in result.output
    assert "grade" not in entries(example / "judgments.yaml")[rid]


def test_not_applicable_needs_a_justification(example, cli, tmp_path):
    rid = manual_ids("8.6.3")[1]
    answers = tmp_path / "a.txt"
    answers.write_text("a\n\nno problems are managed by us\nd\n\n\n", "utf-8")
    result = cli("interview", "--requirement", rid, "--auditor", "Li Na", "--answers", answers)
    assert "An answer is required." in result.output
    assert entries(example / "judgments.yaml")[rid]["justification"] == "no problems are managed by us"


def test_chinese_questions(example, cli, tmp_path):
    rid = manual_ids("8.6.3")[1]
    answers = tmp_path / "a.txt"
    answers.write_text("q\n", "utf-8")
    result = cli("interview", "--requirement", rid, "--lang", "zh", "--auditor", "李娜", "--answers", answers)
    assert "结果：[c] 符合" in result.output and "查看内容" in result.output
    assert "Result" not in result.output


def test_a_broken_judgments_file_is_reported_not_rewritten(example, cli, tmp_path):
    broken = USER_FILE.replace("result: conformant", "result: splendid")
    (example / "judgments.yaml").write_text(broken, "utf-8")
    answers = tmp_path / "a.txt"
    answers.write_text("c\n\nd\n\n\n", "utf-8")
    result = cli("interview", "--clause", "8.6.3", "--auditor", "Li Na", "--answers", answers)
    assert result.exit_code == 2
    assert "judgments.yaml:5:" in result.stderr and "Traceback" not in result.output
    assert (example / "judgments.yaml").read_text("utf-8") == broken


def test_a_new_judgments_file_is_created(example, cli, tmp_path):
    (example / "judgments.yaml").unlink()
    rid = manual_ids("8.6.3")[0]
    answers = tmp_path / "a.txt"
    answers.write_text("p\n3\no\nqueue checked\n\n", "utf-8")
    assert cli("interview", "--requirement", rid, "--auditor", "Li Na", "--answers", answers).exit_code == 0
    assert entries(example / "judgments.yaml")[rid]["grade"] == "observation"


def test_unknown_clause_is_one_line(example, cli):
    result = cli("interview", "--clause", "8.99", "--answers", "-")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "8.99" in result.stderr


def test_through_a_pseudo_terminal(example):
    """The terminal mode, typed at as a person would: a panel per requirement, answers saved as typed."""
    rid = manual_ids("8.6.3")[1]
    exe = Path(sys.executable).parent / "auditkit"
    main, child = pty.openpty()
    env = {**os.environ, "COLUMNS": "100", "TERM": "xterm"}
    proc = subprocess.Popen([str(exe), "interview", "--requirement", rid, "--date", "2026-11-05"],
                            stdin=child, stdout=child, stderr=child, cwd=example, env=env, close_fds=True)
    os.close(child)
    screen = b""

    def read_until(marker: bytes, timeout: float = 60) -> None:
        nonlocal screen
        end = time.monotonic() + timeout
        while marker not in screen:
            assert time.monotonic() < end, f"waited for {marker!r}; screen:\n{screen.decode(errors='replace')}"
            ready, _, _ = select.select([main], [], [], 0.5)
            if ready:
                try:
                    screen += os.read(main, 4096)
                except OSError:
                    break

    for marker, typed in [(b"Auditor", "Li Na"), (b"Result", "p"), (b"Grade", "2"), (b"Method", "s"),
                          (b"Sample examined", "3 problems"), (b"Note", "one lacked a workaround")]:
        read_until(marker)
        os.write(main, typed.encode() + b"\r")
    read_until(b"saved")
    proc.wait(timeout=60)
    os.close(main)
    assert proc.returncode == 0
    assert "\u256d" in screen.decode(errors="replace"), "the terminal mode draws the requirement in a panel"
    assert entries(example / "judgments.yaml")[rid] | {} == {
        "requirement": rid, "result": "partially-conformant", "grade": "minor-nc", "method": "sampling",
        "sample": "3 problems", "note": "one lacked a workaround", "auditor": "Li Na",
        "date": __import__("datetime").date(2026, 11, 5)}
