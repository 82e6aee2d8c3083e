#!/usr/bin/env python3
"""Rebuild the example organisation's two audit cycles: history/ (snapshots) and actions/ (the register).

    .venv/bin/python history/build_example.py            # rebuild, printing every auditkit command it runs

Cycle 2025 is assessed on a copy of the project whose dates are all moved back one year (ISO dates, day-month-
year dates in record exports, and years in running text of descriptors and documents), so the 2025 evidence
stands to 2025-11-05 as today's stands to 2026-11-05. Its auditor judgments differ in a few places, as a real
audit a year earlier would (see ``judgments_2025``). The corrective actions raised from it are then worked
through 2026 with the real commands, each run with the clock set to its day (SOURCE_DATE_EPOCH), before the
2026 assessment is recorded and synced. See history/README.md for the story and the walk-through.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AUDITKIT = str(Path(sys.executable).parent / "auditkit")
AS_OF_2025, AS_OF_2026 = "2025-11-05", "2026-11-05"
COMMANDS: list[str] = []

# --- the 2025 copy ----------------------------------------------------------------------------------------

_ISO = re.compile(r"\b(20\d\d)-(\d\d)-(\d\d)")
_DMY = re.compile(r"\b(\d\d)([-/.])(\d\d)\2(20\d\d)\b")
_YEAR = re.compile(r"(?<![\w./-])(20[12]\d)(?![\w/-]|\.\d)")


def _year_back(y: str, m: str, d: str) -> tuple[str, str, str]:
    year = int(y) - 1
    day = d
    if m == "02" and d == "29":
        day = "28"
    return str(year), m, day


def shift_text(text: str, years_in_prose: bool) -> str:
    """Every date one year earlier; with ``years_in_prose``, also years standing alone ("audit 2026")."""
    text = _ISO.sub(lambda m: "-".join(_year_back(m[1], m[2], m[3])), text)
    text = _DMY.sub(lambda m: f"{_year_back(m[4], m[3], m[1])[2]}{m[2]}{m[3]}{m[2]}{int(m[4]) - 1}", text)
    if years_in_prose:
        text = _YEAR.sub(lambda m: str(int(m[1]) - 1), text)
    return text


def judgments_2025(text: str) -> str:
    """The 2025 auditor judgments: this year's, a year earlier, less three 2026-only findings, plus the three
    minor nonconformities of the 2025 internal audit (the organisation's own register, NC-2025-01..03)."""
    import yaml

    data = yaml.safe_load(shift_text(text, years_in_prose=True)) or {"judgments": []}
    only_2026 = {"7.3-01", "7.6-01", "8.6.1-13"}
    found_2025 = [
        {"requirement": "8.3.4.1-09", "result": "partially-conformant", "grade": "minor-nc", "method": "document-review",
         "sample": "supplier register and review minutes 2025",
         "note": "Kestrel contract renewed without a review; no Kestrel performance review recorded in 2025.",
         "auditor": "Aisha Siddiqui", "date": "2025-11-04"},
        {"requirement": "8.5.1.3-14", "result": "nonconformant", "grade": "minor-nc", "method": "sampling",
         "sample": "15 emergency changes of July-October 2025",
         "note": "4 of 15 sampled emergency changes had no retrospective CAB review of their outcome.",
         "auditor": "Martin Cole", "date": "2025-11-04"},
        {"requirement": "7.2-05", "result": "nonconformant", "grade": "minor-nc", "method": "sampling",
         "sample": "training and competence records of 9 Suzhou staff",
         "note": "No competence evidence for two Suzhou analysts recruited in 2025.",
         "auditor": "Li Na", "date": "2025-11-03"},
    ]
    replaced = only_2026 | {j["requirement"] for j in found_2025}
    kept = [j for j in data["judgments"] if j["requirement"] not in replaced]
    for j in kept:  # YAML read the dates as dates; write them back as text
        j["date"] = str(j["date"])
    data["judgments"] = kept + found_2025
    return "# Auditor judgments of the 2025 internal audit (built by history/build_example.py)\n" + yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, width=110)


def make_2025_copy(work: Path) -> Path:
    project = work / "meridian-bay-2025"
    for name in ("controls", "evidence"):
        shutil.copytree(ROOT / name, project / name)
    if (ROOT / "auditkit.yaml").is_file():
        shutil.copy2(ROOT / "auditkit.yaml", project / "auditkit.yaml")
    for path in (project / "evidence").rglob("*"):
        if not path.is_file() or "attachments" in path.parts or "branding" in path.parts:
            continue  # attachments are signed (their sha256 is recorded): left as they are
        if path.suffix in (".yaml", ".yml", ".md", ".csv", ".json"):
            text = path.read_text("utf-8")
            path.write_text(shift_text(text, years_in_prose=path.suffix in (".yaml", ".yml", ".md")), "utf-8")
    source = ROOT / "judgments.yaml"
    (project / "judgments.yaml").write_text(judgments_2025(source.read_text("utf-8") if source.is_file() else ""), "utf-8")
    return project


# --- running auditkit as a person would ---------------------------------------------------------------------

def epoch(day: str, hour: int = 9) -> str:
    return str(int(datetime.fromisoformat(f"{day}T{hour:02d}:00:00").replace(tzinfo=timezone.utc).timestamp()))


def run(day: str, *args: str, cwd: Path = ROOT, show: bool = True, hour: int = 9) -> str:
    """Run ``auditkit ARGS`` on ``day`` (the clock set to that day), print and log the command."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch(day, hour), "AUDITKIT_NO_PROGRESS": "1"}
    shown = "auditkit " + " ".join(_quote(a) for a in args)
    if show:
        COMMANDS.append(f"{day}  {shown}")
        print(f"[{day}] {shown}", flush=True)
    done = subprocess.run([AUDITKIT, *args], cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {shown}\n{done.stdout}\n{done.stderr}")
    return done.stdout


def _quote(arg: str) -> str:
    return arg if re.fullmatch(r"[\w.,:/=@+-]+", arg) else "'" + arg.replace("'", "'\\''") + "'"


def assess_json(cwd: Path, as_of: str) -> dict:
    out = subprocess.run([AUDITKIT, "assess", "--as-of", as_of, "-f", "json"], cwd=cwd, capture_output=True, text=True,
                         env={**os.environ, "AUDITKIT_NO_PROGRESS": "1"})
    if out.returncode != 0:
        sys.exit(f"cannot assess {cwd} as of {as_of}:\n{out.stderr}")
    return json.loads(out.stdout)


def nonconformities(assessment: dict) -> dict[str, str]:
    return {f["requirement"]: f["grade"] for f in assessment["findings"] if f["grade"] in ("major-nc", "minor-nc")}


# --- the story ----------------------------------------------------------------------------------------------

def pick(preferred: list[str], pool: list[str], used: set[str]) -> str | None:
    for rid in preferred + pool:
        if rid in pool and rid not in used:
            used.add(rid)
            return rid
    return None


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="auditkit-example-"))
    try:
        build(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def build(work: Path) -> None:
    copy = make_2025_copy(work)
    y25 = nonconformities(assess_json(copy, AS_OF_2025))
    y26 = nonconformities(assess_json(ROOT, AS_OF_2026))
    persisting = [r for r in y25 if r in y26]
    majors = [r for r in persisting if y25[r] == "major-nc"]
    used: set[str] = set()
    roles = {
        "recurrence": pick(["8.6.3-02"], majors or persisting, used),
        "ineffective": pick(["8.5.1.3-12"], majors or persisting, used),
        "overdue": pick(["8.4.3-01", "8.3.3-03"], majors or persisting, used),
        "closed": [r for r in ("8.3.4.1-09", "7.2-05") if r in y25 and r not in y26],
        "verify": pick(["8.5.1.3-14"], [r for r in y25 if r not in y26], used),
        "rejected": pick(["7.5.4-07"], [r for r in persisting if y25[r] == "minor-nc"], used),
    }
    used.update(roles["closed"])
    print(f"2025 copy: {len(y25)} nonconformities; 2026: {len(y26)}; persisting: {len(persisting)}")
    print("roles:", json.dumps(roles))
    missing = [k for k, v in roles.items() if not v]
    if missing:
        sys.exit(f"the example evidence no longer supports the story ({', '.join(missing)}): adjust build_example.py")

    # start afresh: the example's history and register are outputs of this script
    for path in list((ROOT / "history").glob("S*.json")) + [ROOT / "history" / "HEAD"]:
        path.unlink(missing_ok=True)
    shutil.rmtree(ROOT / "actions", ignore_errors=True)

    # cycle 2025: assessed and recorded on the copy; the snapshot and HEAD become the start of the history
    run(AS_OF_2025, "assess", "--as-of", AS_OF_2025, "--record", cwd=copy, hour=16)
    COMMANDS[-1] += "      # on the 2025 copy (see above)"
    for path in (copy / "history").iterdir():
        if path.name.startswith("S") or path.name == "HEAD":
            shutil.copy2(path, ROOT / "history" / path.name)

    run("2025-11-07", "actions", "sync")
    from auditkit.outputs.actions import Register

    ids, firsts = {}, {}
    for action in Register(ROOT).load_all():
        firsts[action.requirements[0]] = action.id
        for requirement in action.requirements:  # an action may answer findings of several requirements
            ids.setdefault(requirement, action.id)

    def t(day, rid, state, note, *extra):
        run(day, "actions", "transition", ids[rid], state, "--by", extra[0] if extra else "Daniel Okafor",
            "--note", note, "--on", day, *extra[1:])

    def e(day, rid, *sets, by="Daniel Okafor"):
        args = []
        for s in sets:
            field, _, value = s.lstrip("+").partition("=")
            if re.search(r""": |#|^[&*!|>'"%@`]""", value) and not value.startswith(("{", "[")):
                value = json.dumps(value, ensure_ascii=False)  # a YAML string, quoted
            args += ["--append" if s.startswith("+") else "--set", f"{field}={value}"]
        run(day, "actions", "edit", ids[rid], "--by", by, "--on", day, *args)

    # owners for every action raised (the service manager assigns them at the closing meeting's follow-up)
    owners = {"8.3.4.1": "Joanne Pike", "8.5": "Owen Fraser", "7.2": "Nadia Hussain", "8.6": "Lucy Harding",
              "8.4": "Priya Raman", "8.7": "Priya Raman", "7.5": "Daniel Okafor", "8.3": "Tom Beckett"}
    for rid, action_id in sorted(firsts.items()):  # each action once, by its first requirement
        owner = next((o for prefix, o in owners.items() if rid.startswith(prefix)), "Daniel Okafor")
        e("2025-11-10", rid, f"owner={owner}")

    # sync answers the findings of one subclause with one action: each role of the story needs an action of its
    # own, so a role whose action another role already has takes the next candidate of its pool
    severe = sorted(majors) + sorted(r for r in persisting if r not in majors)  # a major first, then any persisting
    pools = {"recurrence": severe, "ineffective": severe, "overdue": severe,
             "verify": sorted(r for r in y25 if r not in y26),
             "rejected": sorted(r for r in persisting if y25[r] == "minor-nc")}
    taken = {ids[r] for r in roles["closed"] if r in ids}
    for role in ("recurrence", "ineffective", "overdue", "verify", "rejected"):
        if ids[roles[role]] in taken:
            again = next((r for r in pools[role] if r in ids and ids[r] not in taken), None)
            if again is None:
                sys.exit(f"no action of its own for the role {role}: adjust build_example.py")
            print(f"{role}: {roles[role]} shares its action; {again} instead")
            roles[role] = again
        taken.add(ids[roles[role]])
    rec, ineff, over, ver, rej = (roles[k] for k in ("recurrence", "ineffective", "overdue", "verify", "rejected"))
    # a duplicate is rejected with a justification
    t("2025-11-12", rej, "rejected", "Same gap as the continuity plan approval findings; followed in their action")

    # the two minors of the 2025 internal audit that were closed with verification
    for rid, fix, cause, what, who, proof in [
        ("8.3.4.1-09", "Kestrel review held 2025-12-04", "Review schedule kept only in the supplier owner's calendar",
         "Review dates added to the supplier register; monthly check by the commercial manager", "Joanne Pike",
         "IA-2026-01 sampled the supplier register: all quarterly reviews held in 2026"),
        ("7.2-05", "Competence records completed for the two analysts",
         "Suzhou HR records held locally, not in the group HR system", "Suzhou onboarding moved to the group HR system",
         "Nadia Hussain", "All 9 Suzhou staff have competence records in the group HR system (checked 2026-04-20)"),
    ]:
        if rid not in roles["closed"]:
            continue
        e("2025-12-04", rid, f"correction={fix}")
        t("2025-12-04", rid, "corrected", "Containment done")
        e("2025-12-15", rid, "root_cause.method=5-whys", f"root_cause.analysis={cause}")
        t("2025-12-15", rid, "cause-analysed", "Root cause agreed with the process owner")
        e("2025-12-16", rid, f"+actions={{description: '{what}', owner: '{who}', due: 2026-01-30}}")
        t("2025-12-16", rid, "action-planned", "Plan accepted by the service manager")
        e("2026-01-26", rid, "actions.0.done=2026-01-26")
        t("2026-01-26", rid, "implemented", "Action done")
        t("2026-04-22", rid, "verified-effective", "Effective at the follow-up internal audit", "Martin Cole",
          "--evidence", proof)
        t("2026-04-30", rid, "closed", "Closed by the management representative")

    # a minor implemented and waiting for verification: the 2026 sync proposes it
    e("2025-12-01", ver, "correction=Retrospective CAB review held for the 4 emergency changes")
    t("2025-12-01", ver, "corrected", "Containment done")
    e("2025-12-10", ver, "root_cause.method=5-whys",
      "root_cause.analysis=Emergency changes were not listed on the CAB agenda automatically")
    t("2025-12-10", ver, "cause-analysed", "Root cause agreed")
    e("2025-12-11", ver, "+actions={description: 'Ticketflow CAB report lists every emergency change of the past week',"
      " owner: Owen Fraser, due: 2026-01-30}")
    t("2025-12-11", ver, "action-planned", "Plan accepted")
    e("2026-01-20", ver, "actions.0.done=2026-01-20")
    t("2026-01-20", ver, "implemented", "Report live since 2026-01-20")

    # the major that recurs: closed in spring 2026, nonconformant again at the 2026 audit
    e("2025-11-20", rec, "correction=Root causes added to the open problem records")
    t("2025-11-20", rec, "corrected", "Containment done")
    e("2025-12-05", rec, "root_cause.method=ishikawa",
      "root_cause.analysis=Method: problem manager not trained in RCA. Machine: root cause field optional in Ticketflow.")
    t("2025-12-05", rec, "cause-analysed", "Ishikawa workshop with the problem manager")
    e("2025-12-08", rec, "+actions={description: RCA training for the problem manager, owner: Lucy Harding, due: 2026-01-31}")
    t("2025-12-08", rec, "action-planned", "Plan accepted")
    e("2026-01-30", rec, "actions.0.done=2026-01-29")
    t("2026-01-30", rec, "implemented", "Training held 2026-01-29")
    t("2026-03-16", rec, "verified-effective", "10 of 10 problems closed in Q1 2026 have a root cause",
      "Aisha Siddiqui", "--evidence", "Problem records PRB26001-PRB26010: root cause recorded for all ten")
    t("2026-03-20", rec, "closed", "Closed after verification")

    # the major whose action proved ineffective and is now overdue
    e("2025-11-25", ineff, "correction=Remediation plans written for the open normal changes")
    t("2025-11-25", ineff, "corrected", "Containment done")
    e("2025-12-02", ineff, "root_cause.method=5-whys",
      "root_cause.analysis=The change template does not ask for a remediation plan; CAB does not check for one")
    t("2025-12-02", ineff, "cause-analysed", "Root cause agreed with the change manager")
    e("2025-12-03", ineff, "+actions={description: Add a mandatory remediation plan field to the change template,"
      " owner: Owen Fraser, due: 2026-01-31}")
    t("2025-12-03", ineff, "action-planned", "Plan accepted")
    e("2026-01-28", ineff, "actions.0.done=2026-01-28")
    t("2026-01-28", ineff, "implemented", "Template changed")
    t("2026-09-09", ineff, "ineffective", "IA-2026-02: the field is filled with 'n/a' in 3 of 10 sampled changes",
      "Aisha Siddiqui", "--evidence", "IA-2026-02 sample of 10 normal changes, August 2026")

    # the major left waiting: overdue since its 90 days ran out
    e("2025-12-01", over, "correction=Capacity figures collected from the monitoring tools")
    t("2025-12-01", over, "corrected", "Containment done")
    e("2026-02-20", over, "root_cause.method=other", "root_cause.analysis=No owner for capacity planning since 2025")
    t("2026-02-20", over, "cause-analysed", "Owner to be appointed by the managing director")

    # cycle 2026: the real evidence, recorded, then synced
    run(AS_OF_2026, "assess", "--as-of", AS_OF_2026, "--record", hour=16)
    sync_out = run("2026-11-06", "actions", "sync")
    print(sync_out)
    for needed in ("recurrence", "to verify"):
        if needed not in sync_out:
            sys.exit(f"the 2026 sync shows no {needed}: the story broke")

    recurrence_id = re.search(r"recurrence (\S+) ", sync_out)[1]
    write_walkthrough(ids, roles, recurrence_id)

    log = ROOT / "history" / "build-commands.txt"
    log.write_text("# The commands history/build_example.py ran, each with the clock set to its day.\n"
                   + "\n".join(COMMANDS) + "\n", "utf-8")
    print(f"wrote {log.relative_to(ROOT)}")


def write_walkthrough(ids: dict, roles: dict, recurrence_id: str) -> None:
    """Put the walk-through, with this build's action ids, between the markers of history/README.md."""
    closed, ineff, over, ver, rec = (ids[roles["closed"][0]], ids[roles["ineffective"]], ids[roles["overdue"]],
                                     ids[roles["verify"]], ids[roles["recurrence"]])
    block = f"""```sh
auditkit history                              # S0001 2025-11-05 and S0002 2026-11-05: scores, change, grades
auditkit verify                               # history intact: 2 snapshots ... chained; exit 0
auditkit diff S0001 S0002                     # per-clause change, new gaps, resolved gaps, changed grades
auditkit actions list --as-of 2026-11-06      # closed, rejected, implemented, overdue actions
auditkit actions list --overdue --as-of 2026-11-06 --group-by owner
auditkit actions show {closed}            # {roles["closed"][0]}: closed after a verification record
auditkit actions show {ineff}            # {roles["ineffective"]}: implemented, found ineffective, overdue
auditkit actions show {rec}            # {roles["recurrence"]}: closed 2026-03-20 ...
auditkit actions show {recurrence_id}            # ... and back in 2026: recurrence_of {rec}
auditkit actions sync                         # idempotent: nothing new; proposes {ver} for verification
auditkit programme --as-of 2026-11-06 --cycle-start 2026-02-16
                                              # internal audits over the cycle; what is due before the
                                              # surveillance audit of February 2027
```

To carry on the story (in a scratch copy, or restore with git afterwards):

```sh
auditkit actions transition {ver} verified-effective --by "Aisha Siddiqui" \\
    --note "12 of 12 sampled emergency changes reviewed" --evidence "IA-2026-03 sample, November 2026"
auditkit actions transition {ver} closed --by "Daniel Okafor" --note "Verified at the 2026 audit"
auditkit actions transition {over} verified-effective --by X --note Y --evidence Z
                                              # refused, exit 2: nothing is verified before it is implemented
auditkit actions edit {recurrence_id} --by "Daniel Okafor" --set owner="Lucy Harding"
sed -i '0,/"score": 0\\./s//"score": 1.0/' history/S0002-2026-11-05.json && auditkit verify
                                              # exit 1: history/S0002-2026-11-05.json: tampered ...
```"""
    readme = ROOT / "history" / "README.md"
    text = readme.read_text("utf-8")
    start, end = "<!-- walkthrough:start (written by build_example.py) -->", "<!-- walkthrough:end -->"
    head, _, rest = text.partition(start)
    _, _, tail = rest.partition(end)
    readme.write_text(f"{head}{start}\n{block}\n{end}{tail}", "utf-8")


if __name__ == "__main__":
    main()
