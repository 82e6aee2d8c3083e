from auditkit.engine.checks import Outcome
from auditkit.model.errors import Location

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
    # issue 15: each section is named with the heading that satisfied it, or said to be missing
    assert result.message == ('p: Roles: heading "Roles" (evidence/p.md:8); Communication: missing; '
                              "Post-incident review: missing")
    assert "Communication：未找到" in result.message_in("zh")


def test_yaml_descriptor_cannot_be_checked_for_sections(tree):
    tree.write("p.yaml", {"id": "p", "type": "procedure", "title": "MI", "covers": ["8.6.1"]})
    assert tree.check("has_sections", sections=["Roles"]).outcome is Outcome.CANNOT_EVALUATE


def test_heading_inside_code_block_is_not_a_section(tree):
    tree.write("p.md", doc({"id": "p", "type": "procedure", "title": "MI", "covers": ["8.6.1"]}, "```\n# Roles\n```\n"))
    assert tree.check("has_sections", sections=["Roles"]).outcome is Outcome.FAIL


def test_concept_present_in_a_heading_is_named_and_passes(tree):
    tree.write("bcp.md", doc({"id": "bcp", "type": "plan", "title": "BCP", "covers": ["8.7.2"]},
                             "# Continuity plan\n\n## Activation Triggers\n\n## Return to Normal Operations\n"))
    from auditkit.model.concepts import Concept

    result = tree.check("has_sections", clause="8.7.2",
                        sections=[["Invocation criteria", "Activation triggers"], "Return to normal operations"])
    assert result.outcome is Outcome.PASS
    assert 'heading "Activation Triggers" (evidence/bcp.md:10)' in result.message
    assert [(loc.file, loc.line) for loc in result.evidence] == [("evidence/bcp.md", 10), ("evidence/bcp.md", 12)]
    assert Concept  # the literal sections above are matched as concepts


def test_section_only_in_body_text_is_partial_not_a_failure(tree):
    tree.write("bcp.md", doc({"id": "bcp", "type": "plan", "title": "BCP", "covers": ["8.7.2"]},
                             "# Continuity plan\n\nWe return to normal operations once the site is back.\n"))
    result = tree.check("has_sections", clause="8.7.2", sections=["Return to normal operations"])
    assert result.outcome is Outcome.PARTIAL
    assert "only mentioned in body text" in result.message and "仅在正文中提及" in result.message_in("zh")
    assert (result.evidence[0].file, result.evidence[0].line) == ("evidence/bcp.md", 2)  # the document first


def test_documents_of_the_asked_type_each_need_the_section_others_count_together(tree):
    tree.write("a.md", doc({"id": "a", "type": "contract", "title": "A", "covers": ["8.3.4.1"]}, "# A\n\n## Termination\n"))
    tree.write("b.md", doc({"id": "b", "type": "contract", "title": "B", "covers": ["8.3.4.1"]}, "# B\n\n## Reporting\n"))
    result = tree.check("has_sections", clause="8.3.4.1", select={"type": "contract"}, sections=["Termination"])
    assert result.outcome is Outcome.FAIL and result.message.startswith("b: Termination: missing")
    assert "a: Termination: heading" in result.message

    # issue 15, types as preferences: when no document of the asked type is among those handed to the rule, the
    # covering documents are judged as one set
    from datetime import date

    from auditkit.engine.checks import RULES, CheckContext
    from auditkit.inputs.catalog import CheckSpec, Selector
    from auditkit.inputs.evidence import load_evidence

    evidence = load_evidence(tree.root)
    items = [i for i in evidence.items if i.id in ("a", "b")]
    spec = CheckSpec("has_sections", Selector.from_dict({"type": "policy"}), {"sections": ["Termination", "Reporting"]},
                     Location("catalog.yaml", 1, 1))
    result = RULES["has_sections"].evaluate(spec, items, CheckContext(evidence, date(2026, 1, 1), None))
    assert result.outcome is Outcome.PASS and result.message.startswith("a, b: Termination: heading")
