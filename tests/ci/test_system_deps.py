"""scripts/system-deps: installs the missing packages of system-packages.txt, or stops with one line naming them.

The machine's own tools are replaced by stubs on a PATH of their own: dpkg-query answers from a list, `id` says
who we are, and apt-get and sudo write down how they were called.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
SCRIPT = ROOT / "scripts" / "system-deps"
LIST = ROOT / "system-packages.txt"
TEST_PACKAGES = ["python3-venv", "libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fonts-dejavu-core",
                 "fonts-wqy-microhei", "poppler-utils", "git"]
"""What `make test` needs, as the list names it (the first of each alternative)."""


def _stub(path: Path, body: str) -> None:
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)


@pytest.fixture
def machine(tmp_path):
    """Run the script on a pretend machine: ``run(target, installed=..., uid=..., sudo=..., apt=...)``."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("sh", "sed", "awk", "tr", "grep", "dirname", "env", "true"):  # what the script itself uses
        os.symlink(shutil.which(tool), bin_dir / tool)
    calls = tmp_path / "calls"

    def run(target: str, *, installed: tuple[str, ...] = (), uid: int = 1000, sudo: bool = False, apt: bool = True,
            dpkg: bool = True) -> subprocess.CompletedProcess:
        for name in ("dpkg-query", "apt-get", "sudo", "id"):
            (bin_dir / name).unlink(missing_ok=True)
        if dpkg:  # prints "name installed" for the names it was asked about that are installed
            _stub(bin_dir / "dpkg-query", f'for p in "$@"; do case " {" ".join(installed)} " in *" $p "*) '
                                          'echo "$p installed";; esac; done\n')
        if apt:
            _stub(bin_dir / "apt-get", f'echo "apt-get $*" >> {calls}\n')
        if sudo:  # passwordless: runs the command
            _stub(bin_dir / "sudo", f'echo "sudo $*" >> {calls}\n[ "$1" = -n ] && shift\nexec "$@"\n')
        else:
            _stub(bin_dir / "sudo", "exit 1\n")
        _stub(bin_dir / "id", f"echo {uid}\n")
        calls.write_text("")
        return subprocess.run([str(bin_dir / "sh"), str(SCRIPT), target], env={"PATH": str(bin_dir)},
                              capture_output=True, text=True)

    run.calls = lambda: calls.read_text().splitlines()
    return run


def test_nothing_missing_is_silent_and_quick_on_this_machine():
    """`make test` ran it before this suite: everything is installed, and checking adds no noticeable time."""
    started = time.monotonic()
    result = subprocess.run([str(SCRIPT), "test"], capture_output=True, text=True)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert time.monotonic() - started < 2


def test_cannot_install_stops_with_one_line_naming_every_missing_package(machine):
    result = machine("test", installed=("git", "python3-venv"))
    assert result.returncode == 1
    missing = [p for p in TEST_PACKAGES if p not in ("git", "python3-venv")]
    assert result.stderr.splitlines() == [
        "system-deps: missing system packages for 'make test'; install them, then run make again: "
        f"sudo apt-get install {' '.join(missing)}"]
    assert machine.calls() == []  # sudo asked for a password: nothing was tried


def test_demo_needs_no_test_tools(machine):
    result = machine("demo", installed=tuple(TEST_PACKAGES[:-2]))
    assert (result.returncode, result.stderr) == (0, "")


def test_root_installs_only_the_missing_packages_with_apt_get(machine):
    result = machine("test", installed=tuple(p for p in TEST_PACKAGES if p != "poppler-utils"), uid=0)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == ["system-deps: installing poppler-utils (needed by 'make test')"]
    calls = machine.calls()
    assert calls[0].startswith("apt-get ") and calls[0].endswith(" update")  # a fresh machine has no package lists
    assert re.fullmatch(r"apt-get .*-y .*install --no-install-recommends poppler-utils", calls[1]), calls


def test_passwordless_sudo_installs(machine):
    result = machine("demo", installed=tuple(p for p in TEST_PACKAGES if p != "libharfbuzz-subset0"), sudo=True)
    assert result.returncode == 0, result.stderr
    sudo = [c for c in machine.calls() if c.startswith("sudo ")]
    assert sudo[0] == "sudo -n true"  # asks whether a password is needed, without waiting for one
    assert [c.split(" DEBIAN_FRONTEND")[0] for c in sudo[1:]] == ["sudo -n env", "sudo -n env"]
    assert machine.calls()[-1].endswith("install --no-install-recommends libharfbuzz-subset0")


def test_no_apt_get_stops_even_as_root(machine):
    result = machine("demo", installed=(), uid=0, apt=False)
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1 and "sudo apt-get install python3-venv" in result.stderr


def test_either_cjk_font_will_do(machine):
    installed = tuple(p for p in TEST_PACKAGES if p != "fonts-wqy-microhei") + ("fonts-noto-cjk",)
    assert machine("test", installed=installed).returncode == 0


def test_not_debian_says_what_to_install_and_goes_on(machine):
    result = machine("demo", dpkg=False)
    assert result.returncode == 0
    assert len(result.stderr.splitlines()) == 1 and "fonts-wqy-microhei/fonts-noto-cjk" in result.stderr


def test_the_list_lives_in_one_place():
    """make demo, make test and .ci/run go through the script; none of them names a package of its own."""
    listed = {name for line in LIST.read_text().splitlines() if line.split("#")[0].strip()
              for name in line.split()[0].split("|")}
    assert set(TEST_PACKAGES) <= listed
    makefile, ci = (ROOT / "Makefile").read_text(), (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^demo: system-deps-demo ", makefile, re.M) and re.search(r"^test: system-deps-test ", makefile, re.M)
    assert "scripts/system-deps demo" in makefile and "scripts/system-deps test" in makefile
    assert "make test" in ci
    for name in listed:
        for text in (makefile, ci):
            assert not re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text), name
