from auditkit.engine.checks import Outcome

from .conftest import doc


def test_sections_found_case_and_numbering_insensitive(tree):
    tree.write("p.md", doc({"id": "p", "type": "procedure", "title": "MI", "covers": ["8.6.1"]},
                           "# Major incidents\n\n## 1. Definition of a MAJOR incident\n\ntext\n\n### Roles\n"))
    result = tree.check("has_sections", sections=["Definition of a major incident", ["Roles", "Responsibilities"]])
    assert result.outcome is Outcome.PASS


def test_missing_section_named(tree):
    tree.write("p.md", doc({"id": "p", "type": "procedure", "title": "MI", "covers": ["8.6.1"]}, "# Roles\n"))
    result = tree.check("has_sections", sections=["Roles", "Communication", ["Post-incident review", "Lessons learned"]])
    assert result.outcome is Outcome.FAIL
    assert "lacks section(s): Communication, Post-incident review / Lessons learned" in result.message


def test_yaml_descriptor_cannot_be_checked_for_sections(tree):
    tree.write("p.yaml", {"id": "p", "type": "procedure", "title": "MI", "covers": ["8.6.1"]})
    assert tree.check("has_sections", sections=["Roles"]).outcome is Outcome.CANNOT_EVALUATE


def test_heading_inside_code_block_is_not_a_section(tree):
    tree.write("p.md", doc({"id": "p", "type": "procedure", "title": "MI", "covers": ["8.6.1"]}, "```\n# Roles\n```\n"))
    assert tree.check("has_sections", sections=["Roles"]).outcome is Outcome.FAIL
