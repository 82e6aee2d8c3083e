"""The Jinja2 environment of the report: autoescaped, sandboxed, strict about undefined names.

Templates are looked up first in the user's folder (``--template-dir``), then in the bundled ``templates/``.
Values from the user's files are only ever passed *into* templates as data: no text of an evidence file is
compiled as a template, and autoescaping applies to every value.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from auditkit.model.errors import ReportError
from auditkit.model.messages import msg
from auditkit.outputs.report.confine import checked, contained
from auditkit.outputs.report.labels import fill

MAIN_TEMPLATE = "report.html.j2"


def bundled_templates() -> Path:
    """``auditkit/templates/``, bundled with the package (``AUDITKIT_TEMPLATES`` points elsewhere)."""
    override = os.environ.get("AUDITKIT_TEMPLATES")
    return Path(override) if override else Path(__file__).resolve().parents[2] / "templates"


def template_dirs(user_dir: Path | None) -> list[Path]:
    """The folders searched for templates, CSS and labels, the user's first."""
    bundled = bundled_templates()
    if user_dir is not None and not Path(user_dir).is_dir():
        raise ReportError.at(str(user_dir), msg("report.error.no_templates"))
    dirs = [Path(user_dir)] if user_dir is not None else []
    if not (bundled / MAIN_TEMPLATE).is_file():
        raise ReportError.at(str(bundled), msg("report.error.no_bundled", main=MAIN_TEMPLATE))
    return dirs + [bundled]


class _ContainedLoader(jinja2.FileSystemLoader):
    """A FileSystemLoader that refuses a template reached through a symbolic link leaving its folder."""

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        if not any(contained(Path(filename), Path(folder)) for folder in self.searchpath):
            checked(Path(filename), Path(self.searchpath[0]))
        return source, filename, uptodate


def environment(dirs: Iterable[Path]) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=_ContainedLoader([str(d) for d in dirs]),
        autoescape=True,  # every template, whatever its file name
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["fill"] = lambda text, **values: fill(text, **values)
    env.filters["bytes"] = human_bytes
    return env


def human_bytes(n: int) -> str:
    size = float(n)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{int(size)} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} B"  # pragma: no cover


def render_template(env: SandboxedEnvironment, context: dict) -> str:
    """Render the main template; a broken user template is a located error, not a traceback."""
    try:
        return env.get_template(MAIN_TEMPLATE).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise ReportError.at(exc.filename or exc.name or MAIN_TEMPLATE, msg("report.error.syntax", error=exc.message or ""),
                             exc.lineno) from None
    except jinja2.TemplateNotFound as exc:
        raise ReportError.at(str(exc.name), msg("report.error.not_found")) from None
    except jinja2.UndefinedError as exc:
        file, line = _template_position(exc)
        raise ReportError.at(file, msg("report.error.undefined", error=exc.message or ""), line) from None
    except jinja2.sandbox.SecurityError as exc:
        file, line = _template_position(exc)
        raise ReportError.at(file, msg("report.error.sandbox", error=str(exc)), line) from None


def _template_position(exc: BaseException) -> tuple[str, int | None]:
    """The innermost template frame of a rendering error (Jinja marks template frames with their file name)."""
    tb = exc.__traceback__
    file, line = MAIN_TEMPLATE, None
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".j2") or name.endswith(".html"):
            file, line = name, tb.tb_lineno
        tb = tb.tb_next
    return file, line
