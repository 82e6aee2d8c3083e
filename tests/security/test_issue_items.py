"""Issue 17 items whose fix a command-level test must hold (the rest are cases of tests/security/cases.py):
terminal escapes from evidence text in every terminal command (Medium 5), -o through a symbolic link (Low 11),
an action file's layout across a transition (Low 12), JUnit, SARIF and annotations with a hostile file name
(Low 17), attachments hashed without reading them whole (Low 10)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path



from .cases import HOSTILE_TITLE
from .conftest import ENV, run





def _hostile_title(root: Path) -> None:
    path = root / "controls" / "mini" / "requirements.yaml"
    path.write_text(path.read_text("utf-8").replace("Every service has an SLA", json.dumps(HOSTILE_TITLE)[1:-1]),
                    "utf-8")


def test_escape_sequences_in_a_title_never_reach_the_terminal_from_any_command(project):
    assert run("assess", "--as-of", "2026-03-01", "--record").exit_code == 0
    _hostile_title(project)
    assert run("assess", "--as-of", "2026-11-05", "--record").exit_code == 0
    assert run("actions", "sync", "--by", "tester").exit_code == 0
    outputs = {}
    for args in (("assess", "--as-of", "2026-11-05"), ("check", "--as-of", "2026-11-05"), ("actions", "list"),
                 ("actions", "show", "CAR-2026-001"), ("diff", "S0001", "S0002"), ("history",)):
        result = run(*args)
        assert result.exit_code in (0, 1), (args, result.output)
        outputs[" ".join(args[:2])] = result.output
    for command, text in outputs.items():
        assert "\x1b" not in text and "\x07" not in text, command
    shown = [command for command, text in outputs.items() if "[link=https://e]x[/link]" in text]
    assert {"assess --as-of", "actions list", "actions show"} <= set(shown), shown


def test_output_through_a_symbolic_link_writes_where_it_points_and_keeps_the_link(project):
    (project / "out").mkdir()
    os.symlink("out/latest.json", project / "latest.json")
    assert run("assess", "--as-of", "2026-11-05", "-f", "json", "-o", "latest.json").exit_code == 0
    assert (project / "latest.json").is_symlink()
    assert json.loads((project / "out" / "latest.json").read_text("utf-8"))["as_of"] == "2026-11-05"


def test_a_transition_keeps_the_byte_order_mark_line_endings_indentation_and_document_start(project):
    assert run("assess", "--as-of", "2026-11-05", "--record").exit_code == 0
    assert run("actions", "sync", "--by", "tester").exit_code == 0
    path = project / "actions" / "CAR-2026-001.yaml"
    text = path.read_text("utf-8").replace("\n    ", "\n      ").replace("\n  - ", "\n    - ")
    path.write_bytes(b"\xef\xbb\xbf" + ("---\n" + text).replace("\n", "\r\n").encode("utf-8"))
    assert run("actions", "list").exit_code == 0  # the hand-made layout is valid
    for change in (("edit", "CAR-2026-001", "--by", "QM", "--set", "correction=Paused onboarding"),
                   ("transition", "CAR-2026-001", "corrected", "--by", "QM", "--note", "contained")):
        result = run("actions", *change)
        assert result.exit_code == 0, result.output
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf---\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")  # every line still ends in CRLF
    assert b"\r\nfindings:\r\n    - finding: F-8.3.3-01\r\n" in data  # the list indentation kept
    assert b"state: corrected" in data


def _hostile_file_name(root: Path) -> str:
    name = "inc\x1b[2J\x07i\u202edents,a:b%0A.yaml"  # the descriptor the findings of 8.6.1 name
    os.rename(root / "evidence" / "records" / "incidents.yaml", root / "evidence" / "records" / name)
    return name


def test_ci_formats_stay_valid_with_control_characters_in_a_file_name(project):
    _hostile_file_name(project)
    for fmt in ("junit", "sarif", "github"):
        result = run("check", "--as-of", "2026-11-05", "-f", fmt)
        assert result.exit_code in (0, 1), result.output
        if fmt == "junit":
            tree = ET.fromstring(result.stdout)  # a control character would make the XML invalid
            files = [e.get("file") for e in tree.iter() if e.get("file")]
            assert any(f.startswith("evidence/records/inc") for f in files), files
        elif fmt == "sarif":
            sarif = json.loads(result.stdout)  # valid JSON, and the renamed file is still the findings' location
            uris = [loc["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]
                    for loc in r.get("locations", [])]
            assert any(uri.startswith("evidence/records/inc") for uri in uris), uris
        else:
            lines = [line for line in result.stdout.splitlines() if "evidence/records/inc" in line]
            assert lines and all(line.startswith("::") for line in lines)
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout


def test_a_large_attachment_is_hashed_without_reading_it_whole(project):
    big = project / "evidence" / "scan.bin"
    with open(big, "wb") as fh:  # sparse: costs no disk, reads as 768 MB of zeros
        fh.truncate(768 << 20)
    with open(project / "evidence" / "sla-a.yaml", "a", encoding="utf-8") as fh:
        fh.write("attachments: [{path: scan.bin}]\n")
    auditkit = Path(sys.executable).with_name("auditkit")
    # measured in a fresh process whose one child is auditkit: this process's children include every earlier test's
    measure = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(code)")
    result = subprocess.run([sys.executable, "-c", measure, str(auditkit), "validate"], capture_output=True, text=True,
                            env={**os.environ, **ENV}, timeout=600)
    assert result.returncode == 0, result.stderr
    peak_mb = int(result.stdout.strip().splitlines()[-1]) / 1024
    assert peak_mb < 400, f"validate peaked at {peak_mb:.0f} MB for a 768 MB attachment"
