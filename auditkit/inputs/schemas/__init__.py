"""The JSON Schemas of the user's files and of auditkit's own outputs, one ``<name>.schema.json`` each."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

SCHEMA_NAMES = ("common", "catalog", "organization", "evidence", "judgments", "config", "assessment")
"""The schemas that refer to each other (by ``$id``); the others stand alone."""


@cache
def schema(name: str) -> dict:
    """The JSON Schema ``auditkit/inputs/schemas/<name>.schema.json``."""
    text = resources.files(__name__).joinpath(f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)
