"""Every reader of the history (history, diff, programme, report, actions sync) refuses a snapshot that is
incomplete or tampered with a located one-line error and exit status 2, never a traceback or silent use."""

from __future__ import annotations

import json

import pytest

from auditkit.outputs.history.snapshot import content_hash

from .conftest import load, snapshot_path

READERS = [
    ("history",),
    ("diff",),
    ("programme", "--as-of", "2026-12-01"),
    ("actions", "sync", "--dry-run"),
    ("report", "--snapshot", "S0001", "-o", "out.html"),
    ("report", "--as-of", "2027-01-01", "-o", "fresh.html"),  # the trend of a fresh report reads every snapshot
]


@pytest.mark.parametrize("args", READERS, ids=lambda a: " ".join(a[:2]))
def test_a_snapshot_missing_a_field_is_a_located_error(two_cycles, cli, args):
    path = snapshot_path(two_cycles, 1)
    data = load(path)
    del data["snapshot"]["recorded_at"]  # consistent hash: an incomplete snapshot, not a tampered one
    data["hash"] = content_hash(data)
    path.write_text(json.dumps(data, indent=1))
    result = cli(*args)
    assert result.exit_code == 2, result.stdout
    assert "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith("history/S0001-2026-03-01.json:") and "recorded_at" in first


@pytest.mark.parametrize("args", READERS, ids=lambda a: " ".join(a[:2]))
def test_a_tampered_snapshot_is_refused_and_points_to_verify(two_cycles, cli, args):
    path = snapshot_path(two_cycles, 1)
    path.write_text(path.read_text().replace('"score": 0.5,', '"score": 0.6,', 1))
    assert load(path)["hash"] != content_hash(load(path))
    result = cli(*args)
    assert result.exit_code == 2, result.stdout
    (line,) = [entry for entry in result.stderr.splitlines() if "S0001" in entry]
    assert line.startswith("history/S0001-2026-03-01.json:") and "tampered" in line and "auditkit verify" in line
    assert not (two_cycles / "out.html").exists() and not (two_cycles / "fresh.html").exists()


def test_a_tampered_snapshot_file_given_by_path_is_refused(two_cycles, cli):
    path = snapshot_path(two_cycles, 2)
    data = load(path)
    data["assessment"]["findings"] = []  # nothing to act on, says the edited file
    path.write_text(json.dumps(data, indent=1))
    result = cli("actions", "sync", "--from", path)
    assert result.exit_code == 2 and "tampered" in result.stderr and "auditkit verify" in result.stderr
    assert not (two_cycles / "actions").exists() or not list((two_cycles / "actions").glob("*.yaml"))
