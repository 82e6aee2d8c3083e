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
    started = time.time()
    write_text_atomic(target, "<html>again</html>")  # the next write removes what the killed one left
    assert not temporary.exists() and time.time() - started < 60
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]
