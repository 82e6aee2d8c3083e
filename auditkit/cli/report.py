"""``auditkit report``: the internal audit report as PDF or standalone HTML, in English or Chinese."""

from __future__ import annotations

from pathlib import Path

import click
from click.core import ParameterSource

from auditkit.model.errors import UsageError
from auditkit.cli import main
from auditkit.cli.common import (as_of_option, echo_safe, format_option, open_project, progress_bar, project_options,
                                 run_guarded)
from auditkit.outputs.atomic import write_bytes_atomic

# Literal choices: importing auditkit.outputs.report (Jinja2, and WeasyPrint on the PDF path) waits until a report is asked for.
_LANGS = ("en", "zh")


@main.command()
@project_options
@as_of_option
@click.option("--from-json", "from_json", type=click.Path(dir_okay=False, path_type=Path),
              help="Render a stored assessment (the JSON of `auditkit assess --format json`) instead of assessing.")
@click.option("--snapshot", metavar="REF",
              help="Render the assessment of a history snapshot: S0002, latest, previous, an as-of date or a file.")
@format_option("report", default=None)
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
        if from_json and snapshot:
            raise UsageError("give --from-json or --snapshot, not both")
        if (from_json or snapshot) and as_of_given:
            raise UsageError("--as-of applies to a fresh assessment; a stored assessment keeps its own date")
        kind = fmt or ("html" if output.suffix.lower() in (".html", ".htm") else "pdf")
        if kind == "pdf":  # before the assessment: a missing font is known in milliseconds, not after it
            from auditkit.outputs.report.fonts import require_font  # start-up time: only this command loads it

            require_font(lang)
        with open_project(project, config, controls, extra_catalogs, evidence, judgments) as run:
            from auditkit.outputs.targets import refuse_input_target  # start-up time: only this command loads it

            refuse_input_target(output, run.config, [from_json], force=force)
            if from_json or snapshot:
                data = run.stored(file=from_json, snapshot=snapshot)
            else:
                with progress_bar("Reading evidence") as progress:
                    run.load(as_of, progress)
                with progress_bar("Assessing", delay=0) as progress:
                    data = run.assessment(as_of, progress)
            rendered = run.report(data=data, lang=lang, fmt=kind, final=final, template_dir=template_dir)
        write_bytes_atomic(output, rendered.content)
        for warning in rendered.warnings:
            echo_safe(f"warning: {warning}", err=True)
        pages = f", {rendered.pages} page{'s' if rendered.pages != 1 else ''}" if rendered.pages else ""
        click.echo(f"wrote {output} ({kind}, {lang}{pages})", err=True)
        return 0

    run_guarded(body)
