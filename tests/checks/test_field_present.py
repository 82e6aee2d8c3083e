from auditkit.engine.checks import Outcome


def test_field_present_equals_and_pattern(tree):
    tree.write("r.yaml", {"id": "r", "type": "register", "title": "Risk register", "covers": ["8.6.1"],
                          "owner": "Risk owner", "data": {"method": "5 whys"}})
    assert tree.check("field_present", field="owner").outcome is Outcome.PASS
    assert tree.check("field_present", field="data.method", equals="5 whys").outcome is Outcome.PASS
    wrong = tree.check("field_present", field="data.method", equals="Ishikawa")
    assert wrong.outcome is Outcome.FAIL and "expected 'Ishikawa'" in wrong.message
    assert wrong.evidence[0].line == 8  # the line of the `method:` key
    assert tree.check("field_present", field="owner", pattern="^Risk").outcome is Outcome.PASS


def test_field_missing_fails_naming_the_item(tree):
    tree.write("r.yaml", {"id": "r", "type": "register", "title": "Risk register", "covers": ["8.6.1"]})
    result = tree.check("field_present", field="approver")
    assert result.outcome is Outcome.FAIL and "r has no 'approver'" in result.message
