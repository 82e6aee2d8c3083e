"""A filled sampling worksheet as a judgment: its requirement, result, sample, exceptions, method, auditor, date.

The worksheet is checked before anything is written: the three values the auditor fills (requirement, auditor,
date), a verdict for every sampled record, as many records as the sample drew, and a size that follows from the
worksheet's own confidence and tolerable rate by the declared formula (auditkit.engine.sampling). Every problem
is reported at its cell.
"""

from __future__ import annotations

from auditkit.engine.sampling import sample_size
from auditkit.inputs.dates import parse_date
from auditkit.inputs.worksheet import LAYER, FilledWorksheet, WorksheetError
from auditkit.model.assessment import Status
from auditkit.model.errors import Location, Problem
from auditkit.model.messages import msg
from auditkit.outputs.interview import Answer


def judgment_from(sheet: FilledWorksheet, known: set[str], *, requirement: str | None = None,
                  auditor: str | None = None, on: str | None = None, lang: str = "en") -> Answer:
    """The sampling judgment of a filled worksheet; WorksheetError with every problem, located."""
    problems: list[Problem] = []

    def bad(where: Location, message: str) -> None:
        problems.append(Problem(where, message, LAYER))

    requirement = requirement or sheet.value("requirement")
    if not requirement:
        bad(sheet.where("requirement"), "no requirement: fill in the requirement row or pass --requirement")
    elif requirement not in known:
        bad(sheet.where("requirement"), f"unknown requirement {requirement!r}")
    auditor = auditor or sheet.value("auditor")
    if not auditor:
        bad(sheet.where("auditor"), "no auditor: fill in the auditor row or pass --auditor")
    written = on or sheet.value("date")
    day = None
    if not written:
        bad(sheet.where("date"), "no date: fill in the date row (YYYY-MM-DD) or pass --date")
    else:
        try:
            day = parse_date(written)
        except ValueError as exc:
            bad(sheet.where("date"), str(exc))
    figures = {}
    for key in ("population", "size"):
        try:
            figures[key] = int(sheet.value(key))
        except ValueError:
            bad(sheet.where(key), f"{key} {sheet.value(key)!r} is not a whole number")
    confidence = tolerable = None
    if sheet.value("confidence") or sheet.value("tolerable_rate"):
        try:
            confidence, tolerable = float(sheet.value("confidence")), float(sheet.value("tolerable_rate"))
        except ValueError:
            bad(sheet.where("confidence"), "confidence and tolerable_rate must both be shares (e.g. 0.95 and 0.05)")
    if "size" in figures and "population" in figures and confidence is not None and tolerable is not None:
        try:
            expected = sample_size(confidence, tolerable, figures["population"])
        except ValueError as exc:
            bad(sheet.where("confidence"), str(exc))
        else:
            if expected != figures["size"]:
                bad(sheet.where("size"), f"size {figures['size']} does not follow from confidence {confidence}, "
                                         f"tolerable rate {tolerable} and population {figures['population']}: "
                                         f"the formula gives {expected}")
    if "size" in figures and len(sheet.records) != figures["size"]:
        bad(sheet.where("size"), f"the sample drew {figures['size']} records and the table lists "
                                 f"{len(sheet.records)}: every sampled record needs its row and verdict")
    if problems:
        raise WorksheetError(problems)
    size = figures["size"]
    unit = sheet.value("unit") or "records"
    exceptions = sheet.exceptions
    where = sheet.value("where")
    sample = msg("sampling.sample", size=size, population=figures["population"], unit=unit,
                 record_set=sheet.value("record_set"), seed=sheet.value("seed"),
                 where=msg("sampling.where", conditions=where) if where else "",
                 basis=msg("sampling.basis", confidence=_percent(confidence), tolerable=_percent(tolerable))
                 if confidence is not None else "")
    if exceptions:
        listed = [f"{r.record} ({r.note})" if r.note else r.record for r in exceptions]
        note = msg("sampling.exceptions", count=len(exceptions), size=size, unit=unit, records=msg("join", items=listed))
    else:
        note = msg("sampling.no_exceptions", size=size, unit=unit)
    sampling = {"record_set": sheet.value("record_set"), "export": sheet.value("export"),
                "export_sha256": sheet.value("export_sha256"), "population": figures["population"], "unit": unit,
                "where": where, "method": sheet.value("method"), "seed": sheet.value("seed"),
                "confidence": confidence, "tolerable_rate": tolerable, "size": size, "worksheet": sheet.file}
    return Answer(
        requirement=str(requirement), result=Status.PARTIAL if exceptions else Status.CONFORMANT, method="sampling",
        auditor=str(auditor), date=day, sample=sample.text(lang), note=note.text(lang),  # type: ignore[arg-type]
        exceptions=[{"record": r.record, **({"line": _line(r.line)} if r.line else {}), **({"note": r.note} if r.note else {})}
                    for r in exceptions],
        sampling={key: value for key, value in sampling.items() if value not in (None, "")},
    )


def _percent(share: float | None) -> str:
    return f"{share * 100:g}%" if share is not None else ""


def _line(text: str):
    return int(text) if text.isdigit() else text
