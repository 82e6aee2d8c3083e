"""Service level targets as data: what an agreement (SLA) promises, per priority, and when its clock runs.

An agreement's front matter (or descriptor) declares them under ``service_levels``::

    service_levels:
      attainment: 0.9              # the share of records that must meet their target
      hours: 24x7                  # or {days: [mon, tue, wed, thu, fri], from: "07:00", to: "18:00"}
      targets:
        - {priority: "1 - Critical", response: "15 minutes", resolution: "4 hours"}
        - {priority: "2 - High", resolution: "8 hours"}

The agreement's ``services`` say which services the targets are for. With service hours declared, a target's
clock runs only in those hours, and ``N days`` means N service days (each ``to - from`` long).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from auditkit.model.errors import WordedValueError, said_of
from auditkit.model.messages import msg

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_LENGTH = re.compile(r"^\s*(\d+)\s*(minute|hour|day|week)s?\s*$", re.IGNORECASE)


def target_length(text: str, day: timedelta = timedelta(days=1)) -> timedelta:
    """``15 minutes``, ``4 hours``, ``3 days``, ``2 weeks`` as a length; a day lasts ``day`` (a service day with
    service hours). ValueError for anything else."""
    match = _LENGTH.match(str(text))
    if not match:
        raise WordedValueError(msg("agreements.target_length", text=repr(text)))
    n, unit = int(match.group(1)), match.group(2).lower()
    return {"minute": timedelta(minutes=n), "hour": timedelta(hours=n), "day": n * day, "week": 5 * n * day
            if day != timedelta(days=1) else timedelta(weeks=n)}[unit]


@dataclass(frozen=True)
class ServiceHours:
    """When an agreement's clock runs: some days of the week, from one time of day to another."""

    days: frozenset
    """Weekdays (0 = Monday) the service is provided."""
    start: time
    end: time

    @property
    def day_length(self) -> timedelta:
        return datetime.combine(date.min, self.end) - datetime.combine(date.min, self.start)

    def elapsed(self, begin: datetime, finish: datetime) -> timedelta:
        """Service time between two moments: the parts of each service day between them."""
        total = timedelta()
        day = begin.date()
        while day <= finish.date():
            if day.weekday() in self.days:
                opens, closes = datetime.combine(day, self.start), datetime.combine(day, self.end)
                overlap = min(finish, closes) - max(begin, opens)
                if overlap > timedelta():
                    total += overlap
            day += timedelta(days=1)
        return total


@dataclass(frozen=True)
class Target:
    """What an agreement promises for records of one priority."""

    priority: str
    response: timedelta | None = None
    resolution: timedelta | None = None
    written: str = ""
    """The target as the agreement writes it (e.g. "resolution 4 hours")."""


@dataclass(frozen=True)
class ServiceLevels:
    """The targets of one agreement."""

    agreement: str
    """Evidence id of the agreement."""
    services: tuple[str, ...]
    attainment: float
    hours: ServiceHours | None
    """None: 24x7."""
    targets: tuple[Target, ...]

    def elapsed(self, begin: datetime, finish: datetime) -> timedelta:
        return finish - begin if self.hours is None else self.hours.elapsed(begin, finish)

    def target_for(self, priority) -> Target | None:
        if priority is None:
            return None
        wanted = str(priority).strip().lower()
        return next((t for t in self.targets if t.priority.strip().lower() == wanted), None)


def read_service_levels(item_id: str, services: tuple[str, ...], data: dict) -> tuple[ServiceLevels | None, list]:
    """An agreement's ``service_levels`` (already valid by the evidence schema) and the problems of its values, as
    (path inside the document, message) pairs."""
    problems: list = []
    hours = None
    raw_hours = data.get("hours", "24x7")
    if isinstance(raw_hours, dict):
        try:
            start, end = time.fromisoformat(raw_hours["from"]), time.fromisoformat(raw_hours["to"])
        except ValueError:
            problems.append((("hours",), msg("agreements.hours_format")))
        else:
            if end <= start:
                problems.append((("hours", "to"), msg("agreements.hours_order")))
            hours = ServiceHours(frozenset(DAYS.index(day) for day in raw_hours["days"]), start, end)
    day = hours.day_length if hours is not None and hours.day_length > timedelta() else timedelta(days=1)
    targets = []
    for index, raw in enumerate(data["targets"]):
        lengths = {}
        for name in ("response", "resolution"):
            if name in raw:
                try:
                    lengths[name] = target_length(raw[name], day)
                except ValueError as exc:
                    problems.append((("targets", index, name), said_of(exc)))
        written = ", ".join(f"{name} {raw[name]}" for name in ("response", "resolution") if name in raw)
        targets.append(Target(str(raw["priority"]), lengths.get("response"), lengths.get("resolution"), written))
    if not services:
        problems.append(((), msg("agreements.services")))
    if problems:
        return None, problems
    return ServiceLevels(item_id, services, data["attainment"], hours, tuple(targets)), []
