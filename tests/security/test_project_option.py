"""``-C typo`` (a project folder that does not exist) is exit 2 with a message naming the option, for every
command and subcommand: never "no corrective actions" with exit 0, never a run in the wrong folder."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from auditkit.cli import main


def every_command() -> list[tuple[tuple[str, ...], click.Command]]:
    """Every command and subcommand of ``auditkit`` (its modules load lazily: asked for by name)."""
    found = []
    context = click.Context(main)
    for name in main.list_commands(context):
        command = main.get_command(context, name)
        if isinstance(command, click.Group):
            found += [((name, sub), command.get_command(context, sub)) for sub in command.list_commands(context)]
        else:
            found.append(((name,), command))
    return found


def _commands() -> list[tuple[str, ...]]:
    return [names for names, command in every_command() if _takes_project(command)]


def _takes_project(command: click.Command) -> bool:
    return any(isinstance(p, click.Option) and "-C" in p.opts for p in command.params)


def test_most_commands_take_a_project_folder():
    assert {("validate",), ("assess",), ("actions", "list"), ("actions", "sync"), ("verify",)} <= set(_commands())


@pytest.mark.parametrize("command", _commands(), ids=" ".join)
def test_a_project_folder_that_does_not_exist_is_refused(command, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, [*command, "-C", "typo"], catch_exceptions=False)
    assert result.exit_code == 2, result.output
    assert "'-C': Directory 'typo' does not exist" in result.stderr, result.stderr
