"""``auditkit assess``: run the assessment and render the gap analysis."""

from __future__ import annotations

from pathlib import Path

import click

from auditkit.engine.assess import assess as run_assessment
from auditkit.engine.project import load_inputs
from auditkit.outputs.render import FORMATS, render
from auditkit.cli import main
from auditkit.cli.common import as_of_option, build_config, progress_bar, project_options, run_guarded


@main.command()
@project_options
@as_of_option
@click.option("--format", "-f", "fmt", type=click.Choice(sorted(FORMATS)), default="text", show_default=True,
              help="Output format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead of stdout.")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True, help="Language of requirement titles.")
@click.option("--record", is_flag=True, help="Also store the assessment as a hash-chained snapshot under history/.")
@click.option("--force", is_flag=True, help="Write -o even where it would replace an input of the project.")
def assess(project, config, controls, extra_catalogs, evidence, judgments, as_of, fmt, output, lang, record,
           force) -> None:
    """Assess the evidence against the catalog and print the scored gap analysis."""

    def body():
        cfg = build_config(project, config, controls, extra_catalogs, evidence, judgments)
        if output:
            from auditkit.outputs.targets import refuse_input_target  # start-up time: only -o needs it

            refuse_input_target(output, cfg, force=force)
        with progress_bar("Reading evidence") as progress:
            inputs = load_inputs(cfg, progress=progress, as_of=as_of)
        with progress_bar("Assessing", delay=0) as progress:
            result = run_assessment(inputs.catalog, inputs.evidence, inputs.judgments, as_of, cfg.scoring,
                                    progress=progress, judgments_file=inputs.judgments_file, started=inputs.records)
        data = result.to_dict()
        if record:
            from auditkit.outputs.history import record as record_snapshot  # start-up time: only this command loads it

            snapshot = record_snapshot(inputs, data)
            click.echo(f"recorded {snapshot.id} ({snapshot.file})", err=True)
        if output:
            text = render(fmt, data, lang=lang, color=False)
            _write(output, text)
            click.echo(f"wrote {output}", err=True)
        else:
            click.echo(render(fmt, data, lang=lang, color=None), nl=False)
        return 0

    run_guarded(body)


def _write(path: Path, text: str) -> None:
    """Write atomically: a reader never sees half a report."""
    from auditkit.outputs.atomic import write_text_atomic  # start-up time: only this command loads it

    write_text_atomic(path, text)
