"""Writing a sampling worksheet (layout: auditkit.inputs.worksheet) as CSV and as XLSX, with the same cells."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

from auditkit.engine.sampling import FORMULA, METHOD, Sample
from auditkit.inputs.worksheet import LEAD_COLUMNS, MARKER, SHEET, TAIL_COLUMNS
from auditkit.model.messages import msg
from auditkit.outputs.atomic import write_bytes_atomic, write_text_atomic
from auditkit.outputs.sanitise import spreadsheet_cell


def worksheet_rows(sample: Sample, *, record_set: str, export: str, export_sha256: str, unit: str, fields: list[str],
                   where: str, requirement: str, lang: str) -> list[list]:
    """Every row of the worksheet: the block (key, value, explanation), an empty row, the table."""
    how = {"confidence": sample.confidence, "tolerable_rate": sample.tolerable_rate}
    values = {
        "worksheet": MARKER, "record_set": record_set, "export": export, "export_sha256": export_sha256,
        "population": sample.population, "unit": unit, "where": where, "method": METHOD, "seed": sample.seed,
        "confidence": "" if how["confidence"] is None else how["confidence"],
        "tolerable_rate": "" if how["tolerable_rate"] is None else how["tolerable_rate"],
        "size_formula": FORMULA if sample.confidence is not None else "fixed (--size)", "size": sample.size,
        "requirement": requirement, "auditor": "", "date": "",
    }
    rows: list[list] = [[key, value, msg(f"worksheet.{key}").text(lang)] for key, value in values.items()]
    rows.append([])
    rows.append(list(LEAD_COLUMNS) + fields + list(TAIL_COLUMNS))
    for number, drawn in enumerate(sample.drawn, 1):
        rows.append([number, drawn.record, drawn.line] + [_cell(drawn.fields.get(name)) for name in fields] + ["", ""])
    return rows


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    return value


def write_csv(path: Path, rows: list[list]) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow([spreadsheet_cell(value) for value in row])
    write_text_atomic(path, out.getvalue())


def write_xlsx(path: Path, rows: list[list], lang: str) -> None:
    from openpyxl import Workbook  # start-up time: only a worksheet needs it
    from openpyxl.styles import Font  # as above

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    for row in rows:
        sheet.append([spreadsheet_cell(value) for value in row])
    header = next(number for number, row in enumerate(rows, 1) if row[:1] == [LEAD_COLUMNS[0]])
    for cell in sheet[header]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = sheet.cell(row=header + 1, column=1)
    out = io.BytesIO()
    book.save(out)
    write_bytes_atomic(path, out.getvalue())
