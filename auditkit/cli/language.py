"""The language of what a command prints: its --lang, else the project's `lang:` (auditkit.yaml), else English.

A command settles its language once, at its start (`use`); the error lines that `run_guarded` prints when the
command fails are then in that language too. Sentences are templates of auditkit/model/messages.yaml.
"""

from __future__ import annotations

from pathlib import Path

import click
import yaml

from auditkit.model.messages import LANGUAGES, Message, msg
from auditkit.outputs.sanitise import terminal

_current = {"lang": "en"}


def project_language(project: Path | None = None, config: Path | None = None) -> str:
    """The `lang:` of the project's config file; English when there is none or it cannot be read (reading the
    config properly, with located errors, is the command's own business)."""
    path = Path(config) if config else Path(project or ".") / "auditkit.yaml"
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return "en"
    lang = data.get("lang") if isinstance(data, dict) else None
    return lang if lang in LANGUAGES else "en"


def use(option: str | None = None, project: Path | None = None, config: Path | None = None) -> str:
    """Settle the command's language: ``option`` (its --lang) when given, else the project's."""
    _current["lang"] = option if option in LANGUAGES else project_language(project, config)
    return _current["lang"]


def current() -> str:
    return _current["lang"]


def text(key: str, /, **params) -> str:
    """A sentence of messages.yaml in the command's language, safe for a terminal (it may hold a file's name)."""
    return terminal(msg(key, **params).text(current()))


def say(key: str, /, *, err: bool = False, **params) -> None:
    click.echo(text(key, **params), err=err)


def counted(noun: str, n: int) -> Message:
    """``3 errors`` / ``1 error`` / ``3 个错误``: the count.<noun> or count.<noun>s template."""
    return msg(f"count.{noun}" if n == 1 else f"count.{noun}s", n=n)
