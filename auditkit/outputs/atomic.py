"""Atomic file writes: write a temporary file beside the target, fsync it, rename it over the target."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - no flock (Windows): stale temporary files then go by their age alone
    fcntl = None  # type: ignore[assignment]


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that readers see either the old or the new file, never a mix."""
    path = Path(path)
    if path.is_symlink():  # write where the link points (the user's link stays a link), not over the link itself
        path = Path(os.path.realpath(path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = _held_temporary(path)
    except OSError as exc:
        raise _naming(exc, path) from None
    try:
        # mkstemp creates the file private (0600); give it the mode a plain write would (or the old file's)
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "wb") as fh:  # closed (its lock released) only once the rename is done
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
            os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):  # a full disk names no file: say which one could not be written
            raise _naming(exc, path) from None
        raise
    remove_stale_temporaries(path.parent, path.name)  # what an earlier, killed write of this file left
    try:  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:  # pragma: no cover - some filesystems refuse fsync on directories
        pass


def _held_temporary(path: Path) -> tuple[int, str]:
    """A new temporary file beside ``path``, locked by this process (``flock``, which the system releases when the
    process ends, however it ends): a temporary file that no process holds was left by a killed writer."""
    while True:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        if fcntl is None:
            return fd, tmp
        fcntl.flock(fd, fcntl.LOCK_EX)
        if os.fstat(fd).st_nlink:  # still there: no cleaner took it between its creation and the lock
            return fd, tmp
        os.close(fd)


def _naming(error: OSError, path: Path) -> OSError:
    """``error`` naming the file that could not be written (the target, not the temporary file beside it)."""
    if error.filename and not os.path.basename(os.fspath(error.filename)).endswith(".tmp"):
        return error
    named = OSError(error.errno, error.strerror or str(error), os.fspath(path))
    return named


STALE_SECONDS = 600
"""A temporary file of a write that has not finished after this long belongs to a writer that was killed."""


def remove_stale_temporaries(folder: Path, name: str = "", *, older_than: float = STALE_SECONDS) -> int:
    """Remove the temporary files that killed writers left in ``folder`` (of target ``name``, or of any target):
    those no running writer holds (where the system has ``flock``), else those modified more than ``older_than``
    seconds ago (a caller holding the folder's lock passes 0). The count removed."""
    import time

    removed = 0
    limit = time.time() - older_than
    try:
        candidates = list(Path(folder).glob(f".{name}.*.tmp" if name else ".*.tmp"))
    except OSError:
        return 0
    for path in candidates:
        try:
            if path.is_file() and not path.is_symlink() and _abandoned(path, limit):
                removed += 1
        except OSError:
            pass
    return removed


def _abandoned(path: Path, limit: float) -> bool:
    """Remove the temporary file ``path`` if its writer is gone; whether it was removed."""
    if fcntl is None:
        if path.stat().st_mtime > limit:
            return False
        path.unlink()
        return True
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # a writer holds it: its write is under way
            return False
        path.unlink()  # under the lock: a writer that created it and waits for its lock makes a new one
        return True
    finally:
        os.close(fd)


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))
