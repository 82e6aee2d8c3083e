"""Worker processes for the parts of a run that parallelise: how many a run may use, and the pool.

``AUDITKIT_WORKERS`` sets the number (``1`` keeps everything in one process); by default it is the number of
CPUs this process may run on.

On Linux, when this process runs no other thread, workers are forked: a fork starts in milliseconds and needs
no imports, where a spawned worker (a new interpreter importing auditkit) costs about 0.3 s of CPU, as much as
the work it would take over at 10x. With a thread running (a progress bar's) or elsewhere, they are spawned: a
fork copies the threads' locks in whatever state they are.
"""

from __future__ import annotations

import os
import threading
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


def pool_size() -> int:
    """How many worker processes a pool has: :func:`count` less this process, which has work of its own."""
    return count() - 1


def pool() -> ProcessPoolExecutor | None:
    """A pool of :func:`pool_size` worker processes, or None when one process is all there is or the pool cannot
    start (the caller then does the work itself)."""
    size = pool_size()
    if size < 1:
        return None
    import multiprocessing
    import sys
    from concurrent.futures import ProcessPoolExecutor

    fork = sys.platform.startswith("linux") and threading.active_count() == 1
    if fork:  # a forked worker would write out again whatever the buffers hold when it exits
        sys.stdout.flush()
        sys.stderr.flush()
    try:
        return ProcessPoolExecutor(max_workers=size, mp_context=multiprocessing.get_context("fork" if fork else "spawn"),
                                   initializer=_quiet_on_interrupt)
    except (OSError, ImportError, NotImplementedError):  # e.g. no semaphores in a sandbox
        return None


def _quiet_on_interrupt() -> None:
    """In a worker: Ctrl-C (sent to the whole terminal's process group) ends it at once and silently; the run
    itself reports the interruption."""
    import signal

    signal.signal(signal.SIGINT, lambda *_: os._exit(130))


def stop(pool: ProcessPoolExecutor) -> None:
    """Stop a pool now: its workers killed mid-task, the tasks not started cancelled. (``shutdown`` alone lets
    running tasks finish, and forgets its processes before anyone could kill them.)"""
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14: does all of it
    if terminate is not None:
        terminate()
        return
    processes = list((getattr(pool, "_processes", None) or {}).values())
    reaper = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    # The pool's own thread sees its workers die and reaps them (waitpid) itself. Reaping them here as well races
    # with it: the loser's waitpid fails, which multiprocessing takes for "still running", so a worker the other
    # thread reaped looks alive until that thread has recorded its exit status (under load, long after this
    # returned). So that thread finishes first; then nothing is left to reap, or what is left is reaped here.
    if reaper is not None and reaper is not threading.current_thread():
        reaper.join(timeout=10)
    for process in processes:  # gone when this returns: no worker outlives the run that started it
        process.join(timeout=5)
        if process.is_alive():  # still running after SIGTERM and the wait: no second chance
            process.kill()
            process.join()
