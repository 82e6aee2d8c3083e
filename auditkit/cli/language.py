"""The language of what a command prints: its --lang, else the project's `lang:` (auditkit.yaml), else English.

The language is settled once, before a command's options are parsed (:func:`settle`, called by the command group
with the command's arguments), so that the errors of option parsing are in it too; a command then asks
:func:`use` with its parsed options, which reads the project's config only when the arguments named another one.
Sentences are templates of auditkit/model/messages.yaml.
"""

from __future__ import annotations

from pathlib import Path

import click
import yaml

from auditkit.model.messages import LANGUAGES, Message, msg
from auditkit.model.messages import counted as counted  # the commands count with language.counted
from auditkit.outputs.sanitise import terminal

_current: dict = {"lang": "en", "source": None}
"""The language settled, and the (project, config) whose `lang:` it came from (None: an option, or not settled)."""


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
    """Settle the command's language: ``option`` (its --lang) when given, else the project's (read once a run)."""
    if option in LANGUAGES:
        _current.update(lang=option, source=None)
        return option
    source = (str(Path(project or ".").resolve()), str(Path(config).resolve()) if config else None)
    if _current["source"] != source:
        _current.update(lang=project_language(project, config), source=source)
    return _current["lang"]


_OPTIONS = {"--lang": "lang", "--project": "project", "-C": "project", "--config": "config"}


def settle(args: list[str]) -> str:
    """Settle the language from a command's arguments before click parses them: ``--lang``, ``-C/--project`` and
    ``--config`` as written (``--x=value`` or ``--x value``); a bad value is click's to report, in this language."""
    _current["source"] = None  # a new command: the config may have changed since the last one of this process
    found: dict[str, str] = {}
    for i, arg in enumerate(args):
        if arg == "--":
            break
        name, eq, value = arg.partition("=")
        if name in _OPTIONS and (eq or i + 1 < len(args)):
            found[_OPTIONS[name]] = value if eq else args[i + 1]
        elif arg.startswith("-C") and len(arg) > 2 and not arg.startswith("--"):
            found["project"] = arg[2:]
    return use(found.get("lang"), Path(found.get("project") or "."),
               Path(found["config"]) if found.get("config") else None)


def current() -> str:
    return _current["lang"]


def text(key: str, /, **params) -> str:
    """A sentence of messages.yaml in the command's language, safe for a terminal (it may hold a file's name)."""
    return terminal(msg(key, **params).text(current()))


def error_text(error: Exception) -> str:
    """An error's message in the command's language when it carries its template (WordedValueError), else as it
    is (English)."""
    said = getattr(error, "said", None)
    return terminal(said.text(current()) if isinstance(said, Message) else str(error))


def say(key: str, /, *, err: bool = False, **params) -> None:
    click.echo(text(key, **params), err=err)
