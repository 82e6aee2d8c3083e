"""Documents as organisations write them: readers (Markdown, HTML, DOCX, PDF), document-control metadata, references.

``read_document(path)`` gives a :class:`ReadDocument` (headings, bold lead-ins, lines, tables, links, each with its
location); ``extract(document)`` gives its :class:`DocumentMetadata` (fields, revision history, contradictions).
"""

from auditkit.inputs.documents.metadata import Contradiction, DocumentMetadata, Staleness, extract, staleness
from auditkit.inputs.documents.model import Field, Heading, Lead, Line, Link, ReadDocument, Revision, Table, where
from auditkit.inputs.documents.readers import DocumentError, format_of, read_document

__all__ = ["Contradiction", "DocumentError", "DocumentMetadata", "Field", "Heading", "Lead", "Line", "Link",
           "ReadDocument", "Revision", "Staleness", "Table", "extract", "format_of", "read_document", "staleness",
           "where"]
