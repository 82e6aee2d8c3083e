"""HTML to PDF with WeasyPrint (imported here only: it takes about a second to import)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Iterable

from auditkit.model.errors import UsageError
from auditkit.outputs.report.fetcher import confined_fetcher


@dataclass(frozen=True)
class PdfAttachment:
    name: str
    data: bytes
    description: str


@dataclass(frozen=True)
class PdfResult:
    data: bytes
    pages: int
    warnings: tuple[str, ...]
    refused: tuple[tuple[str, str], ...]
    """URLs the fetcher refused, with the reason."""


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def write_pdf(html: str, *, base_url: Path, roots: Iterable[Path], attachments: Iterable[PdfAttachment],
              as_of: str) -> PdfResult:
    """Lay out ``html`` and return the PDF bytes, the page count and WeasyPrint's warnings.

    Attachments carry the assessment's date as their timestamps, so the same input gives the same PDF.
    """
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: Pango or HarfBuzz missing from the system
        raise UsageError(f"cannot load WeasyPrint to write the PDF ({exc}); `--format html` needs no WeasyPrint") from None

    fetcher = confined_fetcher(roots)
    stamp = datetime.combine(date.fromisoformat(as_of), datetime.min.time())
    files = [weasyprint.Attachment(string=a.data, name=a.name, description=a.description, created=stamp,
                                   modified=stamp, url_fetcher=fetcher) for a in attachments]
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    try:
        document = weasyprint.HTML(string=html, base_url=str(base_url), url_fetcher=fetcher).render()
        data = document.write_pdf(attachments=files)
    finally:
        logger.removeHandler(handler)
    return PdfResult(data, len(document.pages), tuple(dict.fromkeys(handler.messages)), tuple(fetcher.refused))
