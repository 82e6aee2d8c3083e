"""The gap analysis for a terminal: per-clause scores and the list of gaps with their evidence locations."""

from __future__ import annotations

import io
import os
import sys

from rich.console import Console
from rich.table import Table

from auditkit.outputs.gates import evidence_anchor
from auditkit.outputs.sanitise import terminal, terminal_markup as safe
from auditkit.outputs.render.common import (GRADE_LABEL, STATUS_LABEL, STATUS_SHORT, findings_in_order, location, pct, rules_text,
                     subclause_verdicts, titles)

SHOWN = ("conformant", "partially-conformant", "nonconformant", "needs-evidence", "not-applicable", "not-assessed",
         "not-examined")

GRADE_STYLE = {"major-nc": "bold red", "minor-nc": "red", "observation": "yellow", "ofi": "cyan", "good-practice": "green"}


def render(data: dict, *, lang: str = "en", color: bool | None = None) -> str:
    if color is None:
        color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    console = Console(file=io.StringIO(), force_terminal=color, no_color=not color, width=_width(), highlight=False,
                      emoji=False)
    s = data["summary"]
    # Every value from the user's files goes through safe() (auditkit.outputs.sanitise): no escape sequence reaches
    # the terminal, and "[formerly Harbour IT]" or "[link=...]" in a name is text, not rich markup.
    org = safe(data["organization"]["name"], one_line=True)
    console.print(f"[bold]{org}[/] against {safe(data['catalog']['standard'] or data['catalog']['id'])} "
                  f"(catalog {safe(data['catalog']['version'])}), as of {data['as_of']}")
    verdict = "[green]ready for certification[/]" if s["ready"] else "[red]not ready[/]: " + safe("; ".join(s["readiness_reasons"]))
    console.print(f"Overall score [bold]{pct(s['overall']['score'])}[/] "
                  f"({s['overall']['points']} / {s['overall']['weight']} weighted points): {verdict}")
    console.print(", ".join(f"{v} {STATUS_LABEL[k]}" for k, v in s["status_counts"].items() if v or k in SHOWN[:5]))
    cov = s["coverage"]
    console.print(f"{cov['assessed']} of {cov['applicable']} applicable requirements assessed ({pct(cov['share'])}); "
                  "not assessed counts as 0 points")
    review = data.get("review") or {}
    if review.get("type") == "documentation-review":
        console.print(f"Documentation review: the complete set of {review['examined']['documents']} documents was "
                      f"examined, not a sample; {len(review['not_examined'])} requirements need interviews, "
                      "observation or records and were not examined (left out of the score)")
    console.print()

    table = Table(title="Scores per clause", title_justify="left", show_edge=False)
    for name, justify in [("Clause", "left"), ("Title", "left"), ("Score", "right"), ("Points / weight", "right"),
                          *((STATUS_SHORT[k], "right") for k in SHOWN)]:
        table.add_column(name, justify=justify)
    for c in data["clauses"]:
        n = c["status_counts"]
        table.add_row(safe(c["clause"]), safe(c["title"], one_line=True), pct(c["score"]), f"{c['points']:g} / {c['weight']:g}",
                      *(str(n.get(k, 0)) for k in SHOWN))
    console.print(table)
    console.print(", ".join(f"{STATUS_SHORT[k]} {STATUS_LABEL[k]}" for k in SHOWN))
    console.print()

    verdicts = subclause_verdicts(data)
    if verdicts:
        table = Table(title="Verdict per subclause", title_justify="left", show_edge=False)
        for name in ("Subclause", "Title", "Verdict", "Grade", "Score"):
            table.add_column(name, justify="right" if name == "Score" else "left")
        for c in verdicts.values():
            grade = c.get("grade")
            table.add_row(safe(c["clause"]), safe(c["title"], one_line=True), STATUS_LABEL[c["status"]],
                          f"[{GRADE_STYLE[grade]}]{GRADE_LABEL[grade]}[/]" if grade else "none", pct(c["score"]))
        console.print(table)
        console.print()

    names = titles(data, lang)
    gaps = findings_in_order(data)
    console.print(f"[bold]Findings ({len(gaps)})[/]: " + ", ".join(
        f"{v} {GRADE_LABEL[k]}" for k, v in s["grade_counts"].items()))
    for f in gaps:
        style = GRADE_STYLE[f["grade"]]
        console.print(f"[{style}]{GRADE_LABEL[f['grade']]:<27}[/] {safe(f['requirement']):<11} "
                      f"{safe(names[f['requirement']], one_line=True)} [dim]({STATUS_LABEL[f['status']]}, {f['source']})[/]")
        console.print(f"    {terminal(f['gap'])}", markup=False)
        for loc in f["evidence"][:4]:
            console.print(f"    at {terminal(location(loc), one_line=True)}", markup=False)
        anchor = None if f["evidence"] else evidence_anchor(data)
        if anchor:  # nothing found has no file of its own: where the user adds it
            console.print(f"    at {terminal(location(anchor), one_line=True)} (the evidence folder: nothing there "
                          f"covers it)", markup=False)
        if len(f["evidence"]) > 4:
            console.print(f"    ... and {len(f['evidence']) - 4} more locations")
        if f.get("examined"):
            console.print(f"    also examined, without fault: {len(f['examined'])} more locations", markup=False)
    lists = [("not-assessed", "need an auditor judgment in judgments.yaml or evidence the checks can read"),
             ("needs-evidence", "the documents are present; the records or the auditor's judgment are still due"),
             ("not-examined", "need interviews, observation or records: outside this documentation review")]
    for status, why in lists:
        pending = [r["requirement"] for r in data["results"] if r["status"] == status]
        if pending:
            console.print()
            console.print(f"[bold]{STATUS_LABEL[status].capitalize()} ({len(pending)})[/]: {why}: "
                          + safe(", ".join(pending[:12])) + (" ..." if len(pending) > 12 else ""))
    for text in rules_text(data):
        console.print()
        console.print(terminal(text.capitalize()), markup=False)
    return console.file.getvalue()


def _width() -> int:
    try:
        return max(100, os.get_terminal_size().columns)
    except OSError:
        return 120
