"""``auditkit check`` through the real CLI: exit status, gates from auditkit.yaml and flags, located messages."""

from __future__ import annotations

import json

from .conftest import AS_OF, position, remove_section


def test_passes_with_exit_0_and_says_which_gates_ran(mini, check):
    result = check()
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "PASS  major_nonconformities" in out
    assert "SKIP  new_nonconformities" in out and "no baseline" in out
    assert "check passed" in out


def test_a_major_nonconformity_fails_with_exit_1_pointing_at_the_catalog_check(mini, check):
    (mini / "evidence" / "policy.md").unlink()  # 5.2.2-01 (high) loses all its evidence: major nonconformity
    result = check()
    assert result.exit_code == 1
    line, column = position(mini / "controls" / "mini" / "requirements.yaml", "evidence_exists")
    assert f"controls/mini/requirements.yaml:{line}:{column}: error: 5.2.2-01 Policy documented" in result.stdout
    assert "FAIL  major_nonconformities" in result.stdout
    assert "check FAILED (major_nonconformities)" in result.stdout


def test_a_failing_check_points_at_the_line_of_the_key_concerned(mini, check):
    # approval removed: the approved check fails on the policy's front matter; stays a minor (3 of 4 checks pass)
    policy = mini / "evidence" / "policy.md"
    policy.write_text(policy.read_text().replace("approver: Managing director\napproved: 2026-01-10\n", ""))
    result = check("--format", "json")
    data = json.loads(result.stdout)
    finding = next(f for f in data["findings"] if f["requirement"] == "5.2.2-01")
    assert finding["grade"] == "minor-nc"
    line, column = position(policy, "id: sm-policy")
    assert {"file": "evidence/policy.md", "line": line, "column": column} == {k: finding["evidence"][0][k] for k in ("file", "line", "column")}


def test_majors_can_be_demoted_to_a_warning_by_flag(mini, check):
    (mini / "evidence" / "policy.md").unlink()
    result = check("--majors", "warn")
    assert result.exit_code == 0
    assert "warning: 5.2.2-01" in result.stdout and "WARN  major_nonconformities" in result.stdout


def test_score_floor_from_flag(mini, check):
    assert check("--min-score", "0.9").exit_code == 1
    result = check("--min-score", "0.6")
    assert result.exit_code == 0 and "overall score 64.3% >= 60.0%" in result.stdout


def test_clause_floor_from_config_points_at_its_setting_and_a_flag_overrides_it(mini, check):
    (mini / "auditkit.yaml").write_text("gates:\n  min_clause_score:\n    \"8\": 0.9\n    \"5.2\": 0.5\n")
    result = check()
    assert result.exit_code == 1
    line, column = position(mini / "auditkit.yaml", "min_clause_score")
    # clause 8: 8.3.3-01 (medium, nonconformant), 8.6.1-01 (high, conformant), 8.6.1-02 (low, nonconformant): 3 / 6
    assert f"auditkit.yaml:{line}:{column}: error: clause 8 score 50.0% < 90.0% (3.0 / 6.0 weighted points)" in result.stdout
    assert check("--min-clause", "8=0.5").exit_code == 0


def test_invalid_gate_settings_exit_2_with_their_location(mini, check):
    (mini / "auditkit.yaml").write_text("gates:\n  majors: fail\n")
    result = check()
    assert result.exit_code == 2
    line, column = position(mini / "auditkit.yaml", "majors")
    assert f"auditkit.yaml:{line}:{column}: error: unknown field 'majors'" in result.stderr

    (mini / "auditkit.yaml").write_text("gates:\n  min_clause_score:\n    \"8.99\": 0.5\n")
    result = check()
    assert result.exit_code == 2
    assert "'8.99' is not a clause" in result.stderr and "auditkit.yaml:3:5" in result.stderr

    (mini / "auditkit.yaml").write_text("gates:\n  stale_within: soon\n")
    assert check().exit_code == 2


def test_bad_flags_exit_2(mini, check):
    assert check("--format", "pdf").exit_code == 2
    assert check("--min-clause", "8.99=0.5").exit_code == 2
    assert check("--min-clause", "8=1.5").exit_code == 2
    assert check("--stale-within", "soon").exit_code == 2


def test_invalid_input_exits_2_not_1(mini, check):
    (mini / "evidence" / "policy.md").write_text("---\nid: x\ntype: nonsense\ntitle: t\n---\n")
    result = check()
    assert result.exit_code == 2
    assert "evidence/policy.md:3:7: error:" in result.stderr


def test_new_nonconformity_against_a_baseline_fails_and_old_ones_do_not(mini, check, baseline):
    base = baseline()  # mini as it is: two minor nonconformities (8.3.3-01, 8.6.1-02)
    assert check("--baseline", base).exit_code == 0

    remove_section(mini, "Purpose")  # 5.2.2-01 becomes a minor nonconformity: new since the baseline
    result = check("--baseline", base)
    assert result.exit_code == 1
    assert "new since the baseline: 5.2.2-01" in result.stdout
    assert "1 new or worse nonconformity; gaps: 1 new, 0 resolved, 0 changed grade, 2 unchanged" in result.stdout

    accepted = baseline("accepted.json")  # the same gap, now in the baseline: it no longer blocks
    assert check("--baseline", accepted).exit_code == 0


def test_baseline_may_be_a_snapshot_and_may_come_from_the_config(mini, check, baseline):
    baseline("history.json", snapshot=True)
    remove_section(mini, "Purpose")
    (mini / "auditkit.yaml").write_text("gates:\n  baseline: history.json\n")
    result = check()
    assert result.exit_code == 1 and "new since the baseline: 5.2.2-01" in result.stdout
    assert check("--no-baseline").exit_code == 0
    assert check("--new", "warn").exit_code == 0


def test_a_worse_grade_counts_as_new(mini, check, baseline):
    remove_section(mini, "Purpose")
    base = baseline()  # 5.2.2-01 minor in the baseline
    (mini / "evidence" / "policy.md").unlink()  # now major
    result = check("--baseline", base, "--majors", "off")
    assert result.exit_code == 1
    assert "new since the baseline (was minor-nc): 5.2.2-01" in result.stdout


def test_invalid_baseline_exits_2_with_a_location(mini, check, baseline):
    (mini / "broken.json").write_text('{"schema_version": "1.0",\n  "results": [,]}')
    result = check("--baseline", "broken.json")
    assert result.exit_code == 2
    assert "broken.json:2:15: error: not valid JSON" in result.stderr

    (mini / "other.json").write_text('{\n  "schema_version": "1.0",\n  "results": []\n}\n')
    result = check("--baseline", "other.json")
    assert result.exit_code == 2
    assert "other.json:1:1: error: not an auditkit assessment: 'tool' is required" in result.stderr

    data = json.loads(baseline().read_text())
    data["results"][1]["status"] = "fine"
    (mini / "edited.json").write_text(json.dumps(data, indent=2))
    result = check("--baseline", "edited.json")
    assert result.exit_code == 2
    line, column = position(mini / "edited.json", '"fine"')
    assert f"edited.json:{line}:{column}: error: not an auditkit assessment: 'fine' is not one of" in result.stderr

    result = check("--baseline", "missing.json")
    assert result.exit_code == 2 and "missing.json" in result.stderr


def test_stale_soon_is_a_warning_at_the_review_date(mini, cli):
    # the policy was approved 2026-01-10 and is reviewed every 12 months: due 2027-01-10
    # (by December the incident export is too old: a major nonconformity, switched off here)
    result = cli("check", "--as-of", "2026-12-20", "--majors", "off")
    assert result.exit_code == 0
    line, column = position(mini / "evidence" / "policy.md", "approved:")
    assert (f"evidence/policy.md:{line}:{column}: warning: sm-policy (Service management policy) goes stale on "
            "2027-01-10 (in 21 days)") in result.stdout
    assert "WARN  stale_within" in result.stdout
    assert "goes stale" not in cli("check", "--as-of", "2026-12-20", "--stale-within", "14 days").stdout
    assert "goes stale" in cli("check", "--as-of", "2026-12-20", "--stale-within", "3 weeks").stdout
    assert "goes stale" not in cli("check", "--as-of", "2026-12-20", "--stale-within", "off").stdout


def test_lint_gate_level(mini, check):
    # mini's SLA descriptor lacks owner/version/review cadence: lint warnings by default
    result = check()
    assert result.exit_code == 0 and "WARN  lint" in result.stdout
    assert "evidence/sla-a.yaml:2:1: warning: sla-a: descriptor lacks 'owner'" in result.stdout
    assert check("--lint", "fail").exit_code == 1
    quiet = check("--lint", "off").stdout
    assert "warning:" not in quiet and "off   lint" in quiet


def test_several_outputs_from_one_run(mini, check, tmp_path):
    (mini / "evidence" / "policy.md").unlink()
    junit, sarif, summary = tmp_path / "r.xml", tmp_path / "r.sarif", tmp_path / "sum.md"
    result = check("--format", "text", "--format", f"junit:{junit}", "--format", f"sarif:{sarif}",
                   "--format", "github", "--format", f"summary:{summary}")
    assert result.exit_code == 1
    assert "check FAILED" in result.stdout  # text
    assert "::error file=controls/mini/requirements.yaml," in result.stdout  # github
    assert junit.read_text().startswith("<?xml") and "<failure" in junit.read_text()
    assert json.loads(sarif.read_text())["version"] == "2.1.0"
    assert summary.read_text().startswith("## ❌ auditkit check failed")
    assert f"wrote junit to {junit}" in result.stderr


def test_overdue_actions_fail_the_gate(mini, check, monkeypatch):
    import auditkit.outputs.actions

    overdue = [{"id": "CAR-2026-001", "requirement": "8.3.3-01", "grade": "minor-nc", "state": "open",
                "owner": "Service manager", "due": "2026-03-01", "overdue": True, "title": "SLA for service B",
                "file": "actions/CAR-2026-001.yaml"}]
    calls = []

    def fake(project_root, as_of):
        calls.append((project_root, as_of.isoformat()))
        return overdue

    monkeypatch.setattr(auditkit.outputs.actions, "overdue_actions", fake)
    result = check()
    assert result.exit_code == 1
    assert calls and calls[0][1] == AS_OF
    assert ("actions/CAR-2026-001.yaml: error: corrective action CAR-2026-001 (SLA for service B) for 8.3.3-01 "
            "[minor-nc] was due 2026-03-01: 14 days overdue, state open, owner Service manager") in result.stdout
    assert check("--overdue", "warn").exit_code == 0


def test_the_overdue_actions_gate_does_not_fail_open(mini, check, monkeypatch):
    """The register ships with auditkit: a register that cannot be read is an error, never a skipped gate."""
    import auditkit.outputs.actions

    def broken(project_root, as_of):
        raise ImportError("a broken installation")

    monkeypatch.setattr(auditkit.outputs.actions, "overdue_actions", broken)
    result = check()
    assert result.exit_code != 0
    assert "SKIP  overdue_actions" not in result.stdout and "check passed" not in result.stdout


def test_check_in_another_folder(mini, cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (mini / "evidence" / "policy.md").unlink()
    result = cli("check", "--as-of", AS_OF, "-C", "mini")
    assert result.exit_code == 1
    assert "mini/controls/mini/requirements.yaml:" in result.stdout


def test_checks_workbook_lists_the_projects_corrective_actions(mini, cli, check, tmp_path):
    """The corrective actions sheet of check's workbook holds the actions ``actions sync`` raised, as assess's does."""
    from openpyxl import load_workbook

    assert cli("assess", "--as-of", AS_OF, "--record").exit_code in (0, 1)
    assert cli("actions", "sync").exit_code == 0
    raised = sorted(path.stem for path in (mini / "actions").glob("*.yaml"))
    assert raised
    for command, workbook in ((check, tmp_path / "check.xlsx"), (None, tmp_path / "assess.xlsx")):
        if command is None:
            result = cli("assess", "--as-of", AS_OF, "-f", "xlsx", "-o", str(workbook))
        else:
            result = command("--format", f"xlsx:{workbook}")
        assert result.exit_code in (0, 1), result.output
        sheet = load_workbook(workbook)["Corrective actions"]
        assert sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True)) == raised, workbook.name


def test_a_workbook_is_written_as_a_file_and_never_to_the_terminal(mini, check, tmp_path):
    from openpyxl import load_workbook

    workbook = tmp_path / "gaps.xlsx"
    result = check("--format", f"xlsx:{workbook}")
    assert result.exit_code == 0, result.output
    book = load_workbook(workbook)  # a real workbook, not text: the gap analysis's sheets
    assert book.sheetnames[:3] == ["Summary", "Requirements", "Findings"]
    result = check("--format", "xlsx")
    assert result.exit_code == 2
    assert "--format xlsx:FILE" in result.stderr


def test_a_project_folder_that_does_not_exist_is_an_error_not_an_empty_project(mini, cli, tmp_path):
    # (every other command too, actions included: tests/security/test_project_option.py)
    for command in (["check"], ["verify"], ["history"], ["assess"]):
        result = cli(*command, "-C", tmp_path / "no-such-project")
        assert result.exit_code == 2, (command, result.output)
        assert "does not exist" in result.stderr
