"""The ``auditkit`` command line: thin click wiring over the library, one module per command group."""

from __future__ import annotations

import sys

import click

from .. import __version__
from .common import run_guarded


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="auditkit")
def main() -> None:
    """Audit an IT service management system against ISO/IEC 20000-1:2018."""


def _register() -> None:
    from . import actions, assess, catalog, check, history, report, validate  # noqa: F401  (each adds its commands to main)


_register()

__all__ = ["main", "run_guarded"]

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
