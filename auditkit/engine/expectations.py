"""What every requirement expects: the evidence it rests on and the checks that apply to which items (issue 15).

One row per requirement, for ``auditkit catalog expectations`` and docs/expectations.csv: a consultant learns
from one table which evidence types each requirement prefers, which checks run over them, and what a
documentation review leaves for the audit, instead of running ``catalog show`` on every requirement.
"""

from __future__ import annotations

from auditkit.engine.checks import RULES
from auditkit.engine.checks.records import RecordRule
from auditkit.engine.verdicts import check_basis
from auditkit.inputs.catalog import Catalog, CheckSpec, Requirement

COLUMNS = ["requirement", "clause", "title", "kind", "criticality", "documented", "rests_on",
           "documentation_review", "preferred_types", "required_types", "checks"]


def _strict(spec: CheckSpec, requirement: Requirement) -> bool:
    """The same decision as the engine: record rules and a mandatory document's existence need their types."""
    rule = RULES[spec.rule]
    return isinstance(rule, RecordRule) or (rule.name == "evidence_exists" and requirement.documented == "mandatory")


def _check_text(spec: CheckSpec) -> str:
    what = spec.rule
    target = spec.select.covers or ""
    if spec.select.types:
        what += f" [{'/'.join(spec.select.types)}{' covering ' + target if target else ''}]"
    elif target:
        what += f" [covering {target}]"
    concepts = [c.id for c in getattr(spec, "concepts", ())] + [str(s) for s in spec.params.get("sections", [])]
    if concepts:
        what += " sections: " + ", ".join(concepts)
    for key in ("max_age", "period", "threshold"):
        if key in spec.params:
            what += f" {key} {spec.params[key]}"
    return what


def expectations(catalog: Catalog, lang: str = "en") -> list[dict]:
    """One row (COLUMNS) per requirement of ``catalog``, in catalog order."""
    rows = []
    for r in catalog.requirements:
        bases = {check_basis(c.select.types, isinstance(RULES[c.rule], RecordRule)) for c in r.checks}
        rests_on = [b for b in ("documents", "records") if b in bases] + (["interview"] if r.manual else [])
        if "records" in bases or r.manual:
            review = "partly" if "documents" in bases else "not examined"
        else:
            review = "examined"
        preferred = [t for c in r.checks if not _strict(c, r) for t in c.select.types]
        required = [t for c in r.checks if _strict(c, r) for t in c.select.types]
        rows.append({
            "requirement": r.id, "clause": r.clause, "title": r.title_in(lang), "kind": r.kind,
            "criticality": r.criticality, "documented": r.documented or "",
            "rests_on": "+".join(rests_on), "documentation_review": review,
            "preferred_types": " ".join(dict.fromkeys(preferred)), "required_types": " ".join(dict.fromkeys(required)),
            "checks": "; ".join(_check_text(c) for c in r.checks),
        })
    return rows
