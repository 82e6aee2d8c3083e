"""Closing figures of issue 16: SLA attainment per priority and p50/p90 resolution times on the real ServiceNow
slice (../shared/data/uci498_incident_event_log_subset.csv, UCI dataset 498, CC BY 4.0), by auditkit and by an
independent computation with the csv module alone, side by side.

``python benchmarks/uci_figures.py [CSV]`` prints the Markdown table (tests/checks/test_uci_figures.py asserts the
two columns agree). The slice's rows are read as written; auditkit's answer is the same for any row order.

What both compute: an incident is its last update by (sys_mod_count, sys_updated_at); it met its SLA when the
last update's made_sla is TRUE; its resolution time is resolved_at - opened_at in hours (incidents with both);
percentiles by nearest rank (the smallest value that at least that share of the values do not exceed).
"""

from __future__ import annotations

import csv
import shutil
import sys
import tempfile
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path

import yaml

DATA = next((folder / "shared" / "data" / "uci498_incident_event_log_subset.csv" for folder in Path(__file__).resolve().parents
             if (folder / "shared" / "data" / "uci498_incident_event_log_subset.csv").is_file()),
            Path("../shared/data/uci498_incident_event_log_subset.csv"))
"""The shared slice, found beside the project (or one of the folders above it)."""
FORMAT = "%d-%m-%Y %H:%M"
PRIORITIES = ("1 - Critical", "2 - High", "3 - Moderate", "4 - Low")


def independent(path: Path) -> dict:
    """The figures by the csv module alone (no auditkit code)."""
    last: dict[str, tuple] = {}
    first_opened: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            order = (int(row["sys_mod_count"]), datetime.strptime(row["sys_updated_at"], FORMAT))
            number = row["number"]
            if number not in last or order > last[number][0]:
                last[number] = (order, row)
            earlier = first_opened.get(number)
            if earlier is None or order < earlier[0]:
                first_opened[number] = (order, row["opened_at"])
    met: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    hours: dict[str, list[float]] = defaultdict(list)
    for number, (_order, row) in last.items():
        priority = row["priority"]
        met[priority][0] += row["made_sla"] == "TRUE"
        met[priority][1] += 1
        opened, resolved = first_opened[number][1], row["resolved_at"]
        if opened != "?" and resolved != "?":
            span = datetime.strptime(resolved, FORMAT) - datetime.strptime(opened, FORMAT)
            hours[priority].append(span.total_seconds() / 3600)
    return {"incidents": len(last), "attainment": {p: tuple(met[p]) for p in sorted(met)},
            "p50": {p: rank(sorted(v), 50) for p, v in sorted(hours.items())},
            "p90": {p: rank(sorted(v), 90) for p, v in sorted(hours.items())}}


def rank(values: list[float], q: int) -> float | None:
    """Nearest rank: the value at position ceil(q/100 * n) (1-based)."""
    if not values:
        return None
    position = -(-q * len(values) // 100)
    return values[position - 1]


def by_auditkit(path: Path) -> dict:
    """The figures by auditkit's own checks (sla_attainment, records_durations) over a record set of the file."""
    from auditkit.engine.assess import run_check
    from auditkit.inputs.catalog import CheckSpec, Requirement, Selector
    from auditkit.inputs.evidence import load_evidence
    from auditkit.model.errors import Location

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "evidence"
        root.mkdir()
        shutil.copyfile(path, root / "uci.csv")
        (root / "organization.yaml").write_text(yaml.safe_dump(
            {"organization": {"name": "UCI"}, "scope": "s", "services": [{"id": "svc", "name": "Service desk"}]}))
        (root / "incidents.yaml").write_text(yaml.safe_dump({
            "id": "uci", "type": "record-set", "title": "UCI 498 slice", "covers": ["8.6.1"], "services": ["svc"],
            "records": {"path": "uci.csv", "key": "id", "order_by": ["mod_count", "updated_at"], "unit": "incidents",
                        "reduce": {"opened": "first"}, "types": {"mod_count": "number"}, "date_format": FORMAT,
                        "true_values": ["TRUE"], "false_values": ["FALSE"], "missing": ["?"],
                        "columns": {"id": "number", "mod_count": "sys_mod_count", "updated_at": "sys_updated_at",
                                    "opened": "opened_at", "resolved": "resolved_at", "met_sla": "made_sla",
                                    "priority": "priority"}}}))
        (root / "sla.md").write_text("---\n" + yaml.safe_dump({
            "id": "sla", "type": "agreement", "title": "SLA", "covers": ["8.3.3"], "services": ["svc"],
            "service_levels": {"attainment": 0.9, "hours": "24x7",
                               "targets": [{"priority": p, "resolution": "1 day"} for p in PRIORITIES]}}) + "---\n")
        evidence = load_evidence(root)
        requirement = Requirement("8.6.1-01", "8.6.1", {"en": "t"}, {"en": "t"}, "record", "high", (), False)

        def check(rule: str, **params):
            spec = CheckSpec(rule, Selector.from_dict({"id": ["uci"]}), params, Location("uci", 1, 1))
            return run_check(spec, evidence, requirement, date(2016, 12, 31))

        sla = check("sla_attainment")
        durations = check("records_durations", within="1000 days", group_by="priority", percentile=90)
        counted = check("records_in_period", period="100 years")
    return {"incidents": counted.metrics[0].denominator,
            "attainment": {m.group["value"]: (m.numerator, m.denominator) for m in sla.metrics},
            "p50": {m.group["value"]: m.percentiles["p50"] for m in durations.metrics},
            "p90": {m.group["value"]: m.percentiles["p90"] for m in durations.metrics}}


def table(path: Path = DATA) -> str:
    mine, theirs = by_auditkit(path), independent(path)
    lines = [f"Incidents: auditkit {mine['incidents']:,}, csv {theirs['incidents']:,}", "",
             "| Priority | SLA met (auditkit) | SLA met (csv) | p50 h (auditkit) | p50 h (csv) | p90 h (auditkit) | p90 h (csv) |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for priority in sorted(set(mine["attainment"]) | set(theirs["attainment"])):
        a, b = mine["attainment"].get(priority, (0, 0)), theirs["attainment"].get(priority, (0, 0))
        lines.append(f"| {priority} | {a[0]} / {a[1]} ({_share(*a)}) | {b[0]} / {b[1]} ({_share(*b)}) | "
                     f"{_h(mine['p50'].get(priority))} | {_h(theirs['p50'].get(priority))} | "
                     f"{_h(mine['p90'].get(priority))} | {_h(theirs['p90'].get(priority))} |")
    return "\n".join(lines)


def _share(count: int, total: int) -> str:
    tenths = count * 1000 // total if total else 0
    return f"{tenths // 10}.{tenths % 10}%"


def _h(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


if __name__ == "__main__":
    print(table(Path(sys.argv[1]) if len(sys.argv) > 1 else DATA))
