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
from auditkit.model.errors import Location, Problem, said_of
from auditkit.model.messages import Message, msg
from auditkit.outputs.interview import Answer


def judgment_from(sheet: FilledWorksheet, known: set[str], *, requirement: str | None = None,
                  auditor: str | None = None, on: str | None = None, lang: str = "en") -> Answer:
    """The sampling judgment of a filled worksheet; WorksheetError with every problem, located."""
    problems: list[Problem] = []

    def bad(where: Location, message: Message | str) -> None:
        problems.append(Problem.of(where, message, LAYER))

    requirement = requirement or sheet.value("requirement")
    if not requirement:
        bad(sheet.where("requirement"), msg("sampling.error.no_requirement"))
    elif requirement not in known:
        bad(sheet.where("requirement"), msg("judgments.unknown", requirement=repr(requirement)))
    auditor = auditor or sheet.value("auditor")
    if not auditor:
        bad(sheet.where("auditor"), msg("sampling.error.no_auditor"))
    written = on or sheet.value("date")
    day = None
    if not written:
        bad(sheet.where("date"), msg("sampling.error.no_date"))
    else:
        try:
            day = parse_date(written)
        except ValueError as exc:
            bad(sheet.where("date"), said_of(exc))
    figures = {}
    for key in ("population", "size"):
        try:
            figures[key] = int(sheet.value(key))
        except ValueError:
            bad(sheet.where(key), msg("sampling.error.not_whole", key=key, value=repr(sheet.value(key))))
    confidence = tolerable = None
    if sheet.value("confidence") or sheet.value("tolerable_rate"):
        try:
            confidence, tolerable = float(sheet.value("confidence")), float(sheet.value("tolerable_rate"))
        except ValueError:
            bad(sheet.where("confidence"), msg("sampling.error.shares"))
    if "size" in figures and "population" in figures and confidence is not None and tolerable is not None:
        try:
            expected = sample_size(confidence, tolerable, figures["population"])
        except ValueError as exc:
            bad(sheet.where("confidence"), said_of(exc))
        else:
            if expected != figures["size"]:
                bad(sheet.where("size"), msg("sampling.error.size", size=figures['size'], confidence=confidence,
                                             tolerable=tolerable, population=figures['population'], expected=expected))
    if "size" in figures and len(sheet.records) != figures["size"]:
        bad(sheet.where("size"), msg("sampling.error.rows", size=figures['size'], listed=len(sheet.records)))
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
