"""One registry of output formats (auditkit.outputs.render.REGISTRY) gives every command its --format choices and
help; binary formats go to files through every command that offers them."""

from __future__ import annotations

import zipfile

import click

from auditkit.cli import main
from auditkit.outputs.render import FORMATS, REGISTRY, names


def _command(path: str) -> click.Command:
    ctx = click.Context(main)
    command: click.Command = main
    for word in path.split():
        assert isinstance(command, click.Group)
        command = command.get_command(ctx, word)
        assert command is not None, path
    return command


def _format_param(command: click.Command) -> click.Option:
    return next(p for p in command.params if isinstance(p, click.Option) and "--format" in p.opts)


def test_every_command_takes_its_choices_and_help_from_the_registry():
    commands = {c for f in REGISTRY for c in f.commands}
    assert {"assess", "check", "report", "roadmap", "actions list", "history", "diff", "programme"} <= commands
    for path in commands:
        param = _format_param(_command(path))
        offered = names(path)
        if isinstance(param.type, click.Choice):
            assert list(param.type.choices) == offered, path
        for name in offered:  # each format's own line of help is in the command's help
            fmt = next(f for f in REGISTRY if f.name == name)
            assert f"{name}: {fmt.help}" in param.help, (path, name)


def test_every_assessment_format_has_a_renderer_and_check_accepts_it(cli, mini):
    for name in names("assess"):
        assert name in FORMATS
    names_check = names("check")
    assert set(names("assess")) <= set(names_check)
    result = cli("check", "--as-of", "2026-03-15", "--no-cache", "-f", "nosuch")
    assert result.exit_code == 2 and "known: " + ", ".join(names_check) in result.output


def test_a_binary_format_through_check_is_a_file(cli, mini):
    result = cli("check", "--as-of", "2026-03-15", "--no-cache", "-f", "xlsx:out.xlsx", "-f", "summary")
    assert result.exit_code in (0, 1), result.output
    assert "wrote xlsx to out.xlsx" in result.output
    with zipfile.ZipFile(mini / "out.xlsx") as workbook:
        assert "xl/workbook.xml" in workbook.namelist()
    result = cli("check", "--as-of", "2026-03-15", "--no-cache", "-f", "xlsx")
    assert result.exit_code == 2
    assert result.output.strip() == "error: --format xlsx writes a binary file: write --format xlsx:FILE"
