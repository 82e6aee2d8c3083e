"""Worker processes for the parts of a run that parallelise: how many a run may use, and the pool.

``AUDITKIT_WORKERS`` sets the number (``1`` keeps everything in one process); by default it is the number of
CPUs this process may run on. Workers are spawned, not forked: a fork copies whatever threads the parent has (a
progress bar's, for one), and spawning behaves alike on every platform.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where a pool is made: multiprocessing costs ~15 ms that most runs do not need
    from concurrent.futures import ProcessPoolExecutor


def count() -> int:
    """How many processes a run may keep busy, this one included."""
    chosen = os.environ.get("AUDITKIT_WORKERS", "").strip()
    if chosen.isdigit() and int(chosen) > 0:
        return int(chosen)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def pool() -> ProcessPoolExecutor | None:
    """A pool of :func:`count` worker processes, or None when one process is all there is or the pool cannot
    start (the caller then does the work itself)."""
    size = count()
    if size < 2:
        return None
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    try:
        return ProcessPoolExecutor(max_workers=size, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_quiet_on_interrupt)
    except (OSError, ImportError, NotImplementedError):  # e.g. no semaphores in a sandbox
        return None


def _quiet_on_interrupt() -> None:
    """In a worker: Ctrl-C (sent to the whole terminal's process group) ends it at once and silently; the run
    itself reports the interruption."""
    import signal

    signal.signal(signal.SIGINT, lambda *_: os._exit(130))


def terminate(pool: ProcessPoolExecutor) -> None:
    """Stop a pool's workers now, mid-task (``shutdown`` lets them finish theirs first)."""
    stop = getattr(pool, "terminate_workers", None)  # Python 3.14
    if stop is not None:
        stop()
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()
