"""The output formats: one registry, :data:`REGISTRY`, from which every command takes its ``--format`` choices and
help text, and the renderers of an assessment (its JSON form), chosen by name.

An assessment renderer is a module of this package with ``render(data, *, lang, color, **options)`` returning text
(bytes for a binary format). A format that only another subject has (the report's pdf and html, the roadmap's,
the corrective actions') is rendered by that subject's own code; it is listed here all the same, so that its name,
its help and whether it is binary are said once. Adding a format: one :class:`Format` entry (and its module).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Callable


@dataclass(frozen=True)
class Format:
    """One output format: its name, a line of help, which commands offer it, and how an assessment is rendered."""

    name: str
    help: str
    """What the format is, for ``--help``."""
    commands: tuple[str, ...]
    """The commands that offer it (``assess``, ``check``, ``actions list``, ...)."""
    module: str | None = None
    """The module of this package whose ``render()`` renders an assessment in it; None when only other
    subjects (a report, a roadmap, the register) have this format."""
    binary: bool = False
    """It is a file of bytes, not text: it cannot go to a terminal."""


ASSESSMENT = ("assess", "check")
"""The commands that render an assessment (check adds its gate report under ``data["check"]``)."""

# A module is imported on first use, so that writing JSON does not import rich (the terminal format's ~30 ms).
# ``check`` writes its own text (outputs/render/check_text.py): the gates, then the assessment.
REGISTRY: tuple[Format, ...] = (
    Format("text", "readable text (a table on a terminal)",
           (*ASSESSMENT, "roadmap", "actions list", "history", "diff", "programme"), "text"),
    Format("table", "a table on the terminal", ("catalog expectations",)),
    Format("json", "JSON (schemas in docs/formats.md)",
           (*ASSESSMENT, "roadmap", "actions list", "history", "diff", "programme"), "json_format"),
    Format("markdown", "Markdown", (*ASSESSMENT, "roadmap"), "markdown"),
    Format("csv", "comma-separated values, a row a line",
           (*ASSESSMENT, "actions list", "catalog expectations"), "csv_format"),
    Format("xlsx", "an Excel workbook (a file: give one)", (*ASSESSMENT, "roadmap"), "xlsx_format", binary=True),
    Format("junit", "JUnit XML, a test case a requirement (CI test reports)", ASSESSMENT, "junit"),
    Format("sarif", "SARIF 2.1.0 (code scanning alerts)", ASSESSMENT, "sarif"),
    Format("github", "GitHub Actions annotations", ASSESSMENT, "github"),
    Format("summary", "a Markdown job summary (gates, new gaps)", ASSESSMENT, "summary"),
    Format("oscal-ar", "OSCAL 1.1 assessment results (JSON)", ASSESSMENT, "oscal_ar"),
    Format("oscal-poam", "an OSCAL 1.1 plan of action and milestones (JSON)", ("actions list",)),
    Format("pdf", "the audit report as PDF", ("report",), binary=True),
    Format("html", "the audit report as one standalone HTML file", ("report",)),
)
FORMAT = {f.name: f for f in REGISTRY}

BINARY = {f.name for f in REGISTRY if f.binary}
"""Formats whose rendering gives bytes, not text."""


def names(command: str) -> list[str]:
    """The formats ``command`` offers, in the registry's order."""
    found = [f.name for f in REGISTRY if command in f.commands]
    if not found:
        raise KeyError(f"no output format is registered for {command!r}")
    return found


def help_text(command: str, lead: str = "Output format") -> str:
    """The ``--format`` help of ``command``: every format it offers, each with its line of help."""
    return f"{lead}: " + "; ".join(f"{name}: {FORMAT[name].help}" for name in names(command)) + "."


def _renderer(module: str) -> Callable[..., str | bytes]:
    def render_format(data: dict, **options) -> str | bytes:
        return import_module(f"{__name__}.{module}").render(data, **options)

    return render_format


FORMATS: dict[str, Callable[..., str | bytes]] = {f.name: _renderer(f.module) for f in REGISTRY if f.module}
"""The renderers of an assessment, by format name."""


def render(fmt: str, data: dict, *, lang: str = "en", color: bool | None = False, **options) -> str | bytes:
    """Render assessment ``data`` in format ``fmt`` (bytes for the formats in BINARY); ``options`` are the
    format's own (csv: excel; xlsx: actions, extra)."""
    return FORMATS[fmt](data, lang=lang, color=color, **options)
