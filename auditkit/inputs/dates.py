"""Dates and durations as users write them (``2026-11-05``, ``12 months``)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from auditkit.model.errors import WordedValueError
from auditkit.model.messages import duration, msg

EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)
"""Dates outside these are refused where they are read: the calendar arithmetic of a check (a date plus or minus
a duration) then always stays within Python's years 1..9999, so hostile dates are a located error, not a crash."""
MAX_MONTHS = 12 * 1000
MAX_DAYS = 366 * 1000
MAX_HOURS = 24 * MAX_DAYS
"""Durations longer than a thousand years are refused for the same reason."""

_DURATION = re.compile(r"^\s*(\d+)\s*(day|week|month|year|hour)s?\s*$", re.IGNORECASE)
_ISO_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


@dataclass(frozen=True)
class Duration:
    """A calendar duration: months and years follow the calendar, days and hours are exact."""

    months: int = 0
    days: int = 0
    hours: int = 0

    def before(self, day: date) -> date:
        """The date this duration before ``day`` (month ends clamp: 31 March - 1 month = 28/29 Feb)."""
        return add_months(day, -self.months) - timedelta(days=self.days, hours=self.hours)

    def after(self, day: date) -> date:
        return add_months(day, self.months) + timedelta(days=self.days, hours=self.hours)

    @property
    def timedelta(self) -> timedelta:
        """An exact length, for comparing two timestamps (a month counts as 30 days)."""
        return timedelta(days=self.days + 30 * self.months, hours=self.hours)

    def __str__(self) -> str:
        return duration(self).text("en")


def parse_duration(text: str) -> Duration:
    """Parse ``12 months``, ``90 days``, ``1 year``, ``8 hours`` or ISO ``P1Y``; raise ValueError otherwise."""
    match = _DURATION.match(str(text))
    if match:
        if len(match.group(1)) > 9:
            raise _too_long(text)
        n, unit = int(match.group(1)), match.group(2).lower()
        return _bounded(text, {
            "day": Duration(days=n),
            "week": Duration(days=7 * n),
            "month": Duration(months=n),
            "year": Duration(months=12 * n),
            "hour": Duration(hours=n),
        }[unit])
    match = _ISO_DURATION.match(str(text).strip())
    if match and any(match.groups()):
        if any(len(g or "") > 9 for g in match.groups()):
            raise _too_long(text)
        y, m, w, d = (int(g or 0) for g in match.groups())
        return _bounded(text, Duration(months=12 * y + m, days=7 * w + d))
    raise WordedValueError(msg("dates.not_a_duration", text=repr(text)))


def _too_long(text) -> WordedValueError:
    return WordedValueError(msg("dates.too_long", text=repr(str(text)[:40])))


def _bounded(text, duration: Duration) -> Duration:
    if duration.months > MAX_MONTHS or duration.days > MAX_DAYS or duration.hours > MAX_HOURS:
        raise _too_long(text)
    return duration


def parse_date(text: str) -> date:
    """Parse an ISO date ``YYYY-MM-DD`` between :data:`EARLIEST` and :data:`LATEST`; raise ValueError with a
    readable message otherwise."""
    try:
        day = date.fromisoformat(str(text).strip())
    except ValueError:
        raise WordedValueError(msg("dates.not_a_date", text=repr(str(text)[:40]))) from None
    return check_date(day)


def check_date(day: date) -> date:
    """``day`` itself when it lies between :data:`EARLIEST` and :data:`LATEST`; ValueError otherwise."""
    plain = day.date() if isinstance(day, datetime) else day
    if not EARLIEST <= plain <= LATEST:
        raise WordedValueError(msg("dates.outside", date=plain.isoformat(), first=EARLIEST.year, last=LATEST.year))
    return day


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole calendar months, clamping to the month's last day."""
    if isinstance(day, datetime):
        moved = add_months(day.date(), months)
        return datetime.combine(moved, day.time())
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))
