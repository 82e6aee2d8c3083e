"""When auditkit records something: the wall clock, or SOURCE_DATE_EPOCH for reproducible records."""

from __future__ import annotations

import os
from datetime import date, datetime, timezone


def recorded_now() -> str:
    """The current UTC time as ``YYYY-MM-DDTHH:MM:SSZ``.

    ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) fixes it, so an example history can be rebuilt
    byte for byte and tests stay deterministic.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch else datetime.now(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def today() -> date:
    """Today's date, following :func:`recorded_now`."""
    return date.fromisoformat(recorded_now()[:10])
