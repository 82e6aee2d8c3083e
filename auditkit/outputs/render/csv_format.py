"""The gap analysis as CSV: one row per requirement, for spreadsheets."""

import csv
import io

from auditkit.outputs.render.common import location
from auditkit.outputs.sanitise import spreadsheet_cell

COLUMNS = ["requirement", "clause", "title", "criticality", "weight", "status", "points", "source", "grade",
           "finding", "gap", "evidence"]


def render(data: dict, *, lang: str = "en", color=None) -> str:
    findings = {f["requirement"]: f for f in data["findings"]}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in data["results"]:
        f = findings.get(r["requirement"])
        writer.writerow(map(spreadsheet_cell, [  # titles and gaps come from pull requests: no formulas
            r["requirement"], r["clause"], r["title"].get(lang) or r["title"]["en"], r["criticality"], r["weight"],
            r["status"], r["points"], r["source"], r["grade"] or "", f["id"] if f else "", f["gap"] if f else "",
            "; ".join(location(loc) for loc in f["evidence"]) if f else "",
        ]))
    return out.getvalue()
