"""Keeping Python's cycle collector out of the way of large data that holds no reference cycles.

Speed: the collector runs every few hundred allocations of containers (lists, tuples, dicts) and, now and then,
walks every object alive. Loading a large evidence tree (parsed, or decoded from the project cache) makes
millions of such objects, and so does reading a record export a batch at a time: the collector's walks cost
about a sixth of loading, two thirds of decoding JSON of that size, and an eighth of reading an export, while
freeing nothing (these are trees and rows: reference counting frees them).
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def paused() -> Iterator[None]:
    """No automatic collection during the block (what it allocates and drops is freed by reference counting)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def long_lived() -> Iterator[None]:
    """Build data that lives as long as the process: collection paused meanwhile, and ``gc.freeze`` afterwards
    leaves that data (and the modules imported so far) out of every later walk."""
    try:
        with paused():
            yield
    finally:
        gc.freeze()
