"""A finding of "no evidence" cites what the user can act on inside their project (issue 15 follow-up).

A check that found nothing points at what it looked for, its definition in the catalog, only when the catalog lies
in the project (controls/). The bundled catalog lies inside the installed package: no annotation or SARIF viewer
can attach there and nobody can act, so every output points at the evidence folder (by its profile) and SARIF adds
the requirement as a logical location.
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .test_formats import _sarif_validator

AS_OF = "2026-03-02"


@pytest.fixture
def fresh(tmp_path, cli, monkeypatch) -> Path:
    """A new client project from `auditkit init`: the bundled catalog, no evidence yet."""
    monkeypatch.chdir(tmp_path)
    assert cli("init", "client").exit_code == 0
    monkeypatch.chdir(tmp_path / "client")
    return tmp_path / "client"


def _inside(project: Path, file: str) -> bool:
    return Path(os.path.abspath(file)).is_relative_to(project)


def test_no_output_cites_the_bundled_catalog(fresh, cli):
    data = json.loads(cli("assess", "--as-of", AS_OF, "--format", "json").stdout)
    absent = [f for f in data["findings"] if f["gap"].startswith("no evidence")]
    assert absent and all(_inside(Path.cwd(), loc["file"]) for f in absent for loc in f["evidence"])
    assert next(f for f in absent if f["requirement"] == "4.1-01")["evidence"] == []  # nothing found: no file of its own
    assert not any("check" in c for r in data["results"] for c in r["checks"])
    assert data["inputs"]["profile"] == "evidence/organization.yaml"

    terminal = cli("assess", "--as-of", AS_OF).stdout
    assert "catalogs/iso20000" not in terminal
    assert "at evidence/organization.yaml (the evidence folder" in terminal

    annotations = cli("check", "--as-of", AS_OF, "--format", "github").stdout
    props = [line.split("::")[1].partition(" ")[2] for line in annotations.splitlines() if line.startswith("::")]
    files = [part.split("=", 1)[1] for found in props for part in found.split(",") if part.startswith("file=")]
    assert files and all(_inside(fresh, file) for file in files)

    suites = ET.fromstring(cli("check", "--as-of", AS_OF, "--format", "junit").stdout)
    cases = [case for case in suites.iter("testcase") if case.find("failure") is not None]
    assert cases and all(_inside(fresh, case.get("file")) for case in cases if case.get("file"))
    assert any(case.get("file") == "evidence/organization.yaml" for case in cases)


def test_sarif_results_without_a_file_of_their_own_name_the_requirement(fresh, cli):
    log = json.loads(cli("check", "--as-of", AS_OF, "--format", "sarif").stdout)
    assert not list(_sarif_validator().iter_errors(log))
    results = log["runs"][0]["results"]
    requirement_results = [r for r in results if not r["ruleId"].startswith(("gate/", "lint/"))]
    assert requirement_results
    for result in requirement_results:
        (location,) = result["locations"]
        uri = location["physicalLocation"]["artifactLocation"]["uri"]
        assert not uri.startswith("..") and "catalogs/" not in uri  # GitHub rejects a file with a logical-only location
        assert location["logicalLocations"][0]["name"] == result["ruleId"]
        assert location["logicalLocations"][0]["kind"] == "requirement"
    first = next(r for r in requirement_results if r["ruleId"] == "4.1-01")
    assert first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "evidence/organization.yaml"
    assert "region" not in first["locations"][0]["physicalLocation"]  # the folder, not a line in the profile


def test_a_catalog_inside_the_project_is_still_cited(mini, cli):
    (mini / "evidence" / "policy.md").unlink()
    data = json.loads(cli("assess", "--as-of", AS_OF, "--format", "json").stdout)
    finding = next(f for f in data["findings"] if f["requirement"] == "5.2.2-01")
    assert finding["evidence"][0]["file"] == "controls/mini/requirements.yaml" and finding["evidence"][0]["line"]
