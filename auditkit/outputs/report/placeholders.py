"""TODO placeholders that `auditkit init` writes into the organisation profile and the user has not yet replaced.

A FINAL report that still says "TODO: the services ... the SMS covers" is not one a consultant can hand over; the
report command warns (it still writes the report: the exit status stays that of a written report).
"""

from __future__ import annotations

import re

MARK = re.compile(r"\bTODO\b")


def placeholders(data: dict) -> list[str]:
    """Where the assessment's organisation (name, scope, services, profile) still holds TODO, as dotted paths
    of the profile (``scope``, ``services[0].name``, ``audit.title``), each once, in the profile's order."""
    org = data.get("organization") or {}
    found: list[str] = []
    _walk(org.get("profile") or {k: org.get(k) for k in ("name", "scope", "services")}, "", found)
    return list(dict.fromkeys(found))


def _walk(value, path: str, found: list[str]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _walk(item, f"{path}.{key}" if path else str(key), found)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _walk(item, f"{path}[{index}]", found)
    elif isinstance(value, str) and MARK.search(value):
        found.append(path or "(profile)")
