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


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="auditkit")
def main() -> None:
    """Audit an IT service management system against ISO/IEC 20000-1:2018."""


__all__ = ["main", "run_guarded"]

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
