from auditkit.engine.checks import Outcome


def test_passes_when_an_item_covers_the_requirement(tree):
    tree.write("p.yaml", {"id": "p", "type": "procedure", "title": "Incident procedure", "covers": ["8.6"]})
    result = tree.check("evidence_exists")
    assert result.outcome is Outcome.PASS and "p" in result.message
    assert result.evidence[0].file.endswith("p.yaml") and result.evidence[0].line == 1


def test_fails_with_no_evidence_and_says_what_was_looked_for(tree):
    tree.write("p.yaml", {"id": "p", "type": "procedure", "title": "Change procedure", "covers": ["8.5.1"]})
    result = tree.check("evidence_exists", select={"type": "policy", "covers": "8.6.1"})
    assert result.outcome is Outcome.FAIL
    assert "no evidence of type policy covering 8.6.1" in result.message


def test_min_counts_items(tree):
    tree.write("a.yaml", {"id": "a", "type": "minutes", "title": "Review 1", "covers": ["8.6.1"]})
    assert tree.check("evidence_exists", min=2).outcome is Outcome.FAIL
    tree.write("b.yaml", {"id": "b", "type": "minutes", "title": "Review 2", "covers": ["8.6.1-01"]})
    assert tree.check("evidence_exists", min=2).outcome is Outcome.PASS
