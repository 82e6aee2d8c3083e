"""How auditkit writes a score and a place, the same in every output: ``45.0%`` (``n/a`` without a score) and
``file:line:column``."""

from __future__ import annotations

from typing import Any, Mapping


def percent(score: float | None) -> str:
    """A score of 0..1 as a percentage with one decimal, ``n/a`` when there is none (nothing counted)."""
    return "n/a" if score is None else f"{score * 100:.1f}%"


def place(file: str, line: int | None = None, column: int | None = None) -> str:
    """``file:line:column``; the column only with a line, each only when known."""
    text = file
    if line is not None:
        text += f":{line}"
        if column is not None:
            text += f":{column}"
    return text


def location_text(loc: Mapping[str, Any]) -> str:
    """A location of the assessment's JSON form (``{file, line, column}``) as :func:`place` writes it."""
    return place(str(loc.get("file", "")), loc.get("line"), loc.get("column"))
