"""Reading a stored assessment: the JSON of ``auditkit assess --format json``, or a file that holds one under an
``assessment`` key (a history snapshot). Either way it is checked against assessment.schema.json first."""

from __future__ import annotations

from pathlib import Path

from auditkit.speed import fastschema
from auditkit.inputs.validation import validate_value, validator
from auditkit.inputs.jsonsource import parse_json
from auditkit.inputs.yamlsource import Document, SourceError, display_path, parse_yaml, read_text
from auditkit.model.errors import ReportError


def load_assessment_file(path: Path) -> dict:
    """The assessment stored in ``path`` (a bare assessment, or an object with an ``assessment`` key)."""
    shown = display_path(Path(path))
    try:
        text = read_text(Path(path), max_bytes=200 * 1024 * 1024)
        raw = parse_json(text, shown)
    except SourceError as exc:
        raise ReportError([exc.problem]) from None
    at: tuple = ()
    data = raw
    if isinstance(raw, dict) and "schema_version" not in raw and isinstance(raw.get("assessment"), dict):
        at, data = ("assessment",), raw["assessment"]
    check_assessment(data, shown, text=text, at=at)
    return data


def check_assessment(data, file: str, *, text: str | None = None, at: tuple = ()) -> None:
    """Raise ReportError unless ``data`` is an assessment; errors are placed on their line when ``text`` is given."""
    if not isinstance(data, dict) or "results" not in data or "summary" not in data:
        raise ReportError.at(file, "not an assessment: expected the JSON of `auditkit assess --format json`", 1, 1)
    fast = fastschema.compiled("assessment")  # the valid case, ~20x faster than jsonschema on a large assessment
    if (fast is not None and fast(data)) or validator("assessment").is_valid(data):
        return
    doc = Document(file, data)
    if text is not None:
        try:  # only on the error path: parse again (JSON is YAML) to place every error on its line
            doc = parse_yaml(text, file)
        except SourceError:
            at = ()
    else:
        at = ()
    raise ReportError(validate_value(data, doc, "assessment", at=at, layer="report")[:20])
