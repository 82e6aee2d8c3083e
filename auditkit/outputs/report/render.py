"""render_report(): an assessment dict (and optional actions and trend) to a PDF or a standalone HTML report."""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from auditkit.outputs.render import names
from auditkit.outputs.report.branding import load_branding
from auditkit.outputs.report.context import build_context
from auditkit.model.errors import ReportError, said_of
from auditkit.model.messages import msg
from auditkit.outputs.report.fonts import require_font
from auditkit.outputs.report.labels import load_labels
from auditkit.outputs.report.confine import checked
from auditkit.outputs.report.pdf import PdfAttachment  # a dataclass: WeasyPrint itself loads only in write_pdf
from auditkit.outputs.report.templating import environment, render_template, template_dirs

FORMATS = tuple(names("report"))  # from the one registry of output formats
LANGS = ("en", "zh")
_STYLE_END = re.compile(r"</\s*style", re.IGNORECASE)


@dataclass(frozen=True)
class RenderedReport:
    """The report's bytes and what the caller may want to tell the user."""

    content: bytes
    format: str
    pages: int | None
    """Number of PDF pages (None for HTML)."""
    warnings: tuple[str, ...] = ()
    """Branding notes, WeasyPrint warnings, URLs refused by the fetcher."""
    html: str = ""
    """The HTML the PDF was laid out from (for inspection and tests)."""
    refused: tuple[tuple[str, str], ...] = ()


def render_report(
    assessment: dict,
    *,
    lang: str = "en",
    fmt: str = "pdf",
    actions: list[dict] | None = None,
    trend: list[dict] | None = None,
    final: bool = False,
    template_dir: Path | None = None,
    project_root: Path | None = None,
    evidence_dir: Path | None = None,
) -> RenderedReport:
    """Render the internal audit report of ``assessment`` (the dict of ``Assessment.to_dict()``).

    ``actions``: corrective actions ``{id, finding, requirement, grade, state, owner, due, overdue, title}``;
    ``trend``: earlier assessments ``{id, as_of, overall, clauses: {clause: score}}``. Files are read only
    from ``project_root``, ``evidence_dir`` (the logo) and the template folders. A PDF needs an installed font
    that covers ``lang``; without one nothing is rendered (MissingFontError).
    """
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    if fmt == "pdf":  # an HTML report is read on another machine, with that machine's fonts
        require_font(lang)
    dirs = template_dirs(template_dir)
    labels = load_labels(lang, dirs)
    branding = load_branding((assessment["organization"].get("profile") or {}), evidence_dir)
    context = build_context(assessment, labels, lang=lang, branding=branding, actions=actions, trend=trend,
                            final=final, standalone_html=fmt == "html")
    context["stylesheets"] = [Markup(_stylesheet(dirs, name)) for name in ("report.css", f"report-{lang}.css")
                              if _find(dirs, name)]
    context["brand_css"] = Markup(branding.stylesheet())
    attachments = report_attachments(assessment, context["index"], labels)
    # the one list of attached files: the PDF embeds them, the HTML offers them as download links, and the
    # report's text (appendix, versions) names exactly these
    context["attachments"] = [{"name": a.name, "description": a.description, "uri": _data_uri(a)} for a in attachments]
    csv_attachment = next(a for a in context["attachments"] if a["name"] == context["index"]["csv_name"])
    context["index_csv_uri"] = csv_attachment["uri"] if fmt == "html" and context["index"]["rows"] is None else ""
    html = render_template(environment(dirs), context)
    warnings = tuple(branding.notes)
    if fmt == "html":
        return RenderedReport(html.encode("utf-8"), "html", None, warnings, html)

    from auditkit.outputs.report.pdf import write_pdf  # heavy dependency: WeasyPrint loads only for a PDF

    roots = [d for d in dirs] + [p for p in (project_root, evidence_dir) if p is not None]
    result = write_pdf(html, base_url=dirs[0], roots=roots, attachments=attachments, as_of=assessment["as_of"])
    refused = tuple(f"not fetched: {url} ({why})" for url, why in result.refused)
    return RenderedReport(result.data, "pdf", result.pages, warnings + refused + result.warnings, html, result.refused)


JSON_NAME = "assessment.json"


def report_attachments(assessment: dict, index: dict, labels: dict) -> list[PdfAttachment]:
    """The files a report carries: the evidence index as CSV and the assessment it was rendered from."""
    return [
        PdfAttachment(index["csv_name"], index["csv"], labels["appendix"]["csv_description"]),
        PdfAttachment(JSON_NAME, json.dumps(assessment, indent=1, ensure_ascii=False).encode("utf-8"),
                      labels["appendix"]["json_description"]),
    ]


def _data_uri(attachment: PdfAttachment) -> str:
    kind = "application/json" if attachment.name.endswith(".json") else "text/csv"
    return f"data:{kind};base64," + base64.b64encode(attachment.data).decode("ascii")


def _find(dirs: list[Path], name: str) -> Path | None:
    return next((checked(d / name, d) for d in dirs if (d / name).is_file()), None)


def _stylesheet(dirs: list[Path], name: str) -> str:
    """A static stylesheet, placed in a <style> element as it is (it must not close that element)."""
    path = _find(dirs, name)
    assert path is not None
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReportError.at(str(path), msg("report.error.stylesheet", reason=said_of(exc))) from None
    match = _STYLE_END.search(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        raise ReportError.at(str(path), msg("report.error.style_end"), line)
    return text
