"""Smoke tests of the benchmark harness at a tiny size: the generator writes a valid, deterministic organisation
and the runner times commands and writes its table. No timing is asserted: performance lives in benchmarks/."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditkit.cli import main

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"
TINY = {"files_per_scale": 30, "records_per_scale": 400}


def _module(name: str):
    """Load benchmarks/<name>.py (the folder is not a package)."""
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))  # run.py imports its sibling generate.py
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generate():
    return _module("generate")


def test_generator_is_deterministic_and_sized(generate, tmp_path):
    a = generate.generate(1, tmp_path / "a", seed=7, **TINY)
    generate.generate(1, tmp_path / "b", seed=7, **TINY)
    generate.generate(1, tmp_path / "c", seed=8, **TINY)
    assert generate.tree_digest(tmp_path / "a" / "evidence") == generate.tree_digest(tmp_path / "b" / "evidence")
    assert generate.tree_digest(tmp_path / "a" / "evidence") != generate.tree_digest(tmp_path / "c" / "evidence")
    assert a["evidence_files"] >= 30 and a["records"] >= 400
    files = [p for p in (tmp_path / "a" / "evidence").rglob("*") if p.is_file()]
    assert len(files) == a["evidence_files"]
    # every kind of evidence the formats describe is there: profile, Markdown, YAML registers, CSV record sets
    suffixes = {p.suffix for p in files}
    assert {".md", ".yaml", ".csv"} <= suffixes
    # a second call with the same inputs reuses the organisation instead of writing it again
    stamp = (tmp_path / "a" / "manifest.json").stat().st_mtime_ns
    generate.generate(1, tmp_path / "a", seed=7, **TINY)
    assert (tmp_path / "a" / "manifest.json").stat().st_mtime_ns == stamp


def test_generated_organisation_validates_and_assesses(generate, tmp_path, monkeypatch):
    generate.generate(1, tmp_path / "org", **TINY)
    monkeypatch.chdir(tmp_path / "org")
    runner = CliRunner()
    result = runner.invoke(main, ["validate"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["assess", "--as-of", generate.AS_OF.isoformat(), "--format", "json"],
                           catch_exceptions=False)
    assert result.exit_code == 0
    data = json.loads(result.output)
    checks = data["summary"]["checks"]
    # the record checks ran over the generated exports: none of them is left unevaluable
    assert checks["cannot-evaluate"] == 0
    record_checks = [c for r in data["results"] for c in r["checks"] if c["rule"].startswith("records_")]
    assert record_checks and all(c["outcome"] in ("pass", "fail") for c in record_checks)
    assert checks["pass"] > checks["fail"] > 0  # mostly conformant, with some findings, like a real organisation


def test_runner_writes_the_table_with_floor_ratios(tmp_path):
    run = _module("run")
    output = tmp_path / "RESULTS.md"
    code = run.main(["--sizes", "1", "--runs", "1", "--work", str(tmp_path / "work"), "--files-per-scale", "30",
                     "--records-per-scale", "300", "--only", "floor (", "validate", "assess (json)", "actions sync", "no-such",
                     "--output", str(output), "--notes", str(tmp_path / "none.md")])
    assert code == 0
    text = output.read_text()
    assert "| floor (CSafeLoader + csv) | 1x | 1 |" in text
    rows = {line.split("|")[1].strip(): line for line in text.splitlines() if line.startswith("| auditkit")}
    for name in ("auditkit validate", "auditkit assess (json)", "auditkit actions sync"):
        cells = [c.strip() for c in rows[name].split("|")[1:-1]]
        assert cells[2] == "1" and float(cells[3]) > 0 and float(cells[5]) > 0 and float(cells[6]) > 0, rows[name]
    assert "Machine:" in text and "Date:" in text
    raw = json.loads((tmp_path / "work" / "results.json").read_text())
    assert {r["command"] for r in raw["results"]} == {"floor (CSafeLoader + csv)", "auditkit validate", "auditkit assess (json)",
                                                      "auditkit assess (json), one process", "auditkit actions sync"}
    # the register is written beside the organisation, never into it: what the other commands read stays the same
    project = tmp_path / "work" / "org-1x"
    assert list((project / "out" / "register" / "actions").glob("CAR-*.yaml")) and not (project / "actions").exists()


def test_floor_reads_every_input(generate, tmp_path):
    manifest = generate.generate(1, tmp_path / "org", **TINY)
    floor = _module("floor")
    counts = floor.floor(tmp_path / "org")
    assert counts["csv_rows"] >= manifest["records"]  # every row (and each header) was parsed
    assert counts["bytes"] == manifest["evidence_bytes"]
