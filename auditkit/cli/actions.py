"""``auditkit actions sync|list|show|transition|edit``: the corrective-action register."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from auditkit import __version__
from auditkit.outputs.actions import Move, Register, State, load_policy
from auditkit.outputs.actions.changes import edit_fields, edit_text, transition
from auditkit.outputs.actions.lifecycle import TARGETS
from auditkit.outputs.actions.model import CorrectiveAction
from auditkit.outputs.actions.sync import sync as sync_register
from auditkit.inputs.dates import parse_date
from auditkit.model.errors import UsageError
from auditkit.outputs.history import load_snapshot, resolve
from auditkit.outputs.history.clock import today
from auditkit.cli import language, main
from auditkit.model.clauses import clause_key, top_clause
from auditkit.cli.common import as_of_option, build_config, echo_safe, format_option, run_guarded

GRADE_SHORT = {"major-nc": "major", "minor-nc": "minor", "observation": "obs", "ofi": "ofi", "good-practice": "good"}


def project_options(func):
    """Only --project and --config: the register lives at the project root (and --evidence means proof here)."""
    func = click.option("--config", type=click.Path(dir_okay=False, path_type=Path),
                        help="Project config file (default: auditkit.yaml).")(func)
    func = click.option("--project", "-C", type=click.Path(exists=True, file_okay=False, path_type=Path), default=".",
                        show_default=True, help="Project folder (holds actions/ and history/).")(func)
    return func


def _project(project, config):
    return build_config(project, config, None, (), None, None)


def _on_option(func):
    return click.option("--on", "on", metavar="YYYY-MM-DD", callback=_parse_on,
                        help="The day the change happened (default: today); never before the last recorded change.")(func)


def _parse_on(ctx, param, value) -> date:
    if value is None:
        return today()
    try:
        return parse_date(value)
    except ValueError as exc:
        raise click.BadParameter(language.error_text(exc)) from None


def _unassigned() -> str:
    return language.text("actions.unassigned")


def _by_option(func):
    return click.option("--by", "by", envvar="AUDITKIT_USER", required=True, metavar="NAME",
                        help="Who makes the change (or set AUDITKIT_USER).")(func)


@main.group()
def actions() -> None:
    """Follow corrective actions from one audit to the next (ISO/IEC 20000-1 §10.1)."""


@actions.command("sync")
@project_options
@click.option("--snapshot", "snapshot_ref", default="latest", show_default=True,
              help="The recorded assessment to sync from (id, sequence, as-of date, latest, previous).")
@click.option("--from", "from_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Sync from an assessment JSON file (`auditkit assess -f json -o FILE`) instead of a snapshot.")
@click.option("--by", "by", envvar="AUDITKIT_USER", default="auditkit sync", show_default=True,
              help="Who raises the drafts.")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--lang", type=click.Choice(["en", "zh"]), default=None,
              help="Language of the titles and descriptions of the actions raised (default: the project's, else en).")
def sync_command(project, config, snapshot_ref, from_file, by, dry_run, lang):
    """Raise one draft action per nonconforming subclause of the latest assessment, listing its new major and
    minor nonconformities.

    Idempotent: run it twice and the second run changes nothing. A nonconformity that an unsettled action
    already follows is added to that action; one that comes back after its action closed is raised again as a
    recurrence. Actions whose requirements are now conformant are proposed for verification.
    """

    def body():
        cfg = _project(project, config)
        policy = load_policy(cfg)
        if from_file:
            from auditkit.inputs.stored import load_assessment_file  # start-up time: only this command loads it

            assessment = load_assessment_file(from_file)  # located errors; bare or {assessment: ...}
            from auditkit.inputs.jsonsource import parse_json  # start-up time: only this command loads it

            data = parse_json(from_file.read_text("utf-8"), str(from_file))  # load_assessment_file read it safely
            snapshot_id = ""
            if assessment is not data and isinstance(data.get("snapshot"), dict):
                # a snapshot file: read it as one, so a tampered or incomplete snapshot is refused
                snapshot_id = load_snapshot(from_file).id
            source = str(from_file)
        else:
            snap = resolve(cfg.root, snapshot_ref)
            assessment, snapshot_id, source = snap.assessment, snap.id, f"{snap.id} ({snap.file})"
        lang_ = language.use(lang, project, config)
        result = sync_register(Register(cfg.root), assessment, policy, by=by, snapshot=snapshot_id, dry_run=dry_run,
                               lang=lang_)
        prefix = language.text("actions.sync.would") if dry_run else ""
        language.say("actions.sync.source", assessment=result.assessment, source=source)
        for event in result.events:
            echo_safe(f"  {prefix if event.kind != 'verify' else ''}{event.kind:<10} {event.action:<13} "
                      f"{event.said.text(lang_)}")  # the kind is a keyword, as the states
        raised = len(result.of("raised")) + len(result.of("recurrence"))
        summary = language.text("actions.sync.summary", raised=raised, recurrence=len(result.of("recurrence")),
                                repeated=len(result.of("repeated")), answered=result.answered,
                                verify=len(result.of("verify")))
        echo_safe((language.text("actions.sync.nothing_new") if not result.changed else prefix) + summary)
        return 0

    run_guarded(body)


def _matches(action: CorrectiveAction, as_of: date, states, open_only, overdue, owner, clause) -> bool:
    if states and action.state.value not in states:
        return False
    if open_only and action.state.is_settled:
        return False
    if overdue and not action.is_overdue(as_of):
        return False
    if owner and owner.lower() not in (action.owner or "").lower():
        return False
    if clause and not any(c == clause or c.startswith(clause + ".") for c in action.clauses):
        return False
    return True


@actions.command("list")
@project_options
@as_of_option
@click.option("--state", "states", multiple=True, type=click.Choice([s.value for s in State]), help="Only this state (repeatable).")
@click.option("--open", "open_only", is_flag=True, help="Only unsettled actions (not closed or rejected).")
@click.option("--overdue", is_flag=True, help="Only actions past due and not yet implemented.")
@click.option("--owner", help="Only actions whose owner contains this text.")
@click.option("--clause", help="Only actions answering findings of this clause (and its subclauses).")
@click.option("--group-by", type=click.Choice(["owner", "clause", "state", "grade"]), help="Group the list.")
@format_option("actions list")
@click.option("--excel", is_flag=True, help="CSV: start with a byte-order mark so that Excel reads UTF-8.")
@click.option("--lang", type=click.Choice(["en", "zh"]), default=None,
              help="Language of the list's sentences and of oscal-poam's (default: the project's, else en).")
def list_command(project, config, as_of, states, open_only, overdue,
                 owner, clause, group_by, fmt, excel, lang):
    """List corrective actions: open, overdue, by owner, by clause."""

    def body():
        lang_ = language.use(lang, project, config)
        cfg = _project(project, config)
        chosen = [a for a in Register(cfg.root).load_all()
                  if _matches(a, as_of, states, open_only, overdue, owner, clause)]
        if fmt == "json":
            click.echo(json.dumps([a.summary(as_of) for a in chosen], indent=2, ensure_ascii=False))
            return 0
        if fmt == "csv":
            click.echo(_csv([a.summary(as_of) for a in chosen], excel), nl=False)
            return 0
        if fmt == "oscal-poam":
            from auditkit.outputs.oscal import dump, poam  # start-up time: only this format needs it

            click.echo(dump(poam.build(chosen, _organization(cfg, chosen), as_of, f"auditkit {__version__}", lang_)), nl=False)
            return 0
        if not chosen:
            language.say("actions.none_match" if any([states, open_only, overdue, owner, clause]) else "actions.none")
            return 0
        groups: dict[str, list[CorrectiveAction]] = {}
        for action in chosen:
            key = {"owner": lambda a: a.owner or _unassigned(),
                   "clause": lambda a: (top_clause(a.clauses[0]) if a.clauses else "?"),
                   "state": lambda a: a.state.value, "grade": lambda a: a.grade,
                   None: lambda a: ""}[group_by](action)
            groups.setdefault(key, []).append(action)
        for key in sorted(groups, key=lambda k: clause_key(k) if group_by == "clause" else (k,)):
            if group_by:
                echo_safe(language.text("actions.group", by=language.text(f"actions.by.{group_by}"), key=key))
            for action in groups[key]:
                echo_safe(_line(action, as_of))
        n_over = sum(1 for a in chosen if a.is_overdue(as_of))
        n_open = sum(1 for a in chosen if not a.state.is_settled)
        language.say("actions.count.one" if len(chosen) == 1 else "actions.count", n=len(chosen), open=n_open,
                     overdue=n_over, as_of=as_of)
        return 0

    run_guarded(body)


def _organization(cfg, chosen: list[CorrectiveAction]) -> str:
    """The organisation's name as the latest recorded assessment that an action answers gives it; else the
    project folder's name (the register itself does not name the organisation)."""
    snapshots = sorted({ref.snapshot for a in chosen for ref in a.findings if ref.snapshot})
    for ref in reversed(snapshots):
        try:
            return resolve(cfg.root, ref).data["assessment"]["organization"]["name"]
        except Exception:  # noqa: BLE001 - a missing or unreadable snapshot: try the one before, then the folder
            continue
    return cfg.root.resolve().name


CSV_COLUMNS = ("id", "finding", "requirement", "clause", "grade", "state", "owner", "due", "overdue", "title", "file")


def _csv(summaries: list[dict], excel: bool) -> str:
    """One row per action, every cell through the spreadsheet formula guard (titles and owners are typed by people)."""
    import csv
    import io

    from auditkit.outputs.sanitise import spreadsheet_cell  # start-up time: only the CSV list needs it

    out = io.StringIO()
    if excel:
        out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for s in summaries:
        finding = s.get("finding")
        values = {**s, "finding": ";".join(finding) if isinstance(finding, list) else finding or "",
                  "overdue": "yes" if s.get("overdue") else "no"}
        writer.writerow([spreadsheet_cell(values.get(column, "")) for column in CSV_COLUMNS])
    return out.getvalue()


def _line(action: CorrectiveAction, as_of: date) -> str:
    late = "OVERDUE" if action.is_overdue(as_of) else ""  # a keyword, as the state and grade: grep finds it
    reqs = ",".join(action.requirements)
    return (f"  {action.id:<13} {GRADE_SHORT.get(action.grade, action.grade):<5} {action.state.value:<18} "
            f"{language.text('actions.due', due=action.due)} {late:<7} {reqs:<12} {action.owner or _unassigned():<20} "
            f"{action.title}")


@actions.command("show")
@project_options
@as_of_option
@click.argument("action_id")
def show_command(project, config, as_of, action_id):
    """Show one corrective action whole: findings, correction, root cause, actions, verification, history."""

    def body():
        cfg = _project(project, config)
        a = Register(cfg.root).get(action_id.upper())
        d = a.data
        say = language.text
        late = say("actions.show.overdue", due=a.due) if a.is_overdue(as_of) else ""
        echo_safe(f"{a.id}  {a.title}")
        echo_safe(say("actions.show.state", state=a.state.value, grade=a.grade, owner=a.owner or _unassigned(),
                      raised=d.get("raised", "-"), due=a.due, late=late))
        echo_safe(say("actions.show.file", file=str(a.file)))
        if d.get("recurrence_of"):
            echo_safe(say("actions.show.recurrence", of=d["recurrence_of"]))
        echo_safe(say("actions.show.findings"))
        for f in a.findings:
            extra = say("actions.show.in", snapshot=f.snapshot) if f.snapshot else ""
            echo_safe(say("actions.show.finding", id=f.finding_id, grade=f.grade or "?", clause=f.clause or "?",
                          assessment=f.assessment, extra=extra))
        for key in ("description", "correction"):
            if d.get(key):
                echo_safe(say(f"actions.show.{key}") + "\n  " + str(d[key]).strip().replace("\n", "\n  "))
        cause = d.get("root_cause") or {}
        if cause:
            echo_safe(say("actions.show.root_cause", method=cause.get("method", "?")) + "\n  "
                      + str(cause.get("analysis", "")).strip().replace("\n", "\n  "))
        if d.get("actions"):
            echo_safe(say("actions.show.actions"))
            for item in d["actions"]:
                done = say("actions.show.done", on=item["done"]) if item.get("done") else (
                    say("actions.show.late") if parse_date(item["due"]) < as_of else say("actions.show.pending"))
                echo_safe(say("actions.show.item", description=item["description"], owner=item["owner"],
                              due=item["due"], done=done))
        v = d.get("verification")
        if v:
            verdict = say("actions.show.effective") if v["effective"] else say("actions.show.not_effective")
            echo_safe(say("actions.show.verification", verdict=verdict, verifier=v["verifier"], on=v["date"],
                          evidence=v["evidence"]))
        for link in d.get("links") or []:
            echo_safe(say("actions.show.link", link=link))
        echo_safe(say("actions.show.history"))
        for h in a.history:
            move = f" {h.get('from', '')}->{h['to']}" if h["event"] == "transition" else (
                f" -> {h['to']}" if "to" in h else "")
            fields = f" [{', '.join(h['fields'])}]" if h.get("fields") else ""
            echo_safe(f"  {h['date']} {h['by']}: {h['event']}{move}{fields}" + (f": {h['note']}" if h.get("note") else ""))
        return 0

    run_guarded(body)


@actions.command("transition")
@project_options
@click.argument("action_id")
@click.argument("state", metavar="STATE")
@_by_option
@click.option("--note", default="", help="Why (required; a rejection's justification).")
@click.option("--evidence", "evidence_text", default="",
              help="Evidence of effectiveness (verified-effective) or of its absence (ineffective).")
@_on_option
def transition_command(project, config, action_id, state, by, note,
                       evidence_text, on):
    """Move an action to STATE: open, corrected, cause-analysed, action-planned, implemented,
    verified-effective, closed, rejected, or `ineffective` (back to action-planned)."""

    def body():
        if state not in TARGETS:
            raise UsageError(language.text("actions.unknown_state", state=repr(state), states=", ".join(TARGETS)))
        cfg = _project(project, config)
        action = transition(Register(cfg.root), action_id.upper(), Move(state, by, on, note, evidence_text))
        language.say("actions.now", id=action.id, state=action.state.value, file=str(action.file))
        return 0

    run_guarded(body)


@actions.command("edit")
@project_options
@click.argument("action_id")
@_by_option
@click.option("--note", default="", help="Why the change (recorded in the history).")
@click.option("--set", "sets", multiple=True, metavar="FIELD=VALUE",
              help="Set a field without an editor; FIELD may be dotted (root_cause.method), VALUE is YAML.")
@click.option("--append", "appends", multiple=True, metavar="FIELD=VALUE",
              help="Append a YAML value to a list field (actions, links).")
@_on_option
def edit_command(project, config, action_id, by, note, sets, appends, on):
    """Edit an action in $EDITOR (or with --set/--append), keeping id, state and history; the change is
    validated, then recorded in the history. A refused edit is kept in actions/.<ID>.yaml.edit."""

    def body():
        cfg = _project(project, config)
        register = Register(cfg.root)
        action_key = action_id.upper()
        if sets or appends:
            # --set and --append together are one edit: one validation, one history entry
            action = edit_fields(register, action_key, [_split(s) for s in sets], by, on, note,
                                 appends=[_split(s) for s in appends])
        else:
            current = register.get(action_key)
            rescue = register.folder / f".{action_key}.yaml.edit"
            start = rescue.read_text("utf-8") if rescue.is_file() else register.path_of(action_key).read_text("utf-8")
            text = click.edit(start, extension=".yaml", require_save=True)
            if text is None or text == register.path_of(action_key).read_text("utf-8"):
                language.say("actions.not_changed", id=current.id)
                return 0
            action = edit_text(register, action_key, text, by, on, note)
        changed = action.history[-1].get("fields", [])
        language.say("actions.edited", id=action.id, fields=", ".join(changed), file=str(action.file))
        return 0

    run_guarded(body)


def _split(assignment: str) -> tuple[str, str]:
    if "=" not in assignment:
        raise UsageError(language.text("actions.assignment", value=repr(assignment)))
    key, value = assignment.split("=", 1)
    return key.strip(), value
