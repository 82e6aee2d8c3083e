"""The real shape of a ticket export: a ServiceNow incident audit log, for the benchmarks (issue 16 item 8).

``python benchmarks/servicenow_log.py --scale 10 --out benchmarks/work/snlog-10x`` writes a project whose only
record set is an event log shaped like the public ServiceNow audit log (UCI dataset 498, see
../shared/data/README.md): its 36 columns in their order, ``d/m/yyyy H:MM`` dates without leading zeros,
lower-case ``true``/``false``, ``?`` for a missing value, about 6 rows (updates) per incident, every row of the
file shuffled (the updates of an incident are scattered over the file, as a re-sorted or merged export has them).
``10,000 x scale`` rows: 100,000 at 10x, 1,000,000 at 100x. The record set declares its key (``number``), the
order of its events (``sys_mod_count``, then ``sys_updated_at``) and reductions, the way a user maps the real
export; an agreement with service level targets makes ``sla_attainment`` read it too.

The output depends only on the seed and the scale. The shuffle goes through bucket files, so that writing a
million rows holds one bucket in memory, not the file.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import sys
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

from generate import reusable, tree_digest  # noqa: E402  (benchmarks/ is on sys.path: run as a script or by real_shape)

GENERATOR_VERSION = "1"
ROWS_PER_SCALE = 10_000
DEFAULT_SEED = 20161105
AS_OF = "2026-11-05"

COLUMNS = ("number,incident_state,active,reassignment_count,reopen_count,sys_mod_count,made_sla,caller_id,opened_by,"
           "opened_at,sys_created_by,sys_created_at,sys_updated_by,sys_updated_at,contact_type,location,category,"
           "subcategory,u_symptom,cmdb_ci,impact,urgency,priority,assignment_group,assigned_to,knowledge,"
           "u_priority_confirmation,notify,problem_id,rfc,vendor,caused_by,closed_code,resolved_by,resolved_at,"
           "closed_at").split(",")
assert len(COLUMNS) == 36

LEVELS = ("1 - High", "2 - Medium", "3 - Low")
PRIORITIES = {("1 - High", "1 - High"): "1 - Critical", ("1 - High", "2 - Medium"): "2 - High",
              ("2 - Medium", "1 - High"): "2 - High", ("2 - Medium", "2 - Medium"): "3 - Moderate",
              ("1 - High", "3 - Low"): "3 - Moderate", ("3 - Low", "1 - High"): "3 - Moderate"}
STATES = ("New", "Active", "Awaiting User Info", "Active", "Resolved", "Closed")
CONTACTS = ("Phone", "Email", "Self service", "IVR", "Direct opening")
BUCKETS = 16

DESCRIPTOR = """\
# The incident audit log (benchmarks/servicenow_log.py): one row per update, shuffled.
id: incident-log
type: record-set
title: "Incident audit log (ServiceNow shape, shuffled)"
covers: ["8.6.1"]
services: [svc-desk]
records:
  path: incident_audit_log.csv
  key: id
  unit: incidents
  order_by: [mod_count, updated_at]
  reduce: {opened: first, reopen_count: max}
  columns:
    id: number
    mod_count: sys_mod_count
    updated_at: sys_updated_at
    reopen_count: reopen_count
    opened: opened_at
    resolved: resolved_at
    closed: closed_at
    met_sla: made_sla
    priority: priority
    status: incident_state
    category: category
    problem: problem_id
    change: rfc
    ci: cmdb_ci
  types: {mod_count: number}
  date_format: "%d/%m/%Y %H:%M"
  true_values: ["true"]
  false_values: ["false"]
  missing: ["?"]
"""

AGREEMENT = """\
---
id: sla-service-desk
type: agreement
title: "Service level agreement: service desk"
owner: "Service desk manager"
approver: "Service manager"
approved: 2026-01-26
reviewed: 2026-01-20
review_interval: 12 months
covers: ["8.3.3"]
services: [svc-desk]
service_levels:
  attainment: 0.9
  hours: 24x7
  targets:
    - {priority: "1 - Critical", response: "15 minutes", resolution: "4 hours"}
    - {priority: "2 - High", response: "30 minutes", resolution: "8 hours"}
    - {priority: "3 - Moderate", response: "4 hours", resolution: "3 days"}
    - {priority: "4 - Low", response: "1 day", resolution: "10 days"}
---

# Service level agreement: service desk

## Service description

The service desk of the benchmark organisation.

## Service level targets

See the targets above.
"""

PROFILE = """\
# Organisation of the ServiceNow-shape benchmark (benchmarks/servicenow_log.py; do not edit: regenerate).
organization:
  name: "Log Shape Ltd."
  short_name: "Log Shape"
scope: "The service desk of a benchmark organisation whose incident records come from a ServiceNow audit log."
services:
  - {id: svc-desk, name: "Service desk", criticality: high}
audit:
  title: "Internal audit 2026"
  objectives: ["Measure the incident records."]
  criteria: ["ISO/IEC 20000-1:2018"]
  start: 2026-11-02
  end: 2026-11-05
  team: [{name: "A. Auditor", role: "Lead auditor"}]
  auditees: [{name: "B. Person", role: "Service manager"}]
"""


def when(moment: datetime) -> str:
    """``d/m/yyyy H:MM``: day, month and hour without a leading zero, as one copy of the real export has them."""
    return f"{moment.day}/{moment.month}/{moment.year} {moment.hour}:{moment.minute:02d}"


def incident_rows(serial: int, rng: random.Random, start: datetime, span_minutes: int) -> list[list[str]]:
    """The updates of one incident: between 1 and 11 (6 on average), each a full row of the 36 columns."""
    number = f"INC{serial:07d}"
    opened = start + timedelta(minutes=rng.randrange(span_minutes))
    impact, urgency = rng.choice(LEVELS), rng.choice(LEVELS)
    priority = PRIORITIES.get((impact, urgency), "4 - Low")
    resolved = opened + timedelta(minutes=rng.randint(5, 14 * 24 * 60)) if rng.random() < 0.95 else None
    closed = resolved + timedelta(days=5, minutes=rng.randint(0, 600)) if resolved and rng.random() < 0.9 else None
    met = rng.random() < 0.6
    reopened = 1 if rng.random() < 0.02 else 0
    updates = rng.randint(1, 11)
    category = f"Category {rng.randint(1, 60)}"
    fixed = {
        "caller_id": f"Caller {rng.randint(1, 5000)}", "opened_by": f"Opened by {rng.randint(1, 200)}",
        "opened_at": when(opened), "sys_created_by": f"Created by {rng.randint(1, 200)}",
        "sys_created_at": when(opened), "contact_type": rng.choice(CONTACTS),
        "location": f"Location {rng.randint(1, 200)}", "category": category,
        "subcategory": f"Subcategory {rng.randint(1, 250)}", "u_symptom": f"Symptom {rng.randint(1, 500)}",
        "cmdb_ci": f"Configuration item {rng.randint(1, 300)}" if rng.random() < 0.1 else "?",
        "impact": impact, "urgency": urgency, "priority": priority,
        "assignment_group": f"Group {rng.randint(1, 70)}", "knowledge": "true" if rng.random() < 0.2 else "false",
        "u_priority_confirmation": "true" if rng.random() < 0.5 else "false", "notify": "Do Not Notify",
        "problem_id": f"Problem ID {rng.randint(1, 300)}" if rng.random() < 0.05 else "?",
        "rfc": f"CHG{rng.randint(1, 9000):07d}" if rng.random() < 0.02 else "?", "vendor": "?", "caused_by": "?",
        "closed_code": f"code {rng.randint(1, 17)}" if closed else "?",
        "resolved_by": f"Resolved by {rng.randint(1, 200)}" if resolved else "?",
        "resolved_at": when(resolved) if resolved else "?",
        "closed_at": when(closed) if closed else "?",
    }
    rows = []
    moment = opened
    end = resolved or opened + timedelta(days=3)
    for index in range(updates):
        last = index == updates - 1
        moment = min(end, moment + timedelta(minutes=rng.randint(1, 600))) if index else opened
        state = ("Resolved" if resolved else "Active") if last else STATES[min(index, 3)]
        values = dict(fixed, number=number, incident_state=state, active="false" if last and resolved else "true",
                      reassignment_count=str(min(index, rng.randint(0, 3))),
                      reopen_count=str(reopened if last else 0), sys_mod_count=str(index),
                      made_sla="true" if met or not last else "false",
                      sys_updated_by=f"Updated by {rng.randint(1, 900)}", sys_updated_at=when(moment),
                      assigned_to=f"Resolver {rng.randint(1, 250)}" if index else "?")
        rows.append([values[name] for name in COLUMNS])
    return rows


def write_log(path: Path, rows: int, seed: int) -> int:
    """Write about ``rows`` rows (whole incidents) to ``path``, every row shuffled; return the rows written."""
    rng = random.Random(seed)
    start = datetime(2025, 11, 1)
    span = 360 * 24 * 60
    work = path.parent / "buckets"
    work.mkdir(parents=True, exist_ok=True)
    handles = [(work / f"{n}.csv").open("w", newline="", encoding="utf-8") for n in range(BUCKETS)]
    writers = [csv.writer(handle, lineterminator="\n") for handle in handles]
    written, serial = 0, 0
    try:
        while written < rows:
            serial += 1
            for row in incident_rows(serial, rng, start, span):
                writers[rng.randrange(BUCKETS)].writerow(row)
                written += 1
    finally:
        for handle in handles:
            handle.close()
    with path.open("w", newline="", encoding="utf-8") as out:
        out.write(",".join(COLUMNS) + "\n")
        for n in range(BUCKETS):
            lines = (work / f"{n}.csv").read_text(encoding="utf-8").splitlines(keepends=True)
            rng.shuffle(lines)
            out.writelines(lines)
    shutil.rmtree(work)
    return written


def generate(scale: int, out: Path, *, seed: int = DEFAULT_SEED, rows_per_scale: int = ROWS_PER_SCALE) -> dict:
    """The project of ``scale`` in ``out`` (reused when an identical one is there); return its manifest."""
    # the catalog copied in is part of what the project was made from: a changed catalog makes a new one
    stamp = {"generator": GENERATOR_VERSION, "seed": seed, "scale": scale, "rows_per_scale": rows_per_scale,
             "controls": tree_digest(ROOT / "controls")}
    cached = reusable(out, stamp)
    if cached is not None:
        return cached
    (out / "evidence" / "records").mkdir(parents=True)
    (out / "evidence" / "agreements").mkdir(parents=True)
    shutil.copytree(ROOT / "controls", out / "controls")
    (out / "evidence" / "organization.yaml").write_text(PROFILE, encoding="utf-8")
    (out / "evidence" / "agreements" / "sla-service-desk.md").write_text(AGREEMENT, encoding="utf-8")
    (out / "evidence" / "records" / "incident-log.yaml").write_text(DESCRIPTOR, encoding="utf-8")
    log = out / "evidence" / "records" / "incident_audit_log.csv"
    written = write_log(log, rows_per_scale * scale, seed)
    manifest = {"stamp": stamp, "rows": written, "bytes": log.stat().st_size, "log": str(log.relative_to(out))}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, required=True, help="10,000 rows per unit: 10 -> 100,000, 100 -> 1,000,000")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--rows-per-scale", type=int, default=ROWS_PER_SCALE)
    args = parser.parse_args(argv)
    print(json.dumps(generate(args.scale, args.out, seed=args.seed, rows_per_scale=args.rows_per_scale)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
