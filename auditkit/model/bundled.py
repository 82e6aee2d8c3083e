"""The YAML data files bundled with auditkit (message templates, presets, labels), read once each.

They are ours and trusted, so they are read plainly, with libyaml's C loader where PyYAML has it: the pure-Python
loader took about a tenth of a second for messages.yaml alone, at the start of every command.
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
