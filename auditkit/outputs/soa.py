"""The statement of applicability of an assessment (its JSON form): for every subclause, whether it applies, who
operates it, and why not when it does not. Shared by the report and the workbook."""

from __future__ import annotations

from dataclasses import dataclass

from auditkit.model.clauses import clause_key
from auditkit.model.messages import label
from auditkit.outputs.render.common import clause_title


@dataclass(frozen=True)
class SoaRow:
    clause: str
    title: str
    requirements: int
    applicable: int
    """Requirements that count in the score (not excluded, not found not applicable, not outside the audit)."""
    operated_by: str
    justification: str
    not_examined: int

    @property
    def applies(self) -> str:
        return "yes" if not self.operated_by and self.applicable == self.requirements - self.not_examined else \
            "partly" if self.applicable else "no"


def statement(data: dict, lang: str) -> list[SoaRow]:
    """One row per subclause assessed, in clause order."""
    titles = {c["clause"]: clause_title(c, lang) for c in data["subclauses"]}
    applicability = data.get("applicability") or {}
    excluded = {rid: e for e in applicability.get("exclusions", []) for rid in e.get("requirements", [])}
    rows: dict[str, dict] = {}
    for r in data["results"]:
        row = rows.setdefault(r["clause"], {"n": 0, "applicable": 0, "not_examined": 0, "parties": {}, "why": {}})
        row["n"] += 1
        if r["status"] == "not-examined":
            row["not_examined"] += 1
        elif r["requirement"] in excluded:
            e = excluded[r["requirement"]]
            row["parties"][e.get("operated_by", "")] = True
            row["why"][e["justification"]] = True
        elif r["status"] == "not-applicable":
            why = (r.get("judgment") or {}).get("justification", "")
            if why:
                row["why"][why] = True
        else:
            row["applicable"] += 1
    return [SoaRow(clause, titles.get(clause, ""), v["n"], v["applicable"],
                   ", ".join(p for p in v["parties"] if p), "; ".join(v["why"]), v["not_examined"])
            for clause, v in sorted(rows.items(), key=lambda kv: clause_key(kv[0]))]


def applies_label(row: SoaRow, lang: str) -> str:
    return label(f"soa.applies_{row.applies}", lang)
