"""What both OSCAL exports share: stable UUIDs, tokens, timestamps, properties, metadata."""

from __future__ import annotations

import json
import re
import uuid

OSCAL_VERSION = "1.1.3"
"""The OSCAL release whose schemas (schemas/) the exports are written against."""

NS = "https://auditkit.dev/ns/oscal"
"""Namespace of auditkit's own properties (grade, status, file locations): they are not NIST's names."""

_NAMESPACE = uuid.UUID("8f9d4c1e-2b7a-5e3f-9c60-1d2e3f405162")
"""Fixed root of every UUID auditkit writes, so the same subject gets the same UUID in every export."""

_TOKEN_BAD = re.compile(r"[^\w.\-]")


def stable_uuid(*parts: str) -> str:
    """UUID version 5 of auditkit's own ids (``"finding", "F-7.3-01"``): two exports of the same thing diff cleanly."""
    return str(uuid.uuid5(_NAMESPACE, "\x1f".join(parts)))


def control_id(catalog: str, requirement: str) -> str:
    """The control token of a requirement: its own catalog's id and its id there. A requirement of another
    catalog of the project is written qualified (``iso27001-2022:A.5.24-01``) and names its catalog itself."""
    qualifier, qualified, local = requirement.rpartition(":")
    return token(qualifier, local) if qualified else token(catalog, requirement)


def token(*parts: str) -> str:
    """An OSCAL token (a letter or underscore first; letters, digits, '.', '-', '_') from auditkit ids:
    ``token("iso20000-1-2018", "8.3.3-03")`` -> ``iso20000-1-2018_8.3.3-03``."""
    text = _TOKEN_BAD.sub("-", "_".join(p for p in parts if p))
    return text if text[:1].isalpha() or text[:1] == "_" else "_" + text


def timestamp(day: str) -> str:
    """A date (``2026-11-05``) as the date-time with time zone OSCAL requires: midnight UTC, so it never drifts."""
    return f"{day}T00:00:00Z" if "T" not in day else day


def prop(name: str, value, ns: bool = True) -> dict:
    """One OSCAL property; auditkit's own names carry auditkit's namespace."""
    entry = {"name": name, "value": str(value)}
    if ns:
        entry["ns"] = NS
    return entry


def props(**values) -> list[dict]:
    """Properties for the values that are set (underscores in names become hyphens)."""
    return [prop(name.replace("_", "-"), value) for name, value in values.items() if value not in (None, "", [])]


def where(loc: dict) -> str:
    """A location as auditkit prints it: ``file:line:column pointer``."""
    text = loc.get("file", "")
    for key in ("line", "column"):
        if loc.get(key):
            text += f":{loc[key]}"
    extra = loc.get("pointer")
    return f"{text} ({extra})" if extra else text


def href(loc: dict) -> str:
    """A relative link to the file of a location, with its line as a fragment (``evidence/x.yaml#L17``)."""
    path = "/".join(part for part in loc.get("file", "").replace("\\", "/").split("/"))
    quoted = re.sub(r"[^A-Za-z0-9._~/\-]", lambda m: "%{:02X}".format(ord(m.group(0))) if ord(m.group(0)) < 128
                    else "".join(f"%{b:02X}" for b in m.group(0).encode("utf-8")), path)
    return quoted + (f"#L{loc['line']}" if loc.get("line") else "")


def metadata(title: str, day: str, version: str, parties: list[dict] | None = None,
             remarks: str | None = None) -> dict:
    """The metadata block; ``last-modified`` is the assessment date, so exporting twice gives the same bytes."""
    block = {"title": title, "last-modified": timestamp(day), "version": version, "oscal-version": OSCAL_VERSION}
    if parties:
        block["parties"] = parties
    if remarks:
        block["remarks"] = remarks
    return block


def party(kind: str, name: str) -> dict:
    """A party (``person`` or ``organization``) with a UUID derived from its name."""
    return {"uuid": stable_uuid("party", name), "type": kind, "name": name}


def dump(document: dict) -> str:
    """The document as JSON text: UTF-8 as written, two-space indent, a final newline."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
