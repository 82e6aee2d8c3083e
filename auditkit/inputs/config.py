"""Project configuration (``auditkit.yaml``): where the inputs are, the scoring formula and the grading policy."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from auditkit.model.errors import ConfigError, Problem
from auditkit.inputs.validation import validate_document
from auditkit.inputs.yamlsource import SourceError, load_yaml_file

CONFIG_NAME = "auditkit.yaml"

DEFAULT_POINTS = {"conformant": 1.0, "partially-conformant": 0.5, "nonconformant": 0.0, "not-assessed": 0.0}
DEFAULT_WEIGHTS = {"high": 3.0, "medium": 2.0, "low": 1.0}
DEFAULT_GRADING = {
    "nonconformant": {"high": "major-nc", "medium": "minor-nc", "low": "minor-nc"},
    "partially-conformant": {"high": "minor-nc", "medium": "minor-nc", "low": "observation"},
}


@dataclass(frozen=True)
class ScoringPolicy:
    """The declared scoring formula's parameters and the grading policy; printed in every output."""

    points: dict = field(default_factory=lambda: dict(DEFAULT_POINTS))
    weights: dict = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    readiness_threshold: float = 0.8
    grading: dict = field(default_factory=lambda: {k: dict(v) for k, v in DEFAULT_GRADING.items()})

    FORMULA = (
        "requirement points: conformant {conformant}, partially conformant {partially-conformant}, "
        "nonconformant {nonconformant}, not assessed {not-assessed}; not applicable is left out. "
        "weight by criticality: high {high}, medium {medium}, low {low}. "
        "clause score = sum(weight x points) / sum(weight) over the clause's requirements; "
        "overall score = the same over all requirements. "
        "ready for certification = no major nonconformity and overall score >= {threshold} "
        "(the report and `auditkit check` also require no overdue corrective action)."
    )

    def formula(self) -> str:
        return self.FORMULA.format(**self.points, **self.weights, threshold=self.readiness_threshold)

    def to_dict(self) -> dict:
        return {
            "formula": self.formula(),
            "points": dict(self.points),
            "weights": dict(self.weights),
            "readiness_threshold": self.readiness_threshold,
            "grading": {k: dict(v) for k, v in self.grading.items()},
        }


@dataclass(frozen=True)
class ProjectConfig:
    """Paths and policy of one auditkit project (a folder with controls/, evidence/, judgments.yaml)."""

    root: Path
    controls: Path
    evidence: Path
    judgments: Path
    extra_catalogs: tuple[Path, ...] = ()
    scoring: ScoringPolicy = field(default_factory=ScoringPolicy)
    gates: dict = field(default_factory=dict)
    file: Path | None = None


def load_config(root: Path = Path("."), path: Path | None = None) -> ProjectConfig:
    """Read ``auditkit.yaml`` in ``root`` (or ``path``) if present; defaults otherwise."""
    root = Path(root)
    file = path or root / CONFIG_NAME
    data: dict = {}
    if path is not None or file.is_file():
        try:
            doc = load_yaml_file(file)
        except SourceError as exc:
            raise ConfigError([exc.problem]) from None
        if doc.data is not None:
            problems = validate_document(doc, "config", layer="config")
            if problems:
                raise ConfigError(problems)
            data = doc.data
    base = file.parent if file.is_file() else root
    if "judgments" in data and not (base / data["judgments"]).exists():
        # a judgments file the user named but that is not there would silently drop every judgment (the score
        # falls with exit 0); the default judgments.yaml may be absent, a named one may not
        raise ConfigError([Problem(doc.locate(("judgments",)), f"judgments file not found: {data['judgments']}",
                                   "config")])
    scoring_raw = data.get("scoring", {})
    grading = {k: dict(v) for k, v in DEFAULT_GRADING.items()}
    for status, table in data.get("grading", {}).items():
        grading[status].update(table)
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
    )
