"""Branding from the organisation profile: logo and colours.

Colours reach the report only through a small stylesheet generated here (CSS custom properties), never through
a template: a value that is not a ``#rrggbb`` colour is ignored. The logo is read by auditkit itself, only from
inside the evidence folder, and embedded as a ``data:`` URI so that the HTML report is one standalone file.
"""

from __future__ import annotations

import base64
import os
import re
from dataclasses import dataclass
from pathlib import Path

from auditkit.inputs.yamlsource import read_regular_bytes

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
DEFAULT_PRIMARY = "#1f4e79"
DEFAULT_ACCENT = "#c55a11"
MAX_LOGO_BYTES = 1024 * 1024
_LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


@dataclass(frozen=True)
class Branding:
    primary: str = DEFAULT_PRIMARY
    """Headings, bars of the charts, table headers."""
    accent: str = DEFAULT_ACCENT
    """The readiness threshold line and highlights."""
    logo: str | None = None
    """The logo as a data: URI, or None."""
    notes: tuple[str, ...] = ()
    """Why a configured logo or colour was not used."""

    def stylesheet(self) -> str:
        """The generated stylesheet: two custom properties the static CSS uses."""
        return f":root {{ --brand-primary: {self.primary}; --brand-accent: {self.accent}; }}\n"


def colour(value, default: str) -> str:
    return value if isinstance(value, str) and _COLOUR.match(value) else default


def load_branding(profile: dict, evidence_dir: Path | None) -> Branding:
    """Branding of ``profile`` (the organisation profile inside the assessment); the logo is looked up in ``evidence_dir``."""
    branding = ((profile or {}).get("organization") or {}).get("branding") or {}
    notes = []
    for key in ("primary_colour", "accent_colour"):
        if key in branding and not (isinstance(branding[key], str) and _COLOUR.match(branding[key])):
            notes.append(f"organization.branding.{key} {branding[key]!r} is not a #rrggbb colour; the default is used")
    logo = None
    if branding.get("logo"):
        logo, note = _logo(str(branding["logo"]), evidence_dir)
        if note:
            notes.append(note)
    return Branding(colour(branding.get("primary_colour"), DEFAULT_PRIMARY),
                    colour(branding.get("accent_colour"), DEFAULT_ACCENT), logo, tuple(notes))


def _logo(relative: str, evidence_dir: Path | None) -> tuple[str | None, str]:
    if evidence_dir is None:
        return None, f"logo {relative} not shown: no evidence folder to read it from"
    if "\0" in relative or len(relative) > 4096:
        return None, f"logo {relative[:60]!r} not shown: not a usable file name"
    # realpath, not resolve(): no RuntimeError on a symbolic-link loop (the read below reports it)
    root = Path(os.path.realpath(evidence_dir))
    path = Path(os.path.realpath(root / relative))
    if not path.is_relative_to(root):
        return None, f"logo {relative} not shown: it is outside the evidence folder"
    kind = _LOGO_TYPES.get(path.suffix.lower())
    if kind is None:
        return None, f"logo {relative} not shown: use an .svg, .png or .jpg file"
    try:
        data = read_regular_bytes(path, MAX_LOGO_BYTES)  # a pipe as the logo must not block the report
    except FileNotFoundError:
        return None, f"logo {relative} not found in {evidence_dir}"
    except (OSError, ValueError) as exc:
        return None, f"logo {relative} not shown: {getattr(exc, 'strerror', None) or exc}"
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}", ""
