"""``auditkit validate``: check catalog, evidence and judgments; report every error at once."""

from __future__ import annotations

import click

from ..project import load_inputs
from . import main
from .common import build_config, progress_bar, project_options, run_guarded


@main.command()
@project_options
def validate(project, config, controls, extra_catalogs, evidence, judgments) -> None:
    """Validate the catalog, the evidence tree and the judgments file.

    Exit status 0 when everything is valid, 2 with one line per error (file:line:column) otherwise.
    """

    def body():
        cfg = build_config(project, config, controls, extra_catalogs, evidence, judgments)
        with progress_bar("Reading evidence") as progress:
            inputs = load_inputs(cfg, progress=progress)
        n_checks = sum(len(r.checks) for r in inputs.catalog.requirements)
        click.echo(
            f"valid: catalog {inputs.catalog.id} {inputs.catalog.version} ({len(inputs.catalog.requirements)} requirements, "
            f"{n_checks} checks), {len(inputs.evidence.items)} evidence items, {len(inputs.judgments)} judgments"
        )
        return 0

    run_guarded(body)
