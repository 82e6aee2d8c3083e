"""Stopping a pool of worker processes leaves none behind, even when the pool's own thread reaps them.

The cause of the flaky tests/test_api.py::test_no_worker_outlives_the_project: a killed worker is reaped
(``waitpid``) by whichever thread asks first, the pool's manager thread (which sees its worker die) or the thread
stopping the pool. The loser's ``waitpid`` fails, multiprocessing takes that for "still running", and until the
winner has recorded the exit status the process is listed by ``multiprocessing.active_children()``. Under load
the manager thread can take a while to do so. Here the race is made certain: the stopping thread's ``waitpid``
is late, the manager thread records the status slowly.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor

from auditkit.speed import workers


def test_a_stopped_pool_has_no_worker_left_even_when_its_thread_reaps_them(monkeypatch):
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
    future = pool.submit(time.sleep, 60)
    give_up = time.monotonic() + 10
    while not future.running() and time.monotonic() < give_up:
        time.sleep(0.01)
    processes = list(pool._processes.values())
    assert processes and all(p.is_alive() for p in processes)

    main = threading.current_thread()
    real_waitpid, real_status = os.waitpid, os.waitstatus_to_exitcode

    def late_waitpid(pid, flags):
        if threading.current_thread() is main:
            time.sleep(0.5)
        return real_waitpid(pid, flags)

    def slow_status(status):
        if threading.current_thread() is not main:
            time.sleep(3)
        return real_status(status)

    monkeypatch.setattr(os, "waitpid", late_waitpid)
    monkeypatch.setattr(os, "waitstatus_to_exitcode", slow_status)
    workers.stop(pool)
    assert all(p.exitcode is not None for p in processes)
    assert multiprocessing.active_children() == []
