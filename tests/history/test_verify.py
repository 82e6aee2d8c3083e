"""`auditkit verify`: a hand-edited, renamed, reordered, replaced or missing snapshot is named; exit 1."""

from __future__ import annotations

import json

import pytest

from auditkit.outputs.history.snapshot import content_hash

from .conftest import load, located, snapshot_path


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
    assert located(result.stderr, "history/S0001-2026-03-01.json", "tampered: its content no longer matches its hash")
    assert "S0002" not in result.stderr and "S0003" not in result.stderr  # only the edited one is blamed


def test_a_snapshot_edited_and_rehashed_breaks_the_chain_after_it(three, cli):
    path = snapshot_path(three, 2)
    data = load(path)
    data["assessment"]["summary"]["overall"]["score"] = 0.99
    data["hash"] = content_hash(data)  # a careful forger recomputes the hash ...
    path.write_text(json.dumps(data, indent=1))
    result = cli("verify")
    assert result.exit_code == 1  # ... but S0003 still names the real S0002
    assert located(result.stderr, "history/S0003-2027-03-01.json", "chain broken") and "S0002 was replaced" in result.stderr


def test_reordered_snapshots_are_named(three, cli):
    one, two = snapshot_path(three, 1), snapshot_path(three, 2)
    one_text, two_text = one.read_text(), two.read_text()
    one.write_text(two_text)
    two.write_text(one_text)
    result = cli("verify")
    assert result.exit_code == 1
    assert located(result.stderr, "history/S0001-2026-03-01.json", "renamed: the file holds snapshot S0002 of 2026-11-05")
    assert located(result.stderr, "history/S0002-2026-11-05.json", "renamed: the file holds snapshot S0001 of 2026-03-01")


def test_a_missing_snapshot_is_named(three, cli):
    snapshot_path(three, 2).unlink()
    result = cli("verify")
    assert result.exit_code == 1
    assert located(result.stderr, "history/S0003-2027-03-01.json", "missing: S0002 before S0003")


def test_a_missing_latest_snapshot_is_named_by_head(three, cli):
    snapshot_path(three, 3).unlink()
    result = cli("verify")
    assert result.exit_code == 1
    assert "history/HEAD:1:1: error: missing: HEAD names S0003 as the latest snapshot, but it is not there" in result.stderr


def test_recording_onto_a_broken_history_is_refused(three, cli):
    path = snapshot_path(three, 1)
    path.write_text(path.read_text().replace('"as_of": "2026-03-01"', '"as_of": "2026-03-02"', 1))
    result = cli("assess", "--as-of", "2027-06-01", "--record")
    assert result.exit_code == 2 and "tampered" in result.stderr
    assert len(list((three / "history").glob("S*.json"))) == 3


def test_a_rewound_head_is_an_error_that_only_an_explicit_adopt_repairs(three, cli):
    head = three / "history" / "HEAD"
    older = head.read_text()
    assert cli("assess", "--as-of", "2027-06-01", "--record").exit_code == 0
    head.write_text(older)  # HEAD pointed back, or a writer that died between the snapshot and HEAD
    result = cli("verify")
    assert result.exit_code == 1
    assert "history/HEAD:1:1: error: rewound: HEAD names S0003 but S0004 follows it" in result.stderr
    assert "auditkit verify --adopt S0004" in result.stderr
    refused = cli("assess", "--as-of", "2027-06-02", "--record")
    assert refused.exit_code == 2 and "rewound" in refused.stderr  # no new link on a doubtful chain
    assert cli("verify", "--adopt", "S0003").exit_code == 2  # only the last snapshot can be adopted
    adopted = cli("verify", "--adopt", "S0004")
    assert adopted.exit_code == 0 and head.read_text().startswith("S0004 ")
    assert cli("assess", "--as-of", "2027-06-02", "--record").exit_code == 0


def test_a_deleted_latest_snapshot_and_head_are_an_error(three, cli):
    snapshot_path(three, 3).unlink()
    (three / "history" / "HEAD").unlink()
    result = cli("verify")
    assert result.exit_code == 1
    assert "history/HEAD:1:1: error: missing: there are snapshots but no HEAD naming the latest" in result.stderr


def test_head_pointed_back_at_the_first_snapshot_is_an_error(three, cli):
    first = load(snapshot_path(three, 1))
    (three / "history" / "HEAD").write_text(f"S0001 {first['hash']}\n")
    result = cli("verify")
    assert result.exit_code == 1 and "rewound: HEAD names S0001 but S0003 follows it" in result.stderr


def test_a_head_written_with_a_byte_order_mark_is_read(three, cli):
    head = three / "history" / "HEAD"
    head.write_bytes(b"\xef\xbb\xbf" + head.read_bytes())
    assert cli("verify").exit_code == 0


def test_a_head_that_is_not_utf8_is_located(three, cli):
    (three / "history" / "HEAD").write_bytes(b"S0003 \xff\xfe")
    result = cli("verify")
    assert result.exit_code == 1 and "history/HEAD:1:7: error: HEAD is not UTF-8 text (byte 0xff)" in result.stderr


def test_a_rehashed_snapshot_whose_sequence_became_a_float_is_named_not_a_crash(three, cli):
    path = snapshot_path(three, 3)
    data = load(path)
    data["snapshot"]["sequence"] = 3.0
    data["hash"] = content_hash(data)
    path.write_text(json.dumps(data))
    result = cli("verify")
    assert result.exit_code == 1 and "snapshot.sequence 3.0 is not a whole number" in result.stderr


def test_a_forged_duplicate_assessment_key_is_refused(three, cli):
    path = snapshot_path(three, 3)
    text = path.read_text()
    # an earlier "assessment" key with forged content: json.loads would keep the last one, and it still verifies
    path.write_text(text.replace('"manifest":', '"assessment": {"forged": true},\n "manifest":', 1))
    result = cli("verify")
    assert result.exit_code == 1 and "duplicate key 'assessment'" in result.stderr


def test_a_snapshot_that_is_not_json_is_located(three, cli):
    path = snapshot_path(three, 2)
    path.write_text(path.read_text()[:200])
    result = cli("history")
    assert result.exit_code == 2 and result.stderr.startswith("history/S0002-2026-11-05.json:")
    assert "not valid JSON" in result.stderr
    assert cli("verify").exit_code == 1
