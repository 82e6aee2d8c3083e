"""Every word of the report in the chosen language: ``templates/i18n/<lang>.yaml``.

A user's template folder may hold its own ``i18n/<lang>.yaml`` with only the labels it changes; missing Chinese
labels fall back to English so a new label never breaks the Chinese report.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from auditkit.outputs.report.confine import checked
from auditkit.inputs.yamlsource import SourceError, load_yaml_file
from auditkit.model.errors import ReportError
from auditkit.model.messages import msg

_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def load_labels(lang: str, template_dirs: Iterable[Path]) -> dict:
    """The labels of ``lang``: English as the base, then each folder's file for the language (later dirs first)."""
    dirs = list(template_dirs)
    merged: dict = {}
    # Lowest precedence first: the bundled folder is last in ``dirs``, the user's first.
    for language in dict.fromkeys(["en", lang]):
        for folder in reversed(dirs):
            path = Path(folder) / "i18n" / f"{language}.yaml"
            if path.is_file():
                merged = _merge(merged, _read(checked(path, Path(folder))))
    if not merged:
        raise ReportError.at(str(Path(dirs[-1]) / "i18n" / f"{lang}.yaml"), msg("report.error.no_labels"))
    return merged


def _read(path: Path) -> dict:
    try:
        doc = load_yaml_file(path)
    except SourceError as exc:
        raise ReportError([exc.problem]) from None
    if not isinstance(doc.data, dict):
        raise ReportError.at(doc.file, msg("report.error.labels_mapping"), 1, 1)
    return doc.data


def _merge(base: dict, override: dict) -> dict:
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def fill(text: str, **values) -> str:
    """Replace ``{name}`` placeholders of a label. Only plain names: a label cannot reach into the values."""
    return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), str(text))
