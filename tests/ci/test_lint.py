"""Process-document lint: each rule on a small evidence tree, located on the line and column concerned."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from auditkit.inputs.evidence import load_evidence
from auditkit.engine.lint import LintRules, heading_slugs, lint_evidence

from .conftest import position

PROFILE = "organization: {name: T}\nscope: s\nservices: [{id: svc-a, name: A}]\n"
FRONT = """---
id: {id}
type: {type}
title: {title}
owner: Service manager
approver: Director
approved: 2026-01-10
version: "1.0"
review_interval: 12 months
---
"""


@pytest.fixture
def tree(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "evidence"
    root.mkdir()
    (root / "organization.yaml").write_text(PROFILE)

    class Tree:
        def write(self, name: str, text: str) -> Path:
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
            return path

        def doc(self, name: str, body: str = "# Title\n\nText.\n", **front) -> Path:
            head = FRONT.format(id=front.pop("id", Path(name).stem), type=front.pop("type", "procedure"),
                                title=front.pop("title", "A document"))
            for key, value in front.items():
                if value is None:
                    head = "\n".join(line for line in head.splitlines() if not line.startswith(f"{key}:")) + "\n"
                else:
                    head = head.replace("---\n", f"---\n{key}: {value}\n", 1) if key not in head else \
                        "\n".join(f"{key}: {value}" if line.startswith(f"{key}:") else line for line in head.splitlines()) + "\n"
            return self.write(name, head + body)

        def lint(self, as_of=date(2026, 6, 1), rules=None):
            return lint_evidence(load_evidence(root), as_of, rules, project_root=tmp_path)

    return Tree()


def codes(problems) -> list[str]:
    return [p.code for p in problems]


def test_a_complete_document_is_clean(tree):
    tree.doc("procedures/a.md", "# A\n\n## Purpose\n\nWhy.\n")
    assert tree.lint() == []


def test_missing_fields_point_at_the_type_key(tree):
    path = tree.doc("procedures/a.md", owner=None, review_interval=None)
    problems = tree.lint()
    assert codes(problems) == ["missing-field", "missing-field"]
    line, column = position(path, "type:")
    assert all((p.location.line, p.location.column) == (line, column) for p in problems)
    assert "a: front matter lacks 'owner' (required for procedure documents)" in problems[0].message
    assert "'review_interval' or 'next_review'" in problems[1].message


def test_next_review_instead_of_an_interval_is_enough(tree):
    tree.doc("procedures/a.md", review_interval=None, next_review="2026-12-01")
    assert tree.lint() == []


def test_records_are_not_controlled_documents(tree):
    tree.write("minutes/m.md", "---\nid: m\ntype: minutes\ntitle: Minutes\n---\n# Minutes\n\nText.\n")
    assert tree.lint() == []


def test_required_sections_per_type_from_the_rules(tree):
    path = tree.doc("policies/p.md", "# Policy\n\n## Purpose\n\nWhy.\n\n## Principles\n\nHow.\n", type="policy")
    rules = LintRules.from_config({"sections": {"policy": ["Purpose", ["Scope", "Applicability"]], "*": ["Purpose"]}})
    problems = tree.lint(rules=rules)
    assert codes(problems) == ["missing-section"]
    assert problems[0].message == "p: no section 'Scope' or 'Applicability' (required for policy documents)"
    assert (problems[0].location.line, problems[0].location.column) == position(path, "type:")


def test_empty_section_points_at_its_heading(tree):
    path = tree.doc("procedures/a.md", "# A\n\n## Purpose\n\n## Roles\n\n### Manager\n\nDecides.\n\n  ## Records\n\n")
    problems = tree.lint()
    assert codes(problems) == ["empty-section", "empty-section"]
    assert (problems[0].location.line, problems[0].location.column) == position(path, "## Purpose")
    assert (problems[1].location.line, problems[1].location.column) == position(path, "## Records")
    assert "section 'Records' is empty" in problems[1].message  # Roles has a subsection: not empty


def test_broken_links_and_anchors_are_located(tree):
    tree.doc("procedures/b.md", "# B\n\n## Escalation rules\n\nText.\n")
    path = tree.doc("procedures/a.md",
                    "# A\n\nSee [B](b.md), [the rules](b.md#escalation-rules), [gone](../plans/gone.md)\n"
                    "and [wrong anchor](b.md#escalation) or <https://example.org> and [mail](mailto:x@y.z).\n")
    problems = tree.lint()
    assert codes(problems) == ["broken-link", "broken-anchor"]
    assert (problems[0].location.line, problems[0].location.column) == position(path, "../plans/gone.md")
    assert problems[0].message == "a: link to '../plans/gone.md': no such file"
    assert (problems[1].location.line, problems[1].location.column) == position(path, "b.md#escalation)")
    assert "b has no heading '#escalation'" in problems[1].message


def test_links_to_attachments_and_encoded_names(tree):
    tree.write("attachments/signed page.pdf", "%PDF")
    tree.doc("procedures/a.md", "# A\n\nThe [signed page](../attachments/signed%20page.pdf).\n")
    assert tree.lint() == []


def test_review_dates(tree):
    overdue = tree.doc("procedures/old.md", approved="2024-05-01")
    future = tree.doc("procedures/future.md", reviewed="2026-09-01")
    early = tree.doc("procedures/early.md", effective="2026-01-01")
    odd = tree.doc("procedures/odd.md", next_review="2028-01-01")
    problems = {p.location.file.split("/")[-1]: p for p in tree.lint()}
    assert problems["old.md"].code == "review-overdue"
    assert problems["old.md"].message == "old: review was due on 2025-05-01 (approved 2024-05-01, every 1 year)"
    assert (problems["old.md"].location.line, problems["old.md"].location.column) == position(overdue, "approved:")
    assert problems["future.md"].code == "future-date"
    assert problems["future.md"].location.line == position(future, "reviewed:")[0]
    assert problems["early.md"].code == "effective-before-approval"
    assert problems["early.md"].location.line == position(early, "effective:")[0]
    assert problems["odd.md"].code == "review-dates-inconsistent"
    assert problems["odd.md"].location.line == position(odd, "next_review:")[0]


def test_rules_can_switch_families_off(tree):
    tree.doc("procedures/a.md", "# A\n\n## Empty\n\nSee [x](missing.md).\n\n## Also empty\n", approved="2020-01-01")
    assert set(codes(tree.lint())) == {"broken-link", "empty-section", "review-overdue"}
    quiet = LintRules.from_config({"links": False, "review_dates": False, "empty_sections": False})
    assert tree.lint(rules=quiet) == []


def test_fields_config_replaces_the_default_and_adds_per_type(tree):
    tree.doc("procedures/a.md", version=None, effective=None)
    rules = LintRules.from_config({"fields": {"*": ["owner"], "procedure": ["effective"]}})
    problems = tree.lint(rules=rules)
    assert [p.message for p in problems] == ["a: front matter lacks 'effective' (required for procedure documents)"]


def test_heading_slugs_like_github():
    from auditkit.inputs.documents.markdown import Section

    sections = [Section("Roles & responsibilities", 2, 1), Section("3. Scope", 2, 2), Section("Scope", 2, 3), Section("Scope", 2, 4)]
    assert heading_slugs(sections) == {"roles--responsibilities", "3-scope", "scope", "scope-1"}


def test_validate_prints_lint_warnings_and_strict_fails(mini, cli):
    result = cli("validate")
    assert result.exit_code == 0
    assert "evidence/sla-a.yaml:2:1: warning: sla-a: descriptor lacks 'owner' (required for agreement documents) [missing-field]" in result.stderr
    assert "4 lint warnings" in result.stdout
    assert cli("validate", "--strict").exit_code == 1
    (mini / "auditkit.yaml").write_text("gates:\n  lint: off\n")
    result = cli("validate", "--strict")
    assert result.exit_code == 0 and "warning" not in result.stderr


def test_validate_keeps_exit_2_for_invalid_input(mini, cli):
    (mini / "evidence" / "sla-a.yaml").write_text("id: sla-a\ntype: agreement\n")
    result = cli("validate", "--strict")
    assert result.exit_code == 2 and "evidence/sla-a.yaml:1:1: error: 'title' is required" in result.stderr
