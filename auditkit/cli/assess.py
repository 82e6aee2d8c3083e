"""``auditkit assess``: run the assessment and render the gap analysis."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from auditkit.cli import language, main
from auditkit.cli.common import as_of_option, format_option, open_project, progress_bar, project_options, run_guarded
from auditkit.model.errors import UsageError
from auditkit.outputs.atomic import write_bytes_atomic
from auditkit.outputs.render import BINARY


@main.command()
@project_options
@as_of_option
@format_option("assess")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead of stdout.")
@click.option("--lang", type=click.Choice(["en", "zh"]), default=None,
              help="Language of the gap analysis and of what the command prints (default: the project's `lang:`, else en).")
@click.option("--excel", is_flag=True, help="CSV: start with a byte-order mark so that Excel reads UTF-8 (Chinese titles).")
@click.option("--record", is_flag=True, help="Also store the assessment as a hash-chained snapshot under history/.")
@click.option("--sign", "sign_key", type=click.Path(dir_okay=False, path_type=Path), metavar="KEY",
              help="With --record: sign the snapshot and HEAD with this SSH key (ssh-keygen -Y sign, as git does).")
@click.option("--force", is_flag=True, help="Write -o even where it would replace an input of the project.")
def assess(project, config, controls, extra_catalogs, evidence, judgments, as_of, fmt, output, lang, excel, record,
           sign_key, force) -> None:
    """Assess the evidence against the catalog and print the scored gap analysis."""

    def body():
        lang_ = language.use(lang, project, config)
        if sign_key and not record:
            raise UsageError(language.text("cli.assess.sign"))
        with open_project(project, config, controls, extra_catalogs, evidence, judgments,
                          config_errors_with_inputs=True) as run:
            if output:
                from auditkit.outputs.targets import files_read, refuse_input_target  # start-up time: only -o needs it

                refuse_input_target(output, run.config, [sign_key], force=force, lang=lang_)
            with progress_bar(language.text("progress.reading")) as progress:
                inputs = run.load(as_of, progress)
            if output:  # and no file the evidence reads (an imported document, an attachment, an export)
                refuse_input_target(output, run.config, [sign_key, *files_read(inputs)], force=force, lang=lang_)
            with progress_bar(language.text("progress.assessing"), delay=0) as progress:
                data = run.assessment(as_of, progress)
            if record:
                snapshot = run.record(as_of, sign=sign_key)
                language.say("cli.recorded", id=snapshot.id, file=str(snapshot.file), err=True)
            options = _format_options(fmt, excel)
            if fmt in BINARY and not output and sys.stdout.isatty():
                raise UsageError(language.text("cli.binary_output", name=fmt))
            if output:
                rendered = run.render(fmt, data=data, lang=lang_, color=False, **options)
                write_bytes_atomic(output, rendered if isinstance(rendered, bytes) else rendered.encode("utf-8"))
                language.say("cli.wrote", path=str(output), err=True)
            else:
                rendered = run.render(fmt, data=data, lang=lang_, color=None, **options)
                if isinstance(rendered, bytes):
                    sys.stdout.buffer.write(rendered)
                else:
                    click.echo(rendered, nl=False)
        return 0

    run_guarded(body)


def _format_options(fmt: str, excel: bool) -> dict:
    """The options of one format: the BOM of CSV (the workbook's corrective actions come with ``run.render``)."""
    if excel and fmt != "csv":
        raise UsageError(language.text("cli.assess.excel"))
    return {"excel": excel} if fmt == "csv" else {}
