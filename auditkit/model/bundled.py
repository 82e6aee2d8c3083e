"""YAML data files of auditkit's own (message templates, presets, labels, the report's label files, which a user
may replace), read with libyaml's C loader where PyYAML has it: the same values as ``yaml.safe_load``, and the
pure-Python loader took about a tenth of a second for messages.yaml alone, at the start of every command.
They hold no positions: a user's inputs go through :mod:`auditkit.inputs.yamlsource`, which locates its errors.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_yaml(text: str) -> Any:
    """``yaml.safe_load`` of ``text``, by the C loader when there is one (the same values)."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader, C or Python


def bundled_yaml(package: str, name: str) -> Any:
    """The data of the file ``name`` shipped in ``package`` (e.g. ``auditkit.model``, ``messages.yaml``)."""
    return safe_yaml(resources.files(package).joinpath(name).read_text("utf-8"))
