"""Output files that must not be written: inputs are never outputs.

``assess -f json -o judgments.yaml`` once replaced 208 auditor judgments with a JSON report, silently. An output
path that is one of the run's input files, or lies inside a folder auditkit reads from (``controls/``,
``evidence/``, ``actions/``, ``history/``), is refused unless the user says ``--force``. The run's inputs are
the files it names (auditkit.yaml, judgments, catalogs, a baseline, a stored assessment, a signing key, a
template folder) and, once the evidence is loaded, every file the evidence reads wherever it lies: a document an
imported descriptor points at (``documents/...``), attachments, record exports (``assess -o documents/x.md``
once replaced an imported document with exit 0).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from auditkit.inputs.yamlsource import display_path
from auditkit.model.errors import UsageError
from auditkit.model.messages import msg

PROTECTED_FOLDERS = ("controls", "evidence", "actions", "history")
"""Folders of a project that hold what the user wrote (or the tool's own records of it)."""


def _real(path: Path) -> Path:
    # realpath, not resolve(): it does not raise on a symbolic-link loop, and follows a link the output goes through
    return Path(os.path.realpath(os.fspath(path)))


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def files_read(inputs) -> list[str]:
    """Every file a loaded run (:class:`auditkit.engine.project.Inputs`) read: catalog and evidence files, the
    documents imported descriptors point at, attachments, record exports."""
    return [f.path for f in (*inputs.catalog.files, *inputs.evidence.files)]


def refuse_input_target(target: Path, cfg, extra_inputs: Iterable[Path | str | None] = (), *, force: bool = False,
                        option: str = "-o", folders: Iterable[Path | None] = (), lang: str = "en") -> None:
    """Raise UsageError (in ``lang``) when ``target`` would overwrite an input of the run described by ``cfg`` (a
    ProjectConfig) or ``extra_inputs`` (a baseline, a stored assessment, a signing key, the files of
    :func:`files_read`), or lies in a protected folder or one of ``folders`` (a template folder)."""
    if force:
        return
    real = _real(Path(target))
    root = Path(cfg.root)
    baseline = (cfg.gates or {}).get("baseline") if isinstance(cfg.gates, dict) else None
    files = [cfg.file, cfg.judgments, *cfg.extra_catalogs, root / baseline if isinstance(baseline, str) else None,
             *(Path(p) for p in extra_inputs if p)]
    for file in files:
        if file is not None and _real(Path(file)) == real:
            raise UsageError(msg("targets.input_file", option=option, target=display_path(Path(target)),
                                 file=display_path(Path(file))).text(lang))
    protected = [root / name for name in PROTECTED_FOLDERS] + [Path(cfg.controls), Path(cfg.evidence)]
    for folder in [*protected, *(Path(f) for f in folders if f)]:
        real_folder = _real(folder)
        if _inside(real, real_folder):
            raise UsageError(msg("targets.input_folder", option=option, target=display_path(Path(target)),
                                 folder=display_path(folder)).text(lang))
