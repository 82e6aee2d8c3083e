"""A wrong command line is one located line and exit status 2, like every other error: never click's four lines,
never a command that runs on a project folder that is not there."""

from __future__ import annotations

import click
import pytest

from auditkit.cli import main


def _commands(group: click.Group, ctx: click.Context, path: tuple[str, ...] = ()):
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if isinstance(command, click.Group):
            yield from _commands(command, ctx, path + (name,))
        else:
            yield path + (name,), command


def _with_project_option() -> list[tuple[str, ...]]:
    ctx = click.Context(main)
    return [path for path, command in _commands(main, ctx)
            if any("-C" in getattr(param, "opts", ()) for param in command.params)]


def test_every_command_that_reads_a_project_is_listed():
    found = _with_project_option()
    # the commands of the acceptance test are among them (init takes a new folder instead)
    for expected in [("assess",), ("check",), ("report",), ("verify",), ("history",), ("diff",), ("validate",),
                     ("roadmap",), ("actions", "list"), ("actions", "sync"), ("evidence", "import")]:
        assert expected in found
    assert len(found) >= 15


@pytest.mark.parametrize("path", _with_project_option(), ids=" ".join)
def test_a_missing_project_folder_is_one_line_and_exit_2(cli, tmp_path, path):
    missing = tmp_path / "nonexistent"
    result = cli(*path, "-C", missing)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error: ") and str(missing) in lines[0] and "does not exist" in lines[0]
    assert f"auditkit {' '.join(path)} --help" in lines[0]


def test_an_unknown_option_or_command_is_one_line(cli):
    for args, said in [(("assess", "--bogus"), "No such option '--bogus'"), (("nosuch",), "No such command 'nosuch'"),
                       (("assess", "-f", "nosuch"), "'nosuch' is not one of")]:
        result = cli(*args)
        assert result.exit_code == 2
        assert result.output.count("\n") == 1 and result.output.startswith("error: ") and said in result.output
