"""The gap analysis for a terminal: per-clause scores and the list of gaps with their evidence locations."""

from __future__ import annotations

import io
import os
import sys

from rich.console import Console
from rich.table import Table

from auditkit.model.messages import msg
from auditkit.outputs.sanitise import terminal, terminal_markup as safe
from auditkit.inputs.config import FAILURES
from auditkit.outputs.gates import evidence_anchor
from auditkit.outputs.render.common import (GRADE_LABEL, STATUS_LABEL, STATUS_SHORT, finding_gap, findings_in_order,
                                            location, pct, subclause_verdicts, titles)
from auditkit.outputs.vocabulary import enum_labels
from auditkit.outputs.render.common import clause_title

SHOWN = ("conformant", "partially-conformant", "nonconformant", "needs-evidence", "not-applicable", "not-assessed",
         "not-examined")

GRADE_STYLE = {"major-nc": "bold red", "minor-nc": "red", "observation": "yellow", "ofi": "cyan", "good-practice": "green"}


def render(data: dict, *, lang: str = "en", color: bool | None = None) -> str:
    """The gap analysis in ``lang``: every sentence from messages.yaml (text.*), every label from the vocabulary."""
    if color is None:
        color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    console = Console(file=io.StringIO(), force_terminal=color, no_color=not color, width=_width(), highlight=False,
                      emoji=False)
    if lang == "en":  # the terminal's own English wording (common.py), as it always printed
        status, short, grade, source = STATUS_LABEL, STATUS_SHORT, GRADE_LABEL, {}
    else:
        words = enum_labels(lang)
        status, short, grade, source = words["status"], words["status_short"], words["grade"], words["source"]

    def say(key: str, **params) -> str:
        return msg(key, **params).text(lang)

    s = data["summary"]
    # Every value from the user's files goes through safe() (auditkit.outputs.sanitise): no escape sequence reaches
    # the terminal, and "[formerly Harbour IT]" or "[link=...]" in a name is text, not rich markup.
    org = safe(data["organization"]["name"], one_line=True)
    console.print(say("text.header", org=f"[bold]{org}[/]", standard=safe(data["catalog"]["standard"] or data["catalog"]["id"]),
                      version=safe(data["catalog"]["version"]), as_of=data["as_of"]))
    verdict = f"[green]{say('text.ready')}[/]" if s["ready"] else f"[red]{say('text.not_ready')}[/]: " + safe(
        msg("join", items=_reasons(data, lang)).text(lang))
    console.print(say("text.overall", score=f"[bold]{pct(s['overall']['score'])}[/]", points=s["overall"]["points"],
                      weight=s["overall"]["weight"], verdict=verdict))
    console.print(msg("comma", items=[f"{v} {status[k]}" for k, v in s["status_counts"].items()
                                      if v or k in SHOWN[:5]]).text(lang))
    cov = s["coverage"]
    console.print(say("text.coverage", assessed=cov["assessed"], applicable=cov["applicable"], share=pct(cov["share"])))
    review = data.get("review") or {}
    if review.get("type") == "documentation-review":
        console.print(say("text.review", documents=review["examined"]["documents"], n=len(review["not_examined"])))
    console.print()

    table = Table(title=say("text.scores"), title_justify="left", show_edge=False)
    for key, justify in [("clause", "left"), ("title", "left"), ("score", "right"), ("points", "right")]:
        table.add_column(say(f"text.col.{key}"), justify=justify)
    for k in SHOWN:
        table.add_column(short[k], justify="right")
    for c in data["clauses"]:
        n = c["status_counts"]
        table.add_row(safe(c["clause"]), safe(clause_title(c, lang), one_line=True), pct(c["score"]),
                      f"{c['points']:g} / {c['weight']:g}", *(str(n.get(k, 0)) for k in SHOWN))
    console.print(table)
    console.print(msg("comma", items=[f"{short[k]} {status[k]}" for k in SHOWN]).text(lang))
    console.print()

    verdicts = subclause_verdicts(data)
    if verdicts:
        table = Table(title=say("text.verdicts"), title_justify="left", show_edge=False)
        for key in ("subclause", "title", "verdict", "grade", "score"):
            table.add_column(say(f"text.col.{key}"), justify="right" if key == "score" else "left")
        for c in verdicts.values():
            g = c.get("grade")
            table.add_row(safe(c["clause"]), safe(clause_title(c, lang), one_line=True), status[c["status"]],
                          f"[{GRADE_STYLE[g]}]{grade[g]}[/]" if g else say("text.no_grade"), pct(c["score"]))
        console.print(table)
        console.print()

    names = titles(data, lang)
    gaps = findings_in_order(data)
    console.print(f"[bold]{say('text.findings', n=len(gaps))}[/]: "
                  + msg("comma", items=[f"{v} {grade[k]}" for k, v in s["grade_counts"].items()]).text(lang))
    width = max(len(grade[g]) for g in GRADE_STYLE)
    for f in gaps:
        style = GRADE_STYLE[f["grade"]]
        console.print(f"[{style}]{grade[f['grade']]:<{width}}[/] {safe(f['requirement']):<11} "
                      f"{safe(names[f['requirement']], one_line=True)} "
                      f"[dim]({msg('comma', items=[status[f['status']], source.get(f['source'], f['source'])]).text(lang)})[/]")
        console.print(f"    {terminal(finding_gap(data, f, lang))}", markup=False)
        for loc in f["evidence"][:4]:
            console.print("    " + say("text.at", where=terminal(location(loc), one_line=True)), markup=False)
        anchor = None if f["evidence"] else evidence_anchor(data)
        if anchor:  # nothing found has no file of its own: where the user adds it
            console.print("    " + say("text.anchor", where=terminal(location(anchor), one_line=True)), markup=False)
        if len(f["evidence"]) > 4:
            console.print("    " + say("text.more", n=len(f["evidence"]) - 4), markup=False)
        if f.get("examined"):
            console.print("    " + say("text.examined", n=len(f["examined"])), markup=False)
    for pending_status in ("not-assessed", "needs-evidence", "not-examined"):
        pending = [r["requirement"] for r in data["results"] if r["status"] == pending_status]
        if pending:
            console.print()
            ids = safe(", ".join(pending[:12])) + (" ..." if len(pending) > 12 else "")
            title = say("text.pending_title", status=status[pending_status].capitalize(), n=len(pending))
            console.print(say("text.pending", title=f"[bold]{title}[/]", why=say(f"text.pending.{pending_status}"),
                              ids=ids))
    for rule in _rules(data, lang):
        console.print()
        console.print(terminal(rule), markup=False)
    return console.file.getvalue()




def _reasons(data: dict, lang: str) -> list:
    """Why the organisation is not ready: in English as recorded; in another language from the summary's numbers."""
    s = data["summary"]
    if lang == "en":
        return list(s["readiness_reasons"])
    threshold = data["scoring"]["readiness_threshold"]
    score = s["overall"]["score"]
    reasons = []
    majors = s["grade_counts"].get("major-nc", 0)
    if majors:
        reasons.append(msg("readiness.majors", n=majors))
    if score is None or score < threshold:
        reasons.append(msg("readiness.below_threshold", score=pct(score), threshold=pct(threshold)))
    return reasons or list(s["readiness_reasons"])  # a reason this version does not know: as recorded


def _rules(data: dict, lang: str) -> list[str]:
    """The declared grading and aggregation rules, in ``lang`` (the assessment records them in English)."""
    sc = data["scoring"]
    grading = sc.get("grading") or {}
    rules = []
    if sc.get("grading_rule"):
        labels = enum_labels(lang)
        if lang == "en" or set(grading) != set(FAILURES):
            rules.append(sc["grading_rule"].capitalize())
        else:
            rules.append(msg("rules.grading", **{k.replace("-", "_"): _grades(grading[k], labels, lang)
                                                 for k in FAILURES}).text(lang))
    if sc.get("aggregation_rule"):
        rules.append(msg("rules.aggregation").text(lang) if lang != "en" else sc["aggregation_rule"].capitalize())
    return rules


def _grades(table: dict, labels: dict, lang: str) -> str:
    grades = [table.get(c) for c in ("high", "medium", "low")]
    if len(set(grades)) == 1:
        return labels["grade"].get(grades[0], grades[0])
    return msg("comma", items=[f"{labels['criticality'][c]} {labels['grade'].get(g, g)}"
                               for c, g in zip(("high", "medium", "low"), grades)]).text(lang)


def _width() -> int:
    try:
        return max(100, os.get_terminal_size().columns)
    except OSError:
        return 120
