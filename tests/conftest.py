"""Shared fixtures: a small project to copy and change, a CLI runner, and what a test needs from the system.

No test is skipped: a test that needs a missing tool fails, saying which package to install (`make test`
installs every package of system-packages.txt before it runs the suite).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

HERE = Path(__file__).parent
ROOT = HERE.parent
MINI = HERE / "fixtures" / "mini"
SYSTEM_PACKAGES = ROOT / "system-packages.txt"


def listed_packages() -> set[str]:
    """The package names of system-packages.txt (alternatives included)."""
    lines = (line.split("#", 1)[0].split() for line in SYSTEM_PACKAGES.read_text("utf-8").splitlines())
    return {name for fields in lines if fields for name in fields[0].split("|")}


def require(present: bool, what: str, package: str) -> None:
    """Fail the test (never skip it) when ``what`` is missing, naming the Debian package that provides it."""
    assert package in listed_packages(), f"{package} is not in system-packages.txt: `make test` would not install it"
    if not present:
        pytest.fail(f"{what} is missing: install {package} (sudo apt-get install {package}), or run `make test`, "
                    "which installs it", pytrace=False)


def require_tool(tool: str, package: str) -> str:
    """The path of command ``tool``; the test fails naming ``package`` when it is not installed."""
    found = shutil.which(tool)
    require(found is not None, f"the command {tool}", package)
    return found


def pytest_configure(config):
    # compiled validators are cached per user (auditkit/fastschema.py): the suite keeps its own, not ~/.cache's
    if "AUDITKIT_CODE_CACHE" not in os.environ:
        os.environ["AUDITKIT_CODE_CACHE"] = cache = tempfile.mkdtemp(prefix="auditkit-code-cache-")
        config.add_cleanup(lambda: shutil.rmtree(cache, ignore_errors=True))
    # the key that authenticates cache entries (auditkit/speed/secret.py): the suite's own, not ~/.config's
    os.environ.setdefault("AUDITKIT_CACHE_KEY", "auditkit test suite")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A skipped test is reported as failed: a skip hides a missing tool, the one thing the suite must say."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped, and this suite allows no skip (make it pass or fail): {reason}"


@pytest.fixture
def mini(tmp_path, monkeypatch) -> Path:
    """A copy of tests/fixtures/mini (catalog, evidence, judgments) as the working directory."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    monkeypatch.chdir(target)
    return target


@pytest.fixture
def cli():
    """Run the auditkit CLI in-process; returns click's Result (exit_code, stdout, stderr)."""
    from auditkit.cli import main

    def run(*args: str):
        return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)

    return run
