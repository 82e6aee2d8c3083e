"""The evidence index of the appendix: every input file with its sha256, as a table or as an attached CSV.

A large organisation has thousands of input files; laid out as table pages they would cost minutes of rendering
and nobody would read them. Above ``MAX_ROWS`` files the report shows a summary per folder and attaches the
complete index as CSV inside the PDF (and, in HTML, as a download link).
"""

from __future__ import annotations

import csv
import hashlib
import io
import posixpath
from collections import defaultdict

MAX_ROWS = 60
CSV_NAME = "evidence-index.csv"


def index_rows(data: dict) -> list[dict]:
    """One row per input file: path, size, sha256 and the evidence items it defines."""
    items_by_file: dict[str, list[str]] = defaultdict(list)
    for item in data["inputs"].get("evidence_items", []):
        items_by_file[item["file"]].append(item["id"])
    return [{"path": f["path"], "size": f["size"], "sha256": f["sha256"], "evidence_items": items_by_file.get(f["path"], [])}
            for f in data["inputs"]["files"]]


def index_csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["path", "size", "sha256", "evidence_items"])
    for row in rows:
        writer.writerow([row["path"], row["size"], row["sha256"], " ".join(row["evidence_items"])])
    return out.getvalue().encode("utf-8")


def folder_summary(rows: list[dict]) -> list[dict]:
    """Files and bytes per folder (the first folder below the common top of all paths)."""
    paths = [r["path"].replace("\\", "/") for r in rows]
    try:
        top = posixpath.commonpath(paths) if len(paths) > 1 else posixpath.dirname(paths[0]) if paths else ""
    except ValueError:  # absolute and relative paths mixed
        top = ""
    groups: dict[str, dict] = {}
    for row, path in zip(rows, paths, strict=True):
        rest = posixpath.relpath(path, top) if top else path
        head = rest.split("/", 1)[0] if "/" in rest else "."
        folder = posixpath.join(top, head) if head != "." else (top or ".")
        group = groups.setdefault(folder, {"folder": folder, "files": 0, "size": 0})
        group["files"] += 1
        group["size"] += row["size"]
    return sorted(groups.values(), key=lambda g: g["folder"])


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
