"""The gap analysis as CSV: one row per requirement, for spreadsheets."""

import csv
import io

from auditkit.outputs.render.common import location, subclause_verdicts
from auditkit.outputs.sanitise import spreadsheet_cell

BOM = "\ufeff"
"""What Excel needs to read a CSV as UTF-8 (without it, Chinese titles come out garbled)."""

COLUMNS = ["requirement", "clause", "title", "criticality", "weight", "status", "points", "source", "grade",
           "failure", "finding", "gap", "evidence", "subclause_status", "subclause_grade"]


def render(data: dict, *, lang: str = "en", color=None, excel: bool = False) -> str:
    """One row per requirement; ``excel``: a byte-order mark first. Texts that a spreadsheet would run as
    formulas are written as text (auditkit.outputs.sanitise)."""
    findings = {f["requirement"]: f for f in data["findings"]}
    verdicts = subclause_verdicts(data)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if excel:
        out.write(BOM)
    writer.writerow(COLUMNS)
    for r in data["results"]:
        f = findings.get(r["requirement"])
        writer.writerow(map(spreadsheet_cell, [  # titles and gaps come from pull requests: no formulas
            r["requirement"], r["clause"], r["title"].get(lang) or r["title"]["en"], r["criticality"], r["weight"],
            r["status"], r["points"], r["source"], r["grade"] or "", r.get("failure", ""), f["id"] if f else "",
            f["gap"] if f else "", "; ".join(location(loc) for loc in f["evidence"]) if f else "",
            verdicts.get(r["clause"], {}).get("status", ""), verdicts.get(r["clause"], {}).get("grade") or "",
        ]))
    return out.getvalue()

