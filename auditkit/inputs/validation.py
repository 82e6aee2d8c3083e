"""JSON Schema validation of users' files, with errors placed on the YAML line they concern.

Validators are built once per schema and reused: ``jsonschema.validate`` re-checks the schema itself on every
call and is about 30x slower.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

# Speed: jsonschema (and referencing) are imported where they are used, not here: a run whose values all pass
# the fast paths of validate_value (the project cache, the compiled validator) never needs them (~60 ms).
from auditkit.inputs.source_cache import SourceCache
from auditkit.speed import fastschema
from auditkit.inputs.schemas import SCHEMA_NAMES, schema
from auditkit.model.errors import Problem
from auditkit.model.messages import Message, msg, templates
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
                message = _unknown_field(extra[0], allowed)
        problems.append(Problem.of(location, message, layer))
    if key is not None and not problems:
        store.mark_valid(key)
    return problems


def _unknown_field(word: str, options) -> Message:
    import difflib

    close = difflib.get_close_matches(word, list(options), n=1)
    if close:
        return msg("schema.unknown_field_near", field=repr(word), near=repr(close[0]))
    return msg("schema.unknown_field", field=repr(word), allowed=", ".join(sorted(options)))


_TYPES = ("string", "integer", "number", "boolean", "array", "object", "null")
_GOT = {"str": "text", "int": "int", "float": "float", "bool": "bool", "list": "list", "dict": "mapping",
        "NoneType": "nothing"}
_DEPENDENCY = re.compile(r"^(.*) is a dependency of (.*)$")
_BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")


def _message(error) -> Message:
    """A short message as a template: jsonschema's own ones repeat the whole instance, which can be pages long, and
    are English only. The facts (field names, values as written, allowed values) are parameters."""
    v, instance = error.validator, error.instance
    if v == "required":
        return msg("schema.required", field=error.message.split(" is a required property")[0])
    if v == "type":
        expected = error.validator_value
        names = [expected] if isinstance(expected, str) else list(expected)
        wanted = [msg(f"schema.type.{n}") if n in _TYPES else n for n in names]
        got = type(instance).__name__
        got_said = msg(f"schema.got.{_GOT[got]}") if got in _GOT else got
        key = "schema.type_quote" if expected == "string" and isinstance(instance, (int, float)) else "schema.type"
        return msg(key, expected=Message("lint.or", {"items": wanted}), got=got_said)
    if v == "enum":
        return msg("schema.enum", value=_short(instance), allowed=", ".join(map(str, error.validator_value)))
    if v == "const":
        return msg("schema.const", expected=repr(error.validator_value))
    if v == "pattern":
        what = error.schema.get("description")
        if what:
            return msg("schema.pattern_described", value=_short(instance), what=_described(what))
        return msg("schema.pattern", value=_short(instance), pattern=error.validator_value)
    if v in ("minLength", "minItems", "minProperties"):
        return msg("schema.empty")
    if v in _BOUNDS:
        return msg(f"schema.{v}", value=_short(instance), limit=repr(error.validator_value))
    if v == "not":
        return msg("schema.mixed_kinds")
    if v == "dependentRequired":
        found = _DEPENDENCY.match(error.message)
        if found:
            return msg("schema.depends", needs=found.group(1), field=found.group(2))
    if v == "format":
        return msg("schema.format", value=repr(instance), format=repr(error.validator_value))
    message = error.message  # a keyword auditkit's schemas rarely use: jsonschema's own words, as a fact
    return msg("schema.other", text=message if len(message) < 160 else message[:157] + "...")


def _described(description: str) -> Message | str:
    """A schema's description of a pattern in the user's language: the template of messages.yaml whose English
    is the description (schema.described.*); the description as written when it has none."""
    return _DESCRIBED().get(description, description)


@cache
def _DESCRIBED() -> dict[str, Message]:
    return {entry["en"]: msg(key) for key, entry in templates().items() if key.startswith("schema.described.")}


def _short(value) -> str:
    text = repr(value)
    return text if len(text) < 60 else text[:57] + "..."
