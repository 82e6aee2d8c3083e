"""Integrity of the register: a writer that dies part-way loses nothing, and concurrent writers do not
overwrite each other's changes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import date

import pytest

from auditkit.outputs.actions import Move
from auditkit.outputs.actions.changes import transition

from .conftest import assessment, run_sync

ON = date(2026, 2, 1)


@pytest.fixture
def action(register):
    run_sync(register, assessment("2025-11-05", {"8.6.1-01": ("nonconformant", "major-nc")}))
    from auditkit.outputs.actions.changes import edit_fields

    edit_fields(register, "CAR-2025-001", [("correction", "contained")], "QM", ON)
    return "CAR-2025-001"


def _child(project, body: str) -> subprocess.Popen:
    """Run Python code in a separate process in ``project`` (so it can be killed like a real command)."""
    code = textwrap.dedent("""
        import os, sys, time
        from datetime import date
        from pathlib import Path
        from auditkit.outputs.actions import Move, Register
        from auditkit.outputs.actions.changes import edit_fields, transition
        register = Register(Path("."))
    """) + textwrap.dedent(body)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.Popen([sys.executable, "-c", code], cwd=project, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_failing_rename_leaves_the_action_as_it_was(register, action, monkeypatch):
    path = register.path_of(action)
    before = path.read_bytes()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        transition(register, action, Move("corrected", "QM", ON, "contained"))
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [p.name for p in register.folder.iterdir() if p.name.endswith(".tmp")] == []  # temporary file removed
    assert register.get(action).state.value == "open"


def test_a_writer_killed_between_writing_and_renaming_loses_nothing(project, register, action):
    path = register.path_of(action)
    before = path.read_bytes()
    child = _child(project, """
        real_replace = os.replace
        def stall(src, dst):
            Path("ready.part").write_text(src)   # the new text is written and fsynced; now die before the rename
            real_replace("ready.part", "ready")  # (the marker appears whole)
            time.sleep(60)
        os.replace = stall
        transition(register, "CAR-2025-001", Move("corrected", "QM", date(2026, 2, 1), "contained"))
    """)
    deadline = time.monotonic() + 30
    while not (project / "ready").exists():
        assert child.poll() is None, child.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    temp = (project / "ready").read_text()
    assert os.path.exists(temp)  # killed with the whole new file written beside the old one
    child.send_signal(signal.SIGKILL)
    child.wait()

    assert path.read_bytes() == before  # the register holds the old file, whole
    assert register.get(action).state.value == "open"
    assert [a.id for a in register.load_all()] == [action]  # the stray temporary file is not an action
    # the lock died with the writer: the next command goes through
    transition(register, action, Move("corrected", "QM", ON, "contained"))
    assert register.get(action).state.value == "corrected"


def test_concurrent_writers_serialise_on_the_lock_and_lose_no_change(project, register, action):
    body = """
        for n in range({n}):
            edit_fields(register, "CAR-2025-001", [("links", "'{who}-%d'" % n)], "{who}", date(2026, 2, 1),
                        append=True)
    """
    children = [_child(project, body.format(n=8, who=who)) for who in ("alice", "bob")]
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
    final = register.get(action)
    links = final.data["links"]
    assert sorted(links) == sorted([f"alice-{n}" for n in range(8)] + [f"bob-{n}" for n in range(8)])
    edits = [h for h in final.history if h["event"] == "edit" and h["by"] in ("alice", "bob")]
    assert len(edits) == 16
