"""Validators for NIST's OSCAL JSON schemas (an imported catalog is checked in; auditkit's exports are checked out).

The schemas write their token pattern with Unicode classes (``\\p{L}``), which Python's ``re`` lacks: patterns are
matched with the ``regex`` package (an auditkit dependency) instead.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

import regex
from jsonschema import Draft7Validator, ValidationError, validators


def _pattern(validator, pattern, instance, schema):
    if isinstance(instance, str) and not regex.search(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_Validator = validators.extend(Draft7Validator, {"pattern": _pattern})


@cache
def oscal_validator(package: str, *path: str):
    """A Draft 7 validator of the OSCAL schema file at ``path`` inside ``package``, built once."""
    text = resources.files(package).joinpath(*path).read_text("utf-8")
    return _Validator(json.loads(text), format_checker=Draft7Validator.FORMAT_CHECKER)
