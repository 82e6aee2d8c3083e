"""Several catalogs in one project (issue 19 item 3): the example organisation assessed against ISO/IEC 20000-1
(bundled) and an imported ISO/IEC 27001:2022 library; qualified ids, `--catalog ID`, credit through references,
a section per catalog in the report and the workbook, and OSCAL that still validates."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditkit.cli import main
from auditkit.outputs.oscal.validate import validate

ROOT = Path(__file__).resolve().parents[2]
CISO = ROOT / "tests/fixtures/interop/iso27001-2022-ciso-assistant.yaml"
AS_OF = "2026-11-05"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """The example organisation (its evidence and judgments, the bundled catalog) with ISO/IEC 27001:2022 imported
    beside it, one evidence item covering a 27001 control by its qualified id, and one judgment of a 27001
    requirement."""
    root = tmp_path_factory.mktemp("two-catalogs")
    shutil.copytree(ROOT / "evidence", root / "evidence")
    shutil.copy(ROOT / "auditkit.yaml", root / "auditkit.yaml")
    judgments = (ROOT / "judgments.yaml").read_text()
    judgments += '''  - requirement: "iso27001-2022:A.5.29-01"
    result: partially-conformant
    method: interview
    auditor: "A. Auditor"
    date: 2026-11-04
    note: "Continuity plan tested, but security controls during failover not covered."
'''
    (root / "judgments.yaml").write_text(judgments)
    (root / "evidence/plans/incident-response-27001.md").write_text(
        "---\nid: isms-incident-plan\ntype: plan\ntitle: Security incident response plan\nowner: CISO\n"
        'covers: ["iso27001-2022:A.5.24"]\n---\n# Security incident response plan\n\nRoles and contacts.\n')
    result = run("catalog", "import", CISO, "--from", "ciso-assistant", "-o", root / "controls/iso27001-2022")
    assert result.exit_code == 0, result.output
    out = run("assess", "-C", root, "--as-of", AS_OF, "-f", "json")
    assert out.exit_code in (0, 1), out.output
    return root, json.loads(out.stdout)


def results(data: dict) -> dict:
    return {r["requirement"]: r for r in data["results"]}


def test_both_catalogs_are_assessed_with_qualified_ids(project):
    _, data = project
    assert [c["id"] for c in data["catalogs"]] == ["iso20000-1-2018", "iso27001-2022"]
    assert data["catalog"]["id"] == "iso20000-1-2018"
    by = results(data)
    ours = [r for r in by if r.startswith("iso27001-2022:")]
    assert len(ours) == 15 and data["catalogs"][1]["requirements"] == 15
    assert "8.2.2-01" in by  # the primary catalog's ids stay as they were
    # 27001's clause 4.3 is its own, not 20000-1's
    subclauses = {c["clause"]: c for c in data["subclauses"]}
    assert subclauses["iso27001-2022:4.3"]["title"] == "Determining the scope of the information security management system"
    assert subclauses["4.3"]["title"] != subclauses["iso27001-2022:4.3"]["title"]
    # per-catalog score: the declared formula over the catalog's own requirements
    part = data["catalogs"][1]
    own = [by[r] for r in ours if by[r]["status"] not in ("not-applicable", "not-examined")]
    assert part["score"]["weight"] == pytest.approx(sum(r["weight"] for r in own))
    assert part["score"]["points"] == pytest.approx(sum(r["weight"] * r["points"] for r in own))


def test_evidence_covers_a_qualified_id_and_a_judgment_names_one(project):
    _, data = project
    by = results(data)
    assert by["iso27001-2022:A.5.24-01"]["status"] == "needs-evidence"  # the plan covers it; the judgment is due
    judged = by["iso27001-2022:A.5.29-01"]
    assert judged["status"] == "partially-conformant" and judged["source"] == "auditor"


def test_credit_is_applied_only_without_an_own_result_and_always_shown(project):
    _, data = project
    by = results(data)
    # A.5.30 has no result of its own: 20000-1 requirements referencing iso27001 A.5.30 credit it, visibly
    credited = by["iso27001-2022:A.5.30-01"]
    applied = [c for c in credited["credits"] if c["applied"]]
    assert len(applied) == 1 and credited["status"] == applied[0]["status"]
    assert credited["note"].startswith("credited: no result of its own; " + applied[0]["from"])
    assert by[applied[0]["from"]]["status"] == applied[0]["status"]
    assert all(c["catalog"] == "iso20000-1-2018" and c["reference"] == "iso27001: A.5.30" for c in credited["credits"])
    # the worst result offered stands
    order = ["conformant", "partially-conformant", "nonconformant"]
    assert applied[0]["status"] == max((c["status"] for c in credited["credits"]), key=order.index)
    # A.5.29 was judged: its own result stands, the credits are listed, none applied
    judged = by["iso27001-2022:A.5.29-01"]
    assert judged["credits"] and not any(c["applied"] for c in judged["credits"])
    # the primary catalog's results take no credit (the imported catalog references nothing)
    assert not any(r.get("credits") for rid, r in by.items() if ":" not in rid)
    counted = sum(1 for r in by.values() for c in r.get("credits", []) if c["applied"])
    assert data["catalogs"][1]["credits"]["applied"] == counted


def test_one_catalog_with_catalog_id(project):
    root, _ = project
    out = run("assess", "-C", root, "--as-of", AS_OF, "-f", "json", "--catalog", "iso27001-2022")
    assert out.exit_code in (0, 1), out.output
    data = json.loads(out.stdout)
    assert data["catalog"]["id"] == "iso27001-2022" and len(data["results"]) == 15
    assert "catalogs" not in data
    bad = run("assess", "-C", root, "--as-of", AS_OF, "--catalog", "iso9001-2015")
    assert bad.exit_code == 2
    assert "no catalog 'iso9001-2015' in this project (catalogs: iso20000-1-2018, iso27001-2022)" in bad.stderr


def test_report_and_workbook_have_a_section_per_catalog(project, tmp_path):
    root, _ = project
    for lang, heading in (("en", "Catalogs of the audit and credit between them"), ("zh", "审核所用的各目录及其相互抵免")):
        out = run("report", "-C", root, "--as-of", AS_OF, "-f", "html", "--lang", lang, "-o", tmp_path / f"r-{lang}.html")
        assert out.exit_code == 0, out.output
        html = (tmp_path / f"r-{lang}.html").read_text()
        assert heading in html and 'id="sec-catalog-iso27001-2022"' in html and 'id="sec-catalog-iso20000-1-2018"' in html
    assert "credit-applied" in (tmp_path / "r-en.html").read_text()
    out = run("assess", "-C", root, "--as-of", AS_OF, "-f", "xlsx", "-o", tmp_path / "w.xlsx")
    assert out.exit_code in (0, 1), out.output
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO((tmp_path / "w.xlsx").read_bytes()))
    assert {"Catalogs", "iso20000-1-2018", "iso27001-2022"} <= set(book.sheetnames)
    rows = list(book["iso27001-2022"].iter_rows(values_only=True))
    assert len(rows) == 16 and rows[0][6] == "Credited by (applied)"
    assert any(row[0] == "iso27001-2022:A.5.30-01" and row[6] for row in rows)


def test_oscal_of_two_catalogs_validates(project):
    root, _ = project
    out = run("assess", "-C", root, "--as-of", AS_OF, "-f", "oscal-ar")
    assert out.exit_code in (0, 1), out.output
    doc = json.loads(out.stdout)
    assert validate(doc) == []
    controls = doc["assessment-results"]["results"][0]["reviewed-controls"]["control-selections"][0]["include-controls"]
    ids = {c["control-id"] for c in controls}
    assert "iso27001-2022_A.5.24-01" in ids and "iso20000-1-2018_8.2.2-01" in ids
    findings = {f["target"]["target-id"]: f for f in doc["assessment-results"]["results"][0]["findings"]}
    assert findings["iso27001-2022_A.5.30-01"]["remarks"].startswith("credited: no result of its own; ")
    assert "remarks" not in findings["iso20000-1-2018_8.2.2-01"]


def test_a_single_catalog_project_has_no_catalogs_section(tmp_path):
    shutil.copytree(ROOT / "tests/fixtures/isms", tmp_path / "isms")
    out = run("assess", "-C", tmp_path / "isms", "--as-of", AS_OF, "-f", "json")
    assert out.exit_code in (0, 1), out.output
    data = json.loads(out.stdout)
    assert "catalogs" not in data and not any("credits" in r for r in data["results"])
    assert all(":" not in r["requirement"] for r in data["results"])


def test_actions_for_findings_of_the_second_catalog_and_their_poam(project, tmp_path):
    root, data = project
    copy = tmp_path / "p"
    shutil.copytree(root, copy)
    (copy / "assessment.json").write_text(json.dumps(data))
    out = run("actions", "sync", "-C", copy, "--from", copy / "assessment.json")
    assert out.exit_code == 0, out.output
    ours = [f for f in data["findings"] if f["requirement"].startswith("iso27001-2022:") and f["grade"] in ("major-nc", "minor-nc")]
    assert ours and all(f"for {f['id']} " in out.stdout for f in ours)
    out = run("actions", "list", "-C", copy, "--as-of", AS_OF, "-f", "oscal-poam")
    assert out.exit_code == 0, out.output
    poam = json.loads(out.stdout)
    assert validate(poam) == []
    items = poam["plan-of-action-and-milestones"]["poam-items"]
    assert sum(1 for item in items if "iso27001-2022" in json.dumps(item)) == len(ours)


def test_a_reference_to_an_imported_checklist_credits_it(tmp_path):
    """The primary catalog (the isms-mini test standard) references a spreadsheet catalog imported beside it by
    its id: the primary's rule result is applied to the checklist requirement that had no result of its own; a
    checklist requirement nothing references gets no credit."""
    root = tmp_path / "isms"
    shutil.copytree(ROOT / "tests/fixtures/isms", root)
    requirements = root / "controls/isms-mini/requirements.yaml"
    requirements.write_text(requirements.read_text().replace(
        '''    kind: documented-information
    criticality: low
''', '''    kind: documented-information
    criticality: low
    references: {qms: ["5.2"]}
'''))
    out = run("catalog", "import", ROOT / "tests/fixtures/interop/checklist.csv", "--from", "csv", "--map", "Ref=id",
              "--map", "Requirement=title", "--map", "Area=clause", "-o", root / "controls/qms")
    assert out.exit_code == 0, out.output
    out = run("assess", "-C", root, "--as-of", AS_OF, "-f", "json")
    assert out.exit_code in (0, 1), out.output
    data = json.loads(out.stdout)
    by = results(data)
    assert data["catalog"]["id"] == "isms-mini" and "qms:Q-1" in by
    credited = by["qms:Q-1"]
    assert credited["credits"] == [{"from": "4.1-01", "catalog": "isms-mini", "reference": "qms: 5.2",
                                    "status": by["4.1-01"]["status"], "by": by["4.1-01"]["source"], "applied": True}]
    assert credited["status"] == by["4.1-01"]["status"]
    assert not by["qms:Q-2"].get("credits") and by["qms:Q-2"]["status"] == "not-assessed"
