"""A short Markdown summary for ``$GITHUB_STEP_SUMMARY``, a GitLab job or a pull-request comment.

It says first whether the check passed, then the score and its change against the baseline, the gates, the new
and the resolved gaps, the score per clause, and the warnings. Long lists are cut (GitHub shows at most 1 MiB of
step summary); the JUnit and SARIF outputs hold everything.
"""

from __future__ import annotations

from auditkit.model.assessment import NONCONFORMITY_GRADES
from auditkit.model.messages import msg
from auditkit.outputs.gates import finding_location, gate_title, said
from auditkit.outputs.sanitise import markdown, markdown_code
from auditkit.outputs.render.common import (GRADE_LABEL, clause_title, finding_gap, findings_in_order, location, pct,
                                            scoring_formula)
from auditkit.outputs.vocabulary import enum_labels

LIMIT = 50
_MARK = {"pass": "✅ pass", "fail": "❌ fail", "warn": "⚠️ warn", "skipped": "⏭️ skipped", "off": "– off"}


def _cell(text) -> str:
    return markdown(text)  # evidence text from a pull request: shown, never rendered (no <img>, no @mention)


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(str(text).split())
    return markdown(text if len(text) <= limit else text[: limit - 1] + "…")


def _grades(lang: str) -> dict[str, str]:
    """The grades' names: the terminal's English wording, or the vocabulary's in another language."""
    return GRADE_LABEL if lang == "en" else enum_labels(lang)["grade"]


def _change(before: float | None, after: float | None) -> str:
    if before is None or after is None:
        return ""
    delta = (after - before) * 100
    if abs(delta) < 0.05:
        return "±0.0 pp"
    return f"{delta:+.1f} pp"


def _where(loc: dict | None) -> str:
    return markdown_code(location(loc)) if loc else ""


def render(data: dict, *, lang: str = "en", color=None) -> str:
    check = data.get("check")
    comparison = check.get("baseline") if check else None
    titles = {r["requirement"]: r["title"].get(lang) or r["title"]["en"] for r in data["results"]}
    grade_label = _grades(lang)
    s = data["summary"]
    org = data["organization"]["name"]
    lines: list[str] = []

    def say(key: str, **params) -> str:
        return msg(key, **params).text(lang)

    if check:
        verdict = say("summary.passed") if check["passed"] else say("summary.failed")
        lines.append(f"## {verdict}: {_cell(org)}")
    else:
        lines.append(f"## auditkit: {_cell(org)}")
    facts = {"catalog": data["catalog"]["id"], "version": data["catalog"]["version"], "as_of": data["as_of"]}
    context = say("summary.context_baseline", file=markdown_code(comparison["file"]), baseline_as_of=comparison["as_of"],
                  **facts) if comparison else say("summary.context", **facts)
    lines += ["", context, ""]

    overall = s["overall"]["score"]
    score = f"**{say('summary.overall', score=pct(overall))}**"
    if comparison:
        score += say("summary.change", change=_change(comparison["overall_before"], overall),
                     before=pct(comparison["overall_before"]))
    grades = s["grade_counts"]
    score += say("summary.counts", majors=grades.get("major-nc", 0), minors=grades.get("minor-nc", 0),
                 points=s["overall"]["points"], weight=s["overall"]["weight"])
    lines += [score, ""]

    if check:
        lines += [f"| {say('summary.col.gate')} | {say('summary.col.setting')} | {say('summary.col.result')} | "
                  f"{say('summary.col.details')} |", "|---|---|---|---|"]
        for g in check["gates"]:
            title = gate_title(g["name"], lang) if lang != "en" else g["title"]
            lines.append(f"| {_cell(title)} | {_cell(g['setting'])} | {_MARK[g['status']]} | "
                         f"{_cell(said(g, 'summary', lang))} |")
        lines.append("")

    if comparison:
        lines += _gaps_table(say("summary.new_gaps", n=len(comparison["new"])), comparison["new"], data, titles,
                             lang, new=True)
        changed = comparison.get("changed", [])
        if changed:
            lines += _gaps_table(say("summary.changed", n=len(changed)), changed, data, titles, lang, new=True)
        resolved = comparison["resolved"]
        lines += [f"### {say('summary.resolved', n=len(resolved))}", ""]
        lines += [f"- {g['requirement']} {_cell(g['title'] if lang == 'en' else titles.get(g['requirement']) or g['title'])} "
                  f"{say('summary.was', grade=grade_label[g['grade']])}" for g in resolved[:LIMIT]] or [say("summary.none")]
        if len(resolved) > LIMIT:
            lines.append(f"- {say('summary.more', n=len(resolved) - LIMIT)}")
        lines.append("")
    else:
        gaps = [f for f in findings_in_order(data) if f["grade"] in NONCONFORMITY_GRADES]
        rows = [{"requirement": f["requirement"], "grade": f["grade"], "gap": f["gap"]} for f in gaps]
        lines += _gaps_table(say("summary.nonconformities", n=len(gaps)), rows, data, titles, lang, new=False)

    lines += [f"### {say('summary.per_clause')}", ""]
    clause, title = say("summary.col.clause"), say("summary.col.title")
    clause_titles = {c["clause"]: clause_title(c, lang) for c in data["clauses"]}
    if comparison:
        lines += [f"| {clause} | {title} | {say('summary.col.baseline')} | {say('summary.col.now')} | "
                  f"{say('summary.col.change')} |", "|---|---|---:|---:|---:|"]
        for c in comparison["clauses"]:
            lines.append(f"| {c['clause']} | {_cell(clause_titles.get(c['clause']) or c['title'])} | {pct(c['before'])} | {pct(c['after'])} | {_change(c['before'], c['after'])} |")
    else:
        lines += [f"| {clause} | {title} | {say('summary.col.score')} | {say('summary.col.points')} |",
                  "|---|---|---:|---:|"]
        for c in data["clauses"]:
            lines.append(f"| {c['clause']} | {_cell(clause_titles[c['clause']])} | {pct(c['score'])} | {c['points']:g} / {c['weight']:g} |")
    lines.append("")

    if check:
        warnings = [(g, i) for g in check["gates"] for i in g["issues"] if i["severity"] == "warning"]
        if warnings:
            lines += [f"<details><summary>{say('summary.warnings', n=len(warnings))}</summary>", ""]
            for gate, issue in warnings[:LIMIT * 2]:
                lines.append(f"- {_where(issue.get('location'))} {_cell(said(issue, 'message', lang))} ({gate['name']})".replace("-  ", "- "))
            if len(warnings) > LIMIT * 2:
                lines.append(f"- {say('summary.more', n=len(warnings) - LIMIT * 2)}")
            lines += ["", "</details>", ""]
    lines.append(f"<sub>{say('summary.scoring', formula=_cell(scoring_formula(data, lang)))}</sub>")
    return "\n".join(lines) + "\n"


def _gaps_table(heading: str, gaps: list[dict], data: dict, titles: dict, lang: str, new: bool) -> list[str]:
    def say(key: str, **params) -> str:
        return msg(key, **params).text(lang)

    grade_label = _grades(lang)
    findings = {f["requirement"]: f for f in data["findings"]}
    lines = [f"### {heading}", ""]
    if not gaps:
        return lines + [say("summary.none"), ""]
    lines += [f"| {say('summary.col.requirement')} | {say('summary.col.grade')} | {say('summary.col.gap')} | "
              f"{say('summary.col.where')} |", "|---|---|---|---|"]
    for g in gaps[:LIMIT]:
        grade = grade_label[g["grade"]]
        if new and g.get("before"):
            grade += " " + say("summary.was", grade=grade_label[g["before"]])
        finding = findings.get(g["requirement"])
        gap = finding_gap(data, finding, lang) if finding is not None and lang != "en" else g["gap"]
        lines.append(f"| {g['requirement']} {_cell(titles.get(g['requirement'], ''))} | {grade} | "
                     f"{_short(gap)} | {_where(finding_location(data, g['requirement']))} |")
    if len(gaps) > LIMIT:
        lines.append(f"| {say('summary.more', n=len(gaps) - LIMIT)} | | | |")
    return lines + [""]
