"""``auditkit validate``: check catalog, evidence and judgments; report every error at once."""

from __future__ import annotations

import click

from auditkit.cli import language, main
from auditkit.cli.common import as_of_option, echo_lint, open_project, progress_bar, project_options, run_guarded


@main.command()
@project_options
@as_of_option
@click.option("--strict", is_flag=True, help="Exit with status 1 when lint warns about the process documents.")
@click.option("--lang", type=click.Choice(["en", "zh"]), default=None,
              help="Language of the summary and the error lines (default: the project's `lang:`, else en).")
def validate(project, config, controls, extra_catalogs, evidence, judgments, as_of, strict, lang) -> None:
    """Validate the catalog, the evidence tree and the judgments file.

    Every record export is read whole: each value that cannot be read as its type, each byte its encoding
    cannot decode, each row of the wrong width is an error (at most 20 listed per export, then a count).

    Exit status 0 when everything is valid, 2 with one line per error (file:line:column) otherwise. Lint warnings
    on the process documents (file:line:column: warning: ...) leave it unchanged, unless --strict (then 1).
    Review dates are judged as of --as-of (default: today), as `assess` and `check` do.
    """

    def body():
        language.use(lang, project, config)
        with open_project(project, config, controls, extra_catalogs, evidence, judgments, workers=False,
                          config_errors_with_inputs=True) as run:
            with progress_bar(language.text("progress.reading")) as progress:
                inputs = run.load(as_of, progress=progress, check_exports=True)
            warnings = run.lint(as_of)
        echo_lint(warnings)
        n_checks = sum(len(r.checks) for r in inputs.catalog.requirements)
        valid = language.text("cli.validate.valid", catalog=inputs.catalog.id, version=inputs.catalog.version,
                              requirements=len(inputs.catalog.requirements), checks=n_checks,
                              items=len(inputs.evidence.items), judgments=len(inputs.judgments))
        if warnings:
            valid = language.text("cli.validate.with_lint", valid=valid, lint=language.counted("lint_warning", len(warnings)))
        click.echo(valid)
        return 1 if strict and warnings else 0

    run_guarded(body)
