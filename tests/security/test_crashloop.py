"""A few rounds of the crash loop (tests/security/crashloop.py) in every test run; ``make fuzz`` runs 240."""

from __future__ import annotations

import os

from . import crashloop

ROUNDS = int(os.environ.get("CRASH_ROUNDS", "7"))


def test_killed_writers_lose_nothing_and_leave_nothing_behind(tmp_path):
    kills, problems = crashloop.crash_loop(ROUNDS, tmp_path, seed=5)
    assert not problems, "\n".join(problems)
    assert sum(kills.values()) == ROUNDS
