"""`auditkit verify`: a hand-edited, renamed, reordered, replaced or missing snapshot is named; exit 1."""

from __future__ import annotations

import json

import pytest

from auditkit.outputs.history.snapshot import content_hash

from .conftest import load, snapshot_path


@pytest.fixture
def three(two_cycles, cli):
    assert cli("assess", "--as-of", "2027-03-01", "--record").exit_code == 0
    return two_cycles


def test_an_intact_history_verifies(three, cli):
    result = cli("verify")
    assert result.exit_code == 0
    assert "history intact: 3 snapshots (S0001 2026-03-01 .. S0003 2027-03-01)" in result.stdout


def test_a_hand_edited_snapshot_is_named(three, cli):
    path = snapshot_path(three, 1)
    # a flattering edit: one more point for clause 8, made with a text editor
    path.write_text(path.read_text().replace('"score": 0.5,', '"score": 0.6,', 1))
    result = cli("verify")
    assert result.exit_code == 1
    assert "history/S0001-2026-03-01.json: error: tampered: its content no longer matches its hash" in result.stderr
    assert "S0002" not in result.stderr and "S0003" not in result.stderr  # only the edited one is blamed


def test_a_snapshot_edited_and_rehashed_breaks_the_chain_after_it(three, cli):
    path = snapshot_path(three, 2)
    data = load(path)
    data["assessment"]["summary"]["overall"]["score"] = 0.99
    data["hash"] = content_hash(data)  # a careful forger recomputes the hash ...
    path.write_text(json.dumps(data, indent=1))
    result = cli("verify")
    assert result.exit_code == 1  # ... but S0003 still names the real S0002
    assert "history/S0003-2027-03-01.json: error: chain broken" in result.stderr and "S0002 was replaced" in result.stderr


def test_reordered_snapshots_are_named(three, cli):
    one, two = snapshot_path(three, 1), snapshot_path(three, 2)
    one_text, two_text = one.read_text(), two.read_text()
    one.write_text(two_text)
    two.write_text(one_text)
    result = cli("verify")
    assert result.exit_code == 1
    assert "history/S0001-2026-03-01.json: error: renamed: the file holds snapshot S0002 of 2026-11-05" in result.stderr
    assert "history/S0002-2026-11-05.json: error: renamed: the file holds snapshot S0001 of 2026-03-01" in result.stderr


def test_a_missing_snapshot_is_named(three, cli):
    snapshot_path(three, 2).unlink()
    result = cli("verify")
    assert result.exit_code == 1
    assert "history/S0003-2027-03-01.json: error: missing: S0002 before S0003" in result.stderr


def test_a_missing_latest_snapshot_is_named_by_head(three, cli):
    snapshot_path(three, 3).unlink()
    result = cli("verify")
    assert result.exit_code == 1
    assert "history/HEAD: error: missing: HEAD names S0003 as the latest snapshot, but it is not there" in result.stderr


def test_recording_onto_a_broken_history_is_refused(three, cli):
    path = snapshot_path(three, 1)
    path.write_text(path.read_text().replace('"as_of": "2026-03-01"', '"as_of": "2026-03-02"', 1))
    result = cli("assess", "--as-of", "2027-06-01", "--record")
    assert result.exit_code == 2 and "tampered" in result.stderr
    assert len(list((three / "history").glob("S*.json"))) == 3


def test_a_record_stopped_before_head_moved_is_a_warning_and_the_next_record_repairs_it(three, cli):
    head = three / "history" / "HEAD"
    older = head.read_text()
    assert cli("assess", "--as-of", "2027-06-01", "--record").exit_code == 0
    head.write_text(older)  # as if the writer had died between the snapshot and HEAD
    result = cli("verify")
    assert result.exit_code == 0 and "warning: HEAD names S0003 but S0004 follows it" in result.stderr
    assert cli("assess", "--as-of", "2027-06-02", "--record").exit_code == 0
    assert head.read_text().startswith("S0005 ")
    assert cli("verify").exit_code == 0 and "warning" not in cli("verify").stderr


def test_a_snapshot_that_is_not_json_is_located(three, cli):
    path = snapshot_path(three, 2)
    path.write_text(path.read_text()[:200])
    result = cli("history")
    assert result.exit_code == 2 and result.stderr.startswith("history/S0002-2026-11-05.json:")
    assert "not valid JSON" in result.stderr
    assert cli("verify").exit_code == 1
