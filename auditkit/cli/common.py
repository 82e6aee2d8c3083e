"""What every command shares: project options, the as-of date, error reporting, progress."""

from __future__ import annotations

import os
import sys
import time
from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

import click

from auditkit.inputs.config import ProjectConfig
from auditkit.inputs.dates import parse_date
from auditkit.model.errors import AuditkitError, InputErrors, UsageError, said_of

if TYPE_CHECKING:  # annotations only: the api loads what a command needs
    from auditkit.api import Project

EXIT_OK, EXIT_GATE, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


def project_options(func):
    """--project/--config/--controls/--evidence/--judgments, shared by every command that reads a project."""
    options = [
        click.option("--project", "-C", type=click.Path(exists=True, file_okay=False, path_type=Path), default=".",
                     show_default=True, help="Project folder (holds controls/, evidence/, judgments.yaml)."),
        click.option("--config", type=click.Path(dir_okay=False, path_type=Path), help="Project config file (default: auditkit.yaml)."),
        click.option("--controls", type=click.Path(path_type=Path), help="Catalog folder or file (default: controls/)."),
        click.option("--catalog", "extra_catalogs", multiple=True, type=click.Path(path_type=Path),
                     help="An extra catalog or overlay file (repeatable); or the id of one catalog of a project "
                          "that has several, to use only that one (e.g. --catalog iso27001-2022)."),
        click.option("--evidence", type=click.Path(path_type=Path), help="Evidence folder (default: evidence/)."),
        click.option("--judgments", type=click.Path(path_type=Path), help="Judgments file (default: judgments.yaml)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def open_project(project: Path, config: Path | None, controls, extra_catalogs, evidence, judgments,
                 **options) -> Project:
    """The project of the command line (:class:`auditkit.api.Project`): its paths take precedence over
    auditkit.yaml; ``options`` (cache, workers) go to :meth:`Project.open`."""
    from auditkit.api import Paths, Project  # start-up time: `auditkit --help` does not load the library

    files, ids = catalog_arguments(extra_catalogs or ())
    paths = Paths(config_file=config, controls=controls, catalogs=files, evidence=evidence, judgments=judgments,
                  only_catalog=ids[0] if ids else None)
    return Project.open(project, paths, **options)


def catalog_arguments(values) -> tuple[tuple[Path, ...], list[str]]:
    """``--catalog`` values: files (an extra catalog or overlay) and catalog ids (one catalog of several, e.g.
    ``--catalog iso27001-2022``): a value that is no file and looks like an id is an id. More than one id is a
    usage error."""
    import re  # start-up time: only commands that read a project get here

    files, ids = [], []
    for value in values:
        text = str(value)
        if not Path(text).exists() and re.fullmatch(r"[a-z0-9][a-z0-9._-]*", text) and not text.endswith((".yaml", ".yml")):
            ids.append(text)
        else:
            files.append(Path(text))
    if len(ids) > 1:
        from auditkit.cli import language  # start-up time: only this error needs the templates

        raise UsageError(language.text("cli.catalog_ids", n=len(ids), ids=", ".join(ids)))
    return tuple(files), ids


def build_config(project: Path, config: Path | None, controls, extra_catalogs, evidence, judgments) -> ProjectConfig:
    """The project config with command-line paths taking precedence over auditkit.yaml (for commands that only
    read the configuration)."""
    return open_project(project, config, controls, extra_catalogs, evidence, judgments, workers=False).config


def format_option(command: str, default: str | None = "text", short: bool = True):
    """``--format`` of ``command``: its choices and help from the one registry of output formats
    (:data:`auditkit.outputs.render.REGISTRY`)."""
    from auditkit.outputs.render import help_text, names  # a table of names: no renderer is imported

    flags = ("--format", "-f", "fmt") if short else ("--format", "fmt")
    return click.option(*flags, type=click.Choice(names(command)), default=default, show_default=default is not None,
                        help=help_text(command) + ("" if default else " Default: html for an .html output file, else pdf."))


def as_of_option(func):
    return click.option("--as-of", "as_of", metavar="YYYY-MM-DD", callback=_parse_as_of,
                        help="Assess as of this date (default: today). Makes results reproducible.")(func)


def _parse_as_of(ctx, param, value) -> date:
    if value is None:
        return date.today()
    try:
        return parse_date(value)
    except ValueError as exc:
        from auditkit.cli import language  # start-up time: only a bad date needs the templates

        raise click.BadParameter(language.error_text(exc)) from None


def echo_lint(problems) -> None:
    """Lint problems as warnings on standard error, one ``file:line:col: warning: message [code]`` a line."""
    from auditkit.cli import language  # start-up time: only lint warnings need the templates

    for problem in problems:
        echo_safe(problem.line(language.current()) if hasattr(problem, "line") else str(problem), err=True)


def echo_safe(text: str = "", **options) -> None:
    """``click.echo`` for a line that carries text from the user's files: escape sequences and other control
    characters are removed first (auditkit.outputs.sanitise.terminal), so a title cannot clear the screen or
    forge a link. JSON output does not go through it (it escapes control characters itself)."""
    from auditkit.outputs.sanitise import terminal  # start-up time: small, but not every command prints data

    click.echo(terminal(text), **options)


def add_row_safe(table, *cells: str, **options) -> None:
    """A rich table row whose cells may hold text from the user's files: rich reads a cell as markup, so each is
    stripped of control characters and escaped first ("[formerly Harbour IT]" stays in the name)."""
    from auditkit.outputs.sanitise import terminal_markup  # start-up time: only commands that draw tables need it

    table.add_row(*(terminal_markup(cell, one_line=True) for cell in cells), **options)


def report_problems(error: InputErrors) -> None:
    """One line per problem, ``file:line:col: error: message``, then a count (in the command's language)."""
    from auditkit.cli import language  # start-up time: only a failing command needs the templates

    for problem in error.problems:
        echo_safe(language.text("cli.error_line", where=str(problem.location), text=problem.text(language.current()))
                  + (f" [{problem.location.pointer}]" if problem.location.pointer else ""), err=True)
    files = len({p.location.file for p in error.problems})
    n = len(error.problems)
    language.say("cli.errors", errors=language.counted("error", n), files=language.counted("file", files), err=True)


def run_guarded(action: Callable[[], int | None]) -> None:
    """Run a command body; map auditkit's errors to one-line messages and exit status 2."""
    try:
        code = action()
    except InputErrors as exc:
        report_problems(exc)
        sys.exit(EXIT_INPUT)
    except AuditkitError as exc:
        from auditkit.cli import language  # start-up time: only a failing command needs the templates

        echo_safe(language.text("cli.error", text=language.error_text(exc)), err=True)
        sys.exit(EXIT_INPUT)
    except BrokenPipeError:  # the reader stopped reading (`auditkit ... | head`): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error when Python flushes
        sys.exit(EXIT_OK)
    except OSError as exc:  # a file auditkit was asked to write (or read) is not usable: `file: error: why`
        from auditkit.cli import language  # start-up time: only a failing command needs the templates

        where, why = _failed_file(exc), said_of(exc)
        why_text = why if isinstance(why, str) else why.text(language.current())  # a common reason, in the language
        echo_safe(f"{where}: error: {why_text}" if where else f"error: {why_text}", err=True)
        sys.exit(EXIT_INPUT)
    except Exception as exc:  # a bug: say so in one line, distinct from a failed gate (1) or bad input (2)
        if os.environ.get("AUDITKIT_DEBUG"):
            raise
        error = f"{type(exc).__name__}: {exc}"
        try:
            from auditkit.cli import language  # start-up time: only a failing command needs the templates

            line = language.text("cli.internal_error", error=error)
        except Exception:  # noqa: BLE001 - the bug may be in the templates themselves: still one line, exit 3
            line = f"internal error: {error}"
        click.echo(line, err=True)
        sys.exit(EXIT_INTERNAL)
    sys.exit(code or EXIT_OK)


def _failed_file(error: OSError) -> str:
    """The file an OSError is about, as the user would type it; "" when it names none.

    Every file auditkit writes goes through auditkit.outputs.atomic, which names its target in the error, so a
    full disk or an I/O error that names no file was met writing the output stream (``assess > /dev/full``)."""
    import errno

    if error.filename is not None:
        from auditkit.inputs.yamlsource import display_path  # start-up time: only on this error

        return display_path(Path(os.fsdecode(error.filename)))
    if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO):
        return "standard output"
    return ""


PROGRESS_DELAY = 0.5
"""Seconds the reading of a project runs before its progress bar appears. A shorter reading is over before a bar
could be read, and a bar's drawing thread would make the worker processes it starts new interpreters instead of
forks (auditkit.speed.workers)."""


@contextmanager
def progress_bar(label: str, enabled: bool = True,
                 delay: float = PROGRESS_DELAY) -> Iterator[Callable[[int, int], None] | None]:
    """A progress callback drawn by rich on a terminal (stderr), from its first call once the step has run for
    ``delay`` seconds; nothing when not a terminal or disabled."""
    if not enabled or not sys.stderr.isatty() or os.environ.get("AUDITKIT_NO_PROGRESS"):
        yield None
        return
    started = time.monotonic()
    with ExitStack() as shown:
        bar = task = None

        def update(done: int, total: int) -> None:
            nonlocal bar, task
            if bar is None:
                if time.monotonic() - started < delay:
                    return
                from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

                bar = shown.enter_context(Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                                   TimeElapsedColumn(), transient=True))
                task = bar.add_task(label, total=None)
            bar.update(task, completed=done, total=total)

        yield update
