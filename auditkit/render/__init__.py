"""Renderers of an assessment (its JSON form), chosen by name. Each is a function ``(data, lang, color) -> str``."""

from __future__ import annotations

from typing import Callable

from . import csv_format, json_format, markdown, text

FORMATS: dict[str, Callable[..., str]] = {
    "text": text.render,
    "json": json_format.render,
    "markdown": markdown.render,
    "csv": csv_format.render,
    # CI formats (auditkit check adds its gate report under data["check"]); imported on first use.
    "junit": lambda data, **kw: __import__("auditkit.render.junit", fromlist=["render"]).render(data, **kw),
    "sarif": lambda data, **kw: __import__("auditkit.render.sarif", fromlist=["render"]).render(data, **kw),
    "github": lambda data, **kw: __import__("auditkit.render.github", fromlist=["render"]).render(data, **kw),
    "summary": lambda data, **kw: __import__("auditkit.render.summary", fromlist=["render"]).render(data, **kw),
}


def render(fmt: str, data: dict, *, lang: str = "en", color: bool | None = False) -> str:
    """Render assessment ``data`` in format ``fmt``."""
    return FORMATS[fmt](data, lang=lang, color=color)
