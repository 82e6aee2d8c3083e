"""A key only this user's auditkit knows, to authenticate what it caches.

Caches are restored from CI storage, copied between machines or committed by mistake: whoever can write them
could otherwise make a run see values that no file on disk holds (a forged "valid" verdict skips schema
validation; forged bytecode runs). Every cache entry therefore carries an HMAC made with this key, and an entry
whose HMAC does not match is a miss. The key lives outside every cache folder (a restored cache brings no key):

- ``$AUDITKIT_CACHE_KEY`` when set (a CI secret: CI's own restored cache then hits, anyone else's misses);
- else ``$XDG_CONFIG_HOME/auditkit/cache-key`` (``~/.config``), made on first use, readable by the user only;
- else, when that cannot be read or written, a key for this process only (nothing cached survives the run).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from functools import cache
from pathlib import Path

KEY_BYTES = 32


@cache
def local_key() -> bytes:
    """The key (see the module docstring)."""
    given = os.environ.get("AUDITKIT_CACHE_KEY")
    if given:
        return hashlib.sha256(given.encode("utf-8", "surrogatepass")).digest()
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    path = Path(base, "auditkit", "cache-key")
    try:
        key = path.read_bytes()
        if len(key) >= KEY_BYTES:
            return key
    except OSError:
        pass
    key = secrets.token_bytes(KEY_BYTES)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(key)
    except FileExistsError:  # another process made it first: use theirs
        try:
            stored = path.read_bytes()
            return stored if len(stored) >= KEY_BYTES else key
        except OSError:
            return key
    except OSError:
        pass
    return key


def tag(*parts: bytes | str) -> str:
    """The HMAC-SHA256 (hex) of ``parts`` under :func:`local_key`."""
    mac = hmac.new(local_key(), digestmod=hashlib.sha256)
    for part in parts:
        mac.update(part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part)
        mac.update(b"\x1f")
    return mac.hexdigest()


def genuine(expected: str, *parts: bytes | str) -> bool:
    """Whether ``expected`` is the tag of ``parts`` (compared in constant time)."""
    return hmac.compare_digest(expected, tag(*parts))
