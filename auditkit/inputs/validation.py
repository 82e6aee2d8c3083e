"""JSON Schema validation of users' files, with errors placed on the YAML line they concern.

Validators are built once per schema and reused: ``jsonschema.validate`` re-checks the schema itself on every
call and is about 30x slower.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

# Speed: jsonschema (and referencing) are imported where they are used, not here: a run whose values all pass
# the fast paths of validate_value (the project cache, the compiled validator) never needs them (~60 ms).
from auditkit.inputs.source_cache import SourceCache
from auditkit.speed import fastschema
from auditkit.inputs.schemas import SCHEMA_NAMES, schema
from auditkit.model.errors import Problem
from auditkit.inputs.yamlsource import Document

if TYPE_CHECKING:  # annotations only: jsonschema is imported where it is used
    import jsonschema
    from referencing import Registry


@cache
def _registry() -> Registry:
    from referencing import Registry, Resource

    resources_ = [
        (schema(n)["$id"], Resource.from_contents(schema(n))) for n in SCHEMA_NAMES
    ]
    return Registry().with_resources(resources_)


@cache
def validator(name: str) -> jsonschema.protocols.Validator:
    """A Draft 2020-12 validator for schema ``name``, built once."""
    import jsonschema

    cls = jsonschema.Draft202012Validator
    return cls(schema(name), registry=_registry(), format_checker=cls.FORMAT_CHECKER)


_BY_SCHEMA: dict[int, jsonschema.protocols.Validator] = {}


def validator_for(schema_value: dict) -> jsonschema.protocols.Validator:
    """A validator for a schema given as a value (check rules' parameters), built once per schema object."""
    found = _BY_SCHEMA.get(id(schema_value))
    if found is None:
        import jsonschema

        cls = jsonschema.Draft202012Validator
        found = _BY_SCHEMA[id(schema_value)] = cls(schema_value, registry=_registry(), format_checker=cls.FORMAT_CHECKER)
    return found


def validate_document(doc: Document, name: str, *, at: tuple = (), layer: str = "input",
                      cache: SourceCache | None = None) -> list[Problem]:
    """Validate ``doc.data`` (or the value at path ``at``) against schema ``name``; every error, located."""
    instance = doc.data
    for part in at:
        instance = instance[part]
    return validate_value(instance, doc, name, at=at, layer=layer, cache=cache)


def is_valid(instance, name: str | dict) -> bool:
    """Whether a value follows a named schema (or a schema dict): the compiled validator's yes when it gives one
    (auditkit/speed/fastschema.py), else jsonschema's answer."""
    fast = fastschema.compiled(name)
    if fast is not None and fast(instance):
        return True
    return (validator(name) if isinstance(name, str) else validator_for(name)).is_valid(instance)


def validate_value(instance, doc: Document, name: str | dict, *, at: tuple = (), layer: str = "input",
                   cache: SourceCache | None = None) -> list[Problem]:
    """Validate a value against a named schema (or a schema dict); ``at`` is its path inside ``doc``.

    ``cache``: a source cache that may know the value valid from an earlier run."""
    # Speed, for the common case of a valid value: one known valid from an earlier run (the cache, when the run has
    # one), or one the compiled validator accepts (auditkit/speed/fastschema.py). Only a value that fails them goes
    # on to jsonschema, which reports every error with its location; errors are never cached.
    store = cache
    key = store.validity_key(instance, name) if store is not None else None
    if key is not None and store.known_valid(key):
        return []
    fast = fastschema.compiled(name)
    if fast is not None and fast(instance):
        if key is not None:
            store.mark_valid(key)
        return []
    from jsonschema.exceptions import best_match

    problems = []
    check = validator(name) if isinstance(name, str) else validator_for(name)
    for error in check.iter_errors(instance):
        if error.context:  # oneOf/anyOf: report the branch that came closest
            error = best_match(error.context)
        path = at + tuple(error.absolute_path)
        on_key = error.validator in ("additionalProperties", "unevaluatedProperties")
        location = doc.locate(path, key=False)
        message = _message(error)
        if on_key and isinstance(error.instance, dict):
            # point at the offending key itself
            allowed = error.schema.get("properties", {})
            extra = [k for k in error.instance if k not in allowed]
            if extra:
                location = doc.locate(path + (extra[0],), key=True)
                message = f"unknown field {extra[0]!r}" + _did_you_mean(extra[0], allowed)
        problems.append(Problem(location, message, layer))
    if key is not None and not problems:
        store.mark_valid(key)
    return problems


def _did_you_mean(word: str, options) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(options), n=1)
    return f" (did you mean {close[0]!r}?)" if close else f" (allowed: {', '.join(sorted(options))})"


def _message(error) -> str:
    """A short message: jsonschema's own ones repeat the whole instance, which can be pages long."""
    v, instance = error.validator, error.instance
    if v == "required":
        return f"{error.message.split(' is a required property')[0]} is required"
    if v == "type":
        expected = error.validator_value
        got = type(instance).__name__.replace("str", "text").replace("dict", "mapping").replace("NoneType", "nothing")
        hint = ""
        if expected == "string" and isinstance(instance, (int, float)):
            hint = " (quote it, e.g. \"8.1\")"
        return f"expected {expected if isinstance(expected, str) else ' or '.join(expected)}, got {got}{hint}"
    if v == "enum":
        return f"{_short(instance)} is not one of: {', '.join(map(str, error.validator_value))}"
    if v == "pattern":
        what = error.schema.get("description")
        return f"{_short(instance)} is not valid" + (f": {what}" if what else f" (expected pattern {error.validator_value})")
    if v in ("minLength", "minItems", "minProperties"):
        return "must not be empty"
    if v == "not":
        return "has fields that belong to different kinds of file"
    message = error.message
    return message if len(message) < 160 else message[:157] + "..."


def _short(value) -> str:
    text = repr(value)
    return text if len(text) < 60 else text[:57] + "..."
