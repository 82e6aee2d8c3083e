"""The date shift that builds the example's 2025 cycle from today's evidence (history/build_example.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "history" / "build_example.py"


def _module():
    spec = importlib.util.spec_from_file_location("build_example", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_date_moves_back_one_year_and_ids_stay():
    shift = _module().shift_text
    assert shift("approved: 2026-01-15\nopened_at: 2026-09-07T01:16", True) == "approved: 2025-01-15\nopened_at: 2025-09-07T01:16"
    assert shift("INC1,07-09-2026 01:16,TRUE", False) == "INC1,07-09-2025 01:16,TRUE"
    assert shift("title: Internal audit 2026 (Q3 2026).", True) == "title: Internal audit 2025 (Q3 2025)."
    # record ids, versions and file names that contain a year are names, not dates
    assert shift("NC-2026-01 IA-2025-01 catalog 2026.11 log_2026.csv", True) == "NC-2026-01 IA-2025-01 catalog 2026.11 log_2026.csv"
    assert shift("2024-02-29", False) == "2023-02-28"  # no 29 February in the year before a leap year
