"""Catalogs written by other tools, read into one form (:class:`SourceCatalog`) for ``auditkit catalog import``.

One module per format; :data:`FORMATS` names them for the command line.
"""

from __future__ import annotations

from pathlib import Path

from auditkit.inputs.catalog_sources.model import CatalogImportError, SourceCatalog, SourceClause, SourceRequirement

FORMATS = ("ciso-assistant", "oscal", "csv", "xlsx")
"""The formats ``catalog import --from`` reads."""


def read_source_catalog(path: Path, fmt: str, mapping: dict[str, str] | None = None,
                        sheet: str | None = None) -> SourceCatalog:
    """The catalog in the file at ``path`` written in format ``fmt`` (one of :data:`FORMATS`).

    ``mapping`` (column -> field) is for spreadsheets; ``sheet`` picks a workbook's sheet (default: the first).
    Raise CatalogImportError with every problem, each located in the file.
    """
    if fmt == "ciso-assistant":
        from auditkit.inputs.catalog_sources import ciso_assistant  # start-up time: only the format asked for

        return ciso_assistant.read(Path(path))
    if fmt == "oscal":
        from auditkit.inputs.catalog_sources import oscal  # start-up time: jsonschema, only for OSCAL

        return oscal.read(Path(path))
    from auditkit.inputs.catalog_sources import table  # start-up time: only the format asked for

    if fmt == "csv":
        return table.read_csv(Path(path), mapping or {})
    if fmt == "xlsx":
        return table.read_xlsx(Path(path), mapping or {}, sheet)
    raise ValueError(f"unknown catalog format {fmt!r} (known: {', '.join(FORMATS)})")


__all__ = ["FORMATS", "CatalogImportError", "SourceCatalog", "SourceClause", "SourceRequirement", "read_source_catalog"]
