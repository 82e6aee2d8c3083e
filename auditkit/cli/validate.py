"""``auditkit validate``: check catalog, evidence and judgments; report every error at once."""

from __future__ import annotations

import click

from auditkit.engine.project import load_inputs
from auditkit.cli import main
from auditkit.cli.common import as_of_option, build_config, progress_bar, project_options, run_guarded


@main.command()
@project_options
@as_of_option
@click.option("--strict", is_flag=True, help="Exit with status 1 when lint warns about the process documents.")
def validate(project, config, controls, extra_catalogs, evidence, judgments, as_of, strict) -> None:
    """Validate the catalog, the evidence tree and the judgments file.

    Exit status 0 when everything is valid, 2 with one line per error (file:line:column) otherwise. Lint warnings
    on the process documents (file:line:column: warning: ...) leave it unchanged, unless --strict (then 1).
    Review dates are judged as of --as-of (default: today), as `assess` and `check` do.
    """

    def body():
        cfg = build_config(project, config, controls, extra_catalogs, evidence, judgments)
        with progress_bar("Reading evidence") as progress:
            inputs = load_inputs(cfg, progress=progress)
        from auditkit.cli.check import lint_warnings  # start-up time: only this command loads it

        warnings = lint_warnings(cfg, inputs, as_of)
        n_checks = sum(len(r.checks) for r in inputs.catalog.requirements)
        click.echo(
            f"valid: catalog {inputs.catalog.id} {inputs.catalog.version} ({len(inputs.catalog.requirements)} requirements, "
            f"{n_checks} checks), {len(inputs.evidence.items)} evidence items, {len(inputs.judgments)} judgments"
            + (f"; {len(warnings)} lint warning{'s' if len(warnings) != 1 else ''}" if warnings else "")
        )
        return 1 if strict and warnings else 0

    run_guarded(body)
