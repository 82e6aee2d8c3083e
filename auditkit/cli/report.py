"""``auditkit report``: the internal audit report as PDF or standalone HTML, in English or Chinese."""

from __future__ import annotations

import importlib
from datetime import date
from pathlib import Path

import click
from click.core import ParameterSource

from auditkit.model.errors import UsageError
from auditkit.cli import main
from auditkit.cli.common import as_of_option, build_config, echo_safe, progress_bar, project_options, run_guarded

# Literal choices: importing auditkit.outputs.report (Jinja2, and WeasyPrint on the PDF path) waits until a report is asked for.
_FORMATS = ("pdf", "html")
_LANGS = ("en", "zh")


@main.command()
@project_options
@as_of_option
@click.option("--from-json", "from_json", type=click.Path(dir_okay=False, path_type=Path),
              help="Render a stored assessment (the JSON of `auditkit assess --format json`) instead of assessing.")
@click.option("--snapshot", metavar="REF",
              help="Render the assessment of a history snapshot: S0002, latest, previous, an as-of date or a file.")
@click.option("--format", "-f", "fmt", type=click.Choice(_FORMATS),
              help="Output format (default: html for an .html output file, else pdf).")
@click.option("--lang", type=click.Choice(_LANGS), default="en", show_default=True, help="Language of the report.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The report file to write.")
@click.option("--final", is_flag=True, help="Mark the report FINAL (default: DRAFT).")
@click.option("--template-dir", type=click.Path(file_okay=False, path_type=Path),
              help="A folder whose templates, CSS and labels take precedence over the bundled ones.")
@click.option("--force", is_flag=True, help="Write -o even where it would replace an input of the project.")
def report(project, config, controls, extra_catalogs, evidence, judgments, as_of, from_json, snapshot, fmt, lang,
           output, final, template_dir, force) -> None:
    """Render the internal audit report (ISO 19011) of a fresh or a stored assessment."""
    as_of_given = click.get_current_context().get_parameter_source("as_of") is not ParameterSource.DEFAULT

    def body():
        kind = fmt or ("html" if output.suffix.lower() in (".html", ".htm") else "pdf")
        if kind == "pdf":  # before the assessment: a missing font is known in milliseconds, not after it
            from auditkit.outputs.report.fonts import require_font  # start-up time: only this command loads it

            require_font(lang)
        cfg = build_config(project, config, controls, extra_catalogs, evidence, judgments)
        from auditkit.outputs.targets import refuse_input_target  # start-up time: only this command loads it

        refuse_input_target(output, cfg, [from_json], force=force)
        data = _assessment(cfg, as_of, as_of_given, from_json, snapshot)
        assessed_on = date.fromisoformat(data["as_of"])
        actions = _optional("auditkit.outputs.actions", "load_actions_for_report", cfg.root, assessed_on)
        trend = _optional("auditkit.outputs.history", "trend_for_report", cfg.root)
        from auditkit.outputs.atomic import write_bytes_atomic  # start-up time: only this command loads it
        from auditkit.outputs.report import render_report  # start-up time: only this command loads it

        rendered = render_report(data, lang=lang, fmt=kind, actions=actions, trend=trend, final=final,
                                 template_dir=template_dir, project_root=cfg.root, evidence_dir=cfg.evidence)
        write_bytes_atomic(output, rendered.content)
        for warning in rendered.warnings:
            echo_safe(f"warning: {warning}", err=True)
        pages = f", {rendered.pages} page{'s' if rendered.pages != 1 else ''}" if rendered.pages else ""
        click.echo(f"wrote {output} ({kind}, {lang}{pages})", err=True)
        return 0

    run_guarded(body)


def _assessment(cfg, as_of: date, as_of_given: bool, from_json: Path | None, snapshot: str | None) -> dict:
    """A stored assessment when one is named, else a fresh one (as `auditkit assess` does)."""
    if from_json and snapshot:
        raise UsageError("give --from-json or --snapshot, not both")
    if (from_json or snapshot) and as_of_given:
        raise UsageError("--as-of applies to a fresh assessment; a stored assessment keeps its own date")
    from auditkit.inputs.stored import check_assessment, load_assessment_file  # start-up time: only this command loads it

    if from_json:
        return load_assessment_file(from_json)
    if snapshot:
        resolve = _optional_function("auditkit.outputs.history", "resolve")
        if resolve is None:  # no history module: a snapshot file is still readable
            return load_assessment_file(Path(snapshot))
        found = resolve(cfg.root, snapshot)
        check_assessment(found.assessment, str(found.file))
        return found.assessment
    from auditkit.engine.assess import assess as run_assessment  # start-up time: only this command loads it
    from auditkit.engine.project import load_inputs  # start-up time: only this command loads it

    with progress_bar("Reading evidence") as progress:
        inputs = load_inputs(cfg, progress=progress, as_of=as_of)
    with progress_bar("Assessing", delay=0) as progress:
        result = run_assessment(inputs.catalog, inputs.evidence, inputs.judgments, as_of, cfg.scoring,
                                progress=progress, judgments_file=inputs.judgments_file, started=inputs.records)
    return result.to_dict()


def _optional_function(module: str, function: str):
    """``module.function`` when that module exists (corrective actions, history); else None."""
    try:
        return getattr(importlib.import_module(module), function)
    except (ImportError, AttributeError):
        return None


def _optional(module: str, function: str, *args):
    """Call ``module.function(*args)`` when it exists; None when it does not."""
    found = _optional_function(module, function)
    return None if found is None else found(*args)
