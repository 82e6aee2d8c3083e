"""The ``auditkit`` command line: thin click wiring over the library, one module per command group."""

from __future__ import annotations

import importlib
import sys

import click

from auditkit import __version__
from auditkit.cli.common import run_guarded


# Each command's module is imported only when that command runs (or help lists them all): `auditkit check`
# then pays for neither rich tables of other commands nor the report and history machinery.
_COMMAND_MODULES = {
    "actions": "actions", "assess": "assess", "catalog": "catalog", "check": "check", "diff": "history",
    "evidence": "evidence", "init": "init",
    "history": "history", "interview": "interview", "programme": "history", "report": "report", "roadmap": "roadmap", "validate": "validate", "verify": "history",
    "judgments": "judgments", "sample": "sample",  # i16a
}


class _LazyGroup(click.Group):
    """A click group whose command modules register themselves on ``main`` when first needed."""

    def list_commands(self, ctx) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(_COMMAND_MODULES))

    def get_command(self, ctx, name: str):
        if name not in self.commands and name in _COMMAND_MODULES:
            importlib.import_module(f"{__name__}.{_COMMAND_MODULES[name]}")
        return super().get_command(ctx, name)

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:
            raise _OneLineUsageError(exc) from None

    def resolve_command(self, ctx, args):
        from auditkit.cli import language  # settled before the command's options are parsed: their errors say it

        language.settle(args)
        return super().resolve_command(ctx, args)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:  # a subcommand's options or arguments (its context is made in here)
            raise _OneLineUsageError(exc) from None


class _OneLineUsageError(click.ClickException):
    """A usage error as one line, ``error: <what is wrong> (see auditkit <command> --help)``, exit status 2: the
    same shape as every other error auditkit reports (click's own form takes four lines)."""

    exit_code = 2

    def __init__(self, error: click.UsageError):
        from auditkit.cli import language  # start-up time: only a usage error needs the templates

        words = error.ctx.command_path.split()[1:] if error.ctx is not None else []
        where = " ".join(["auditkit", *words])  # the program's own name, however it was started
        super().__init__(language.text("cli.usage", text=_usage_text(error), where=where))

    def show(self, file=None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


def _usage_text(error: click.UsageError) -> str:
    """What is wrong, in the command's language: a bad value of an option says which (click's own wording in
    English); click's other sentences (no such option, a missing argument) are click's, in English."""
    if isinstance(error, click.BadParameter):
        hint = error.param_hint if isinstance(error.param_hint, str) else (
            error.param.get_error_hint(error.ctx) if error.param is not None and error.param_hint is None else None)
        if hint is not None:
            from auditkit.cli import language  # start-up time: only a usage error needs the templates

            if isinstance(error, click.MissingParameter) and error.param is not None:  # its message is empty
                kind = "argument" if isinstance(error.param, click.Argument) else "option"
                return language.text(f"cli.missing_{kind}", option=hint)
            return language.text("cli.bad_value", option=hint, text=error.message)
    return error.format_message()


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="auditkit")
def main() -> None:
    """Audit an IT service management system against ISO/IEC 20000-1:2018."""


__all__ = ["main", "run_guarded"]

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
