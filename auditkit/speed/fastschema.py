"""Compiled JSON Schema validation for the common case: the document is valid.

jsonschema, the reference implementation behind auditkit's located error messages, checks about 1,000 small
instances a second on this machine: the ~330 requirements of the bundled catalog took 0.3 s, a stored
assessment 0.27 s. fastjsonschema compiles a schema to Python once (about 50 ms for the catalog schema) and then
checks the whole catalog in under 20 ms, but it stops at the first error and implements drafts 4 to 7 only.

So :func:`auditkit.inputs.validation.validate_value` asks the compiled validator first and runs jsonschema only when it
says "invalid", to report every error with its location. That is correct as long as the compiled validator never
accepts what jsonschema rejects, which holds for the keywords both implement alike (:data:`SAFE_KEYWORDS`,
with the value restrictions of :func:`_unsafe`). A schema that uses anything else anywhere (``format``,
``dependentRequired``, ``unevaluatedProperties``, a ``$ref`` with sibling keywords ...) gets no compiled validator
and is always checked by jsonschema. ``dependentRequired`` (2019-09) is compiled as the draft-7 ``dependencies``
of the same meaning. tests/ci/test_fastschema.py holds the property on valid and invalid files.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import marshal
import os
import tempfile
from functools import cache
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from typing import Any, Callable

from auditkit.inputs.schemas import SCHEMA_NAMES, schema
from auditkit.speed import secret

SAFE_KEYWORDS = frozenset({
    "$schema", "$id", "$ref", "$defs", "definitions", "$comment", "title", "description", "examples", "default",
    "type", "enum", "const", "properties", "required", "additionalProperties", "patternProperties", "propertyNames",
    "minProperties", "maxProperties", "items", "minItems", "maxItems", "contains", "minLength", "maxLength",
    "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "allOf", "anyOf", "oneOf", "not",
    "if", "then", "else", "dependentRequired", "format",
})
_ANNOTATIONS = frozenset({"$comment", "title", "description", "examples", "default"})
_NAMED_SUBSCHEMAS = ("properties", "$defs", "definitions", "patternProperties")
_SUBSCHEMA = ("additionalProperties", "propertyNames", "items", "contains", "not", "if", "then", "else")
_SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf")

Check = Callable[[Any], bool]


def _unsafe(node: Any, found: set[str]) -> None:
    """Collect in ``found`` every ``$ref`` target and mark anything the compiled validator may treat differently."""
    if isinstance(node, bool):
        return
    if not isinstance(node, dict):
        found.add("!not-a-schema")
        return
    for key, value in node.items():
        if key not in SAFE_KEYWORDS:
            found.add(f"!{key}")
        elif key == "$ref":
            if set(node) - {"$ref"} - _ANNOTATIONS:
                found.add("!$ref-with-siblings")  # ignored before draft 2019-09, applied by 2020-12
            found.add(value)
        elif key in ("enum", "const"):
            # the compiled code compares with ==, under which 1 == 1.0 == True: numbers are left to jsonschema;
            # true/false/null are compiled with a type guard (see _draft7)
            values = value if key == "enum" else [value]
            if not all(isinstance(v, (str, bool)) or v is None for v in values):
                found.add(f"!{key}-number")
        elif key == "format" and value != "regex":  # both check "regex" with re.compile; other formats differ
            found.add(f"!format-{value}")
        elif key == "dependentRequired" and not (
                isinstance(value, dict) and all(isinstance(v, list) and all(isinstance(n, str) for n in v) for v in value.values())):
            found.add("!dependentRequired-form")
        elif key in ("exclusiveMinimum", "exclusiveMaximum") and isinstance(value, bool):
            found.add(f"!{key}-boolean")
        elif key == "items" and isinstance(value, list):
            found.add("!items-array")
        elif key in _NAMED_SUBSCHEMAS:
            for sub in value.values():
                _unsafe(sub, found)
        elif key in _SUBSCHEMA:
            _unsafe(value, found)
        elif key in _SUBSCHEMA_LISTS:
            for sub in value:
                _unsafe(sub, found)


def _store() -> dict[str, dict]:
    return {schema(n)["$id"]: schema(n) for n in SCHEMA_NAMES}


@cache
def _draft7_store() -> dict[str, dict]:
    return {uri: _draft7(value) for uri, value in _store().items()}


def _draft7(node: Any) -> Any:
    """A copy of a schema in the form fastjsonschema reads alike: ``dependentRequired`` -> ``dependencies``,
    ``const`` -> a one-value ``enum``, and an enum holding true, false or null -> typed alternatives (so that 0
    is never taken for false, whatever the fastjsonschema version)."""
    if isinstance(node, list):
        return [_draft7(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {("dependencies" if k == "dependentRequired" else k): (v if k in ("enum", "const") else _draft7(v))
           for k, v in node.items()}
    if "const" in out:  # the same meaning; fastjsonschema's const fails to compile without detailed exceptions
        out["enum"] = [out.pop("const")]
    if "enum" in out and not all(isinstance(v, str) for v in out["enum"]):
        out["allOf"] = [*out.get("allOf", []), {"anyOf": _typed_alternatives(out.pop("enum"))}]
    return out


def _typed_alternatives(values: list) -> list[dict]:
    branches: list[dict] = []
    texts = [v for v in values if isinstance(v, str)]
    if texts:
        branches.append({"enum": texts})
    flags = [v for v in values if isinstance(v, bool)]
    if flags:
        branches.append({"type": "boolean", "enum": flags})
    if any(v is None for v in values):
        branches.append({"type": "null"})
    return branches


def _safe(schema_value: dict) -> bool:
    """True when ``schema_value`` and every schema it refers to use only keywords implemented alike."""
    store = _store()
    base = schema_value.get("$id", "")
    seen: set[str] = set()
    pending = [(schema_value, base)]
    while pending:
        node, base = pending.pop()
        found: set[str] = set()
        _unsafe(node, found)
        if any(f.startswith("!") for f in found):
            return False
        for ref in found:
            target = ref.partition("#")[0]
            if not target:
                continue
            uri = target if "://" in target else base.rsplit("/", 1)[0] + "/" + target
            if uri not in store:
                return False
            if uri not in seen:
                seen.add(uri)
                pending.append((store[uri], uri))
    return True


def _compile(schema_value: dict) -> Check | None:
    if not _safe(schema_value):
        return None
    try:
        validate = _validator_function(_draft7(schema_value))
    except Exception:  # noqa: BLE001 - a schema it cannot compile is simply checked by jsonschema
        return None

    def check(instance: Any) -> bool:
        try:
            validate(instance)
        except Exception:  # noqa: BLE001 - invalid, or data it cannot handle: jsonschema decides and reports
            return False
        return True

    return check


def _validator_function(definition: dict) -> Callable[[Any], Any]:
    """fastjsonschema's validator of a draft-7 ``definition``, its bytecode cached per user like ``__pycache__``.

    Speed: generating and compiling the code takes 2-15 ms a schema, about 60 ms for the schemas one
    ``auditkit check`` uses, a tenth of the run on the example. The cache key is everything the code depends on
    (the schema, the schemas it refers to, fastjsonschema's and Python's bytecode versions), so an entry is never
    stale; an unreadable or unwritable cache only means compiling again.
    """
    import fastjsonschema
    from fastjsonschema.ref_resolver import RefResolver

    store = _draft7_store()
    handlers = {"https": store.__getitem__, "http": store.__getitem__}
    # without detailed exceptions: a third of the code to compile (each raise carried its schema's repr)
    options = {"handlers": handlers, "use_default": False, "detailed_exceptions": False}
    key = hashlib.sha256(json.dumps([definition, _store_digest(), fastjsonschema.VERSION, MAGIC_NUMBER.hex()],
                                    sort_keys=True).encode()).hexdigest()
    folder = _code_cache()
    path = folder / f"{key}.bytecode" if folder else None
    code = None
    if path is not None:
        try:
            # the file starts with an HMAC under a key kept outside every cache (auditkit/speed/secret.py): code
            # that this user's auditkit did not write (a restored or planted cache) is never run
            mac, _, blob = path.read_bytes().partition(b"\n")
            code = marshal.loads(blob) if secret.genuine(mac.decode("ascii"), key, blob) else None
        except (OSError, ValueError, EOFError, TypeError, UnicodeDecodeError):
            code = None
    if code is None:
        code = compile(fastjsonschema.compile_to_code(definition, **options), f"<schema {key[:12]}>", "exec")
        if path is not None:
            blob = marshal.dumps(code)
            _write_quietly(path, secret.tag(key, blob).encode("ascii") + b"\n" + blob)
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 - code generated by fastjsonschema from auditkit's own schemas
    return namespace[RefResolver.from_schema(definition, handlers=handlers).get_scope_name()]


@cache
def _store_digest() -> str:
    return hashlib.sha256(json.dumps(_draft7_store(), sort_keys=True).encode()).hexdigest()


@cache
def _code_cache() -> Path | None:
    """``$AUDITKIT_CODE_CACHE``, else ``$XDG_CACHE_HOME/auditkit/validators`` (``~/.cache`` by default); None when
    set to an empty string."""
    chosen = os.environ.get("AUDITKIT_CODE_CACHE")
    if chosen is not None:
        return Path(chosen) if chosen else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base, "auditkit", "validators")


def _write_quietly(path: Path, data: bytes) -> None:
    """Write ``data`` whole or not at all (temporary file, then rename); a failure is ignored."""
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except OSError:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


@cache
def _by_name(name: str) -> Check | None:
    return _compile(schema(name))


_BY_ID: dict[int, tuple[dict, Check | None]] = {}


def compiled(name_or_schema: str | dict) -> Check | None:
    """A compiled validity check for a named schema (or a schema value), or None when there can be none."""
    if isinstance(name_or_schema, str):
        return _by_name(name_or_schema)
    entry = _BY_ID.get(id(name_or_schema))
    if entry is None or entry[0] is not name_or_schema:
        entry = _BY_ID[id(name_or_schema)] = (name_or_schema, _compile(name_or_schema))
    return entry[1]
