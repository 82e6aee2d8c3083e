"""``auditkit interview``: a questionnaire over the requirements that need an auditor, saved answer by answer."""

from __future__ import annotations

import sys
from datetime import date
from typing import TextIO

import click

from auditkit.cli import language, main
from auditkit.cli.common import build_config, project_options, run_guarded
from auditkit.inputs.catalog import Requirement
from auditkit.model.clauses import ClauseTable
from auditkit.inputs.dates import parse_date
from auditkit.inputs.yamlsource import display_path
from auditkit.model.assessment import Status
from auditkit.model.errors import AuditkitError
from auditkit.model.messages import label, msg
from auditkit.outputs.interview import GRADES, METHODS, RESULTS, Answer, JudgmentsFile, grade_allowed, questionnaire


class _EndOfAnswers(Exception):
    """The answers (keyboard or file) ended: stop and keep what was saved."""


class _Quit(Exception):
    """The auditor chose to stop."""


@main.command()
@project_options
@click.option("--clause", help="Only the requirements of this clause and its subclauses (e.g. 8.6).")
@click.option("--requirement", "requirement_id", metavar="ID", help="Only this requirement (asked even if not manual).")
@click.option("--lang", "lang_option", type=click.Choice(["en", "zh"]), default=None,
              help="Language of the guidance and the questions (default: the project's, else en).")
@click.option("--auditor", help="Auditor's name written with each answer (asked once when not given).")
@click.option("--date", "on", metavar="YYYY-MM-DD", help="Date written with each answer (default: today).")
@click.option("--answers", type=click.File("r", encoding="utf-8"),
              help="Plain mode: read the answers from this file, one per line as they would be typed ('-': stdin).")
@click.option("--plain", is_flag=True, help="Plain mode: no colours or boxes, answers read from standard input.")
def interview(project, config, controls, extra_catalogs, evidence, judgments, clause, requirement_id, lang_option, auditor,
              on, answers, plain) -> None:
    """Ask the questions of the requirements that need an auditor and write judgments.yaml as you go.

    Resumable: what judgments.yaml already answers is skipped; Enter [s] skips a requirement, [q] stops.
    """

    def body():
        from auditkit.engine.project import project_catalog  # start-up time: the catalog's rules load only here

        lang = language.use(lang_option, project, config)

        when = _date(on)
        cfg = build_config(project, config, controls, extra_catalogs, evidence, judgments)
        catalog = project_catalog(cfg)
        if clause and clause not in catalog.clauses:
            raise AuditkitError(language.text("cli.interview.clause", clause=clause, standard=catalog.clauses.standard))
        if requirement_id and requirement_id not in catalog.by_id():
            raise AuditkitError(language.text("cli.interview.requirement", id=requirement_id, catalog=catalog.id))
        shown = display_path(cfg.judgments)
        store = JudgmentsFile(cfg.judgments, shown, set(catalog.by_id()))
        answered = store.answered()
        selected, todo = questionnaire(catalog, answered, clause, requirement_id)
        simple = plain or answers is not None or not sys.stdin.isatty()
        ui = _Plain(answers or sys.stdin) if simple else _Terminal()
        ui.clauses = catalog.clauses  # the titles of the catalog's own clause table
        ui.say(msg("interview.start", n=len(selected), answered=len(selected) - len(todo), file=shown).text(lang))
        if not todo:
            ui.say(msg("interview.nothing", file=shown).text(lang))
            return 0
        saved = skipped = 0
        try:
            name = auditor or _required(ui, label("interview.ask_auditor", lang), lang)
            for position, requirement in enumerate(todo, 1):
                ui.show(requirement, position, len(todo), lang)
                answer = _ask(ui, requirement, name, when, lang)
                if answer is None:
                    skipped += 1
                    ui.say(msg("interview.skipped", requirement=requirement.id).text(lang))
                    continue
                if store.add(answer):
                    saved += 1
                    ui.say(msg("interview.saved", requirement=requirement.id, file=shown).text(lang))
                else:
                    ui.say(msg("interview.answered_meanwhile", requirement=requirement.id, file=shown).text(lang))
        except _EndOfAnswers:
            ui.say("\n" + label("interview.end_of_answers", lang))
        except _Quit:
            pass
        left = len(todo) - saved - skipped
        ui.say(msg("interview.done", saved=saved, skipped=skipped, left=left).text(lang))
        return 0

    run_guarded(body)


def _date(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return parse_date(value)
    except ValueError as exc:
        raise click.BadParameter(language.error_text(exc), param_hint="--date") from None


def _ask(ui, requirement: Requirement, auditor: str, when: date, lang: str) -> Answer | None:
    """The answers about one requirement; None when skipped."""
    result = _choice(ui, label("interview.ask_result", lang), {**RESULTS, "s": None, "q": "quit"}, lang)
    if result == "quit":
        raise _Quit
    if result is None:
        return None
    justification = _required(ui, label("interview.ask_justification", lang), lang) if result is Status.NOT_APPLICABLE else ""
    grade = None
    if result is not Status.NOT_APPLICABLE:
        while True:
            grade = _choice(ui, label("interview.ask_grade", lang), {**GRADES, "": None}, lang)
            if grade_allowed(grade, result):
                break
            ui.say(msg("interview.grade_contradicts", grade=grade.value, result=result.value).text(lang))
    method = _choice(ui, label("interview.ask_method", lang), METHODS, lang)
    interviewee = ui.ask(label("interview.ask_interviewee", lang)) if method == "interview" else ""
    return Answer(requirement=requirement.id, result=result, method=method, auditor=auditor, date=when, grade=grade,
                  interviewee=interviewee, sample=ui.ask(label("interview.ask_sample", lang)),
                  note=ui.ask(label("interview.ask_note", lang)), justification=justification)


def _choice(ui, prompt: str, choices: dict, lang: str):
    while True:
        answer = ui.ask(prompt).strip().lower()
        if answer in choices:
            return choices[answer]
        ui.say(msg("interview.invalid_choice", answer=answer or "\u21b5").text(lang))


def _required(ui, prompt: str, lang: str) -> str:
    while True:
        answer = ui.ask(prompt).strip()
        if answer:
            return answer
        ui.say(label("interview.required", lang))


def _guidance_lines(requirement: Requirement, lang: str) -> list[tuple[str, list[str]]]:
    g = requirement.guidance_in(lang)
    parts = [(label("interview.look_at", lang), [g.look_at] if g.look_at else []),
             (label("interview.questions", lang), list(g.questions)),
             (label("interview.sample", lang), [g.sample] if g.sample else []),
             (label("interview.evidence", lang), list(g.typical_evidence))]
    return [(title, lines) for title, lines in parts if lines]


def _heading(requirement: Requirement, position: int, total: int, lang: str, clauses: ClauseTable) -> str:
    return msg("interview.heading", requirement=requirement.id, position=position, total=total,
               clause=requirement.clause, clause_title=clauses.title(requirement.clause, lang)).text(lang)


class _Plain:
    clauses: ClauseTable = ClauseTable()
    """No terminal: plain lines out, answers one per line from a file (or standard input)."""

    def __init__(self, source: TextIO):
        self.source = source

    def say(self, text: str) -> None:
        click.echo(text)

    def show(self, requirement: Requirement, position: int, total: int, lang: str) -> None:
        click.echo("\n" + _heading(requirement, position, total, lang, self.clauses))
        click.echo(f"{requirement.title_in(lang)}: {requirement.text_in(lang)}")
        for title, lines in _guidance_lines(requirement, lang):
            click.echo(f"{title}:")
            for line in lines:
                click.echo(f"  - {line}")

    def ask(self, prompt: str) -> str:
        click.echo(f"{prompt}: ", nl=False)
        line = self.source.readline()
        if not line:
            raise _EndOfAnswers
        click.echo(line.rstrip("\n"))  # the transcript shows what was answered
        return line.rstrip("\r\n")


class _Terminal:
    """A terminal: the requirement in a panel, answers typed at the prompt (keyboard only, Ctrl-D stops)."""

    clauses: ClauseTable = ClauseTable()

    def __init__(self):
        from rich.console import Console  # start-up time: only the terminal mode draws

        self.console = Console(highlight=False)

    def say(self, text: str) -> None:
        self.console.print(text, markup=False)

    def show(self, requirement: Requirement, position: int, total: int, lang: str) -> None:
        from rich.panel import Panel
        from rich.text import Text

        body = Text()
        body.append(requirement.title_in(lang) + "\n", style="bold")
        body.append(requirement.text_in(lang) + "\n")
        for title, lines in _guidance_lines(requirement, lang):
            body.append(f"\n{title}\n", style="bold cyan")
            for line in lines:
                body.append(f"  \u2022 {line}\n")
        self.console.print(Panel(body, title=_heading(requirement, position, total, lang, self.clauses), title_align="left"))

    def ask(self, prompt: str) -> str:
        self.console.print(prompt, style="bold", markup=False)
        try:
            return input("> ")
        except EOFError:
            raise _EndOfAnswers from None
        except KeyboardInterrupt:
            raise _Quit from None
