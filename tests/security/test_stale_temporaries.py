"""A killed writer's temporary file is removed by the next write of the same file, however fresh it is; a
temporary file that a running writer holds is never removed (auditkit/outputs/atomic.py)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from auditkit.outputs.atomic import remove_stale_temporaries, write_text_atomic

HOLD = """
import sys, time
from pathlib import Path
from auditkit.outputs.atomic import _held_temporary
fd, tmp = _held_temporary(Path(sys.argv[1]))
print(tmp, flush=True)
time.sleep(60)
"""


def test_a_held_temporary_stays_and_a_killed_writers_goes_at_once(tmp_path):
    target = tmp_path / "report.html"
    writer = subprocess.Popen([sys.executable, "-c", HOLD, str(target)], stdout=subprocess.PIPE, text=True)
    try:
        temporary = Path(writer.stdout.readline().strip())
        assert temporary.exists() and temporary.name.startswith(".report.html.")
        assert remove_stale_temporaries(tmp_path, "report.html") == 0  # its writer is running: a write under way
        write_text_atomic(target, "<html></html>")  # another write of the same file leaves it alone too
        assert temporary.exists() and target.read_text() == "<html></html>"
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        writer.stdout.close()
    write_text_atomic(target, "<html>again</html>")  # the next write removes what the killed one left, seconds old
    assert not temporary.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_a_file_system_without_flock_still_gets_its_writes(tmp_path, monkeypatch):
    """Where flock is refused (some network file systems), a write still succeeds, leaks no descriptor and leaves
    no temporary file; a temporary left there by a killed writer then goes by its age."""
    import errno
    import os

    from auditkit.outputs import atomic

    def refused(fd, operation):
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(atomic.fcntl, "flock", refused)
    target = tmp_path / "gaps.json"
    open_before = len(os.listdir("/proc/self/fd"))
    write_text_atomic(target, "{}")
    write_text_atomic(target, "[]")
    assert target.read_text() == "[]" and len(os.listdir("/proc/self/fd")) == open_before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gaps.json"]
    left = tmp_path / ".gaps.json.killed.tmp"
    left.write_text("{")
    assert remove_stale_temporaries(tmp_path, "gaps.json") == 0  # fresh: perhaps a write under way
    os.utime(left, (time.time() - 3600, time.time() - 3600))
    assert remove_stale_temporaries(tmp_path, "gaps.json") == 1 and not left.exists()
