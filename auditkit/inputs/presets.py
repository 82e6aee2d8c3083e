"""Record-set presets: the column mapping and formats of a ticket tool's standard export, by name.

``preset: servicenow-incident`` in a record set stands for the mapping and formats in ``presets.yaml``; whatever
the record set declares itself wins (a column, a format, the key). A preset names a column by the tool's field
name, or by a list of names seen in the tool's exports: the first one the export's header has is used, and a
preset column the header lacks is left unmapped (an export holds the columns its user chose to show). The
result is an ordinary record-set declaration, read and checked as if the user had written it out.
"""

from __future__ import annotations

from functools import cache

from auditkit.model.bundled import bundled_yaml

_FORMATS = ("unit", "date_format", "delimiter", "encoding", "true_values", "false_values", "missing", "ties")
"""Keys a preset may set that the record set overrides as a whole."""


@cache
def _data() -> dict:
    return bundled_yaml("auditkit.inputs", "presets.yaml")


def preset_names() -> list[str]:
    """Every name ``preset:`` accepts, aliases included (``znuny`` for ``otrs``)."""
    data = _data()
    return sorted(list(data["presets"]) + list(data.get("aliases", {})))


def preset(name: str) -> dict:
    """The preset called ``name`` (an alias gives its target); KeyError for an unknown name."""
    data = _data()
    return data["presets"][data.get("aliases", {}).get(name, name)]


class PresetError(ValueError):
    """A record set whose preset cannot be applied to its export; the message says what to declare."""


def apply_preset(spec: dict, header: list[str]) -> dict:
    """``spec`` (a record set's ``records:`` mapping naming a preset) written out in full for an export whose
    header is ``header``: the preset's columns the header has, then the record set's own columns over them; the
    preset's formats, key, order and reductions unless the record set declares its own.

    Raise PresetError when the preset orders events by columns the export has none of and the record set does
    not declare its own order: which event of a ticket is the last one must not be guessed.
    """
    chosen = preset(spec["preset"])
    present = set(header)
    columns = {}
    for logical, names in chosen.get("columns", {}).items():
        found = next((name for name in ([names] if isinstance(names, str) else names) if name in present), None)
        if found is not None:
            columns[logical] = found
    columns.update(spec.get("columns") or {})
    out = {key: value for key, value in spec.items() if key != "preset"}
    out["columns"] = columns
    for key in _FORMATS:
        if key not in spec and key in chosen:
            out[key] = chosen[key]
    if "key" not in spec and chosen.get("key") in columns:
        out["key"] = chosen["key"]
        if "order_by" not in spec:
            order = [name for name in chosen.get("order_by", []) if name in columns]
            if not order:
                wanted = ", ".join(_names(chosen["columns"][name]) for name in chosen.get("order_by", []))
                raise PresetError(
                    f"preset {spec['preset']} reads one row per update of a {chosen['key']} and orders them by "
                    f"{wanted}, which the export does not have: declare order_by (order_by: file-order for a list "
                    "export with one row per record)")
            out["order_by"] = order
    if "key" in out:
        reduce = {name: how for name, how in chosen.get("reduce", {}).items() if name in columns}
        out["reduce"] = reduce | (spec.get("reduce") or {})
    types = {name: kind for name, kind in chosen.get("types", {}).items() if name in columns}
    types |= spec.get("types") or {}
    if types:
        out["types"] = types
    return out


def _names(names) -> str:
    return " or ".join([names] if isinstance(names, str) else names)
