"""`auditkit assess --record`: the snapshot holds the assessment, a manifest of every input with its sha256,
the versions, and the hash of the snapshot before it."""

from __future__ import annotations

import hashlib
import json
import os

import pytest

from auditkit.outputs.history import trend_for_report
from auditkit.outputs.history.snapshot import content_hash
from auditkit.inputs.validation import schema, validator_for

from .conftest import load, snapshot_path


def test_a_recorded_snapshot_holds_the_assessment_the_manifest_and_the_chain(two_cycles, cli):
    first, second = load(snapshot_path(two_cycles, 1)), load(snapshot_path(two_cycles, 2))
    assert not list(validator_for(schema("snapshot")).iter_errors(second))
    assert first["snapshot"]["previous"] is None
    assert second["snapshot"]["previous"] == first["hash"] == content_hash(first)
    assert second["snapshot"]["id"] == "S0002" and second["snapshot"]["as_of"] == "2026-11-05"
    assert second["snapshot"]["tool"]["name"] == "auditkit" and second["snapshot"]["catalog"] == {"id": "mini", "version": "1"}
    assert (two_cycles / "history" / "HEAD").read_text() == f"S0002 {second['hash']}\n"

    # the assessment is the one `assess` prints, so a snapshot re-renders the same report later
    printed = json.loads(cli("assess", "--as-of", "2026-11-05", "-f", "json").stdout)
    assert second["assessment"] == printed


def test_the_manifest_names_every_input_file_with_its_sha256(two_cycles):
    manifest = load(snapshot_path(two_cycles, 2))["manifest"]
    inputs = sorted(str(p.relative_to(two_cycles)) for sub in ("controls", "evidence") for p in (two_cycles / sub).rglob("*")
                    if p.is_file()) + ["judgments.yaml"]
    assert sorted(e["path"] for e in manifest) == sorted(inputs)
    for entry in manifest:
        blob = (two_cycles / entry["path"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(blob).hexdigest() and entry["size"] == len(blob)
    roles = {e["path"]: e["role"] for e in manifest}
    assert roles["judgments.yaml"] == "judgments" and roles["evidence/records/incidents.csv"] == "evidence"
    assert roles["controls/mini/requirements.yaml"] == "catalog"
    # the first cycle's SLA file differs from the second's: the manifests tell which inputs changed
    old = {e["path"]: e["sha256"] for e in load(snapshot_path(two_cycles, 1))["manifest"]}
    new = {e["path"]: e["sha256"] for e in manifest}
    assert [p for p in new if new[p] != old[p]] == ["evidence/sla-a.yaml"]


def test_history_lists_snapshots_with_their_scores(two_cycles, cli):
    result = cli("history")
    assert result.exit_code == 0
    lines = [line.replace("│", " ") for line in result.stdout.splitlines() if line.lstrip().startswith("S000")]
    assert lines[0].split()[:2] == ["S0001", "2026-03-01"] and "64.3%" in lines[0]
    assert lines[1].split()[:2] == ["S0002", "2026-11-05"] and "57.1%" in lines[1] and "-7.1" in lines[1]
    rows = json.loads(cli("history", "-f", "json").stdout)
    assert [(r["id"], r["major-nc"], r["minor-nc"]) for r in rows] == [("S0001", 0, 2), ("S0002", 0, 2)]  # 8.6.1-01: a gap, minor (issue 15)


def test_trend_for_report_oldest_first(two_cycles):
    trend = trend_for_report(two_cycles)
    assert [(t["id"], t["as_of"]) for t in trend] == [("S0001", "2026-03-01"), ("S0002", "2026-11-05")]
    assert trend[0]["overall"] == pytest.approx(9 / 14, abs=1e-4)
    assert trend[1]["clauses"] == {"5": 1.0, "8": pytest.approx(2 / 6, abs=1e-4), "9": 0.6}
    assert trend_for_report(two_cycles / "evidence") == []  # no history/ folder: no trend


def test_a_record_that_fails_to_write_leaves_the_history_as_it_was(two_cycles, cli, monkeypatch):
    head = (two_cycles / "history" / "HEAD").read_text()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    result = cli("assess", "--as-of", "2026-12-01", "--record")
    assert result.exit_code == 2 and "No space left on device" in result.stderr
    monkeypatch.undo()
    assert sorted(p.name for p in (two_cycles / "history").iterdir() if not p.name.startswith(".")) == [
        "HEAD", "S0001-2026-03-01.json", "S0002-2026-11-05.json"]
    assert (two_cycles / "history" / "HEAD").read_text() == head
    assert cli("verify").exit_code == 0
