"""Validation of an export against NIST's OSCAL JSON schema (vendored in schemas/; the validator:
auditkit.inputs.oscal_schema)."""

from __future__ import annotations

from auditkit.inputs.oscal_schema import oscal_validator

SCHEMAS = {
    "assessment-results": "oscal_assessment-results_schema.json",
    "plan-of-action-and-milestones": "oscal_poam_schema.json",
}
"""Root key of an OSCAL document -> its schema file."""


def _validator(model: str):
    return oscal_validator("auditkit.outputs.oscal", "schemas", SCHEMAS[model])


def validate(document: dict) -> list[str]:
    """Every schema error of ``document`` as ``path: message``; empty when it is valid OSCAL."""
    models = [key for key in document if key in SCHEMAS]
    if len(models) != 1:
        return [f"/: not an OSCAL document of {sorted(SCHEMAS)}"]
    errors = sorted(_validator(models[0]).iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    return [f"/{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors]
