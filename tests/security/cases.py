"""The bad inputs tried against auditkit, each with the command, the exit status and what the user sees.

tests/security/test_hostile_inputs.py runs every case on a copy of a small project with two recorded snapshots,
and checks that docs/security.md shows the table these cases give (regenerate it with
``AUDITKIT_UPDATE_DOCS=1 pytest tests/security``). Adding a case is adding an entry here.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable


@dataclass(frozen=True)
class Case:
    tried: str
    """The bad input, in words (the table's first column)."""
    setup: Callable[[Path], None]
    """Changes the project (the working directory) to hold the bad input."""
    args: tuple[str, ...]
    exit: int
    """The exit status the user must get (never 3)."""
    shows: str
    """A fragment of the line the user must see."""
    stream: str = "stderr"
    env: dict = field(default_factory=dict)
    absent: str = ""
    """Text that must NOT appear in either stream (e.g. a raw escape sequence)."""
    also: str = ""
    """A second fragment the same stream must show (e.g. the other file's error that must not be hidden)."""


def _append(path: str, text: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        with open(root / path, "a", encoding="utf-8") as fh:
            fh.write(text)
    return change


def _replace(path: str, old: str, new: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        target = root / path
        text = target.read_text("utf-8")
        assert old in text, (path, old)
        target.write_text(text.replace(old, new, 1), "utf-8")
    return change


def _write(path: str, data: str | bytes) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return change


def _both(*changes: Callable[[Path], None]) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        for one in changes:
            one(root)
    return change


def _nothing(root: Path) -> None:
    pass


def _snapshot(root: Path, sequence: int) -> Path:
    (path,) = (root / "history").glob(f"S{sequence:04d}-*.json")
    return path


def _rehash(root: Path, sequence: int, edit: Callable[[dict], None]) -> None:
    from auditkit.outputs.history.snapshot import content_hash

    path = _snapshot(root, sequence)
    data = json.loads(path.read_text())
    edit(data)
    data["hash"] = content_hash(data)
    path.write_text(json.dumps(data, indent=1))


def _delete_latest_and_head(root: Path) -> None:
    _snapshot(root, 2).unlink()
    (root / "history" / "HEAD").unlink()


def _rewind_head(root: Path) -> None:
    first = json.loads(_snapshot(root, 1).read_text())
    (root / "history" / "HEAD").write_text(f"S0001 {first['hash']}\n")


def _float_sequence(root: Path) -> None:
    _rehash(root, 2, lambda d: d["snapshot"].__setitem__("sequence", 2.0))


def _duplicate_assessment(root: Path) -> None:
    path = _snapshot(root, 2)
    path.write_text(path.read_text().replace('"manifest":', '"assessment": {"forged": true},\n "manifest":', 1))


def _symlink_loop(root: Path) -> None:
    os.symlink("loop-b.yaml", root / "evidence" / "loop-a.yaml")
    os.symlink("loop-a.yaml", root / "evidence" / "loop-b.yaml")


def _fifo(path: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        target = root / path
        target.unlink(missing_ok=True)
        os.mkfifo(target)
    return change


def _bad_name(root: Path) -> None:
    name = os.fsdecode(b"sla-\xff.yaml")
    (root / "evidence" / name).write_text((root / "evidence" / "sla-a.yaml").read_text().replace("sla-a", "sla-z"))


def _deep_json(path: str, depth: int = 1000) -> Callable[[Path], None]:
    return _write(path, "[" * depth + "]" * depth)


def _pattern_check(root: Path) -> None:
    with open(root / "controls" / "mini" / "requirements.yaml", "a", encoding="utf-8") as fh:
        fh.write('  - id: "7.5.3-01"\n    clause: "7.5.3"\n    title: {en: "Owner written like a code"}\n'
                 '    text: {en: "The policy owner is recorded."}\n    kind: documented-information\n'
                 '    criticality: low\n    checks:\n      - rule: field_present\n'
                 '        select: {type: policy, covers: "5.2.2"}\n        field: owner\n'
                 '        pattern: "^(a|a)*$"\n')
    _replace("evidence/policy.md", "owner: Service manager", "owner: " + "a" * 40 + "b")(root)


def _imported_document(root: Path) -> None:
    _write("documents/access.md", "# Access policy\n")(root)
    _write("evidence/access.yaml", 'id: access-policy\ntype: policy\ndocument: ../documents/access.md\n'
                                   'covers: ["5.2.2"]\n')(root)


def _bad_byte_in_snapshot(root: Path) -> None:
    path = _snapshot(root, 2)
    data = path.read_bytes()
    at = data.index(b"SLA")
    path.write_bytes(data[:at] + b"\xff" + data[at + 1:])


def _long_csv_line(root: Path) -> None:
    with open(root / "evidence" / "records" / "incidents.csv", "a", encoding="utf-8") as fh:
        fh.write("\nINC9,01-02-2026 10:00," + "T" * 300_000 + "\n")


def _synced(*changes: Callable[[Path], None]) -> Callable[[Path], None]:
    """Corrective actions raised from the latest snapshot (CAR-2026-001 and -002), then ``changes``."""
    def change(root: Path) -> None:
        from click.testing import CliRunner

        from auditkit.cli import main

        result = CliRunner().invoke(main, ["actions", "sync", "--by", "tester"], catch_exceptions=False,
                                    env={"SOURCE_DATE_EPOCH": "1814400000"})
        assert result.exit_code == 0, result.output
        for one in changes:
            one(root)
    return change


def _prefix(path: str, data: bytes) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        (root / path).write_bytes(data + (root / path).read_bytes())
    return change


def _remove(path: str) -> Callable[[Path], None]:
    return lambda root: (root / path).unlink()


def _link(path: str, target: str) -> Callable[[Path], None]:
    return lambda root: os.symlink(target, root / path)


HOSTILE_TITLE = "\x1b]0;pwned\x07\x1b[2J=HYPERLINK(\"https://evil.example\") <img src=x> @org/team [link=https://e]x[/link]"

CASES: list[Case] = [
    # High 1: history that can't be quietly rewritten
    Case("latest snapshot and history/HEAD deleted", _delete_latest_and_head, ("verify",), 1,
         "error: missing: there are snapshots but no HEAD"),
    Case("history/HEAD pointed back at S0001", _rewind_head, ("verify",), 1, "error: rewound: HEAD names S0001"),
    Case("snapshot edited, `sequence: 2.0`, hash recomputed", _float_sequence, ("verify",), 1,
         "snapshot.sequence 2.0 is not a whole number"),
    Case("snapshot with a forged earlier duplicate `assessment` key", _duplicate_assessment, ("verify",), 1,
         "duplicate key 'assessment'"),
    Case("history/HEAD with a non-UTF-8 byte", _write("history/HEAD", b"S0002 \xff\n"), ("verify",), 1,
         "HEAD is not UTF-8 text"),
    Case("history/HEAD written with a byte-order mark", lambda r: (r / "history" / "HEAD").write_bytes(
        b"\xef\xbb\xbf" + (r / "history" / "HEAD").read_bytes()), ("verify",), 0, "history intact", "stdout"),
    Case("a directory named like a snapshot", lambda r: (r / "history" / "S0003-2026-12-01.json").mkdir(),
         ("verify",), 1, "not a regular file"),
    Case("snapshot nested 1,000 deep", _deep_json("history/S0003-2026-12-01.json"), ("verify",), 1,
         "nested more than 64 levels deep"),
    # High 2: inputs are never outputs
    Case("`-o` naming the judgments file", _nothing, ("assess", "-f", "json", "-o", "judgments.yaml"), 2,
         "that is an input of this run"),
    Case("`-o` inside evidence/", _nothing, ("assess", "-f", "json", "-o", "evidence/organization.yaml"), 2,
         "inside evidence"),
    Case("`-o` inside controls/", _nothing, ("assess", "-f", "json", "-o", "controls/mini/catalog.yaml"), 2,
         "inside controls"),
    Case("`check --format json:FILE` inside history/", _nothing, ("check", "--format", "json:history/x.json"), 2,
         "inside history"),
    Case("`report -o` inside actions/", _nothing, ("report", "-o", "actions/report.html"), 2, "inside actions"),
    Case("`-o` naming a document an imported descriptor points at (outside evidence/)", _imported_document,
         ("assess", "-f", "json", "-o", "documents/access.md"), 2, "that is an input of this run"),
    # High 3: every former exit 3
    Case("symbolic-link loop in evidence/", _symlink_loop, ("validate",), 2, "Too many levels of symbolic links"),
    Case("integer of 5,000 digits in an evidence YAML file", _append("evidence/sla-a.yaml", f"x: {'9' * 5000}\n"),
         ("validate",), 2, "number of 5,000 characters is longer than the 64 allowed"),
    Case("integer of 5,000 digits in a baseline JSON", _write("base.json", f"[{'9' * 5000}]"),
         ("check", "--baseline", "base.json"), 2, "base.json:1:2: error: number of 5,000 characters"),
    Case("baseline JSON nested 1,000 deep", _deep_json("base.json"), ("check", "--baseline", "base.json"), 2,
         "base.json:1:65: error: nested more than 64 levels deep"),
    Case("`report --from-json` nested 1,000 deep", _deep_json("stored.json"),
         ("report", "--from-json", "stored.json", "-o", "r.html"), 2, "stored.json:1:65: error: nested"),
    Case("`actions sync --from` nested 1,000 deep", _deep_json("stored.json"),
         ("actions", "sync", "--from", "stored.json", "--by", "tester"), 2, "stored.json:1:65: error: nested"),
    Case("JSON record export nested 1,000 deep", _both(_deep_json("evidence/records/incidents.json"),
                                                      _replace("evidence/records/incidents.yaml", "path: incidents.csv",
                                                               "path: incidents.json")), ("validate",), 2,
         "evidence/records/incidents.json:1:65: nested more than 64 levels deep"),
    Case("snapshot whose assessment is a list, hash recomputed", lambda r: _rehash(r, 2, lambda d: d.__setitem__(
        "assessment", [])), ("verify",), 1, "(S0002 was replaced)"),
    Case("`[/]` and `[formerly X]` in a requirement title",
         _replace("controls/mini/requirements.yaml", "Every service has an SLA", "SLA [/] for all [formerly X]"),
         ("assess", "--as-of", "2026-03-01"), 0, "SLA [/] for all [formerly X]", "stdout"),
    Case("`review_interval: 99999 years`", _append("evidence/sla-a.yaml", "review_interval: 99999 years\n"),
         ("validate",), 2, "longer than 1000 years"),
    Case("`max_age: 99999 years` in a catalog check", _replace("controls/mini/requirements.yaml", "max_age: 12 months",
                                                              "max_age: 99999 years"), ("validate",), 2,
         "longer than 1000 years"),
    Case("`--as-of 0001-01-01`", _nothing, ("assess", "--as-of", "0001-01-01"), 2, "outside the years 1900..2999"),
    Case("`programme.cycle_start: 9999-12-31`", _write("auditkit.yaml", "programme:\n  cycle_start: 9999-12-31\n"),
         ("programme",), 2, "auditkit.yaml:2:16: error: date 9999-12-31 is outside the years"),
    Case("CSV header field over 131,072 characters", _write("evidence/records/incidents.csv",
                                                           "number,opened_at,made_sla," + "x" * 140000 + "\n"),
         ("validate",), 2, "cannot read record export incidents.csv"),
    Case("non-UTF-8 evidence file name", _bad_name, ("assess", "-f", "json"), 2, "file name is not valid UTF-8"),
    Case("`[/]` and `[formerly Harbour IT]` in the organisation name",
         _replace("evidence/organization.yaml", "Mini Test Services Ltd.", "Meridian Bay [formerly Harbour IT] Ltd [/]"),
         ("assess", "--as-of", "2026-03-01"), 0, "Meridian Bay [formerly Harbour IT] Ltd [/]", "stdout"),
    Case("NUL byte in an attachment path", _append("evidence/sla-a.yaml", 'attachments: [{path: "a\\0b.pdf"}]\n'),
         ("validate",), 2, "is not a usable file name"),
    Case("NUL byte in a record export path", _replace("evidence/records/incidents.yaml", "path: incidents.csv",
                                                      'path: "inc\\0idents.csv"'), ("validate",), 2,
         "is not a usable file name"),
    Case("`SOURCE_DATE_EPOCH=garbage`", _nothing, ("assess", "--as-of", "2026-03-01", "--record"), 2,
         "SOURCE_DATE_EPOCH='garbage' is not a whole number", env={"SOURCE_DATE_EPOCH": "garbage"}),
    # Medium
    Case("FIFO named `*.yaml` in evidence/", _fifo("evidence/pipe.yaml"), ("validate",), 2, "not a regular file"),
    Case("FIFO named `*.md` in evidence/", _fifo("evidence/pipe.md"), ("validate",), 2, "not a regular file"),
    Case("FIFO as the record export", _fifo("evidence/records/incidents.csv"), ("validate",), 2,
         "is not a regular file"),
    Case("backtracking pattern `^(a|a)*$` against a 41-character value", _pattern_check,
         ("assess", "--as-of", "2026-03-01", "-f", "json"), 0, "write a pattern without nested repetition",
         "stdout"),
    Case("escape sequences and markup in a requirement title",
         _replace("controls/mini/requirements.yaml", "Every service has an SLA", json.dumps(HOSTILE_TITLE)[1:-1]),
         ("assess", "--as-of", "2026-03-01"), 0, "[link=https://e]x[/link]", "stdout", absent="\x1b]0;"),
    Case("formula in a requirement title, CSV output",
         _replace("controls/mini/requirements.yaml", "Every service has an SLA", "=HYPERLINK(\\\"https://e\\\")"),
         ("assess", "--as-of", "2026-03-01", "-f", "csv"), 0, "'=HYPERLINK", "stdout"),
    Case("HTML and @mention in a requirement title, step summary",
         _replace("controls/mini/requirements.yaml", "Every service has an SLA", "<img src=x> @org/team"),
         ("check", "--as-of", "2026-03-01", "-f", "summary"), 0, "&lt;img src=x&gt;", "stdout", absent="<img"),
    Case("`--judgments typo.yaml` (does not exist)", _nothing, ("assess", "--judgments", "typo.yaml"), 2,
         "--judgments typo.yaml: file not found"),
    Case("`judgments: typo.yaml` in auditkit.yaml", _write("auditkit.yaml", "judgments: typo.yaml\n"), ("assess",), 2,
         "auditkit.yaml:1:12: error: judgments file not found"),
    Case("recursive alias `&a [*a, *a]` in a document's front matter (found by the fuzzer)",
         _replace("evidence/policy.md", "owner: Service manager", "owner: &a [*a, *a]"), ("validate",), 2,
         "evidence/policy.md:5:8: error: recursive alias"),
    Case("recursive alias in an evidence YAML file", _append("evidence/sla-a.yaml", "x: &a {b: *a}\n"), ("validate",), 2,
         "recursive alias: a value contains itself"),
    # Low
    Case("`readiness_threshold: .nan`", _write("auditkit.yaml", "scoring:\n  readiness_threshold: .nan\n"),
         ("assess",), 2, "auditkit.yaml:2:24: error: .nan is not a finite number"),
    Case("a bad value in auditkit.yaml beside a bad evidence file (both reported)",
         _both(_write("auditkit.yaml", "scoring:\n  readiness_threshold: 7\n"),
               _append("evidence/sla-a.yaml", "review_interval: 99999 years\n")), ("validate",), 2,
         "evidence/sla-a.yaml:8:18: error: duration", also="auditkit.yaml:2:24: error: 7 is greater than the maximum"),
    # Low 19: every error names its file and line
    Case("invalid UTF-8 in a snapshot", _bad_byte_in_snapshot, ("verify",), 1,
         "error: cannot read snapshot: not valid UTF-8 text (byte 0xff)"),
    Case("attachment name of 300 characters", _append("evidence/sla-a.yaml", f'attachments: [{{path: "{"x" * 300}.pdf"}}]\n'),
         ("validate",), 2, "evidence/sla-a.yaml:8:22: error: cannot use"),
    Case("CSV line of 300,000 characters (a 200 MB line gives the same)", _long_csv_line, ("validate",), 2,
         "evidence/records/incidents.csv:8:1: error: cannot read this row: field larger than field limit"),
    Case("CSV line of 300,000 characters, assessed", _long_csv_line, ("assess", "--as-of", "2026-11-05"), 0,
         "evidence/records/incidents.csv:8:1: cannot read the export", "stdout"),
    Case("`actions list --group-by clause` with an action whose finding names no clause",
         _synced(_replace("actions/CAR-2026-001.yaml", "    clause: 8.3.3\n", "")),
         ("actions", "list", "--group-by", "clause"), 0, "clause ?:", "stdout"),
    Case("an action file starting with two byte-order marks", _synced(_prefix("actions/CAR-2026-002.yaml",
                                                                              b"\xef\xbb\xbf\xef\xbb\xbf")),
         ("actions", "list"), 0, "CAR-2026-002", "stdout"),
    Case("`actions edit --set 'owner=\"Yes\"'` (a quoted value)", _synced(),
         ("actions", "edit", "CAR-2026-001", "--by", "tester", "--set", 'owner="Yes"'), 0, "edited owner", "stdout"),
    Case("the newest action file deleted, then `actions sync` (its id is not reused)",
         _synced(_remove("actions/CAR-2026-002.yaml")), ("actions", "sync", "--by", "tester"), 0,
         "raised     CAR-2026-003", "stdout", absent="raised     CAR-2026-002"),
    Case("an action file that is a dangling symbolic link", _synced(_link("actions/CAR-2026-009.yaml", "gone.yaml")),
         ("actions", "list"), 2, "actions/CAR-2026-009.yaml: error: cannot read file"),
    Case("a snapshot that is a dangling symbolic link", _link("history/S0003-2026-12-01.json", "gone.json"),
         ("verify",), 1, "history/S0003-2026-12-01.json: error: cannot read snapshot"),
    Case("non-UTF-8 evidence file name, JUnit output", _bad_name, ("check", "--as-of", "2026-11-05", "-f", "junit"), 2,
         "file name is not valid UTF-8"),
    Case("non-UTF-8 evidence file name, `--record`", _bad_name, ("assess", "--as-of", "2026-11-05", "--record"), 2,
         "file name is not valid UTF-8"),
    Case("NUL byte in the logo path", _replace("evidence/organization.yaml", 'name: "Mini Test Services Ltd."',
                                                  'name: "Mini Test Services Ltd."\n  branding: {logo: "lo\\0go.png"}'),
         ("report", "--as-of", "2026-11-05", "-f", "html", "-o", "r.html"), 0, "not a usable file name"),
    Case("FIFO as the logo", _both(_replace("evidence/organization.yaml", 'name: "Mini Test Services Ltd."',
                                            'name: "Mini Test Services Ltd."\n  branding: {logo: logo.png}'),
                                   _fifo("evidence/logo.png")),
         ("report", "--as-of", "2026-11-05", "-f", "html", "-o", "r.html"), 0, "logo logo.png not shown"),
    Case("an action file that is a directory", lambda r: (r / "actions" / "CAR-2026-009.yaml").mkdir(parents=True),
         ("actions", "list"), 2, "actions/CAR-2026-009.yaml: error: cannot read file: not a regular file"),
    Case("a catalog file that is a FIFO", _fifo("controls/mini/extra.yaml"), ("validate",), 2,
         "controls/mini/extra.yaml: error: cannot read file: not a regular file"),
]
