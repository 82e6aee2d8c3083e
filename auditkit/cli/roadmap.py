"""``auditkit roadmap``: the gaps of an assessment as a phased plan with effort in person-days."""

from __future__ import annotations

from pathlib import Path

import click

from auditkit.cli import language, main
from auditkit.cli.common import as_of_option, format_option, open_project, progress_bar, project_options, run_guarded
from auditkit.model.errors import UsageError


@main.command()
@project_options
@as_of_option
@click.option("--budget-days", type=click.FloatRange(min=0), metavar="N",
              help="Mark what fits within N person-days, in the order of the plan.")
@format_option("roadmap")
@click.option("--lang", type=click.Choice(["en", "zh"]), default=None,
              help="Language of the plan and of what the command prints (default: the project's `lang:`, else en).")
@click.option("--from-json", "from_json", type=click.Path(dir_okay=False, path_type=Path),
              help="Plan from a stored assessment (auditkit assess -f json) instead of assessing.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead of stdout.")
@click.option("--force", is_flag=True, help="Write -o even where it would replace an input of the project.")
def roadmap(project, config, controls, extra_catalogs, evidence, judgments, as_of, budget_days, fmt, lang, from_json,
            output, force) -> None:
    """Turn the gaps into a phased plan: foundations, processes, records and reviews; effort scaled to the
    organisation's size (organization.staff); quick wins marked."""

    def body():
        from auditkit.outputs.roadmap import render, with_budget  # start-up time: only this command needs it

        lang_ = language.use(lang, project, config)

        with open_project(project, config, controls, extra_catalogs, evidence, judgments,
                          config_errors_with_inputs=True) as run:
            if output:
                from auditkit.outputs.targets import files_read, refuse_input_target  # start-up time: only -o

                refuse_input_target(output, run.config, [from_json], force=force, lang=lang_)
            if from_json:
                data = run.stored(file=from_json)
            else:
                with progress_bar(language.text("progress.reading")) as progress:
                    inputs = run.load(as_of, progress)
                if output:  # nor a file the evidence reads (an imported document, an attachment, an export)
                    refuse_input_target(output, run.config, files_read(inputs), force=force, lang=lang_)
                with progress_bar(language.text("progress.assessing"), delay=0) as progress:
                    data = run.assessment(as_of, progress)
        plan = data.get("roadmap")
        if not plan:
            from auditkit.model.messages import label  # (the same: only this message)

            raise UsageError(label("roadmap.none", lang_))
        if fmt == "xlsx" and not output:
            raise UsageError(language.text("cli.binary_output", name="xlsx"))
        plan = with_budget(plan, budget_days)
        if fmt == "xlsx":
            from auditkit.outputs.render.xlsx_format import workbook  # start-up time: openpyxl only for xlsx
            from auditkit.outputs.roadmap import sheet  # (the same)

            rendered = workbook([sheet(plan, lang_)])
        else:
            rendered = render(plan, fmt, lang_)
        if output:
            from auditkit.outputs.atomic import write_bytes_atomic  # start-up time: only -o needs it

            write_bytes_atomic(output, rendered if isinstance(rendered, bytes) else rendered.encode("utf-8"))
            language.say("cli.wrote", path=str(output), err=True)
        else:
            click.echo(rendered, nl=False)
        return 0

    run_guarded(body)
