"""Reading a stored assessment: the JSON of ``auditkit assess --format json``, or a file that holds one under an
``assessment`` key (a history snapshot). Either way it is checked against assessment.schema.json first.

The one reader for every command that takes a stored assessment: ``report --from-json``, ``roadmap --from-json``,
``actions sync --from``, ``check --baseline`` (which says its problems in its own words, see :func:`read_stored`).
"""

from __future__ import annotations

from pathlib import Path

from auditkit.speed import fastschema
from auditkit.inputs.source_cache import SourceCache
from auditkit.inputs.validation import validate_value, validator
from auditkit.inputs.jsonsource import parse_json
from auditkit.inputs.yamlsource import Document, SourceError, display_path, parse_yaml, read_text
from auditkit.model.errors import InputErrors, Location, Problem, ReportError
from auditkit.model.messages import msg

MAX_BYTES = 200 * 1024 * 1024
"""The largest stored assessment read (an assessment of ten thousand evidence files is about 30 MB)."""
def read_stored(path: Path, *, error: type[InputErrors] = ReportError, prefix: str | None = None,
                shape_first: bool = True, cache: SourceCache | None = None) -> dict:
    """The assessment stored in ``path`` (a bare assessment, or an object with an ``assessment`` key).

    Every problem is raised as ``error``, located, its message put in the template ``prefix`` ({problem}). ``shape_first``: a file without
    results and summary is refused in one line before the schema is asked. ``cache``: a source cache that may
    know the assessment valid (speed only)."""
    shown = display_path(Path(path))
    try:
        text = read_text(Path(path), max_bytes=MAX_BYTES)
        raw = parse_json(text, shown)
    except SourceError as exc:
        raise error([exc.problem]) from None
    at: tuple = ()
    data = raw
    if isinstance(raw, dict) and "results" not in raw and isinstance(raw.get("assessment"), dict):
        at, data = ("assessment",), raw["assessment"]
    problems = assessment_problems(data, shown, text=text, at=at, layer=error.layer, shape_first=shape_first,
                                   cache=cache)
    if problems:
        raise error([Problem.of(p.location, msg(prefix, problem=p.wording), error.layer) if prefix else p.again(error.layer)
                     for p in problems[:20]])
    return data


def load_assessment_file(path: Path) -> dict:
    """The assessment stored in ``path``; ReportError (located) when it is not one."""
    return read_stored(path)


def check_assessment(data, file: str, *, text: str | None = None, at: tuple = ()) -> None:
    """Raise ReportError unless ``data`` is an assessment; errors are placed on their line when ``text`` is given."""
    problems = assessment_problems(data, file, text=text, at=at)
    if problems:
        raise ReportError(problems[:20])


def assessment_problems(data, file: str, *, text: str | None = None, at: tuple = (), layer: str = "report",
                        shape_first: bool = True, cache: SourceCache | None = None) -> list[Problem]:
    """Why ``data`` is not an assessment ([] when it is); each problem on its line when ``text`` is given."""
    if shape_first and (not isinstance(data, dict) or "results" not in data or "summary" not in data):
        return [Problem.of(Location(file, 1, 1), msg("stored.not_assessment"), layer)]
    # the valid case first: known valid (cache), or the compiled validator, ~20x faster than jsonschema
    if cache is not None and not validate_value(data, Document(file, data), "assessment", at=at, layer=layer,
                                                cache=cache):
        return []
    fast = fastschema.compiled("assessment")
    if (fast is not None and fast(data)) or validator("assessment").is_valid(data):
        return []
    doc = Document(file, data)
    if text is not None:
        try:  # only on the error path: parse again (JSON is YAML) to place every error on its line
            doc = parse_yaml(text, file)
        except SourceError:
            at = ()
    else:
        at = ()
    return validate_value(data, doc, "assessment", at=at, layer=layer)
