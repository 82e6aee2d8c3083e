from datetime import date

from auditkit.engine.checks import Outcome


def test_approved_item_passes(tree):
    tree.write("p.yaml", {"id": "p", "type": "policy", "title": "P", "covers": ["8.6.1"], "approver": "MD", "approved": "2026-01-02"})
    result = tree.check("approved")
    assert result.outcome is Outcome.PASS and "by MD on 2026-01-02" in result.message


def test_unapproved_and_future_approval_fail(tree):
    tree.write("p.yaml", {"id": "p", "type": "policy", "title": "P", "covers": ["8.6.1"]})
    assert "not approved" in tree.check("approved").message
    tree.write("p.yaml", {"id": "p", "type": "policy", "title": "P", "covers": ["8.6.1"], "approver": "MD", "approved": "2026-07-01"})
    result = tree.check("approved", as_of=date(2026, 6, 1))
    assert result.outcome is Outcome.FAIL and "only from 2026-07-01" in result.message


def test_nothing_selected_fails_before_the_rule_runs(tree):
    result = tree.check("approved", select={"type": "policy", "covers": "5.2"})
    assert result.outcome is Outcome.FAIL and result.message.startswith("no evidence")
