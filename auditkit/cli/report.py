"""``auditkit report``: the internal audit report as PDF or standalone HTML, in English or Chinese."""

from __future__ import annotations

from pathlib import Path

import click
from click.core import ParameterSource

from auditkit.model.errors import UsageError
from auditkit.cli import language, main
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
@click.option("--lang", type=click.Choice(_LANGS), default=None,
              help="Language of the report and of what the command prints (default: the project's `lang:`, else en).")
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
        lang_ = language.use(lang, project, config)
        if from_json and snapshot:
            raise UsageError(language.text("cli.report.both"))
        if (from_json or snapshot) and as_of_given:
            raise UsageError(language.text("cli.report.as_of"))
        kind = fmt or ("html" if output.suffix.lower() in (".html", ".htm") else "pdf")
        if kind == "pdf":  # before the assessment: a missing font is known in milliseconds, not after it
            from auditkit.outputs.report.fonts import require_font  # start-up time: only this command loads it

            require_font(lang_)
        with open_project(project, config, controls, extra_catalogs, evidence, judgments,
                          config_errors_with_inputs=True) as run:
            from auditkit.outputs.targets import files_read, refuse_input_target  # start-up time: only this command

            refuse_input_target(output, run.config, [from_json], force=force, folders=[template_dir], lang=lang_)
            if from_json or snapshot:
                data = run.stored(file=from_json, snapshot=snapshot)
            else:
                with progress_bar(language.text("progress.reading")) as progress:
                    inputs = run.load(as_of, progress)
                # nor a file the evidence reads (an imported document, an attachment, the logo, an export)
                refuse_input_target(output, run.config, files_read(inputs), force=force, lang=lang_)
                with progress_bar(language.text("progress.assessing"), delay=0) as progress:
                    data = run.assessment(as_of, progress)
            rendered = run.report(data=data, lang=lang_, fmt=kind, final=final, template_dir=template_dir)
        write_bytes_atomic(output, rendered.content)
        for warning in rendered.warnings:
            echo_safe(language.text("cli.warning_line", text=warning), err=True)
        if final:  # a FINAL report still carrying init's "TODO: ..." is not a deliverable
            from auditkit.outputs.placeholders import placeholders  # start-up time: only --final needs it

            for at, left in placeholders(data):
                echo_safe(f"{at}: warning: {left.text(lang_)}", err=True)  # the keyword editors parse stays
        if kind == "pdf":
            language.say("cli.report.wrote_pdf", path=str(output), lang=lang_, pages=rendered.pages, err=True)
        else:
            language.say("cli.report.wrote_html", path=str(output), lang=lang_, err=True)
        return 0

    run_guarded(body)
