"""HTML to PDF with WeasyPrint (imported here only: it takes about a second to import)."""

from __future__ import annotations

import logging
import os
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

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


@contextmanager
def _source_date(stamp: datetime) -> Iterator[None]:
    """SOURCE_DATE_EPOCH set to ``stamp`` for the duration (the reproducible-builds convention).

    Without libharfbuzz-subset, WeasyPrint subsets fonts with fontTools, which writes the current time into each
    font's `head` table unless SOURCE_DATE_EPOCH is set: two renderings a second apart would differ.
    """
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp.replace(tzinfo=timezone.utc).timestamp()))
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def write_pdf(html: str, *, base_url: Path, roots: Iterable[Path], attachments: Iterable[PdfAttachment],
              as_of: str) -> PdfResult:
    """Lay out ``html`` and return the PDF bytes, the page count and WeasyPrint's warnings.

    Attachments and subset fonts carry the assessment's date as their timestamps, so the same input gives the
    same PDF, whichever library subsets the fonts.
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
        with _source_date(stamp):
            data = document.write_pdf(attachments=files)
    finally:
        logger.removeHandler(handler)
    return PdfResult(data, len(document.pages), tuple(dict.fromkeys(handler.messages)), tuple(fetcher.refused))
