"""`auditkit catalog import`: CISO Assistant libraries, OSCAL catalogs and CSV/XLSX checklists become auditkit
catalogs with their own clause table; a second import keeps what the user added; every problem is located."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from auditkit.cli import main
from auditkit.engine.project import load_catalog

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "interop"
CISO = FIXTURES / "iso27001-2022-ciso-assistant.yaml"
OSCAL = FIXTURES / "example-oscal-catalog.json"
CSV = FIXTURES / "checklist.csv"
CSV_MAP = ["--map", "Ref=id", "--map", "Requirement=title", "--map", "Detail=text", "--map", "Priority=criticality",
           "--map", "Area=clause"]


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def imported(folder: Path):
    return load_catalog([folder])


def test_ciso_assistant_library_becomes_a_catalog_with_its_own_clause_table(here):
    result = run("catalog", "import", CISO, "--from", "ciso-assistant", "-o", "controls/iso27001-2022")
    assert result.exit_code == 0, result.output
    assert "15 requirement(s) and 28 clause(s) of ISO/IEC 27001:2022" in result.stdout
    catalog = imported(here / "controls/iso27001-2022")
    assert catalog.id == "iso27001-2022" and catalog.standard == "ISO/IEC 27001:2022"
    assert len(catalog.requirements) == 15  # the assessable nodes; headings are clauses only
    req = catalog.by_id()["A.5.24-01"]
    assert req.clause == "A.5.24" and req.manual and not req.checks
    assert req.title == {"en": "Information security incident management planning and preparation",
                         "zh": "信息安全事件管理的策划和准备"}
    assert req.ref == "urn:auditkit:test:req_node:iso27001-2022:A.5.24"
    # its own table: 4.3 has 27001's title, not 20000-1's, and the annex tree is kept
    assert catalog.clause_title("4.3") == "Determining the scope of the information security management system"
    assert catalog.clauses["A.5.24"].parent == "A.5" and catalog.clauses["A.5"].parent == "A"
    assert catalog.clause_title("A.5", "zh") == "组织控制"
    scope = catalog.by_id()["4.3-01"].guidance_in("en")
    assert scope.look_at == "The written scope statement and how it treats outsourced parts."
    assert scope.typical_evidence == ("scope statement", "interfaces list")
    header = yaml.safe_load((here / "controls/iso27001-2022/catalog.yaml").read_text())
    assert header["catalog"]["known_as"] == "iso27001"


def test_a_second_import_keeps_what_the_user_added_and_reads_the_source_again(here):
    folder = here / "controls/iso27001-2022"
    assert run("catalog", "import", CISO, "--from", "ciso-assistant", "-o", folder).exit_code == 0
    path = folder / "requirements.yaml"
    text = path.read_text()
    # the user: a check and guidance on A.5.24, a Chinese title on 5.2, a requirement of their own, a comment
    text = text.replace('''  - id: "A.5.24-01"
    clause: "A.5.24"''', '''  - id: "A.5.24-01"  # our incident plan covers this
    clause: "A.5.24"''')
    data = yaml.safe_load(text)
    assert data["requirements"][-1]["id"] == "A.8.32-01"
    text = text.replace('''    title: {en: "Policy"}''', '''    title: {en: "Policy", zh: "方针"}''')
    marker = '    ref: "urn:auditkit:test:req_node:iso27001-2022:A.5.24"\n'
    start = text.index(marker)
    block_end = text.index("  - id:", start)
    block = text[start:block_end].replace("    checks: []\n    manual: true\n", '''    checks:
      - rule: evidence_exists
        select: {covers: "A.5.24", type: plan}
    manual: false
''').replace('        look_at: "Roles', '        look_at: "OUR OWN: the incident plan. Roles')
    text = text[:start] + block + text[block_end:]
    text += '''  - id: "X.1-01"
    clause: "A.5"
    title: {en: "Our own extra requirement"}
    text: {en: "Something the consultant adds."}
    kind: activity
    criticality: low
    manual: true
    guidance: {en: {look_at: "The consultant's own point."}}
'''
    path.write_text(text)
    assert imported(folder).by_id()["A.5.24-01"].checks  # the user's edit is a valid catalog

    # the source changes: a new description for A.5.29, a new control, A.5.1 gone
    source = yaml.safe_load(CISO.read_text())
    nodes = source["objects"]["framework"]["requirement_nodes"]
    for node in nodes:
        if node.get("ref_id") == "A.5.29":
            node["description"] = "Security keeps its planned level while operations are disrupted."
    nodes[:] = [n for n in nodes if n.get("ref_id") != "A.5.1"]
    nodes.append({"urn": "urn:auditkit:test:req_node:iso27001-2022:A.5.37", "assessable": True, "depth": 3,
                  "parent_urn": "urn:auditkit:test:req_node:iso27001-2022:A.5", "ref_id": "A.5.37",
                  "name": "Documented operating procedures", "description": "Operating procedures are written."})
    changed = here / "library-v2.yaml"
    changed.write_text(yaml.safe_dump(source, allow_unicode=True, sort_keys=False))

    result = run("catalog", "import", changed, "--from", "ciso-assistant", "-o", folder)
    assert result.exit_code == 0, result.output
    assert "1 new, 1 updated, 13 unchanged" in result.stdout
    assert "1 requirement(s) of your own kept" in result.stdout
    assert "no longer in the source, kept" in result.stdout and "A.5.1-01" in result.stdout
    after = path.read_text()
    assert "# our incident plan covers this" in after
    catalog = imported(folder)
    reqs = catalog.by_id()
    assert [c.rule for c in reqs["A.5.24-01"].checks] == ["evidence_exists"] and not reqs["A.5.24-01"].manual
    assert reqs["A.5.24-01"].guidance_in("en").look_at.startswith("OUR OWN")
    assert reqs["5.2-01"].title == {"en": "Policy", "zh": "方针"}
    assert reqs["X.1-01"].title["en"] == "Our own extra requirement"
    assert reqs["A.5.29-01"].text["en"] == "Security keeps its planned level while operations are disrupted."
    assert "A.5.37-01" in reqs and "A.5.1-01" in reqs  # withdrawn from the source, kept for the user to delete
    assert catalog.clause_title("A.5.37") == "Documented operating procedures"


def test_chinese_sentences_of_the_import(here):
    result = run("catalog", "import", CISO, "--from", "ciso-assistant", "-o", "controls/x", "--lang", "zh")
    assert result.exit_code == 0
    assert "已从" in result.stdout and "新增 15 项" in result.stdout and "Imported" not in result.stdout


def test_oscal_catalog_groups_controls_and_enhancements(here):
    result = run("catalog", "import", OSCAL, "--from", "oscal", "-o", "controls/example")
    assert result.exit_code == 0, result.output
    catalog = imported(here / "controls/example")
    reqs = catalog.by_id()
    assert sorted(reqs) == ["SM.1-01", "SM.1.1-01", "SM.2-01"]  # the withdrawn SM-3 is not imported
    policy = reqs["SM.1-01"]
    assert policy.ref == "sm-1" and policy.title["en"] == "Service management policy"
    assert policy.text["en"] == ("The organization:\n  a. writes down a service management policy;\n"
                                 "  b. reviews it [review frequency].")
    assert policy.guidance_in("en").look_at == "The policy document, its approval and the record of its last review."
    assert catalog.clauses["SM.1.1"].parent == "SM.1" and catalog.clause_title("SM") == "Service management"
    assert "withdrawn controls" in result.stdout and "links between controls" in result.stdout


def test_oscal_catalog_in_yaml_reads_the_same(here):
    (here / "catalog.yaml").write_text(yaml.safe_dump(json.loads(OSCAL.read_text()), sort_keys=False))
    assert run("catalog", "import", here / "catalog.yaml", "--from", "oscal", "-o", "controls/y").exit_code == 0
    assert sorted(imported(here / "controls/y").by_id()) == ["SM.1-01", "SM.1.1-01", "SM.2-01"]


def test_oscal_schema_errors_are_located(here):
    data = json.loads(OSCAL.read_text())
    del data["catalog"]["groups"][0]["controls"][1]["title"]
    bad = here / "bad.json"
    bad.write_text(json.dumps(data, indent=2))
    result = run("catalog", "import", bad, "--from", "oscal", "-o", "controls/z")
    assert result.exit_code == 2
    line = next(n for n, text in enumerate(bad.read_text().splitlines(), 1) if '"id": "sm-2"' in text)
    assert f"bad.json:{line - 1}:" in result.stderr and "'title' is a required property" in result.stderr
    assert "Traceback" not in result.output and not (here / "controls/z").exists()


def test_csv_with_a_declared_mapping(here):
    result = run("catalog", "import", CSV, "--from", "csv", *CSV_MAP, "-o", "controls/qms")
    assert result.exit_code == 0, result.output
    reqs = imported(here / "controls/qms").by_id()
    assert reqs["Q-1"].clause == "5.2" and reqs["Q-1"].criticality == "high"
    assert reqs["Q-3"].title["en"] == "Internal audit, planned" and reqs["Q-3"].criticality == "medium"


def test_csv_problems_name_line_and_column(here):
    bad = here / "bad.csv"
    bad.write_text('Ref,Requirement,Detail,Priority,Area\nQ-1,Policy,"text, with comma",urgent,5.2\nQ-2,Aims,x,low,?\n')
    result = run("catalog", "import", bad, "--from", "csv", *CSV_MAP, "-o", "controls/qms")
    assert result.exit_code == 2
    assert "bad.csv:2:31: error: criticality 'urgent' is not one of high, medium, low" in result.stderr
    assert "bad.csv:3:16: error: '?' is not a clause number" in result.stderr
    result = run("catalog", "import", CSV, "--from", "csv", "-o", "controls/qms")
    assert result.exit_code == 2 and "checklist.csv:1:1: error: no column for clause, title" in result.stderr
    result = run("catalog", "import", CSV, "--from", "csv", "--map", "Area", "-o", "controls/qms")
    assert result.exit_code == 2 and "write COLUMN=FIELD" in result.stderr


def test_xlsx_with_a_mapping_and_sheet_cell_locations(here):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Notes"
    sheet = book.create_sheet("Checklist")
    sheet.append(["Nr", "Klausel", "Anforderung", "Typ"])
    sheet.append(["1", "8.1", "Operational planning", "activity"])
    sheet.append(["2", "8.2", "Risk assessment", "record"])
    sheet.append(["3", "8.2.1", "Risk criteria", "wish"])
    path = here / "list.xlsx"
    book.save(path)
    args = ["catalog", "import", path, "--from", "xlsx", "--sheet", "Checklist", "--map", "Klausel=clause",
            "--map", "Anforderung=title", "--map", "Typ=kind", "-o", "controls/ops"]
    result = run(*args)
    assert result.exit_code == 2
    assert "list.xlsx:Checklist!D4: error: kind 'wish' is not one of" in result.stderr
    sheet["D4"] = "record"
    book.save(path)
    result = run(*args)
    assert result.exit_code == 0, result.output
    catalog = imported(here / "controls/ops")
    assert catalog.by_id()["8.2-01"].kind == "record"
    assert catalog.clauses["8.2.1"].parent == "8.2"
    result = run("catalog", "import", path, "--from", "xlsx", "--sheet", "Nope", "-o", "controls/ops")
    assert result.exit_code == 2 and "no sheet 'Nope' (sheets: Notes, Checklist)" in result.stderr


def test_ciso_assistant_problems_are_located(here):
    source = yaml.safe_load(CISO.read_text())
    nodes = source["objects"]["framework"]["requirement_nodes"]
    nodes[3]["parent_urn"] = "urn:nowhere"
    nodes[5]["assessable"] = "yes"
    bad = here / "bad.yaml"
    bad.write_text(yaml.safe_dump(source, allow_unicode=True, sort_keys=False))
    result = run("catalog", "import", bad, "--from", "ciso-assistant", "-o", "controls/q")
    assert result.exit_code == 2
    lines = bad.read_text().splitlines()
    nowhere = next(n for n, t in enumerate(lines, 1) if "urn:nowhere" in t)
    yes = next(n for n, t in enumerate(lines, 1) if "assessable: 'yes'" in t or "assessable: yes" in t)
    assert f"bad.yaml:{nowhere}:" in result.stderr and "is not the urn of a node" in result.stderr
    assert f"bad.yaml:{yes}:" in result.stderr and "'assessable' must be true or false" in result.stderr
    assert "2 errors in 1 file" in result.stderr and not (here / "controls/q").exists()
    (here / "empty.yaml").write_text("urn: x\nobjects:\n  risk_matrix: {}\n")
    result = run("catalog", "import", here / "empty.yaml", "--from", "ciso-assistant", "-o", "controls/q")
    assert result.exit_code == 2 and "empty.yaml:2:1: error: no 'framework' in 'objects'" in result.stderr


def test_an_unreadable_earlier_import_is_reported_not_overwritten(here):
    folder = here / "controls/iso27001-2022"
    assert run("catalog", "import", CISO, "--from", "ciso-assistant", "-o", folder).exit_code == 0
    broken = "catalog: iso27001-2022\nrequirements:\n  - id: [unclosed\n"
    (folder / "requirements.yaml").write_text(broken)
    result = run("catalog", "import", CISO, "--from", "ciso-assistant", "-o", folder)
    assert result.exit_code == 2 and "requirements.yaml:" in result.stderr and "invalid YAML" in result.stderr
    assert (folder / "requirements.yaml").read_text() == broken


def test_an_import_stands_beside_the_bundled_catalog_or_alone(here):
    """An imported catalog is additional: a project that used the bundled catalog keeps it (primary, ids bare) and
    gains the import (ids qualified); with --catalog ID only the import is assessed."""
    (here / "evidence").mkdir()
    (here / "evidence/organization.yaml").write_text(
        (Path(__file__).resolve().parents[1] / "fixtures/isms/evidence/organization.yaml").read_text())
    (here / "evidence/scope.md").write_text("---\nid: scope\ntype: plan\ntitle: ISMS scope\nowner: CISO\n"
                                           'covers: ["4.3", "iso27001-2022:4.3"]\n---\n# Scope\n\nThe ISMS covers the hosting service.\n')
    assert run("catalog", "import", CISO, "--from", "ciso-assistant", "-o", "controls/iso27001-2022").exit_code == 0
    result = run("assess", "--as-of", "2026-11-05", "-f", "json")
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.stdout)
    assert data["catalog"]["id"] == "iso20000-1-2018"
    assert [c["id"] for c in data["catalogs"]] == ["iso20000-1-2018", "iso27001-2022"]
    result = run("assess", "--as-of", "2026-11-05", "-f", "json", "--catalog", "iso27001-2022")
    data = json.loads(result.stdout)
    assert data["catalog"]["id"] == "iso27001-2022" and len(data["results"]) == 15
    scope = next(r for r in data["results"] if r["requirement"] == "iso27001-2022:4.3-01")
    assert scope["status"] == "needs-evidence"
