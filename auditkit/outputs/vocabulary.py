"""The labels of the tool's values (statuses, grades, sources, methods, kinds, criticality) in a language, read
from the report's label files (``templates/i18n/<lang>.yaml``): one vocabulary for the report, the workbook, the
CSV and the roadmap. Missing labels of a language fall back to English."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from auditkit.model.bundled import safe_yaml


def _folder() -> Path:
    override = os.environ.get("AUDITKIT_TEMPLATES")  # the same override as the report's templates
    return (Path(override) if override else Path(__file__).resolve().parents[1] / "templates") / "i18n"


@cache
def _read(path: Path) -> dict:
    return safe_yaml(path.read_text("utf-8")) or {}


def enum_labels(lang: str) -> dict:
    """group -> value -> label, e.g. ``enum_labels("zh")["status"]["conformant"] == "符合"``."""
    base = _read(_folder() / "en.yaml")
    own = _read(_folder() / f"{lang}.yaml") if lang != "en" else {}
    return {group: {**(values if isinstance(values, dict) else {}), **(own.get(group) or {})}
            for group, values in base.items() if isinstance(values, dict)}
