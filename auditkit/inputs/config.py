"""Project configuration (``auditkit.yaml``): where the inputs are, the scoring formula and the grading policy."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from auditkit.model.errors import ConfigError, Problem
from auditkit.model.messages import msg
from auditkit.inputs.validation import validate_document
from auditkit.inputs.source_cache import SourceCache
from auditkit.inputs.yamlsource import SourceError, load_yaml_file

CONFIG_NAME = "auditkit.yaml"

DEFAULT_POINTS = {"conformant": 1.0, "partially-conformant": 0.5, "nonconformant": 0.0, "needs-evidence": 0.5,
                  "not-assessed": 0.0}
DEFAULT_WEIGHTS = {"high": 3.0, "medium": 2.0, "low": 1.0}
CRITICALITIES = ("high", "medium", "low")
# Grading by what failed (ISO/IEC 17021-1, ISO 19011): major when a mandatory document or a whole process is
# absent, minor for a gap in something that exists. Each entry is a grade, or a grade per criticality.
FAILURES = ("mandatory-document-absent", "process-absent", "gap", "unreadable-evidence")
DEFAULT_GRADING = {
    "mandatory-document-absent": "major-nc",
    "process-absent": "major-nc",
    "gap": "minor-nc",
    "unreadable-evidence": "observation",
}


@dataclass(frozen=True)
class ScoringPolicy:
    """The declared scoring formula's parameters and the grading policy; printed in every output."""

    points: dict = field(default_factory=lambda: dict(DEFAULT_POINTS))
    weights: dict = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    readiness_threshold: float = 0.8
    grading: dict = field(default_factory=lambda: grading_table(DEFAULT_GRADING))
    """failure (FAILURES) -> criticality -> grade."""

    FORMULA = (
        "requirement points: conformant {conformant}, partially conformant {partially-conformant}, "
        "nonconformant {nonconformant}, needs evidence {needs-evidence}, not assessed {not-assessed}; "
        "not applicable and not examined in this review are left out. "
        "weight by criticality: high {high}, medium {medium}, low {low}. "
        "clause score = sum(weight x points) / sum(weight) over the clause's requirements; "
        "overall score = the same over all requirements. "
        "ready for certification = no major nonconformity and overall score >= {threshold} "
        "(the report and `auditkit check` also require no overdue corrective action)."
    )
    GRADING = (
        "grade by what failed: a mandatory document absent {mandatory-document-absent}; "
        "a whole process absent (nothing covers its subclause and no document deals with its subject) {process-absent}; "
        "a gap in a document, process or records that exist {gap}; "
        "evidence of the organisation that could not be read {unreadable-evidence}; "
        "needs evidence and not examined are not graded; an auditor's grade stands."
    )

    def formula(self) -> str:
        return self.FORMULA.format(**self.points, **self.weights, threshold=self.readiness_threshold)

    def grading_text(self) -> str:
        """The grading policy in one sentence (a grade per criticality is shown as high/medium/low)."""
        def shown(table: dict) -> str:
            grades = [table[c] for c in CRITICALITIES]
            return grades[0] if len(set(grades)) == 1 else "/".join(grades) + " (high/medium/low)"
        return self.GRADING.format(**{failure: shown(self.grading[failure]) for failure in FAILURES})

    def grade(self, failure: str, criticality: str) -> str:
        return self.grading[failure][criticality]

    def to_dict(self) -> dict:
        return {
            "formula": self.formula(),
            "points": dict(self.points),
            "weights": dict(self.weights),
            "readiness_threshold": self.readiness_threshold,
            "grading": {k: dict(v) for k, v in self.grading.items()},
            "grading_rule": self.grading_text(),
        }


def grading_table(raw: dict) -> dict:
    """failure -> {criticality: grade} from the YAML form, where a failure maps to a grade or to a table."""
    table = {}
    for failure, value in raw.items():
        table[failure] = ({c: value for c in CRITICALITIES} if isinstance(value, str)
                          else {c: value.get(c, DEFAULT_GRADING[failure]) for c in CRITICALITIES})
    return table


@dataclass(frozen=True)
class ProjectConfig:
    """Paths and policy of one auditkit project (a folder with controls/, evidence/, judgments.yaml)."""

    root: Path
    controls: Path
    evidence: Path
    judgments: Path
    extra_catalogs: tuple[Path, ...] = ()
    scoring: ScoringPolicy = field(default_factory=ScoringPolicy)
    only_catalog: str | None = None
    """i19: assess one catalog of a project that has several (``--catalog ID``); None: all of them."""
    gates: dict = field(default_factory=dict)
    file: Path | None = None
    lang: str = "en"
    """The project's language (``lang:``, written by ``auditkit init``): what the CLI prints, unless --lang."""


PATH_KEYS = ("controls", "evidence", "judgments", "catalogs")
"""The keys that say where the other inputs are: kept from an invalid auditkit.yaml when they are themselves valid,
so that the other files are still read and their problems reported with the config's."""


def load_config(root: Path = Path("."), path: Path | None = None, cache: SourceCache | None = None) -> ProjectConfig:
    """Read ``auditkit.yaml`` in ``root`` (or ``path``) if present; defaults otherwise (``cache``: speed only).
    Raise ConfigError, located."""
    config, problems = read_config(root, path, cache)
    if problems:
        raise ConfigError(problems)
    return config


def read_config(root: Path = Path("."), path: Path | None = None,
                cache: SourceCache | None = None) -> tuple[ProjectConfig, list[Problem]]:
    """The configuration and every problem of ``auditkit.yaml``. With problems, the configuration is the one to
    read the other files with (its valid paths, default policy): one bad value must not hide their errors."""
    root = Path(root)
    file = path or root / CONFIG_NAME
    data: dict = {}
    problems: list[Problem] = []
    doc = None
    if path is not None or file.is_file():
        try:
            doc = load_yaml_file(file, cache=cache)
        except SourceError as exc:
            problems.append(exc.problem)
        if doc is not None and doc.data is not None:
            problems = validate_document(doc, "config", layer="config", cache=cache)
            data = doc.data if not problems else _valid_paths(doc.data)
    base = file.parent if file.is_file() else root
    if doc is not None and "judgments" in data and not (base / data["judgments"]).exists():
        # a judgments file the user named but that is not there would silently drop every judgment (the score
        # falls with exit 0); the default judgments.yaml may be absent, a named one may not
        problems.append(Problem.of(doc.locate(("judgments",)), msg("config.no_judgments", file=data['judgments']),
                                   "config"))
    if problems:
        data = _valid_paths(data)
    return _config(base, data, file), problems


def _valid_paths(data) -> dict:
    if not isinstance(data, dict):
        return {}
    kept = {k: data[k] for k in PATH_KEYS[:3] if isinstance(data.get(k), str) and "\0" not in data[k]}
    catalogs = data.get("catalogs")
    if isinstance(catalogs, list) and all(isinstance(c, str) and "\0" not in c for c in catalogs):
        kept["catalogs"] = catalogs
    return kept


def _config(base: Path, data: dict, file: Path) -> ProjectConfig:
    scoring_raw = data.get("scoring", {})
    grading = grading_table({**DEFAULT_GRADING, **data.get("grading", {})})
    scoring = ScoringPolicy(
        points={**DEFAULT_POINTS, **scoring_raw.get("points", {})},
        weights={**DEFAULT_WEIGHTS, **scoring_raw.get("weights", {})},
        readiness_threshold=scoring_raw.get("readiness_threshold", 0.8),
        grading=grading,
    )
    return ProjectConfig(
        root=base,
        controls=base / data.get("controls", "controls"),
        evidence=base / data.get("evidence", "evidence"),
        judgments=base / data.get("judgments", "judgments.yaml"),
        extra_catalogs=tuple(base / p for p in data.get("catalogs", [])),
        scoring=scoring,
        gates=data.get("gates", {}),
        file=file if file.is_file() else None,
        lang=data.get("lang", "en"),
    )
