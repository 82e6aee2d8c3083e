"""register_coverage: every item of one list is covered by another (every service has an SLA ...)."""

from __future__ import annotations

from auditkit.model.errors import Location
from auditkit.engine.checks.base import Outcome, Rule, register
from auditkit.model.messages import msg
from auditkit.engine.selection import select_items  # the one selection mechanism every check uses
from auditkit.inputs.catalog import Selector

_LIST = {
    "type": "object",
    "properties": {
        "from": {"enum": ["organization", "evidence"]},
        "select": {"type": "object"},
        "field": {"type": "string", "minLength": 1},
        "key": {"type": "string"},
    },
    "required": ["field"],
    "additionalProperties": False,
}


@register
class RegisterCoverage(Rule):
    name = "register_coverage"
    params_schema = {
        "type": "object",
        "properties": {"items": _LIST, "covered_by": _LIST},
        "required": ["items", "covered_by"],
        "additionalProperties": False,
    }
    needs_items = False

    def evaluate(self, spec, items, ctx):
        wanted, wanted_from = self._values(spec.params["items"], ctx, select_items)
        have, have_from = self._values(spec.params["covered_by"], ctx, select_items)
        if not wanted_from:
            return self.result(Outcome.FAIL, msg("coverage.no_list", field=repr(spec.params["items"]["field"])))
        if any(isinstance(v, (dict, list)) for v, _ in wanted + have):
            return self.result(Outcome.CANNOT_EVALUATE, msg("coverage.mappings"), [loc for v, loc in wanted + have if isinstance(v, (dict, list))][:3])
        covered = {v for v, _ in have}
        missing = [(value, loc) for value, loc in wanted if value not in covered]
        what = spec.params["covered_by"]["field"]
        sources = ", ".join(sorted({src for src in have_from})) or msg("coverage.no_sources")
        locations = [loc for _, loc in missing] or [loc for _, loc in wanted]
        if missing:
            names = ", ".join(str(v) for v, _ in missing)
            # an entry without its covering document (a service without an SLA) is that document absent
            return self.result(Outcome.FAIL, msg("coverage.missing", missing=len(missing), total=len(wanted), what=what,
                                                 sources=sources, names=names), locations, absent=True)
        return self.result(Outcome.PASS, msg("coverage.all", total=len(wanted), what=what, sources=sources), locations)

    @staticmethod
    def _values(source: dict, ctx, select_items) -> tuple[list[tuple[object, Location]], list[str]]:
        """(value, location) pairs of a list, and the ids of the files they come from."""
        field, key = source["field"], source.get("key")
        holders = []
        if source.get("from") == "organization":
            org = ctx.evidence.organization
            holders.append((org.get(field), org.doc, tuple(field.split(".")), org.file))
        else:
            selector = Selector.from_dict(source.get("select", {}))
            for item in select_items(ctx.evidence, selector, ctx.requirement):
                holders.append((item.get(field), item.doc, tuple(field.split(".")), item.id))
        pairs, sources = [], []
        for value, doc, path, name in holders:
            if not isinstance(value, list):
                continue
            sources.append(name)
            for index, entry in enumerate(value):
                if key and isinstance(entry, dict):
                    entry = entry.get(key)
                pairs.append((entry, doc.locate(path + (index,))))
        return pairs, sources
