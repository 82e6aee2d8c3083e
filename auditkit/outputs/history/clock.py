"""When auditkit records something: the wall clock, or SOURCE_DATE_EPOCH for reproducible records."""

from __future__ import annotations

import os
from datetime import date, datetime, timezone

from auditkit.model.errors import UsageError
from auditkit.model.messages import msg


def recorded_now() -> str:
    """The current UTC time as ``YYYY-MM-DDTHH:MM:SSZ``.

    ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) fixes it, so an example history can be rebuilt
    byte for byte and tests stay deterministic.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        # the convention allows only a whole number of seconds; bounded so that the year has four digits
        seconds = int(epoch.strip()) if epoch.strip().isdigit() and len(epoch.strip()) <= 11 else -1
        moment = datetime.fromtimestamp(seconds, timezone.utc) if 0 <= seconds < 253402300800 else None
    except (OverflowError, OSError, ValueError):
        moment = None
    if moment is None:
        raise UsageError(msg("history.epoch", value=repr(epoch[:40])))
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def today() -> date:
    """Today's date, following :func:`recorded_now`."""
    return date.fromisoformat(recorded_now()[:10])
