"""The fuzz target (tests/security/fuzz.py): a slice in ``make test``, FUZZ_INPUTS mutants in ``make fuzz``."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from . import fuzz

INPUTS = int(os.environ.get("FUZZ_INPUTS", "300"))
EVERY_COMMAND = bool(os.environ.get("FUZZ_EVERY_COMMAND"))
PROGRESS = Path(os.environ["FUZZ_REPORT"] + ".partial") if os.environ.get("FUZZ_REPORT") else None
COUNTS: Counter = Counter()
FAILURES: list[str] = []


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    return fuzz.build_base(tmp_path_factory.mktemp("fuzz") / "base")


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz-work") / "project"


def test_mutated_inputs_never_crash_hang_or_lose_their_location(base, work):
    @settings(max_examples=INPUTS, deadline=None, database=None, derandomize=not os.environ.get("FUZZ_RANDOM"),
              suppress_health_check=list(HealthCheck), print_blob=True)
    @given(fuzz.mutations())
    def one(mutation):
        done = sum(COUNTS.values())
        if PROGRESS and done % 600 == 0:  # partial counts of a long run, so an interrupted run still tells
            fuzz.report(COUNTS, FAILURES, PROGRESS)
        commands = tuple(fuzz.COMMANDS) if EVERY_COMMAND else None
        for kind, command, outcome, detail in fuzz.run_mutant(base, work, mutation, commands):
            COUNTS[kind, outcome] += 1
            if outcome in ("internal-error", "hang", "unlocated-error"):
                FAILURES.append(f"{kind} / {command}: {outcome}: {detail} <- {fuzz.as_json(mutation)}")

    try:
        one()
    finally:
        text = fuzz.report(COUNTS, FAILURES, Path(os.environ["FUZZ_REPORT"]) if os.environ.get("FUZZ_REPORT") else None)
        print("\n" + text)
    assert not FAILURES, "\n".join(FAILURES[:20])
