#!/usr/bin/env python3
"""Compare auditkit's verdict per subclause with a lead auditor's key (verdict and band of acceptable answers).

    python tests/realdocs/compare.py                 # build the cloud.gov project, assess it, compare with the key
    python tests/realdocs/compare.py assessment.json # compare an assessment already made (--key KEY.csv)

The key (tests/fixtures/realdocs/cloudgov-key.csv) gives per leaf subclause a status (C, P, P(R), N) and grade
(MAJOR, MINOR, NONE) and ``also_acceptable`` answers ("P(R)/NONE;C/NONE"; "C never" forbids conformant).
auditkit's subclause verdict maps onto the same codes: conformant C, partially conformant P, needs evidence P(R),
nonconformant N; major-nc MAJOR, minor-nc MINOR, none NONE. Any other verdict (not assessed, not applicable) is
outside every band.

The project is the consultant's mapping in tests/realdocs/cloudgov/evidence/ (one descriptor per document: its
type and the clauses it covers) over a byte-identical copy of the documents, in a temporary folder: the
documents must lie inside the project, and the mapping is all a user writes.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent
KEY = TESTS / "fixtures" / "realdocs" / "cloudgov-key.csv"
DOCUMENTS = TESTS / "fixtures" / "realdocs" / "cloudgov"
MAPPING = HERE / "cloudgov" / "evidence"
AS_OF = "2024-05-30"  # the key's reference date (commit date of the source)

STATUS_CODE = {"conformant": "C", "partially-conformant": "P", "needs-evidence": "P(R)", "nonconformant": "N"}
GRADE_CODE = {"major-nc": "MAJOR", "minor-nc": "MINOR", None: "NONE"}


@dataclass(frozen=True)
class Band:
    """The key's row for one subclause."""

    clause: str
    answer: tuple[str, str]
    also: tuple[tuple[str, str], ...]
    c_never: bool
    evidence: str

    def accepts(self, verdict: tuple[str, str]) -> bool:
        return verdict == self.answer or verdict in self.also


@dataclass(frozen=True)
class Row:
    clause: str
    ours: tuple[str, str]
    band: Band

    @property
    def within(self) -> bool:
        return self.band.accepts(self.ours)

    @property
    def says_c_where_never(self) -> bool:
        return self.band.c_never and self.ours[0] == "C"


def load_key(path: Path = KEY) -> dict[str, Band]:
    bands = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            also, c_never = [], False
            for part in filter(None, (p.strip() for p in row["also_acceptable"].split(";"))):
                if part == "C never":
                    c_never = True
                else:
                    status, _, grade = part.partition("/")
                    also.append((status, grade))
            bands[row["clause"]] = Band(row["clause"], (row["status"], row["grade"]), tuple(also), c_never,
                                        row["evidence"])
    return bands


def verdicts(assessment: dict) -> dict[str, tuple[str, str]]:
    """auditkit's verdict per subclause, in the key's codes."""
    return {c["clause"]: (STATUS_CODE.get(c.get("status"), c.get("status") or "?"), GRADE_CODE.get(c.get("grade"), "?"))
            for c in assessment["subclauses"]}


def compare(assessment: dict, key: dict[str, Band]) -> list[Row]:
    ours = verdicts(assessment)
    return [Row(clause, ours.get(clause, ("missing", "?")), band) for clause, band in key.items()]


def build_project(dest: Path) -> Path:
    """The cloud.gov project: the consultant's mapping over a byte-identical copy of the documents."""
    shutil.copytree(MAPPING, dest / "evidence")
    shutil.copytree(DOCUMENTS, dest / "cloudgov")
    return dest


def assess(project: Path, auditkit: str | None = None) -> dict:
    auditkit = auditkit or str(Path(sys.executable).parent / "auditkit")
    out = subprocess.run([auditkit, "assess", "-C", str(project), "--as-of", AS_OF, "--format", "json"],
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"auditkit assess failed ({out.returncode}):\n{out.stderr}")
    return json.loads(out.stdout)


def report(rows: list[Row]) -> str:
    within = sum(r.within for r in rows)
    lines = [f"{'clause':<9} {'auditkit':<14} {'key':<14} {'band':<40} ok"]
    for r in rows:
        band = "; ".join("/".join(a) for a in r.band.also) + ("; C never" if r.band.c_never else "")
        mark = "yes" if r.within else ("NO, C never" if r.says_c_where_never else "no")
        lines.append(f"{r.clause:<9} {'/'.join(r.ours):<14} {'/'.join(r.band.answer):<14} {band:<40} {mark}")
    never = [r.clause for r in rows if r.says_c_where_never]
    lines.append(f"within the band: {within} of {len(rows)} ({within / len(rows):.0%}); "
                 f"conformant where the key says C never: {len(never)} {never if never else ''}".rstrip())
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("assessment", nargs="?", type=Path, help="assessment JSON (default: build and assess cloud.gov)")
    parser.add_argument("--key", type=Path, default=KEY)
    parser.add_argument("--keep", type=Path, help="build the project in this folder and keep it")
    args = parser.parse_args(argv)
    if args.assessment:
        data = json.loads(args.assessment.read_text(encoding="utf-8"))
    elif args.keep:
        data = assess(build_project(args.keep))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            data = assess(build_project(Path(tmp) / "cloudgov"))
    print(report(compare(data, load_key(args.key))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
