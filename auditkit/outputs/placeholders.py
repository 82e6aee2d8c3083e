"""Placeholders left in the organisation profile: `auditkit init` writes "TODO: ..." where the client's facts go.

A report marked FINAL with "TODO: name of the first service in scope" as its scope is not a deliverable; the
report command warns about each placeholder still there, with the line of the profile that holds it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

from auditkit.model.messages import Message, msg

MARK = "TODO"
"""What `auditkit init` writes in every value the client must replace (auditkit/cli/init.py)."""


def _strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(where in the profile, text) of every string value."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _strings(inner, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _strings(inner, f"{path}[{index}]")


def placeholders(data: dict) -> list[tuple[str, Message]]:
    """A warning per placeholder left in the organisation profile of an assessment (its JSON form), located at the
    profile's line that holds it when the profile file is at hand: (file:line, warning)."""
    organization = data.get("organization") or {}
    found = [(where, text) for where, text in _strings(organization.get("profile") or {}) if MARK in text]
    if not found:
        return []
    profile = (data.get("inputs") or {}).get("profile")
    lines = []
    if profile and Path(profile).is_file():
        lines = Path(profile).read_text("utf-8", errors="replace").splitlines()
    out = []
    for where, text in found:
        line = next((n for n, written in enumerate(lines, 1) if text in written), None)
        at = f"{profile}:{line}" if line else (profile or "organization.yaml")
        out.append((at, msg("placeholders.left", field=where, text=text)))
    return out
