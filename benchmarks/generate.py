"""Deterministic generator of synthetic organisations for the benchmarks.

``python benchmarks/generate.py --scale 10 --out benchmarks/work/org-10x`` writes a whole auditkit project:

- ``controls/``: a copy of the catalog the organisation was generated against (so a later catalog change does
  not silently change what a stored organisation means; the runner regenerates when the catalog changes);
- ``evidence/organization.yaml``: the profile, with ``4 x scale`` services;
- ``evidence/**.md`` / ``evidence/**.yaml``: Markdown documents with front matter and YAML registers. A *core*
  set is derived from the catalog's checks (one item per selected type and clause, with every heading a
  ``has_sections`` check asks for), then *filler* items per service (agreements, reports, minutes, registers,
  work instructions, records ...) bring the tree to about ``100 x scale`` files;
- ``evidence/records/*.csv``: one record set per clause the catalog reads records for, ``10,000 x scale``
  ticket records in all (1,000,000 at 100x; incidents are 60 % of them, in one file, without a key, so the
  assessment has to stream them); the incident export uses a ServiceNow-like ``%d-%m-%Y %H:%M`` date format,
  ``TRUE``/``FALSE`` and ``?`` for missing values, the others ISO 8601; changes are an event log with a ``key``;
- ``judgments.yaml``: auditor judgments for a third of the manual requirements.

The output depends only on the seed, the scale and the catalog: the same inputs give byte-identical files.
About 5 % of documents are stale, about 3 % lack a required heading and a few percent of records lack a value,
so an assessment has findings to report, as a real one would.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import shutil
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import yaml

GENERATOR_VERSION = "1"
"""Bump when the generator's output changes, so that cached organisations are regenerated."""
AS_OF = date(2026, 11, 5)
"""The assessment date the benchmarks use; record dates and review dates are placed around it."""
DEFAULT_SEED = 20261105
FILES_PER_SCALE = 100
RECORDS_PER_SCALE = 10_000

# Types a check selects by covers, mapped to the folder the item is written to and whether it is Markdown.
FOLDERS = {
    "scope": "policies", "policy": "policies", "objectives": "plans", "plan": "plans", "procedure": "procedures",
    "process": "procedures", "agreement": "agreements", "contract": "contracts", "catalogue": "services",
    "register": "registers", "record-set": "records", "minutes": "minutes", "report": "reports",
    "risk-assessment": "registers", "requirements": "services", "design": "plans", "programme": "plans",
    "record": "records", "other": "other",
}
YAML_TYPES = {"register", "risk-assessment", "record"}
"""Types written as YAML descriptors (with a ``data`` register); every other type is a Markdown document."""

# Record sets: clause -> (file stem, title, share of the ticket records). Other clauses share the rest equally.
RECORD_SETS = {
    "8.6.1": ("incidents", "Incident records (service desk export)", 0.60),
    "8.6.2": ("service-requests", "Service request records", 0.20),
    "8.5.1.2": ("changes", "Change records (event log)", 0.06),
    "8.6.3": ("problems", "Problem records", 0.02),
}
OTHER_RECORD_SHARE = 0.12
INCIDENT_CLAUSE = "8.6.1"
KEYED_CLAUSE = "8.5.1.2"

WORDS = (
    "service management customer agreed level review owner process record change incident problem release "
    "capacity availability continuity security supplier budget demand report measure objective improvement risk "
    "opportunity evidence approval version quarterly monthly annual escalation priority impact urgency resolution "
    "knowledge configuration asset deployment test plan resource competence training awareness communication "
    "document control retention access authorised team manager desk cloud network backup recovery target trend "
    "analysis action verification effectiveness audit management top interested party requirement scope boundary"
).split()
DEPARTMENTS = ("Service desk", "Infrastructure", "Network", "Backup", "Security", "Commercial", "Quality", "Finance")
ROLES = ("Service manager", "Service desk manager", "Head of infrastructure operations", "Quality lead",
         "Information security manager", "Commercial manager", "Finance director", "Managing director")
CATEGORIES = ("Hardware", "Software", "Network", "Access", "Email", "Storage", "Database", "Security", "Printing")
PRIORITIES = ("1 - Critical", "2 - High", "3 - Moderate", "4 - Low")
GROUPS = tuple(f"Group {n}" for n in range(1, 41))


class Writer:
    """Writes files under the project and counts them (files, bytes)."""

    def __init__(self, root: Path):
        self.root = root
        self.files = 0
        self.bytes = 0

    def text(self, relative: str, content: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8")
        path.write_bytes(data)
        self.files += 1
        self.bytes += len(data)
        return path


def yaml_scalar(value) -> str:
    """A YAML scalar that reads back as the same text (always double-quoted JSON-style strings)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def yaml_flow(value) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {yaml_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(yaml_flow(v) for v in value) + "]"
    return yaml_scalar(value)


def dump_fields(fields: dict) -> str:
    """Block YAML for a descriptor: top-level keys one per line, lists of mappings as block lists of flow maps."""
    lines = []
    for key, value in fields.items():
        if isinstance(value, dict):
            lines.append(f"{key}:")
            for sub, inner in value.items():
                if isinstance(inner, list) and inner and isinstance(inner[0], dict):
                    lines.append(f"  {sub}:")
                    lines.extend(f"    - {yaml_flow(entry)}" for entry in inner)
                else:
                    lines.append(f"  {sub}: {yaml_flow(inner)}")
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f"{key}:")
            lines.extend(f"  - {yaml_flow(entry)}" for entry in value)
        elif key in ("approved", "reviewed", "effective", "next_review"):
            lines.append(f"{key}: {value}")  # unquoted, as people write them: auditkit reads dates as text
        elif key == "review_interval":
            lines.append(f"{key}: {value}")
        else:
            lines.append(f"{key}: {yaml_flow(value)}")
    return "\n".join(lines) + "\n"


class Catalog:
    """What the generator needs from the catalog: selections, required headings, record fields, manual ids."""

    def __init__(self, controls: Path):
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from auditkit.engine.project import load_catalog
        from auditkit.inputs.evidence import covers_target

        self.covers_target = covers_target
        catalog = load_catalog([controls])
        self.leaf_clauses = catalog.clauses.leaves
        self.requirements = catalog.requirements
        self.selections: list[tuple[str, str]] = []  # (type, clause) pairs the core set must provide
        self.section_rules: list[tuple[tuple[str, ...], str, list[str]]] = []  # (types, target, headings)
        self.record_fields: dict[str, set[str]] = {}  # clause -> logical fields the checks read
        self.manual = [r.id for r in catalog.requirements if r.manual]
        self.coverage: list[tuple[tuple[str, ...], str]] = []  # selections whose items must list every service
        seen = set()
        for req in catalog.requirements:
            for check in req.checks:
                sel = check.select
                target = sel.covers or req.clause
                if check.rule == "register_coverage":
                    inner = check.params["covered_by"].get("select", {})
                    types = inner.get("type") or ["register"]
                    types = types if isinstance(types, list) else [types]
                    pair = (types[0], inner.get("covers") or req.clause)
                    self.coverage.append((tuple(types), pair[1]))
                else:
                    pair = (sel.types[0] if sel.types else _type_for_kind(req.kind), target)
                if pair not in seen:
                    seen.add(pair)
                    self.selections.append(pair)
                if check.rule == "has_sections":
                    # a concept is written as its English name, the heading most documents would carry
                    headings = [c.name("en") for c in check.concepts]
                    headings += [s if isinstance(s, str) else s[0] for s in check.params.get("sections", [])]
                    self.section_rules.append((sel.types, target, headings))
                if check.rule in ("records_share", "records_in_period"):
                    fields = self.record_fields.setdefault(target, set())
                    fields.add(check.params.get("date_field", "opened"))
                    for cond in (check.params.get("condition"), check.params.get("where")):
                        if cond:
                            fields.add(cond["field"])
                            if cond.get("of"):
                                fields.add(cond["of"])
        for type_, clause in self.selections:
            if type_ == "record-set":
                self.record_fields.setdefault(clause, set())

    def lists_services(self, type_: str, clause: str) -> bool:
        """True when a register_coverage check reads this item's ``services`` (it must then list every one)."""
        return any(type_ in types and self.covers_target(clause, target) for types, target in self.coverage)

    def headings_for(self, type_: str, covers: list[str]) -> list[str]:
        """Every heading a has_sections check would ask of an item of this type covering these clauses."""
        out: list[str] = []
        for types, target, headings in self.section_rules:
            if types and type_ not in types:
                continue
            if any(self.covers_target(c, target) for c in covers):
                out.extend(h for h in headings if h not in out)
        return out


def _type_for_kind(kind: str) -> str:
    return {"documented-information": "procedure", "record": "record", "activity": "report",
            "determination": "register"}.get(kind, "other")


class Generator:
    def __init__(self, scale: int, seed: int, controls: Path, out: Path, *, files_per_scale: int = FILES_PER_SCALE,
                 records_per_scale: int = RECORDS_PER_SCALE):
        self.scale = scale
        self.files_per_scale = files_per_scale
        self.records_per_scale = records_per_scale
        self.rng = random.Random(f"{seed}:{scale}")
        self.catalog = Catalog(controls)
        self.controls = controls
        self.out = out
        self.write = Writer(out)
        self.services = [f"svc-{n:04d}" for n in range(1, 4 * scale + 1)]
        self.items = 0
        self.records = 0
        self.used_ids: set[str] = set()

    # -- text ---------------------------------------------------------------------------------------------------
    def sentence(self, words: int = 14) -> str:
        chosen = [self.rng.choice(WORDS) for _ in range(words)]
        return " ".join(chosen).capitalize() + "."

    def paragraph(self, sentences: int = 4) -> str:
        text = " ".join(self.sentence(self.rng.randint(9, 18)) for _ in range(sentences))
        return "\n".join(_wrap(text, 110))

    def past_date(self, low_days: int, high_days: int) -> date:
        return AS_OF - timedelta(days=self.rng.randint(low_days, high_days))

    # -- items --------------------------------------------------------------------------------------------------
    def unique_id(self, base: str) -> str:
        candidate, n = base, 2
        while candidate in self.used_ids:
            candidate, n = f"{base}-{n}", n + 1
        self.used_ids.add(candidate)
        return candidate

    def fields(self, id_: str, type_: str, title: str, covers: list[str], services: list[str]) -> dict:
        stale = self.rng.random() < 0.05
        approved = self.past_date(400, 700) if stale else self.past_date(20, 300)
        reviewed = approved + timedelta(days=self.rng.randint(0, 15))
        fields = {
            "id": id_, "type": type_, "title": title,
            "owner": self.rng.choice(ROLES), "approver": self.rng.choice(ROLES),
            "approved": approved.isoformat(), "version": f"{self.rng.randint(1, 6)}.{self.rng.randint(0, 9)}",
            "effective": (approved + timedelta(days=7)).isoformat(), "reviewed": reviewed.isoformat(),
            "review_interval": self.rng.choice(["12 months", "12 months", "6 months", "1 year"]),
            "covers": covers,
        }
        if services:
            fields["services"] = services
        return fields

    def markdown(self, folder: str, type_: str, title: str, covers: list[str], services: list[str], stem: str,
                 attachment: bool = False) -> None:
        id_ = self.unique_id(stem)
        fields = self.fields(id_, type_, title, covers, services)
        if attachment:
            name = f"attachments/{folder.replace('/', '-')}-{id_}-signed.svg"
            body = f'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"><text x="10" y="30">{id_} signed</text></svg>\n'
            self.write.text(f"evidence/{name}", body)
            depth = "../" * (folder.count("/") + 1)
            fields["attachments"] = [{"path": depth + name,
                                      "sha256": hashlib.sha256(body.encode()).hexdigest()}]
        headings = self.catalog.headings_for(type_, covers)
        if headings and self.rng.random() < 0.03:
            headings = headings[:-1]  # a document that lost a required section: a finding
        extra = ["Purpose", "Scope", "Responsibilities", "Records", "Related documents"]
        body = [f"# {title}", "", self.paragraph(2), ""]
        for heading in headings + [h for h in extra if h not in headings][: self.rng.randint(2, 5)]:
            body += [f"## {heading}", "", self.paragraph(self.rng.randint(2, 5)), ""]
            roll = self.rng.random()
            if roll < 0.25:
                body += [f"- {self.sentence(8)}" for _ in range(self.rng.randint(2, 5))] + [""]
            elif roll < 0.35:
                body += ["| Item | Owner | Target |", "|---|---|---|"]
                body += [f"| {self.rng.choice(WORDS)} | {self.rng.choice(ROLES)} | {self.rng.randint(90, 99)} % |"
                         for _ in range(self.rng.randint(2, 6))] + [""]
        text = "---\n" + dump_fields(fields) + "---\n\n" + "\n".join(body)
        self.write.text(f"evidence/{folder}/{id_}.md", text)
        self.items += 1

    def register(self, folder: str, type_: str, title: str, covers: list[str], services: list[str], stem: str) -> None:
        id_ = self.unique_id(stem)
        fields = self.fields(id_, type_, title, covers, services)
        entries = []
        for n in range(1, self.rng.randint(8, 25) + 1):
            entries.append({
                "id": f"{id_.upper()[:6]}-{n:02d}", "description": self.sentence(10), "owner": self.rng.choice(ROLES),
                "status": self.rng.choice(["open", "treated", "accepted", "closed"]),
                "last_review": self.past_date(5, 200).isoformat(),
                "services": self.rng.sample(services, min(len(services), 2)) if services else [],
            })
        fields["data"] = {"method": self.sentence(20), "entries": entries}
        self.write.text(f"evidence/{folder}/{id_}.yaml", f"# {title}\n" + dump_fields(fields))
        self.items += 1

    def item(self, folder: str, type_: str, title: str, covers: list[str], services: list[str], stem: str,
             attachment: bool = False) -> None:
        if type_ in YAML_TYPES:
            self.register(folder, type_, title, covers, services, stem)
        else:
            self.markdown(folder, type_, title, covers, services, stem, attachment)

    # -- records ------------------------------------------------------------------------------------------------
    def record_sets(self) -> None:
        clauses = sorted(self.catalog.record_fields, key=_clause_key)
        others = [c for c in clauses if c not in RECORD_SETS]
        total = self.records_per_scale * self.scale
        for clause in clauses:
            stem, title, share = RECORD_SETS.get(clause, (f"records-{clause.replace('.', '-')}",
                                                          f"Records for clause {clause}", None))
            if share is None:
                share = OTHER_RECORD_SHARE / max(1, len(others))
            rows = max(10, int(total * share))
            self.record_set(clause, stem, title, rows)

    def record_set(self, clause: str, stem: str, title: str, rows: int) -> None:
        needed = set(self.catalog.record_fields.get(clause, ())) | {"id", "opened", "status", "category", "priority"}
        incident_style = clause == INCIDENT_CLAUSE
        keyed = clause == KEYED_CLAUSE
        logical = sorted(needed | ({"resolved", "closed", "met_sla", "service"} if incident_style else set()))
        columns = {name: (f"{name}_at" if name in ("opened", "resolved", "closed") and incident_style else
                          "number" if name == "id" and incident_style else name) for name in logical}
        header = [columns[n] for n in logical] + ["assignment_group", "description"]
        date_names = {n for n in logical if n in ("opened", "resolved", "closed", "date") or n.endswith(("_at", "_on"))}
        if incident_style:
            fmt, missing, true, false = "%d-%m-%Y %H:%M", "?", "TRUE", "FALSE"
        else:
            fmt, missing, true, false = None, "", "true", "false"

        def when(moment: datetime) -> str:
            return moment.strftime(fmt) if fmt else moment.isoformat(timespec="minutes")

        rng = self.rng
        path = self.out / "evidence" / "records" / f"{stem}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        start = datetime.combine(AS_OF, datetime.min.time()) - timedelta(days=450)
        span = 450 * 24 * 60
        written = 0
        with path.open("w", newline="", encoding="utf-8") as fh:
            out = csv.writer(fh)
            out.writerow(header)
            serial = 0
            while written < rows:
                serial += 1
                opened = start + timedelta(minutes=rng.randrange(span))
                resolved = opened + timedelta(minutes=rng.randint(10, 9000)) if rng.random() < 0.95 else None
                closed = resolved + timedelta(days=rng.randint(0, 5)) if resolved and rng.random() < 0.97 else None
                values = {
                    "id": f"{stem[:3].upper()}{serial:07d}",
                    "opened": opened, "date": opened, "resolved": resolved, "closed": closed,
                    "status": "Closed" if closed else "Resolved" if resolved else "In progress",
                    "category": rng.choice(CATEGORIES) if rng.random() < 0.985 else None,
                    "priority": rng.choice(PRIORITIES) if rng.random() < 0.99 else None,
                    "met_sla": rng.random() < 0.93,
                    "service": rng.choice(self.services),
                    "approved_by": rng.choice(ROLES) if rng.random() < 0.97 else None,
                    "outcome": rng.choice(("successful", "successful", "successful", "failed", "backed out")) if closed else None,
                    "root_cause": rng.choice(WORDS) + " " + rng.choice(WORDS) if closed and rng.random() < 0.92 else None,
                }
                events = [values]
                if keyed and rows - written > 1:  # an event log: the change assessed, then its final state
                    events = [dict(values, status="Assessed", closed=None, outcome=None), values]
                for event in events:
                    row = []
                    for name in logical:
                        value = event[name] if name in event else _filler_value(name, opened, rng)
                        if value is None:
                            row.append(missing)
                        elif name in date_names:
                            row.append(when(value))
                        elif isinstance(value, bool):
                            row.append(true if value else false)
                        else:
                            row.append(value)
                    row += [rng.choice(GROUPS), self.sentence(6)]
                    out.writerow(row)
                    written += 1
        self.write.files += 1
        self.write.bytes += path.stat().st_size
        self.records += written

        id_ = self.unique_id(f"{stem}-records")
        fields = self.fields(id_, "record-set", title, [clause], [])
        spec: dict = {"path": f"{stem}.csv", "columns": columns}
        if keyed:
            spec["key"] = "id"
            spec["order_by"] = "file-order"  # each change's events are written oldest first
        if fmt:
            spec.update(date_format=fmt, true_values=[true], false_values=[false], missing=[missing, ""])
        fields["records"] = spec
        self.write.text(f"evidence/records/{id_}.yaml", f"# {title}\n" + dump_fields(fields))
        self.items += 1

    # -- the whole organisation ---------------------------------------------------------------------------------
    def profile(self) -> None:
        lines = [
            "# Synthetic organisation generated by benchmarks/generate.py (do not edit: regenerate).",
            "organization:",
            f'  name: "Synthetic Services {self.scale}x Ltd."',
            f'  short_name: "Synthetic {self.scale}x"',
            '  address: "1 Benchmark Way, Bristol"',
            f"scope: {yaml_scalar('Managed IT services of a synthetic organisation, for benchmarks. ' + self.sentence(30))}",
            "services:",
        ]
        for n, svc in enumerate(self.services):
            crit = ("high", "medium", "low")[n % 3]
            lines.append(f"  - {{id: {svc}, name: {yaml_scalar('Service ' + svc[4:] + ' ' + self.rng.choice(WORDS))}, criticality: {crit}}}")
        lines += [
            "audit:",
            f'  title: "Internal audit {AS_OF.year}"',
            f"  objectives: [{yaml_scalar(self.sentence(12))}]",
            '  criteria: ["ISO/IEC 20000-1:2018"]',
            f"  start: {AS_OF - timedelta(days=3)}",
            f"  end: {AS_OF}",
            '  locations: ["Bristol"]',
            '  team: [{name: "A. Auditor", role: "Lead auditor"}]',
            '  auditees: [{name: "B. Person", role: "Service manager"}]',
        ]
        self.write.text("evidence/organization.yaml", "\n".join(lines) + "\n")

    def core(self) -> None:
        """One item per (type, clause) the catalog selects; registers that must list every service do."""
        for type_, clause in self.catalog.selections:
            if type_ == "record-set":
                continue  # written with its records
            folder = FOLDERS.get(type_, "other")
            stem = f"{type_}-{clause.replace('.', '-')}"
            services = (list(self.services) if self.catalog.lists_services(type_, clause)
                        else self.rng.sample(self.services, min(3, len(self.services))))
            self.item(folder, type_, f"{type_.replace('-', ' ').capitalize()} for clause {clause}", [clause],
                      services, stem, attachment=self.rng.random() < 0.1)

    def filler(self, target_files: int) -> None:
        """Items per service until the tree has about ``target_files`` files."""
        leaves = [c for c in self.catalog.leaf_clauses]
        kinds = [  # (type, clause or None for a random leaf clause, title)
            ("agreement", "8.3.3", "Service level agreement"),
            ("report", "8.3.3", "Monthly service report"),
            ("minutes", "8.3.2", "Customer review minutes"),
            ("procedure", None, "Work instruction"),
            ("register", None, "Service register"),
            ("record", None, "Record"),
            ("report", None, "Report"),
            ("contract", "8.3.4.1", "Supplier contract"),
            ("plan", "8.4.3", "Capacity plan"),
            ("risk-assessment", "6.1", "Service risk assessment"),
        ]
        n = 0
        while self.write.files < target_files:
            svc = self.services[n % len(self.services)]
            type_, clause, title = kinds[n % len(kinds)]
            clause = clause or self.rng.choice(leaves)
            folder = f"services/{svc}/{FOLDERS.get(type_, 'other')}"
            self.item(folder, type_, f"{title} {clause} for {svc}", [clause], [svc],
                      f"{svc}-{type_}-{n:05d}", attachment=self.rng.random() < 0.05)
            n += 1

    def judgments(self) -> None:
        lines = ["judgments:"]
        for index, rid in enumerate(self.catalog.manual[::3]):
            result = ("conformant", "conformant", "partially-conformant", "nonconformant")[index % 4]
            lines += [
                f"  - requirement: {yaml_scalar(rid)}",
                f"    result: {result}",
                f"    method: {('interview', 'document-review', 'sampling', 'observation')[index % 4]}",
                f"    note: {yaml_scalar(self.sentence(12))}",
                '    auditor: "A. Auditor"',
                f"    date: {AS_OF - timedelta(days=index % 3)}",
            ]
        path = self.out / "judgments.yaml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def run(self) -> dict:
        shutil.copytree(self.controls, self.out / "controls")
        self.profile()
        self.record_sets()
        self.core()
        self.filler(self.files_per_scale * self.scale)
        self.judgments()
        return {"scale": self.scale, "evidence_files": self.write.files, "evidence_bytes": self.write.bytes,
                "evidence_items": self.items, "records": self.records, "services": len(self.services)}


def _filler_value(name: str, opened: datetime, rng: random.Random):
    """A value for a logical field the generator has no story for, of the type auditkit will read it as."""
    if name.endswith(("_at", "_on")):
        return opened + timedelta(hours=rng.randint(1, 48))
    if name.startswith(("met_", "is_", "has_")):
        return rng.random() < 0.9
    return rng.choice(WORDS)


def _clause_key(clause: str) -> tuple:
    return tuple(int(p) for p in clause.split(".") if p.isdigit())


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return lines + ([line] if line else [])


def reusable(out: Path, stamp: dict) -> dict | None:
    """The manifest of the organisation in ``out`` if it was generated from ``stamp``; else None, ``out`` removed."""
    manifest_path = out / "manifest.json"
    if manifest_path.is_file():
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("stamp") == stamp:
            return manifest
    if out.exists():
        shutil.rmtree(out)
    return None


def tree_digest(path: Path) -> str:
    """sha256 over every file's relative path and bytes: what a cached organisation was generated from."""
    digest = hashlib.sha256()
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        digest.update(str(file.relative_to(path)).encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def generate(scale: int, out: Path, *, seed: int = DEFAULT_SEED, controls: Path | None = None,
             files_per_scale: int = FILES_PER_SCALE, records_per_scale: int = RECORDS_PER_SCALE) -> dict:
    """Generate the organisation of ``scale`` into ``out`` unless an identical one is there; return its manifest.

    ``files_per_scale`` and ``records_per_scale`` shrink an organisation for tests (the benchmarks keep the
    defaults: 100 files and 10,000 ticket records per unit of scale).
    """
    controls = Path(controls or Path(__file__).resolve().parents[1] / "controls")
    stamp = {"generator": GENERATOR_VERSION, "seed": seed, "scale": scale, "controls": tree_digest(controls),
             "files_per_scale": files_per_scale, "records_per_scale": records_per_scale}
    cached = reusable(out, stamp)
    if cached is not None:
        return cached
    out.mkdir(parents=True)
    manifest = Generator(scale, seed, controls, out, files_per_scale=files_per_scale,
                         records_per_scale=records_per_scale).run()
    manifest["stamp"] = stamp
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def records_only_project(project: Path, out: Path) -> Path:
    """A project with the organisation's profile, catalog and record sets only (record exports hard-linked).

    Assessing it measures what streaming the records costs, memory above all, without the documents.
    """
    manifest = json.loads((project / "manifest.json").read_text())
    marker = out / "source.json"
    if marker.is_file() and json.loads(marker.read_text()) == manifest["stamp"]:
        return out
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(project / "controls", out / "controls")
    (out / "evidence" / "records").mkdir(parents=True)
    shutil.copy2(project / "evidence" / "organization.yaml", out / "evidence" / "organization.yaml")
    for source in sorted((project / "evidence" / "records").iterdir()):
        target = out / "evidence" / "records" / source.name
        if source.suffix == ".csv":
            try:
                os.link(source, target)
            except OSError:  # another file system: copy
                shutil.copy2(source, target)
        elif source.suffix == ".yaml" and (yaml.safe_load(source.read_text(encoding="utf-8")) or {}).get("type") == "record-set":
            shutil.copy2(source, target)
    marker.write_text(json.dumps(manifest["stamp"]))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, required=True, help="1, 10, 100 ... (about 100 files per unit)")
    parser.add_argument("--out", type=Path, required=True, help="project folder to write")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--controls", type=Path, help="catalog to generate against (default: the bundled controls/)")
    parser.add_argument("--files-per-scale", type=int, default=FILES_PER_SCALE)
    parser.add_argument("--records-per-scale", type=int, default=RECORDS_PER_SCALE)
    args = parser.parse_args(argv)
    manifest = generate(args.scale, args.out, seed=args.seed, controls=args.controls,
                        files_per_scale=args.files_per_scale, records_per_scale=args.records_per_scale)
    print(json.dumps(manifest))
    return 0


if __name__ == "__main__":
    sys.exit(main())
