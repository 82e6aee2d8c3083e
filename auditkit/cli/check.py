"""``auditkit check``: the CI gate. Exit 0 when every gate passes, 1 when one fails, 2 on invalid input."""

from __future__ import annotations

from pathlib import Path

import click

from auditkit.cli import language, main
from auditkit.model.clauses import CLAUSE_NUMBER
from auditkit.model.errors import UsageError
from auditkit.cli.common import EXIT_GATE, EXIT_OK, as_of_option, open_project, project_options, run_guarded
from auditkit.outputs.render import help_text, names

LEVELS = ["fail", "warn", "off"]
STDOUT = "-"


def _format_names() -> list[str]:
    return names("check")


def _parse_formats(ctx, param, values) -> list[tuple[str, str]]:
    """``--format NAME`` or ``--format NAME:FILE`` (repeatable); without any, text on standard output."""
    names = _format_names()
    out = []
    for value in values or ("text",):
        name, colon, target = value.partition(":")
        if name not in names:
            raise click.BadParameter(language.text("cli.check.unknown_format", name=repr(name), known=", ".join(names)))
        if colon and not target:
            raise click.BadParameter(language.text("cli.check.no_file", value=repr(value)))
        out.append((name, target or STDOUT))
    return out


def _parse_clause_floors(ctx, param, values) -> dict[str, float]:
    """CLAUSE=SCORE pairs; whether the clause exists is the catalog's to say (see _run)."""
    floors = {}
    for value in values:
        clause, sep, number = value.partition("=")
        try:
            floor = float(number)
        except ValueError:
            floor = -1.0
        if not sep or not CLAUSE_NUMBER.match(clause) or not 0 <= floor <= 1:
            raise click.BadParameter(language.text("cli.check.clause_floor", value=repr(value)))
        floors[clause] = floor
    return floors


def _parse_stale(ctx, param, value):
    if value is None:
        return None
    from auditkit.outputs.gates import parse_stale_within  # start-up time: only this command loads it

    try:
        return parse_stale_within(value) or "off"
    except ValueError as exc:
        raise click.BadParameter(language.error_text(exc)) from None


@main.command()
@project_options
@as_of_option
@click.option("--format", "-f", "formats", multiple=True, metavar="FORMAT[:FILE]", callback=_parse_formats,
              help=help_text("check", "Output") + " ':FILE' writes to a file (a binary format must). Repeatable. "
                                                   "Default: text.")
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path),
              help="Assessment or snapshot JSON to compare with: its gaps do not block, new ones do (default: gates.baseline).")
@click.option("--no-baseline", is_flag=True, help="Ignore gates.baseline of auditkit.yaml.")
@click.option("--min-score", type=click.FloatRange(0, 1), help="Fail when the overall score is below this (0..1).")
@click.option("--min-clause", "min_clause", multiple=True, metavar="CLAUSE=SCORE", callback=_parse_clause_floors,
              help="Fail when a clause's score is below its floor, e.g. 8.6=0.8 (repeatable).")
@click.option("--majors", type=click.Choice(LEVELS), help="Major nonconformities: fail (default), warn or off.")
@click.option("--new", "new_level", type=click.Choice(LEVELS), help="New nonconformities against the baseline: fail (default), warn or off.")
@click.option("--overdue", type=click.Choice(LEVELS), help="Overdue corrective actions: fail (default), warn or off.")
@click.option("--lint", "lint_level", type=click.Choice(LEVELS), help="Lint problems of the process documents: fail, warn (default) or off.")
@click.option("--stale-within", callback=_parse_stale, metavar="DURATION|off",
              help="Warn about evidence due for review within this (default 30 days).")
@click.option("--lang", type=click.Choice(["en", "zh"]), default=None,
              help="Language of the output (default: the project's `lang:`, else en).")
@click.option("--cache/--no-cache", "use_cache", default=None,
              help="Read and write .auditkit-cache/ (default: yes, except where the CI variable is set: a fresh CI "
                   "checkout has no cache to read, and writing one costs time; use --cache with a CI cache).")
@click.option("--force", is_flag=True, help="Write FORMAT:FILE even where it would replace an input of the project.")
def check(project, config, controls, extra_catalogs, evidence, judgments, as_of, formats, baseline, no_baseline,
          min_score, min_clause, majors, new_level, overdue, lint_level, stale_within, lang, use_cache, force) -> None:
    """Assess the project and apply the quality gates of auditkit.yaml (and these flags) for CI.

    Exit status 0 when every gate passes (warnings allowed), 1 when a gate fails, 2 when an input is invalid.
    """

    def body():
        lang_ = language.use(lang, project, config)
        with open_project(project, config, controls, extra_catalogs, evidence, judgments,
                          cache=_cache_wanted(use_cache), config_errors_with_inputs=True) as run:
            targets = [Path(target) for _name, target in formats if target != STDOUT]
            if targets:
                from auditkit.outputs.targets import files_read, refuse_input_target  # start-up time: file outputs only

                for target in targets:
                    refuse_input_target(target, run.config, [baseline], force=force, option="--format", lang=lang_)
                inputs = run.load(as_of)  # nor a file the evidence reads (an imported document, an export)
                for target in targets:
                    refuse_input_target(target, run.config, [baseline, *files_read(inputs)], force=force,
                                        option="--format", lang=lang_)
            data = _run(run, as_of, baseline, no_baseline, min_score, min_clause, majors, new_level, overdue,
                        lint_level, stale_within)
            for name, target in formats:
                _emit(run, name, target, data, lang_)
        return EXIT_OK if data["check"]["passed"] else EXIT_GATE

    run_guarded(body)


def _cache_wanted(flag: bool | None) -> bool:
    """--cache/--no-cache when given; else on, except in CI (GitHub, GitLab and most CI services set CI=true)."""
    if flag is not None:
        return flag
    import os

    return os.environ.get("CI", "").strip().lower() in ("", "0", "false", "no")


def _run(run, as_of, baseline, no_baseline, min_score, min_clause, majors, new_level, overdue, lint_level,
         stale_within) -> dict:
    """The gate policy from auditkit.yaml and the flags, then :meth:`auditkit.api.Project.check`."""
    from auditkit.outputs.gates import Level, policy_from_config, with_overrides  # start-up time: only this command loads it

    clauses = run.load(as_of).catalog.clauses  # the catalog's clause table: which clauses a floor may name
    unknown = [clause for clause in min_clause if clause not in clauses]
    if unknown:
        raise UsageError(language.text("cli.check.not_a_clause", clause=unknown[0], standard=clauses.standard))

    policy = with_overrides(
        policy_from_config(run.config.file, run.root, clauses),
        min_score=min_score,
        min_clause_score=min_clause,
        major_nonconformities=Level(majors) if majors else None,
        new_nonconformities=Level(new_level) if new_level else None,
        overdue_actions=Level(overdue) if overdue else None,
        lint=Level(lint_level) if lint_level else None,
        stale_within=stale_within if stale_within != "off" else None,
    )
    if stale_within == "off":
        from dataclasses import replace

        policy = replace(policy, stale_within=None)
    baseline_path = None if no_baseline else (baseline or policy.baseline)
    return run.check(policy, as_of=as_of, baseline=baseline_path)


def _emit(run, name: str, target: str, data: dict, lang: str) -> None:
    if name == "text":
        from auditkit.outputs.render.check_text import render as text  # start-up time: only this command loads it

        output = text(data, lang=lang, color=False)
    else:
        output = run.render(name, data=data, lang=lang, color=False)
    if target == STDOUT:
        if isinstance(output, bytes):  # a workbook is a file, not terminal text
            raise UsageError(language.text("cli.check.binary", name=name))
        click.echo(output, nl=False)
        return
    from auditkit.outputs.atomic import write_bytes_atomic  # start-up time: only this command loads it

    write_bytes_atomic(Path(target), output if isinstance(output, bytes) else output.encode("utf-8"))
    language.say("cli.check.wrote", name=name, target=target, err=True)
