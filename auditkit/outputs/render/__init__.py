"""Renderers of an assessment (its JSON form), chosen by name. Each is a function ``(data, lang, color) -> str``."""

from __future__ import annotations

from importlib import import_module
from typing import Callable

# format name -> module of auditkit.outputs.render with its render(); a module is imported on first use, so that writing
# JSON does not import rich (the terminal format's ~30 ms). The CI formats read the gate report that
# auditkit check adds under data["check"].
_MODULES = {
    "text": "text",
    "json": "json_format",
    "markdown": "markdown",
    "csv": "csv_format",
    "junit": "junit",
    "sarif": "sarif",
    "github": "github",
    "summary": "summary",
    "xlsx": "xlsx_format",
    "oscal-ar": "oscal_ar",
}
BINARY = {"xlsx"}
"""Formats whose render() gives bytes, not text."""


def _renderer(module: str) -> Callable[..., str]:
    def render_format(data: dict, **options) -> str:
        return import_module(f"{__name__}.{module}").render(data, **options)

    return render_format


FORMATS: dict[str, Callable[..., str]] = {name: _renderer(module) for name, module in _MODULES.items()}


def render(fmt: str, data: dict, *, lang: str = "en", color: bool | None = False, **options) -> str | bytes:
    """Render assessment ``data`` in format ``fmt`` (bytes for the formats in BINARY); ``options`` are the
    format's own (csv: excel; xlsx: actions, extra)."""
    return FORMATS[fmt](data, lang=lang, color=color, **options)
