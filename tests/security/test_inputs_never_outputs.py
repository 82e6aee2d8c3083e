"""Inputs are never outputs (issue 17, must-deliver 3): every command that writes a file refuses, with exit 2 and
the file untouched, a target that is a file the run reads, wherever it lies: the documents imported descriptors
point at, attachments, record exports, auditkit.yaml, judgments, a baseline, a stored assessment, a signing key,
a template folder. ``--force`` writes anyway."""

from __future__ import annotations

import os
from pathlib import Path

import click
import pytest


from .test_project_option import every_command
from .conftest import run

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = "documents/policies/access.md"
DOCUMENT_TEXT = "# Access policy\n\nOwner: service manager. Reviewed every year.\n"

# Every command that writes a file it is given, with the arguments that make it write there (FILE).
WRITERS = {
    "assess": ("assess", "--as-of", "2026-11-05", "-f", "json", "-o", "FILE"),
    "report": ("report", "--as-of", "2026-11-05", "-o", "FILE", "-f", "html"),
    "roadmap": ("roadmap", "--as-of", "2026-11-05", "-o", "FILE"),
    "check": ("check", "--as-of", "2026-11-05", "--format", "json:FILE"),
}

NEW_FILES_ONLY = {"sample"}
"""Commands whose -o names files they create and never replace (an existing one is refused whatever it is):
``sample -o STEM`` writes STEM.csv and STEM.xlsx, worksheets that may hold an auditor's verdicts."""

WRITES_INPUTS = {"catalog import"}
"""Commands whose -o is an input folder by design: ``catalog import -o controls/x/`` creates or updates a catalog
and keeps the requirements the user added there as written (tests/catalog)."""


@pytest.fixture
def project(project) -> Path:
    """The history test project plus a document outside evidence/ that an imported descriptor points at."""
    root = project
    (root / DOCUMENT).parent.mkdir(parents=True)
    (root / DOCUMENT).write_text(DOCUMENT_TEXT, "utf-8")
    (root / "evidence" / "access.yaml").write_text(
        "id: access-policy\ntype: policy\ndocument: ../documents/policies/access.md\ncovers: [\"5.2.2\"]\n", "utf-8")
    return root



def _writing(command: str, target: str, *extra: str) -> tuple[str, ...]:
    return tuple(target if a == "FILE" else a.replace("FILE", target) for a in WRITERS[command]) + extra


def test_every_command_with_an_output_file_is_covered_here():
    """A new command with -o/--output must join WRITERS (and so these tests)."""
    def writes(command: click.Command) -> bool:
        return any(isinstance(p, click.Option) and ("-o" in p.opts or "--output" in p.opts) for p in command.params)

    found = {" ".join(names) for names, command in every_command() if writes(command)}
    assert found >= {"assess", "report", "roadmap"}
    untried = found - set(WRITERS) - NEW_FILES_ONLY - WRITES_INPUTS
    assert not untried, f"commands writing -o that these tests do not try: {sorted(untried)}"


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_an_imported_document_outside_evidence_is_never_overwritten(project, command):
    result = run(*_writing(command, DOCUMENT))
    assert result.exit_code == 2, result.output
    assert f"{DOCUMENT}: that is an input of this run" in result.stderr
    assert (project / DOCUMENT).read_text("utf-8") == DOCUMENT_TEXT


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_the_config_and_judgments_are_never_overwritten(project, command):
    (project / "auditkit.yaml").write_text("scoring:\n  readiness_threshold: 0.7\n", "utf-8")
    for name in ("auditkit.yaml", "judgments.yaml"):
        before = (project / name).read_bytes()
        result = run(*_writing(command, name))
        assert result.exit_code == 2 and "that is an input of this run" in result.stderr, result.output
        assert (project / name).read_bytes() == before


def test_force_writes_over_a_document_when_the_user_insists(project):
    result = run(*_writing("assess", DOCUMENT), "--force")
    assert result.exit_code == 0, result.output
    assert (project / DOCUMENT).read_text("utf-8").startswith("{")


def test_an_output_beside_the_document_is_fine(project):
    result = run(*_writing("assess", "documents/policies/gap.json"))
    assert result.exit_code == 0, result.output
    assert (project / "documents/policies/gap.json").is_file()


def test_the_baseline_of_auditkit_yaml_is_an_input(project):
    assert run("assess", "--as-of", "2026-03-01", "-f", "json", "-o", "base.json").exit_code == 0
    (project / "auditkit.yaml").write_text("gates:\n  baseline: base.json\n", "utf-8")
    before = (project / "base.json").read_bytes()
    result = run("check", "--as-of", "2026-11-05", "--format", "json:base.json")
    assert result.exit_code == 2 and "base.json: that is an input of this run" in result.stderr, result.output
    assert (project / "base.json").read_bytes() == before


@pytest.mark.parametrize("command", ["report", "roadmap"])
def test_a_stored_assessment_read_with_from_json_is_an_input(project, command):
    assert run("assess", "--as-of", "2026-11-05", "-f", "json", "-o", "stored.json").exit_code == 0
    before = (project / "stored.json").read_bytes()
    result = run(command, "--from-json", "stored.json", "-o", "stored.json", *(["-f", "html"] * (command == "report")))
    assert result.exit_code == 2 and "stored.json: that is an input of this run" in result.stderr, result.output
    assert (project / "stored.json").read_bytes() == before


def test_the_signing_key_is_an_input(project):
    key = project / "signing-key"
    key.write_text("-----BEGIN OPENSSH PRIVATE KEY-----\n", "utf-8")
    result = run("assess", "--as-of", "2026-11-05", "--record", "--sign", "signing-key", "-f", "json",
                 "-o", "signing-key")
    assert result.exit_code == 2 and "signing-key: that is an input of this run" in result.stderr, result.output
    assert key.read_text("utf-8") == "-----BEGIN OPENSSH PRIVATE KEY-----\n"
    assert not (project / "history").exists()  # refused before anything was recorded


def test_a_report_is_not_written_into_its_template_folder(project):
    (project / "brand").mkdir()
    result = run("report", "--as-of", "2026-11-05", "--template-dir", "brand", "-o", "brand/report.html")
    assert result.exit_code == 2 and "that is inside brand" in result.stderr, result.output
    assert list((project / "brand").iterdir()) == []


def test_a_record_export_is_an_input_too(project):
    target = "evidence/records/incidents.csv"  # attachments and exports lie in evidence/: never written
    before = (project / target).read_bytes()
    result = run(*_writing("assess", target))
    assert result.exit_code == 2 and "inside evidence" in result.stderr, result.output
    assert (project / target).read_bytes() == before


def test_a_symbolic_link_to_a_document_is_refused_like_the_document(project):
    os.symlink(DOCUMENT, project / "looks-harmless.md")
    result = run(*_writing("assess", "looks-harmless.md"))
    assert result.exit_code == 2 and f"({DOCUMENT})" in result.stderr, result.output
    assert (project / DOCUMENT).read_text("utf-8") == DOCUMENT_TEXT


def test_the_refusal_is_written_in_the_language_asked_for(project):
    result = run(*_writing("assess", DOCUMENT), "--lang", "zh")
    assert result.exit_code == 2 and f"-o {DOCUMENT}：这是本次运行的输入文件" in result.stderr, result.output
    result = run("roadmap", "--lang", "zh", "-o", "evidence/plan.md")
    assert result.exit_code == 2 and "位于 evidence 内" in result.stderr, result.output
