"""The floor: read and parse an auditkit project's inputs with yaml's CSafeLoader and the csv module alone.

``python benchmarks/floor.py PROJECT`` reads what ``auditkit assess`` reads, and nothing more than parsing:
every catalog file under ``controls/``, ``judgments.yaml``, every file under ``evidence/`` (bytes), the YAML of
every descriptor and of every Markdown document's front matter, and every row of every CSV record export.
No validation, no positions, no Markdown body parsing, no checks. auditkit can only be slower than this; the
benchmark reports how much slower.

``--no-records`` leaves the CSV rows out (what ``auditkit validate`` needs: it reads only their header).
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from pathlib import Path

import yaml

LOADER = yaml.CSafeLoader


def front_matter(text: str) -> str:
    """The YAML between the first two ``---`` lines of a Markdown document."""
    if not text.startswith("---"):
        return ""
    end = text.find("\n---", 3)
    return text[4:end] if end != -1 else ""


def floor(project: Path, records: bool = True) -> dict:
    counts = {"yaml": 0, "markdown": 0, "csv_rows": 0, "other": 0, "bytes": 0}
    for path in sorted(project.joinpath("controls").rglob("*.yaml")):
        yaml.load(path.read_bytes().decode("utf-8"), Loader=LOADER)
        counts["yaml"] += 1
    judgments = project / "judgments.yaml"
    if judgments.is_file():
        yaml.load(judgments.read_text("utf-8"), Loader=LOADER)
        counts["yaml"] += 1
    for dirpath, dirnames, filenames in os.walk(project / "evidence"):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath, name)
            if name.endswith(".csv"):  # streamed, as auditkit streams record exports
                counts["bytes"] += path.stat().st_size
                if records:
                    with path.open(newline="", encoding="utf-8-sig") as fh:
                        for _row in csv.reader(fh):
                            counts["csv_rows"] += 1
                continue
            raw = path.read_bytes()
            counts["bytes"] += len(raw)
            if name.endswith((".yaml", ".yml")):
                yaml.load(raw.decode("utf-8"), Loader=LOADER)
                counts["yaml"] += 1
            elif name.endswith(".md"):
                yaml.load(front_matter(raw.decode("utf-8")), Loader=LOADER)
                counts["markdown"] += 1
            else:
                counts["other"] += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--no-records", action="store_true", help="do not parse the rows of CSV exports")
    args = parser.parse_args(argv)
    print(floor(args.project, records=not args.no_records))
    return 0


if __name__ == "__main__":
    sys.exit(main())
