"""The gap analysis as an XLSX workbook (openpyxl), in the report's language: what consultants hand to clients.

Sheets: summary (scores, counts, a bar chart of the clause scores), requirements (filters, frozen header, colours
by status and grade), findings, corrective actions, and the extra sheets callers pass (roadmap, statement of
applicability). Every text cell goes through :func:`auditkit.outputs.sanitise.xlsx_cell`: a title from the
organisation's files that begins with ``=`` is stored as text, never as a formula.
"""

from __future__ import annotations

import io

from auditkit.model.messages import label
from auditkit.outputs.render.common import finding_gap, findings_in_order, location, requirement_text
from auditkit.outputs.sanitise import xlsx_cell
from auditkit.outputs.sheets import Sheet
from auditkit.outputs.vocabulary import enum_labels
from auditkit.outputs.render.common import catalog_results, clause_title

STATUS_COLOURS = {"conformant": "C6EFCE", "partially-conformant": "FFEB9C", "nonconformant": "FFC7CE",
                  "not-applicable": "EDEDED", "not-assessed": "DDEBF7", "needs-evidence": "FCE4D6",
                  "not-examined": "EDEDED", "excluded": "EDEDED"}
GRADE_COLOURS = {"major-nc": "FF9999", "minor-nc": "FFC7CE", "observation": "FFEB9C", "ofi": "DDEBF7",
                 "good-practice": "C6EFCE"}


def render(data: dict, *, lang: str = "en", color=None, actions: list[dict] | None = None,
           extra: list[Sheet] | None = None) -> bytes:
    """The workbook's bytes."""
    from openpyxl import Workbook  # start-up time: only this format needs openpyxl

    labels = _labels(lang)
    book = Workbook()
    _summary(book.active, data, labels, lang)
    _requirements(book, data, labels, lang)
    table(book, _findings(data, labels, lang))
    table(book, _actions(actions, labels, lang))
    if data.get("roadmap"):
        from auditkit.outputs.roadmap import sheet as roadmap_sheet  # the rows `auditkit roadmap` writes too

        table(book, roadmap_sheet(data["roadmap"], lang))
    table(book, _soa(data, lang))
    if data.get("catalogs"):  # several catalogs: a summary of them and a sheet each (one catalog: no change)
        table(book, _catalogs(data, lang))
        for part in data["catalogs"]:
            table(book, _catalog_sheet(data, part, labels, lang))
    for sheet in extra or []:
        table(book, sheet)
    book.active = 0  # opens on the summary
    return _bytes(book)


def workbook(sheets: list[Sheet]) -> bytes:
    """A workbook of plain sheets (``auditkit roadmap --format xlsx``)."""
    from openpyxl import Workbook  # start-up time: only this format needs openpyxl

    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        table(book, sheet)
    return _bytes(book)


def _bytes(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _labels(lang: str) -> dict:
    """The report's labels of the language (statuses, grades, criticality ...): one vocabulary with the report."""
    return enum_labels(lang)


def _lab(labels: dict, group: str, key) -> str:
    return (labels.get(group) or {}).get(key, "" if key is None else str(key))


def _header(ws, headers: list[str], widths: list[int]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    for column, text in enumerate(headers, 1):
        cell = ws.cell(row=1, column=column)
        xlsx_cell(cell, text)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="0F5C6E")
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    for column, width in enumerate(widths, 1):
        ws.column_dimensions[_letter(column)].width = width
    ws.freeze_panes = "A2"


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)


def table(book, sheet: Sheet):
    """A sheet with a frozen, filtered header and wrapped text."""
    from openpyxl.styles import Alignment

    ws = book.create_sheet(_sheet_title(sheet.title))
    _header(ws, sheet.headers, sheet.widths or [18] * len(sheet.headers))
    for r, row in enumerate(sheet.rows, 2):
        for c, value in enumerate(row, 1):
            cell = ws.cell(row=r, column=c)
            xlsx_cell(cell, value)
            cell.alignment = Alignment(vertical="top", wrap_text=isinstance(value, str) and len(value) > 20)
    ws.auto_filter.ref = f"A1:{_letter(max(len(sheet.headers), 1))}{max(len(sheet.rows) + 1, 1)}"
    return ws


def _sheet_title(text: str) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet name."""
    return "".join(ch for ch in text if ch not in "[]:*?/\\")[:31]


def _summary(ws, data: dict, labels: dict, lang: str) -> None:
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font

    ws.title = _sheet_title(label("workbook.summary", lang))
    s = data["summary"]
    overall = s["overall"]
    rows = [
        (label("workbook.organisation", lang), data["organization"]["name"]),
        (label("workbook.as_of", lang), data["as_of"]),
        (label("workbook.catalog", lang), f"{data['catalog']['id']} {data['catalog']['version']}"),
        (label("workbook.points", lang), overall["points"]),
        (label("workbook.weight", lang), overall["weight"]),
        (label("workbook.score", lang), overall["score"]),
        (label("workbook.formula", lang), label("workbook.formula_text", lang)),
        (label("workbook.threshold", lang), data["scoring"]["readiness_threshold"]),
        (label("workbook.ready", lang), label("workbook.yes" if s["ready"] else "workbook.no", lang)),
    ]
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 40
    for r, (name, value) in enumerate(rows, 1):
        xlsx_cell(ws.cell(row=r, column=1), name)
        ws.cell(row=r, column=1).font = Font(bold=True)
        xlsx_cell(ws.cell(row=r, column=2), value)
    ws["B6"].number_format = "0.0%"
    ws["B8"].number_format = "0.0%"
    r = len(rows) + 2
    for group, counts in (("status", s["status_counts"]), ("grade", s["grade_counts"])):
        for key, n in counts.items():
            xlsx_cell(ws.cell(row=r, column=1), _lab(labels, group, key))
            ws.cell(row=r, column=2, value=n)
            r += 1
        r += 1
    # the clause table the chart is drawn from: points / weight = score, recomputable row by row
    top = r
    headers = [label("workbook.clause", lang), label("workbook.title", lang), label("workbook.points", lang),
               label("workbook.weight", lang), label("workbook.score", lang)]
    for c, text in enumerate(headers, 1):
        xlsx_cell(ws.cell(row=top, column=c), text)
        ws.cell(row=top, column=c).font = Font(bold=True)
    clauses = data["clauses"]
    for i, clause in enumerate(clauses, 1):
        title = clause_title(clause, lang)
        for c, value in enumerate([clause["clause"], title, clause["points"], clause["weight"], clause["score"]], 1):
            xlsx_cell(ws.cell(row=top + i, column=c), value)
        ws.cell(row=top + i, column=5).number_format = "0.0%"
    if clauses:
        chart = BarChart()
        chart.type = "bar"
        chart.title = label("workbook.chart_title", lang)
        chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 1
        chart.y_axis.numFmt = "0%"
        chart.add_data(Reference(ws, min_col=5, min_row=top, max_row=top + len(clauses)), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=top + 1, max_row=top + len(clauses)))
        chart.legend = None
        chart.height, chart.width = 9, 16
        ws.add_chart(chart, "D1")


def _requirements(book, data: dict, labels: dict, lang: str):
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import PatternFill

    findings = {f["requirement"]: f for f in data["findings"]}
    headers = [label(f"workbook.col.{k}", lang) for k in
               ("requirement", "clause", "title", "kind", "criticality", "weight", "status", "points", "source",
                "grade", "finding", "gap", "evidence")]
    rows = []
    for r in data["results"]:
        f = findings.get(r["requirement"])
        rows.append([
            r["requirement"], r["clause"], requirement_text(r["title"], lang), _lab(labels, "kind", r.get("kind")),
            _lab(labels, "criticality", r["criticality"]), r["weight"], _lab(labels, "status", r["status"]),
            r["points"], _lab(labels, "source", r["source"]), _lab(labels, "grade", r["grade"]) if r["grade"] else "",
            f["id"] if f else "", finding_gap(data, f, lang) if f else "",
            "; ".join(location(loc) for loc in f["evidence"]) if f else "",
        ])
    ws = table(book, Sheet(label("workbook.requirements", lang), headers, rows,
                            [11, 8, 40, 14, 10, 8, 16, 8, 14, 16, 12, 60, 40]))
    last = len(rows) + 1
    # colours follow the shown labels, so a client who edits a status sees the colour change with it
    for key, colour in STATUS_COLOURS.items():
        text = _lab(labels, "status", key).replace('"', '""')
        ws.conditional_formatting.add(f"G2:G{last}", FormulaRule(formula=[f'$G2="{text}"'],
                                                                 fill=PatternFill("solid", bgColor=colour)))
    for key, colour in GRADE_COLOURS.items():
        text = _lab(labels, "grade", key).replace('"', '""')
        ws.conditional_formatting.add(f"J2:J{last}", FormulaRule(formula=[f'$J2="{text}"'],
                                                                 fill=PatternFill("solid", bgColor=colour)))
    return ws


def _findings(data: dict, labels: dict, lang: str) -> Sheet:
    results = {r["requirement"]: r for r in data["results"]}
    headers = [label(f"workbook.col.{k}", lang) for k in ("finding", "grade", "requirement", "clause", "title", "gap", "evidence")]
    rows = [[f["id"], _lab(labels, "grade", f["grade"]), f["requirement"], f["clause"],
             requirement_text(results[f["requirement"]]["title"], lang), finding_gap(data, f, lang),
             "; ".join(location(loc) for loc in f["evidence"])] for f in findings_in_order(data)]
    return Sheet(label("workbook.findings", lang), headers, rows, [14, 18, 11, 8, 40, 70, 50])


def _catalogs(data: dict, lang: str) -> Sheet:
    """One row per catalog: its score over its own requirements (points / weight) and the credits across."""
    headers = [label(f"workbook.col.{k}", lang) for k in ("catalog", "standard", "requirements", "points", "weight",
                                                           "status", "credits_offered", "credits_applied")]
    headers[5] = label("workbook.score", lang)
    rows = [[p["id"], p.get("standard", ""), p["requirements"], p["score"]["points"], p["score"]["weight"],
             p["score"]["score"], p["credits"]["offered"], p["credits"]["applied"]] for p in data["catalogs"]]
    return Sheet(label("workbook.catalogs", lang), headers, rows, [20, 36, 12, 10, 10, 10, 12, 12])


def _catalog_sheet(data: dict, part: dict, labels: dict, lang: str) -> Sheet:
    """The requirements of one catalog with their results and the credits other catalogs' results gave them."""
    own = catalog_results(data, part)
    headers = [label(f"workbook.col.{k}", lang) for k in ("requirement", "clause", "title", "status", "points", "grade",
                                                           "credited_by", "credits_shown")]
    rows = []
    for r in own:
        credits = r.get("credits", [])
        applied = "; ".join(f"{c['from']} ({c['reference']}): {_lab(labels, 'status', c['status'])}"
                            for c in credits if c["applied"])
        shown = "; ".join(f"{c['from']} ({c['reference']}): {_lab(labels, 'status', c['status'])}"
                          for c in credits if not c["applied"])
        rows.append([r["requirement"], r["clause"], requirement_text(r["title"], lang), _lab(labels, "status", r["status"]),
                     r["points"], _lab(labels, "grade", r["grade"]) if r["grade"] else "", applied, shown])
    return Sheet(part["id"], headers, rows, [22, 18, 40, 16, 8, 16, 40, 50])


def _soa(data: dict, lang: str) -> Sheet:
    """The statement of applicability, one row per subclause."""
    from auditkit.outputs.soa import applies_label, statement  # the same rows as the report's section

    headers = [label(f"soa.col.{k}", lang) for k in ("clause", "title", "applies", "requirements", "applicable",
                                                      "operated_by", "justification", "not_examined")]
    rows = [[row.clause, row.title, applies_label(row, lang), row.requirements, row.applicable, row.operated_by,
             row.justification, row.not_examined] for row in statement(data, lang)]
    return Sheet(label("soa.sheet", lang), headers, rows, [10, 40, 14, 10, 12, 24, 50, 12])


def _actions(actions: list[dict] | None, labels: dict, lang: str) -> Sheet:
    headers = [label(f"workbook.col.{k}", lang) for k in ("action", "title", "finding", "grade", "state", "owner", "due", "overdue")]
    rows = []
    for a in actions or []:
        finding = a.get("finding")
        rows.append([a["id"], a.get("title", ""), ", ".join(finding) if isinstance(finding, list) else finding or "",
                     _lab(labels, "grade", a.get("grade")) if a.get("grade") else "", _lab(labels, "action_state", a.get("state")),
                     a.get("owner", ""), a.get("due", ""), label("workbook.yes" if a.get("overdue") else "workbook.no", lang)])
    return Sheet(label("workbook.actions", lang), headers, rows, [12, 50, 16, 18, 16, 20, 12, 10])


__all__ = ["Sheet", "render", "table", "workbook"]
