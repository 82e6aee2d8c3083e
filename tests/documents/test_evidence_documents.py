"""Evidence that points at documents as written, anywhere inside the project folder, and never outside it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REALDOCS = Path(__file__).resolve().parents[1] / "fixtures" / "realdocs"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def _errors(result) -> list[str]:
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    return [line for line in result.stderr.splitlines() if ": error: " in line]


def test_descriptor_points_at_a_document_in_place(mini, cli):
    """The contingency plan of cloud.gov, unchanged in documents/, is evidence through a three-line descriptor."""
    shutil.copytree(REALDOCS / "cloudgov", mini / "documents" / "cloudgov")
    _write(mini / "evidence" / "cp.yaml", "id: contingency-plan\ntype: plan\n"
           "document: ../documents/cloudgov/_docs/ops/contingency-plan.md\n")
    result = cli("validate")
    assert result.exit_code == 0, result.stderr
    assert "4 evidence items" in result.stdout
    # another tool's front matter is read, its duplicate key is a warning, not a refusal
    assert ("documents/cloudgov/_docs/ops/contingency-plan.md:4:1: warning: duplicate front-matter key 'layout'"
            in result.stderr)

    from auditkit.inputs.config import load_config
    from auditkit.engine.project import load_inputs

    item = load_inputs(load_config(mini)).evidence.by_id()["contingency-plan"]
    assert item.title == "Contingency plan"
    assert item.approver == "The team leads" and item.approved is None  # never dated silently
    assert str(item.review_interval) == "1 year"
    assert str(item.locate("approver")) == "documents/cloudgov/_docs/ops/contingency-plan.md:192:113"
    assert "Recovery objective" in [s.title for s in item.sections]


def test_a_symbolic_link_out_of_the_project_is_refused(mini, cli, tmp_path):
    outside = _write(tmp_path / "elsewhere" / "policy.md", "# Policy\n")
    (mini / "documents").mkdir()
    os.symlink(outside, mini / "documents" / "policy.md")
    _write(mini / "evidence" / "p.yaml", "id: p\ntype: policy\ndocument: ../documents/policy.md\n")
    errors = _errors(cli("validate"))
    assert errors == ["evidence/p.yaml:3:11: error: document '../documents/policy.md' leads outside the project "
                      "folder through a symbolic link [document]"]


def test_a_symbolic_link_inside_the_project_is_followed(mini, cli):
    _write(mini / "wiki" / "policy.md", "# Policy\n\nVersion: 2.0\n")
    (mini / "documents").mkdir()
    os.symlink(mini / "wiki" / "policy.md", mini / "documents" / "policy.md")
    _write(mini / "evidence" / "p.yaml", "id: p\ntype: policy\ndocument: ../documents/policy.md\n")
    assert cli("validate").exit_code == 0


def test_documents_in_evidence_are_read_not_ignored(mini, cli):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_heading("Supplier policy", 1)
    document.save(mini / "evidence" / "supplier-policy.docx")
    _write(mini / "evidence" / "notes.md", "# Meeting notes\n\nNo front matter at all.\n")
    (mini / "evidence" / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    result = cli("validate")
    assert result.exit_code == 0, result.stderr
    assert "5 evidence items" in result.stdout
    assert "evidence/old.doc: warning: auditkit cannot read .doc files" in result.stderr

    from auditkit.inputs.config import load_config
    from auditkit.engine.project import load_inputs

    items = load_inputs(load_config(mini)).evidence.by_id()
    assert items["supplier-policy"].title == "Supplier policy" and items["supplier-policy"].type == "other"
    assert items["notes"].sections[0].title == "Meeting notes"


def test_a_document_a_descriptor_points_at_is_one_item(mini, cli):
    _write(mini / "evidence" / "docs" / "plan.md", "# Plan\n")
    _write(mini / "evidence" / "plan.yaml", "id: plan\ntype: plan\ndocument: docs/plan.md\n")
    result = cli("validate")
    assert result.exit_code == 0, result.stderr
    assert "4 evidence items" in result.stdout
