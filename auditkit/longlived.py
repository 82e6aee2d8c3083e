"""Building data that lives as long as the process with Python's cycle collector out of the way."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def long_lived() -> Iterator[None]:
    """Pause the cycle collector while the block builds long-lived data, then leave that data out of its walks.

    Speed: the collector runs every few hundred allocations and, now and then, walks every object alive. A large
    evidence tree (or the project cache that holds it) is millions of objects, so those walks cost about a sixth
    of loading it, two thirds of decoding the cache, and a quarter of reading a record export afterwards. Such
    data are trees (no reference cycles to collect), so collection is paused while they are built, and
    ``gc.freeze`` then leaves them (and the modules imported so far) out of every later walk.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.freeze()
