"""Renderers of an assessment (its JSON form), chosen by name. Each is a function ``(data, lang, color) -> str``."""

from __future__ import annotations

from typing import Callable

from . import csv_format, json_format, markdown, text

FORMATS: dict[str, Callable[..., str]] = {
    "text": text.render,
    "json": json_format.render,
    "markdown": markdown.render,
    "csv": csv_format.render,
}


def render(fmt: str, data: dict, *, lang: str = "en", color: bool | None = False) -> str:
    """Render assessment ``data`` in format ``fmt``."""
    return FORMATS[fmt](data, lang=lang, color=color)
