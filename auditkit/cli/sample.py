"""``auditkit sample``: draw a reproducible random sample of a record set and write its worksheet (CSV and XLSX).

This module is imported only when the command runs (auditkit.cli._COMMAND_MODULES), so it imports at the top."""

from __future__ import annotations

from pathlib import Path

import click

from auditkit.cli import language, main
from auditkit.cli.common import build_config, echo_safe, project_options, run_guarded
from auditkit.engine.checks.records import unit_name
from auditkit.engine.sampling import SamplingError, draw, parse_condition
from auditkit.inputs.evidence import file_sha256, load_evidence
from auditkit.inputs.records import RecordValueError
from auditkit.inputs.yamlsource import display_path
from auditkit.model.errors import AuditkitError, InputErrors, Problem
from auditkit.model.messages import msg
from auditkit.outputs.worksheet import worksheet_rows, write_csv, write_xlsx


@main.command()
@project_options
@click.argument("record_set", metavar="RECORDSET")
@click.option("--seed", required=True, help="Seed of the draw (any text): the same seed draws the same sample.")
@click.option("--size", type=int, help="Sample this many records (instead of --confidence/--tolerable-rate).")
@click.option("--confidence", type=float, help="Confidence the sample gives (default 0.95).")
@click.option("--tolerable-rate", "tolerable_rate", type=float, help="Tolerable rate of exceptions (default 0.05).")
@click.option("--where", "where", multiple=True, metavar="COND",
              help="Only records meeting it: field=value, field!=value, field>=value, field<=value (dates, numbers) "
                   "or field (has a value). Repeatable: all must hold.")
@click.option("--requirement", "requirement_id", metavar="ID", help="Requirement the sample is evidence for (written "
              "into the worksheet; it can be filled in there later).")
@click.option("-o", "--output", type=click.Path(path_type=Path), metavar="STEM",
              help="Worksheet files STEM.csv and STEM.xlsx (default: samples/RECORDSET-seedSEED).")
@click.option("--lang", "lang_option", type=click.Choice(["en", "zh"]), default=None,
              help="Language of the worksheet's explanations and of this command's sentences (default: the "
                   "project's, else en).")
def sample(project, config, controls, extra_catalogs, evidence, judgments, record_set, seed, size, confidence,
           tolerable_rate, where, requirement_id, output, lang_option) -> None:
    """Draw a random sample of RECORDSET (an evidence id) for an auditor to examine (ISO 19011 sampling).

    The sample size is the smallest n with (1 - tolerable rate)^n <= 1 - confidence (59 for 95 % and 5 %), or
    --size; the records drawn are those with the lowest SHA-256 of "SEED:record" (docs/formats.md, §5).
    """

    def body():
        lang = language.use(lang_option, project, config)
        if size is not None and (confidence is not None or tolerable_rate is not None):
            raise AuditkitError(msg("sampling.cli.size_or_rate").text(lang))
        cfg = build_config(project, config, controls, extra_catalogs, evidence, judgments)
        loaded = load_evidence(cfg.evidence, project_root=cfg.root)
        sets = {item.id: item for item in loaded.items if item.records is not None}
        item = sets.get(record_set)
        if item is None:
            raise AuditkitError(msg("sampling.cli.no_record_set", record_set=repr(record_set),
                                    evidence=display_path(cfg.evidence),
                                    sets=", ".join(sorted(sets)) or msg("sampling.cli.none")).text(lang))
        spec = item.records
        stem = output if output is not None else cfg.root / "samples" / f"{record_set}-seed{seed}"
        files = (stem.with_name(stem.name + ".csv"), stem.with_name(stem.name + ".xlsx"))
        for path in files:
            if path.exists():  # a worksheet may hold an auditor's verdicts: never written over
                raise AuditkitError(msg("sampling.cli.exists", path=display_path(path)).text(lang))
        try:
            conditions = tuple(parse_condition(text, spec) for text in where)
            drawn = draw(spec, seed, size=size, confidence=0.95 if confidence is None else confidence,
                         tolerable_rate=0.05 if tolerable_rate is None else tolerable_rate, where=conditions)
        except SamplingError as exc:
            raise AuditkitError(str(exc)) from None
        except RecordValueError as exc:
            raise InputErrors([Problem(exc.location, exc.message, "records")]) from None
        if not drawn.population:
            raise AuditkitError(msg("sampling.cli.empty_where" if where else "sampling.cli.empty",
                                    record_set=record_set, read=drawn.records_read).text(lang))
        unit = unit_name(spec)
        unit_text = unit.text(lang) if hasattr(unit, "text") else str(unit)
        fields = [name for name in spec.columns if name != spec.key]
        rows = worksheet_rows(drawn, record_set=record_set, export=spec.shown, export_sha256=file_sha256(spec.path),
                              unit=unit_text, fields=fields, where="; ".join(map(str, conditions)),
                              requirement=requirement_id or "", lang=lang)
        files[0].parent.mkdir(parents=True, exist_ok=True)
        write_csv(files[0], rows)
        write_xlsx(files[1], rows, lang)
        echo_safe(msg("sampling.drawn", size=drawn.size, population=drawn.population, unit=unit_text,
                      record_set=record_set, seed=seed, csv=display_path(files[0]),
                      xlsx=display_path(files[1])).text(lang))
        return 0

    run_guarded(body)
