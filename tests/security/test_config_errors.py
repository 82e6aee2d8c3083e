"""Low 14: one bad value in auditkit.yaml does not hide the other files' errors. The commands that read the
whole project report the config's problems together with every other file's (exit 2); the config is never
silently replaced by defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditkit.api import Project
from auditkit.model.errors import ConfigError
from .conftest import PROJECT, run

BAD_CONFIGS = {
    "a value out of range": ("scoring:\n  readiness_threshold: 7\n", "auditkit.yaml:2:24: error: 7 is greater"),
    "a .nan": ("scoring:\n  readiness_threshold: .nan\n", "auditkit.yaml:2:24: error: .nan is not a finite"),
    "broken YAML": ("scoring: [\n", "auditkit.yaml:2:1: error: invalid YAML"),
    "a missing judgments file": ("judgments: typo.yaml\n", "auditkit.yaml:1:12: error: judgments file not found"),
}
EVIDENCE_ERROR = "evidence/sla-a.yaml:8:18: error: duration '99999 years' is longer than 1000 years"


@pytest.fixture
def project(project) -> Path:
    """The project with one bad evidence file as well."""
    with open(project / "evidence" / "sla-a.yaml", "a", encoding="utf-8") as fh:
        fh.write("review_interval: 99999 years\n")
    return project


@pytest.mark.parametrize("bad", sorted(BAD_CONFIGS))
@pytest.mark.parametrize("command", [("validate",), ("assess",), ("check",), ("roadmap",),
                                     ("report", "-f", "html", "-o", "r.html")])
def test_a_bad_config_value_and_a_bad_evidence_file_are_both_reported(project, command, bad):
    text, config_error = BAD_CONFIGS[bad]
    (project / "auditkit.yaml").write_text(text, "utf-8")
    result = run(*command, "--as-of", "2026-11-05")
    assert result.exit_code == 2, result.output
    assert config_error in result.stderr and EVIDENCE_ERROR in result.stderr, result.stderr
    assert not (project / "r.html").exists()


def test_with_only_the_config_wrong_the_run_still_stops(project):
    (project / "evidence" / "sla-a.yaml").write_text(
        (PROJECT / "evidence" / "sla-a.yaml").read_text("utf-8"), "utf-8")
    (project / "auditkit.yaml").write_text("scoring:\n  readiness_threshold: 7\n", "utf-8")
    for command in (("assess", "--as-of", "2026-11-05"), ("report", "--snapshot", "S0001", "-o", "r.html"),
                    ("programme",)):
        result = run(*command)
        assert result.exit_code == 2 and "auditkit.yaml:2:24: error: 7 is greater" in result.stderr, result.output


def test_the_api_raises_a_bad_config_at_open_unless_asked_to_wait(project):
    (project / "auditkit.yaml").write_text("scoring:\n  readiness_threshold: 7\n", "utf-8")
    with pytest.raises(ConfigError):
        Project.open(project)
    with Project.open(project, config_errors_with_inputs=True, workers=False) as run:
        with pytest.raises(ConfigError) as raised:
            run.load()
    assert [p.location.file for p in raised.value.problems] == ["auditkit.yaml", "evidence/sla-a.yaml"]
