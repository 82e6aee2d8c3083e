"""``auditkit history``, ``auditkit diff A B``, ``auditkit verify`` and ``auditkit programme``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from auditkit.model.assessment import FINDING_GRADES
from auditkit.outputs.actions import Register
from auditkit.outputs.actions.policy import raw_config_section
from auditkit.inputs.dates import parse_date
from auditkit.model.errors import ConfigError, Problem, UsageError, said_of
from auditkit.outputs.history import diff as diff_assessments
from auditkit.outputs.history.diff import exact
from auditkit.outputs.history import load_history, resolve, verify as verify_history
from auditkit.outputs.history.programme import ProgrammeSettings, plan
from auditkit.cli import language, main
from auditkit.model.clauses import clause_key
from auditkit.model.text import percent
from auditkit.outputs.render.common import clause_title, finding_gap
from auditkit.cli.common import (EXIT_GATE, add_row_safe, as_of_option, build_config, echo_safe, format_option,
                                 project_options, run_guarded)




def _points(change) -> str:
    return "" if change is None else f"{change * 100:+.1f}"


def _console() -> Console:
    return Console(width=130, highlight=False, emoji=False, no_color=True, force_terminal=False)


@main.command("history")
@project_options
@format_option("history")
def history_command(project, config, controls, extra_catalogs, evidence, judgments, fmt):
    """List the recorded assessments (snapshots) with their scores, oldest first."""

    def body():
        cfg = build_config(project, config, controls, extra_catalogs, evidence, judgments)
        snapshots = load_history(cfg.root)
        rows = []
        for s in snapshots:
            counts = s.assessment["summary"]["grade_counts"]
            rows.append({"id": s.id, "as_of": s.as_of, "recorded_at": s.meta["recorded_at"], "overall": s.overall,
                         "exact": exact(s.assessment["summary"]["overall"]),
                         "major-nc": counts.get("major-nc", 0), "minor-nc": counts.get("minor-nc", 0),
                         "observation": counts.get("observation", 0),
                         "catalog": f"{s.meta['catalog']['id']} {s.meta['catalog']['version']}",
                         "tool": s.meta["tool"]["version"], "files": len(s.data["manifest"]), "file": s.file,
                         "hash": s.hash})
        if fmt == "json":
            click.echo(json.dumps(rows, indent=2))
            return 0
        if not rows:
            language.say("history.none")
            return 0
        table = Table(show_edge=False)
        for name in ("snapshot", "as_of", "recorded", "overall", "change", "major", "minor", "obs", "catalog", "files"):
            table.add_column(language.text(f"history.col.{name}"),
                             justify="right" if name in ("overall", "change", "major", "minor", "obs", "files") else "left")
        previous = None
        for row in rows:
            change = "" if previous is None or row["exact"] is None else _points(row["exact"] - previous)
            add_row_safe(table, row["id"], row["as_of"], row["recorded_at"], percent(row["overall"]), change,
                          str(row["major-nc"]), str(row["minor-nc"]), str(row["observation"]), row["catalog"],
                          str(row["files"]))
            previous = row["exact"]
        console = _console()
        with console.capture() as capture:
            console.print(table)
        click.echo(capture.get(), nl=False)
        language.say("history.count.one" if len(rows) == 1 else "history.count", n=len(rows))
        return 0

    run_guarded(body)


@main.command("diff")
@project_options
@format_option("diff")
@click.argument("a", default="previous")
@click.argument("b", default="latest")
def diff_command(project, config, controls, extra_catalogs, evidence, judgments, fmt, a, b):
    """Compare two snapshots A and B (default: previous and latest): per-clause score change, new gaps,
    resolved gaps and changed grades. A and B: snapshot id (S0002), sequence, as-of date, latest, previous,
    or a snapshot file."""

    def body():
        cfg = build_config(project, config, controls, extra_catalogs, evidence, judgments)
        snapshots = load_history(cfg.root)
        first, second = resolve(cfg.root, a, snapshots), resolve(cfg.root, b, snapshots)
        result = diff_assessments(first.assessment, second.assessment)
        result["from"]["snapshot"], result["to"]["snapshot"] = first.id, second.id
        if fmt == "json":
            click.echo(json.dumps(result, indent=2, ensure_ascii=False))
            return 0
        _print_diff(result, second.assessment, language.current())
        return 0

    run_guarded(body)


def _print_diff(d: dict, now: dict, lang: str) -> None:
    """The diff for a terminal in ``lang``: requirement and clause titles, grades and gaps from the later
    assessment (``now``) where the language is not English."""
    f, t = d["from"], d["to"]
    say = language.text
    grades = _grade_words(lang)
    results = {r["requirement"]: r for r in now["results"]}
    findings = {x["requirement"]: x for x in now["findings"]}

    def title(g: dict) -> str:
        result = results.get(g["requirement"])
        return (result["title"].get(lang) or g["title"]) if result and lang != "en" else g["title"]

    def gap(g: dict) -> str:
        finding = findings.get(g["requirement"])
        return finding_gap(now, finding, lang) if finding is not None and lang != "en" else g["gap"]

    echo_safe(f"{f['snapshot']} ({f['as_of']}) -> {t['snapshot']} ({t['as_of']})")
    echo_safe(say("diff.overall", before=percent(f["overall"]), after=percent(t["overall"]),
                  change=_points(d["overall_change"])))
    for grade in FINDING_GRADES:
        echo_safe(f"  {grades.get(grade, grade)}: {f['grade_counts'].get(grade, 0)} -> {t['grade_counts'].get(grade, 0)}")
    table = Table(title=say("text.scores"), title_justify="left", show_edge=False)
    for name, justify in (("clause", "left"), ("title", "left"), ("from", "right"), ("to", "right"), ("change", "right")):
        table.add_column(say(f"diff.col.{name}"), justify=justify)
    clause_titles = {c["clause"]: clause_title(c, lang) for c in now.get("clauses", [])}
    for c in d["clauses"]:
        add_row_safe(table, c["clause"], clause_titles.get(c["clause"]) or c["title"], percent(c["from"]),
                     percent(c["to"]), _points(c["change"]))
    console = _console()
    with console.capture() as capture:
        console.print(table)
    click.echo(capture.get(), nl=False)
    echo_safe("\n" + say("diff.new", n=len(d["new_gaps"])))
    for g in d["new_gaps"]:
        echo_safe(say("diff.new_line", grade=f"{grades.get(g['grade'], g['grade']):<12}",
                      requirement=f"{g['requirement']:<11}", title=title(g), gap=gap(g)))
    echo_safe(say("diff.resolved", n=len(d["resolved_gaps"])))
    for g in d["resolved_gaps"]:
        echo_safe(say("diff.resolved_line", grade=f"{grades.get(g['grade'], g['grade']):<12}",
                      requirement=f"{g['requirement']:<11}", title=title(g), now=_status_word(g["now"], lang)))
    echo_safe(say("diff.changed", n=len(d["changed_grades"])))
    for g in d["changed_grades"]:
        echo_safe(say("diff.changed_line", requirement=f"{g['requirement']:<11}", before=grades.get(g["from"], g["from"]),
                      after=grades.get(g["to"], g["to"]), direction=say(f"diff.{g['direction']}"), title=title(g)))
    echo_safe(say("diff.persisting", n=d["persisting_gaps"]))


def _grade_words(lang: str) -> dict[str, str]:
    """Grades as the terminal has always written them in English (their keys), by the vocabulary otherwise."""
    from auditkit.outputs.vocabulary import enum_labels  # start-up time: only a diff or a verify needs it

    return {} if lang == "en" else enum_labels(lang)["grade"]


def _status_word(status: str, lang: str) -> str:
    from auditkit.outputs.vocabulary import enum_labels  # start-up time: only a diff needs it

    return status if lang == "en" else enum_labels(lang)["status"].get(status, status)


@main.command("verify")
@project_options
@click.option("--adopt", metavar="SNAPSHOT",
              help="After a record was interrupted before it moved HEAD: make HEAD name SNAPSHOT, the last one.")
@click.option("--require-signature", is_flag=True,
              help="Every snapshot and HEAD must carry a valid SSH signature by an allowed signer.")
@click.option("--allowed-signers", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="ssh-keygen allowed-signers file (default: $AUDITKIT_ALLOWED_SIGNERS, else git's "
                   "gpg.ssh.allowedSignersFile).")
@click.option("--against-git", "git_ref", metavar="REF",
              help="Also compare with the history committed at REF: nothing committed may be missing, changed or "
                   "rewound.")
def verify_command(project, config, controls, extra_catalogs, evidence, judgments, adopt, require_signature,
                   allowed_signers, git_ref):
    """Check the history's hash chain; name every tampered, renamed, reordered or missing snapshot, and a
    missing or rewound HEAD.

    Exit status 0 when the chain is intact, 1 when it is not.
    """

    def body():
        cfg = build_config(project, config, controls, extra_catalogs, evidence, judgments)
        if adopt:
            from auditkit.outputs.history import adopt as adopt_head  # start-up time: only --adopt needs it

            adopted = adopt_head(cfg.root, adopt)
            language.say("verify.adopted", id=adopted.id, file=str(adopted.file), err=True)
        report = verify_history(cfg.root)
        anchored = []
        if require_signature or git_ref:
            from auditkit.outputs.history import anchors  # start-up time: only these options need it

            if require_signature:
                problems, signers = anchors.signature_problems(
                    cfg.root, report.snapshots, anchors.allowed_signers_file(allowed_signers))
                report.problems.extend(problems)
                anchored.append(language.text("verify.signed", signers=", ".join(sorted(signers)))
                                if signers else language.text("verify.signed_by_nobody"))
            if git_ref:
                report.problems.extend(anchors.git_problems(cfg.root, report.snapshots, git_ref))
                anchored.append(language.text("verify.against_git", ref=git_ref))
        for problem in report.problems:
            echo_safe(language.text("cli.error_line", where=str(problem.location), text=problem.text(language.current())),
                      err=True)
        for warning in report.warnings:
            echo_safe(f"{warning.location}: warning: {warning.text(language.current())}", err=True)
        if report.problems:
            n = len(report.problems)
            language.say("verify.broken.one" if n == 1 else "verify.broken", n=n, err=True)
            return EXIT_GATE
        if not report.snapshots:
            language.say("verify.none")
            return 0
        first, last = report.snapshots[0], report.snapshots[-1]
        n = len(report.snapshots)
        echo_safe(language.text("verify.intact.one" if n == 1 else "verify.intact", n=n, first=f"{first.id} {first.as_of}",
                                last=f"{last.id} {last.as_of}", hash=last.hash)
                  + "".join(language.text("verify.and", text=a) for a in anchored))
        return 0

    run_guarded(body)


@main.command("programme")
@project_options
@as_of_option
@click.option("--cycle-start", metavar="YYYY-MM-DD",
              help="Certification decision date starting the 3-year cycle (default: programme.cycle_start in "
                   "auditkit.yaml, else the first snapshot's date).")
@click.option("--rounds-per-year", type=click.IntRange(1, 12), help="Internal audit rounds per year (default 2).")
@format_option("programme")
def programme_command(project, config, controls, extra_catalogs, evidence, judgments, as_of, cycle_start,
                      rounds_per_year, fmt):
    """Plan internal audits over the three-year certification cycle: every clause covered, areas weighted by
    past findings, stale evidence and open actions; shows what is due before the next surveillance audit."""

    def body():
        cfg = build_config(project, config, controls, extra_catalogs, evidence, judgments)
        snapshots = load_history(cfg.root)
        if not snapshots:
            raise UsageError(language.text("cli.programme.none"))
        settings = _settings(cfg, snapshots, cycle_start, rounds_per_year)
        open_actions = [a.summary(as_of) for a in Register(cfg.root).load_all() if not a.state.is_settled]
        result = plan([s.assessment for s in snapshots], settings, as_of, open_actions)
        if fmt == "json":
            click.echo(json.dumps(result, indent=2, ensure_ascii=False))
            return 0
        _print_programme(result)
        return 0

    run_guarded(body)


def _settings(cfg, snapshots, cycle_start, rounds_per_year) -> ProgrammeSettings:
    section, doc = raw_config_section(cfg.root, "programme", cfg.file)
    problems = []

    def config_date(text, *path):
        try:
            return parse_date(text)
        except ValueError as exc:
            problems.append(Problem.of(doc.locate(("programme",) + path), said_of(exc), "config"))

    start = None
    if cycle_start:
        try:
            start = parse_date(cycle_start)
        except ValueError as exc:
            raise UsageError(language.text("cli.option_error", option="--cycle-start", text=language.error_text(exc))) from None
    elif section.get("cycle_start"):
        start = config_date(section["cycle_start"], "cycle_start")
    surveillance = tuple(config_date(d, "surveillance", i) for i, d in enumerate(section.get("surveillance", [])))
    if problems:
        raise ConfigError(problems)
    return ProgrammeSettings(
        cycle_start=start or date.fromisoformat(snapshots[0].as_of),
        rounds_per_year=rounds_per_year or section.get("rounds_per_year", 2),
        surveillance=surveillance,
    )


def _print_programme(p: dict) -> None:
    """The plan for a terminal in the command's language: the round statuses and the sentences from their
    templates (a plan of an older auditkit, without them, as its English text)."""
    from auditkit.model.messages import render_dict  # start-up time: only the programme renders stored templates

    lang = language.current()
    say = language.text

    def stored(entry: dict, field: str) -> str:
        template = entry.get(f"{field}_template")
        return render_dict(template, lang) if template else entry[field]

    def reasons(entry: dict) -> str:
        templates = entry.get("reason_templates")
        return say("programme.reasons", items=[render_dict(t, lang) for t in templates]) if templates else "; ".join(
            entry["reasons"])

    def title(entry: dict) -> str:
        return (entry.get("title_zh") if lang == "zh" else None) or entry["title"]

    c = p["cycle"]
    echo_safe(say("programme.header", start=c["start"], recertification=c["recertification"],
                  surveillance=", ".join(c["surveillance"]), as_of=p["as_of"], n=p["snapshots"], latest=p["based_on"]))
    echo_safe(say("programme.weighting_line", text=stored(p, "weighting")))
    echo_safe(say("programme.planning_line", text=stored(p, "planning")))
    table = Table(title=say("programme.rounds"), title_justify="left", show_edge=False)
    for name in ("round", "date", "status", "areas"):
        table.add_column(say(f"programme.col.{name}"))
    for r in p["rounds"]:
        add_row_safe(table, str(r["number"]), r["date"], say(f"programme.status.{r['status']}"), ", ".join(r["areas"]))
    table2 = Table(title=say("programme.areas"), title_justify="left", show_edge=False)
    for name, justify in (("area", "left"), ("title", "left"), ("risk", "right"), ("audits", "right"),
                          ("rounds", "left"), ("why", "left")):
        table2.add_column(say(f"programme.col.{name}"), justify=justify)
    for a in sorted(p["areas"], key=lambda a: (-a["risk"], clause_key(a["area"]))):
        add_row_safe(table2, a["area"], title(a), f"{a['risk']:g}", str(a["frequency"]),
                     ", ".join(map(str, a["rounds"])), reasons(a) or "-")
    console = _console()
    with console.capture() as capture:
        console.print(table)
        console.print(table2)
    click.echo(capture.get(), nl=False)
    if p["next_surveillance"]:
        due = p["due_before_next_surveillance"]
        echo_safe("\n" + say("programme.due" if due else "programme.due_nothing", on=p["next_surveillance"]))
        for entry in due:
            echo_safe(f"  {entry['area']:<6} " + say("programme.due_line", title=title(entry), reasons=reasons(entry)))
    else:
        echo_safe("\n" + say("programme.no_surveillance"))
