"""Validation of an export against NIST's OSCAL JSON schema (vendored in schemas/).

The schemas write their token pattern with Unicode classes (``\\p{L}``), which Python's ``re`` lacks: patterns are
matched with the ``regex`` package (an auditkit dependency) instead.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

import regex
from jsonschema import Draft7Validator, ValidationError, validators

SCHEMAS = {
    "assessment-results": "oscal_assessment-results_schema.json",
    "plan-of-action-and-milestones": "oscal_poam_schema.json",
}
"""Root key of an OSCAL document -> its schema file."""


def _pattern(validator, pattern, instance, schema):
    if isinstance(instance, str) and not regex.search(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_Validator = validators.extend(Draft7Validator, {"pattern": _pattern})


@cache
def _validator(model: str):
    text = resources.files("auditkit.outputs.oscal").joinpath("schemas", SCHEMAS[model]).read_text("utf-8")
    return _Validator(json.loads(text), format_checker=Draft7Validator.FORMAT_CHECKER)


def validate(document: dict) -> list[str]:
    """Every schema error of ``document`` as ``path: message``; empty when it is valid OSCAL."""
    models = [key for key in document if key in SCHEMAS]
    if len(models) != 1:
        return [f"/: not an OSCAL document of {sorted(SCHEMAS)}"]
    errors = sorted(_validator(models[0]).iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    return [f"/{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors]
