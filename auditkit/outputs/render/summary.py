"""A short Markdown summary for ``$GITHUB_STEP_SUMMARY``, a GitLab job or a pull-request comment.

It says first whether the check passed, then the score and its change against the baseline, the gates, the new
and the resolved gaps, the score per clause, and the warnings. Long lists are cut (GitHub shows at most 1 MiB of
step summary); the JUnit and SARIF outputs hold everything.
"""

from __future__ import annotations

from auditkit.model.assessment import NONCONFORMITY_GRADES
from auditkit.outputs.gates import finding_location
from auditkit.outputs.sanitise import markdown, markdown_code
from auditkit.outputs.render.common import GRADE_LABEL, findings_in_order, location, pct

LIMIT = 50
_MARK = {"pass": "✅ pass", "fail": "❌ fail", "warn": "⚠️ warn", "skipped": "⏭️ skipped", "off": "– off"}


def _cell(text) -> str:
    return markdown(text)  # evidence text from a pull request: shown, never rendered (no <img>, no @mention)


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(str(text).split())
    return markdown(text if len(text) <= limit else text[: limit - 1] + "…")


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
    s = data["summary"]
    org = data["organization"]["name"]
    lines: list[str] = []

    if check:
        verdict = "✅ auditkit check passed" if check["passed"] else "❌ auditkit check failed"
        lines.append(f"## {verdict}: {_cell(org)}")
    else:
        lines.append(f"## auditkit: {_cell(org)}")
    context = f"Catalog {data['catalog']['id']} {data['catalog']['version']}, as of {data['as_of']}"
    if comparison:
        context += f", against the baseline {markdown_code(comparison['file'])} ({comparison['as_of']})"
    lines += ["", context + ".", ""]

    overall = s["overall"]["score"]
    score = f"**Overall score: {pct(overall)}**"
    if comparison:
        score += f" ({_change(comparison['overall_before'], overall)} from {pct(comparison['overall_before'])})"
    grades = s["grade_counts"]
    score += (f" · {grades.get('major-nc', 0)} major and {grades.get('minor-nc', 0)} minor nonconformities"
              f" · {s['overall']['points']} / {s['overall']['weight']} weighted points")
    lines += [score, ""]

    if check:
        lines += ["| Gate | Setting | Result | Details |", "|---|---|---|---|"]
        for g in check["gates"]:
            lines.append(f"| {_cell(g['title'])} | {_cell(g['setting'])} | {_MARK[g['status']]} | {_cell(g['summary'])} |")
        lines.append("")

    if comparison:
        lines += _gaps_table(f"New gaps ({len(comparison['new'])})", comparison["new"], data, titles, finding_location, new=True)
        changed = comparison.get("changed", [])
        if changed:
            lines += _gaps_table(f"Changed grades ({len(changed)})", changed, data, titles, finding_location, new=True)
        resolved = comparison["resolved"]
        lines += [f"### Resolved gaps ({len(resolved)})", ""]
        lines += [f"- {g['requirement']} {_cell(g['title'])} (was {GRADE_LABEL[g['grade']]})" for g in resolved[:LIMIT]] or ["None."]
        if len(resolved) > LIMIT:
            lines.append(f"- … and {len(resolved) - LIMIT} more")
        lines.append("")
    else:
        gaps = [f for f in findings_in_order(data) if f["grade"] in NONCONFORMITY_GRADES]
        rows = [{"requirement": f["requirement"], "grade": f["grade"], "gap": f["gap"]} for f in gaps]
        lines += _gaps_table(f"Nonconformities ({len(gaps)})", rows, data, titles, finding_location, new=False)

    lines += ["### Score per clause", ""]
    if comparison:
        lines += ["| Clause | Title | Baseline | Now | Change |", "|---|---|---:|---:|---:|"]
        for c in comparison["clauses"]:
            lines.append(f"| {c['clause']} | {_cell(c['title'])} | {pct(c['before'])} | {pct(c['after'])} | {_change(c['before'], c['after'])} |")
    else:
        lines += ["| Clause | Title | Score | Points / weight |", "|---|---|---:|---:|"]
        for c in data["clauses"]:
            lines.append(f"| {c['clause']} | {_cell(c['title'])} | {pct(c['score'])} | {c['points']:g} / {c['weight']:g} |")
    lines.append("")

    if check:
        warnings = [(g, i) for g in check["gates"] for i in g["issues"] if i["severity"] == "warning"]
        if warnings:
            lines += [f"<details><summary>Warnings ({len(warnings)})</summary>", ""]
            for gate, issue in warnings[:LIMIT * 2]:
                lines.append(f"- {_where(issue.get('location'))} {_cell(issue['message'])} ({gate['name']})".replace("-  ", "- "))
            if len(warnings) > LIMIT * 2:
                lines.append(f"- … and {len(warnings) - LIMIT * 2} more")
            lines += ["", "</details>", ""]
    lines.append(f"<sub>Scoring: {_cell(data['scoring']['formula'])}</sub>")
    return "\n".join(lines) + "\n"


def _gaps_table(heading: str, gaps: list[dict], data: dict, titles: dict, finding_location, new: bool) -> list[str]:
    lines = [f"### {heading}", ""]
    if not gaps:
        return lines + ["None.", ""]
    lines += ["| Requirement | Grade | Gap | Where |", "|---|---|---|---|"]
    for g in gaps[:LIMIT]:
        grade = GRADE_LABEL[g["grade"]]
        if new and g.get("before"):
            grade += f" (was {GRADE_LABEL[g['before']]})"
        lines.append(f"| {g['requirement']} {_cell(titles.get(g['requirement'], ''))} | {grade} | "
                     f"{_short(g['gap'])} | {_where(finding_location(data, g['requirement']))} |")
    if len(gaps) > LIMIT:
        lines.append(f"| … and {len(gaps) - LIMIT} more | | | |")
    return lines + [""]
