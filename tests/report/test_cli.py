"""`auditkit report` through the real CLI: fresh and stored assessments, history and actions, bad input."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from auditkit.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_pdf_report_of_a_fresh_assessment(acme):
    result = run("report", "--as-of", "2026-11-05", "-o", "out/report-en.pdf")
    assert result.exit_code == 0, result.output
    assert (acme / "out" / "report-en.pdf").read_bytes().startswith(b"%PDF-")
    assert "wrote out/report-en.pdf (pdf, en," in result.stderr and "pages)" in result.stderr


def test_a_stored_assessment_renders_the_same_report(acme):
    assert run("assess", "--as-of", "2026-11-05", "-f", "json", "-o", "a.json").exit_code == 0
    assert run("report", "--as-of", "2026-11-05", "-o", "fresh.html").exit_code == 0
    result = run("report", "--from-json", "a.json", "-o", "stored.html")
    assert result.exit_code == 0, result.output
    assert (acme / "fresh.html").read_bytes() == (acme / "stored.html").read_bytes()


def test_report_of_a_snapshot_with_trend_and_corrective_actions(acme):
    assert run("assess", "--as-of", "2025-11-05", "--record").exit_code == 0
    assert run("assess", "--as-of", "2026-11-05", "--record").exit_code == 0
    assert run("actions", "sync").exit_code == 0
    raised = sorted(p.stem for p in (acme / "actions").glob("*.yaml"))
    assert raised
    result = run("report", "--snapshot", "latest", "--format", "html", "-o", "r.html")
    assert result.exit_code == 0, result.output
    page = (acme / "r.html").read_text()
    for action in raised:
        assert action in page
    assert "No earlier assessments" not in page
    assert '<th class="num">2025-11-05</th>' in page


def test_bad_json_is_a_located_error(acme):
    (acme / "bad.json").write_text('{"schema_version": "1.0",\n  "summary": }\n')
    result = run("report", "--from-json", "bad.json", "-o", "x.pdf")
    assert result.exit_code == 2
    assert "bad.json:2:14: error: not valid JSON" in result.stderr
    assert not (acme / "x.pdf").exists()


def test_an_invalid_assessment_is_a_located_error(acme):
    assert run("assess", "--as-of", "2026-11-05", "-f", "json", "-o", "a.json").exit_code == 0
    data = json.loads((acme / "a.json").read_text())
    data["summary"]["overall"]["score"] = "high"
    (acme / "a.json").write_text(json.dumps(data, indent=1))
    result = run("report", "--from-json", "a.json", "-o", "x.html")
    assert result.exit_code == 2
    line = (acme / "a.json").read_text().splitlines().index('   "score": "high"') + 1
    assert f"a.json:{line}:" in result.stderr and "summary.overall.score" in result.stderr


def test_conflicting_options_exit_2(acme):
    assert run("assess", "--as-of", "2026-11-05", "-f", "json", "-o", "a.json").exit_code == 0
    result = run("report", "--from-json", "a.json", "--as-of", "2026-01-01", "-o", "x.pdf")
    assert result.exit_code == 2 and "keeps its own date" in result.stderr
    result = run("report", "--from-json", "a.json", "--snapshot", "latest", "-o", "x.pdf")
    assert result.exit_code == 2 and "not both" in result.stderr
    result = run("report", "--as-of", "2026-11-05", "--template-dir", "nowhere", "-o", "x.pdf")
    assert result.exit_code == 2 and "nowhere: error: template folder not found" in result.stderr


def test_the_cli_does_not_import_the_report_machinery_until_asked():
    code = "import sys, auditkit.cli; print(sorted(m for m in ('weasyprint', 'jinja2') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_ci_check_loads_no_report_spreadsheet_document_or_schema_library(mini, tmp_path):
    """`auditkit check` runs in every pull request: its formats (OSCAL included) must not pull in what only a report,
    a workbook, a document reader or a schema validator needs."""
    heavy = ("weasyprint", "jinja2", "openpyxl", "docx", "pypdf", "rich", "jsonschema")
    code = ("import sys\nfrom auditkit.cli import main\n"
            f"try:\n    main(['check', '--as-of', '2026-03-15', '--no-cache', '-f', 'sarif', "
            f"'-f', 'oscal-ar:{tmp_path / 'ar.json'}'])\nexcept SystemExit:\n    pass\n"
            f"print(sorted(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=mini)
    assert (tmp_path / "ar.json").is_file(), result.stderr
    assert result.stderr.strip().splitlines()[-1] == "[]"
