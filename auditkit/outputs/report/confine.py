"""Files of a template folder stay inside it: ``--template-dir`` can come with a project from a pull request."""

from __future__ import annotations

import os
from pathlib import Path

from auditkit.model.errors import ReportError
from auditkit.model.messages import msg


def contained(path: Path, folder: Path) -> bool:
    """Whether ``path``, its symbolic links followed, lies inside ``folder``: a template folder can come with a
    project from a pull request, and a link in it must not make the report read (and embed) any file on the machine."""
    real, root = os.path.realpath(path), os.path.realpath(folder)
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def checked(path: Path, folder: Path) -> Path:
    """``path`` when it stays inside ``folder``; a located ReportError when a link leads out of it."""
    if not contained(path, folder):
        raise ReportError.at(str(path), msg("report.error.link_outside", folder=str(folder)))
    return path
