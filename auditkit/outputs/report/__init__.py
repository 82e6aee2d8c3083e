"""The internal audit report (ISO 19011 §6.5.1) as PDF or standalone HTML, in English or Simplified Chinese.

The report is rendered from an assessment's JSON form only (plus, optionally, the corrective actions and the
trend of earlier assessments), so a stored snapshot re-renders the same report later. Jinja2 templates and
static CSS live in ``templates/`` at the project's top; a user may point at a folder of their own whose files
take precedence. WeasyPrint is imported only on the PDF path.
"""

from __future__ import annotations

from auditkit.model.errors import ReportError
from auditkit.outputs.report.render import FORMATS, LANGS, RenderedReport, render_report

__all__ = ["FORMATS", "LANGS", "RenderedReport", "ReportError", "render_report"]
