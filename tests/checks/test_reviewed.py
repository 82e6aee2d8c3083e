from datetime import date

from auditkit.engine.checks import Outcome


def _policy(tree, **fields):
    tree.write("p.yaml", {"id": "p", "type": "policy", "title": "P", "covers": ["8.6.1"], "approver": "MD", **fields})


def test_within_interval_passes_and_stale_fails_at_the_review_line(tree):
    _policy(tree, approved="2025-01-10", reviewed="2025-09-01", review_interval="12 months")
    assert tree.check("reviewed_within", as_of=date(2026, 9, 1)).outcome is Outcome.PASS
    stale = tree.check("reviewed_within", as_of=date(2026, 9, 2))
    assert stale.outcome is Outcome.FAIL
    assert "stale: last reviewed 2025-09-01, review due 2026-09-01" in stale.message
    assert stale.evidence[0].line == 8  # the `reviewed:` key


def test_check_max_age_overrides_the_item_interval(tree):
    _policy(tree, approved="2026-01-10", review_interval="3 years")
    assert tree.check("reviewed_within", max_age="6 months", as_of=date(2026, 8, 1)).outcome is Outcome.FAIL


def test_no_interval_anywhere_fails_with_a_reason(tree):
    _policy(tree, approved="2026-01-10")
    result = tree.check("reviewed_within")
    assert result.outcome is Outcome.FAIL and "no review_interval" in result.message


def test_month_end_clamps(tree):
    _policy(tree, approved="2025-08-31", review_interval="6 months")
    assert tree.check("reviewed_within", as_of=date(2026, 2, 28)).outcome is Outcome.PASS
    assert tree.check("reviewed_within", as_of=date(2026, 3, 1)).outcome is Outcome.FAIL
