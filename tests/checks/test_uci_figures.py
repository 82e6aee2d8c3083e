"""Closing figures of issue 16 on the real ServiceNow slice: auditkit's SLA attainment per priority and p50/p90
resolution times equal an independent computation with the csv module, for the rows as written and shuffled."""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import uci_figures  # noqa: E402


def test_auditkit_and_the_csv_module_give_the_same_figures(tmp_path):
    expected = uci_figures.independent(uci_figures.DATA)
    assert expected["incidents"] == 890 and expected["attainment"]["3 - Moderate"] == (456, 757)
    lines = uci_figures.DATA.read_text(encoding="utf-8").splitlines(keepends=True)
    body = lines[1:]
    random.Random(498).shuffle(body)
    shuffled = tmp_path / "shuffled.csv"
    shuffled.write_text(lines[0] + "".join(body), encoding="utf-8")
    for path in (uci_figures.DATA, shuffled):
        assert uci_figures.by_auditkit(path) == expected, path
    assert "| 1 - Critical | 1 / 15 (6.6%) | 1 / 15 (6.6%) |" in uci_figures.table()
