"""Which catalog a project gets: the bundled ISO/IEC 20000-1 one unless its own files declare that id (docs/formats.md §1)."""

from __future__ import annotations

import shutil
from pathlib import Path

from auditkit.engine.project import BUNDLED_CATALOGS, project_catalog
from auditkit.inputs.config import load_config

ROOT = Path(__file__).resolve().parents[2]
OVERLAY = """overlay: {id: acme, catalog: iso20000-1-2018, description: "stricter"}
modify:
  "8.3.3-01": {criticality: low}
"""


def test_a_project_without_controls_gets_the_bundled_catalog(tmp_path):
    catalog = project_catalog(load_config(tmp_path))
    assert catalog.id == "iso20000-1-2018"
    assert len(catalog.requirements) > 300
    assert all(Path(f.path).resolve().is_relative_to(BUNDLED_CATALOGS.resolve()) for f in catalog.files)


def test_an_overlay_applies_to_the_bundled_catalog(tmp_path):
    (tmp_path / "controls").mkdir()
    (tmp_path / "controls" / "acme.yaml").write_text(OVERLAY, "utf-8")
    catalog = project_catalog(load_config(tmp_path))
    assert catalog.id == "iso20000-1-2018" and catalog.overlays == ("acme",)
    assert catalog.by_id()["8.3.3-01"].criticality == "low"


def test_a_catalog_of_the_same_id_replaces_the_bundled_one(tmp_path):
    own = tmp_path / "controls" / "iso20000-1-2018"
    shutil.copytree(BUNDLED_CATALOGS / "iso20000-1-2018", own)
    for extra in sorted(own.glob("clause-*.yaml"))[1:]:
        extra.unlink()
    catalog = project_catalog(load_config(tmp_path))
    assert catalog.id == "iso20000-1-2018"
    assert {Path(f.path).parent.resolve() for f in catalog.files} == {own.resolve()}


def test_a_project_with_its_own_catalog_does_not_get_the_bundled_one():
    catalog = project_catalog(load_config(ROOT / "tests" / "fixtures" / "mini"))
    assert catalog.id == "mini"
    assert not any("iso20000" in f.path for f in catalog.files)
