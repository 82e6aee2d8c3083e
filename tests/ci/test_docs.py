"""The CI snippets of docs/ci.md, tried: schema-valid for GitHub and GitLab, and their shell run for real in a
scratch git repository with an origin, a main branch and a pull-request branch that introduces a gap."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from conftest import require  # tests/conftest.py

ROOT = Path(__file__).parents[2]
DOC = ROOT / "docs" / "ci.md"
MINI = ROOT / "tests" / "fixtures" / "mini"
BIN = Path(sys.executable).parent
GIT = shutil.which("git")


def snippet(name: str) -> str:
    match = re.search(rf"<!-- snippet: {name} -->\n```yaml\n(.*?)```", DOC.read_text("utf-8"), re.S)
    assert match, f"no snippet {name} in docs/ci.md"
    return match.group(1)


@pytest.mark.parametrize(("name", "schema"), [("github-workflow", "vendor.github-workflows"), ("gitlab-ci", "vendor.gitlab-ci")])
def test_snippets_are_valid_for_their_ci(name, schema, tmp_path):
    path = tmp_path / f"{name}.yml"
    path.write_text(snippet(name))
    tool = BIN / "check-jsonschema"
    assert tool.exists(), "check-jsonschema is a test dependency (pip install -e '.[test]')"
    run = subprocess.run([str(tool), "--builtin-schema", schema, str(path)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run([GIT, *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repos(tmp_path):
    """origin (bare) with main = mini (approved recently, majors only warned), and a clone on a branch 'pr' that
    removes the policy's Purpose section: a new nonconformity against main."""
    require(GIT is not None, "the command git", "git")
    work = tmp_path / "work"
    shutil.copytree(MINI, work)
    policy = work / "evidence" / "policy.md"
    # dates relative to today: the snippets run `auditkit check` without --as-of, as CI does
    recent = (date.today() - timedelta(days=10)).isoformat()
    policy.write_text(policy.read_text().replace("approved: 2026-01-10", f"approved: {recent}"))
    (work / "auditkit.yaml").write_text("gates:\n  major_nonconformities: warn\n")  # the fixture's old incident export
    _git(tmp_path, "init", "-q", "--bare", "-b", "main", "origin.git")
    _git(work, "init", "-q", "-b", "main")
    _git(work, "add", "-A")
    _git(work, "commit", "-q", "-m", "main")
    _git(work, "remote", "add", "origin", str(tmp_path / "origin.git"))
    _git(work, "push", "-q", "origin", "main")
    _git(work, "checkout", "-q", "-b", "pr")
    text = policy.read_text()
    policy.write_text(text[: text.index("## Purpose")] + text[text.index("## Principles"):])
    _git(work, "commit", "-q", "-am", "drop the purpose")
    return work


def _bash(script: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    full = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", **env}
    return subprocess.run(["bash", "-e", "-c", script], cwd=cwd, env=full, capture_output=True, text=True)


def _github_steps() -> dict[str, dict]:
    workflow = yaml.safe_load(snippet("github-workflow"))
    return {step.get("name", ""): step for step in workflow["jobs"]["check"]["steps"]}


def test_github_workflow_fails_a_pull_request_that_adds_a_gap(repos, tmp_path):
    steps = _github_steps()
    runner_temp, summary = tmp_path / "runner", tmp_path / "step-summary.md"
    runner_temp.mkdir()
    summary.touch()
    env = {"RUNNER_TEMP": str(runner_temp), "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_WORKSPACE": str(repos),
           "BASE_REF": "main"}
    base = _bash(steps["Baseline from the target branch"]["run"], repos, **env)
    assert base.returncode == 0, base.stderr
    assert (runner_temp / "auditkit-baseline.json").is_file()

    check = _bash(steps["auditkit check"]["run"], repos, **env)
    assert check.returncode == 1, check.stdout + check.stderr
    assert "new since the baseline: 5.2.2-01" in check.stdout
    assert any(line.startswith("::error file=evidence/policy.md,line=2,col=1,title=5.2.2-01")
               for line in check.stdout.splitlines())
    assert "### New gaps (1)" in summary.read_text()
    assert (repos / "auditkit-junit.xml").is_file() and (repos / "auditkit.sarif").is_file()
    assert steps["Upload SARIF"]["with"]["sarif_file"] == "auditkit.sarif"


def test_github_workflow_passes_a_push_to_main(repos, tmp_path):
    _git(repos, "checkout", "-q", "main")
    runner_temp, summary = tmp_path / "runner", tmp_path / "step-summary.md"
    runner_temp.mkdir()
    check = _bash(_github_steps()["auditkit check"]["run"], repos, RUNNER_TEMP=str(runner_temp),
                  GITHUB_STEP_SUMMARY=str(summary), GITHUB_WORKSPACE=str(repos))
    assert check.returncode == 0, check.stdout + check.stderr
    assert summary.read_text().startswith("## ✅ auditkit check passed")


def test_gitlab_job_fails_a_merge_request_that_adds_a_gap(repos, tmp_path):
    job = yaml.safe_load(snippet("gitlab-ci"))["auditkit"]
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    script = "\n".join(job["script"]).replace("/tmp/", f"{scratch}/")  # the runner's /tmp, kept apart per test
    run = _bash(script, repos, CI_MERGE_REQUEST_TARGET_BRANCH_NAME="main")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "new since the baseline: 5.2.2-01" in run.stdout
    for path in job["artifacts"]["paths"] + [job["artifacts"]["reports"]["junit"]]:
        assert (repos / path).is_file(), path
    assert "New gaps (1)" in (repos / "auditkit-summary.md").read_text()


def test_pre_commit_snippet_and_hooks(mini, cli):
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    used = [h["id"] for repo in yaml.safe_load(snippet("pre-commit-config"))["repos"] for h in repo["hooks"]]
    assert set(used) <= set(hooks)
    for hook in hooks.values():
        pattern = re.compile(hook["files"])
        assert pattern.search("evidence/policies/sm-policy.md") and pattern.search("auditkit.yaml")
        assert not pattern.search("README.md") and not pattern.search("docs/evidence/x.md")
        assert hook["pass_filenames"] is False and hook["language"] == "python"
        program, *args = hook["entry"].split()
        assert program == "auditkit"
        result = cli(*args)
        assert result.exit_code in (0, 1), (hook["id"], result.output)
    assert cli("validate", "--strict").exit_code == 1  # mini has lint warnings: the strict hook would stop them
