"""The gap analysis as Markdown (for a pull-request comment, a wiki, or a consultant's notes)."""

from __future__ import annotations

from auditkit.outputs.sanitise import markdown, markdown_code
from auditkit.outputs.render.common import GRADE_LABEL, STATUS_LABEL, findings_in_order, location, pct, rules_text, subclause_verdicts, titles


def _cell(text: str) -> str:
    return markdown(text)  # text from the user's files: shown, never rendered as HTML or Markdown


def render(data: dict, *, lang: str = "en", color=None) -> str:
    s = data["summary"]
    lines = [
        f"# Gap analysis: {_cell(data['organization']['name'])}",
        "",
        f"Assessed against {data['catalog']['standard'] or data['catalog']['id']} (catalog {data['catalog']['version']}) "
        f"as of {data['as_of']}.",
        "",
        f"**Overall score: {pct(s['overall']['score'])}** ({s['overall']['points']} / {s['overall']['weight']} weighted points). "
        + ("**Ready for certification.**" if s["ready"] else "**Not ready:** " + "; ".join(s["readiness_reasons"]) + "."),
        "",
        f"{s['coverage']['assessed']} of {s['coverage']['applicable']} applicable requirements assessed "
        f"({pct(s['coverage']['share'])}); not assessed counts as 0 points.",
        "",
        "| status | requirements |", "|---|---:|",
        *[f"| {STATUS_LABEL[k]} | {v} |" for k, v in s["status_counts"].items()],
        "",
        "| grade | findings |", "|---|---:|",
        *[f"| {GRADE_LABEL[k]} | {v} |" for k, v in s["grade_counts"].items()],
        "",
        "## Scores per clause",
        "",
        "| clause | title | score | points / weight | conformant | partial | nonconformant | n/a | not assessed |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for c in data["clauses"]:
        n = c["status_counts"]
        lines.append(
            f"| {c['clause']} | {_cell(c['title'])} | {pct(c['score'])} | {c['points']} / {c['weight']} | "
            f"{n.get('conformant', 0)} | {n.get('partially-conformant', 0)} | {n.get('nonconformant', 0)} | "
            f"{n.get('not-applicable', 0)} | {n.get('not-assessed', 0)} |"
        )
    verdicts = subclause_verdicts(data)
    if verdicts:
        lines += ["", "## Verdict per subclause", "", "| subclause | title | verdict | grade | score |", "|---|---|---|---|---:|"]
        lines += [f"| {c['clause']} | {_cell(c['title'])} | {STATUS_LABEL[c['status']]} | "
                  f"{GRADE_LABEL[c['grade']] if c.get('grade') else 'none'} | {pct(c['score'])} |" for c in verdicts.values()]
    lines += ["", "## Findings", ""]
    names = titles(data, lang)
    for f in findings_in_order(data):
        lines += [
            f"### {f['id']}: {GRADE_LABEL[f['grade']]} ({STATUS_LABEL[f['status']]})",
            "",
            f"- **Requirement:** {_cell(names[f['requirement']])}. {_cell(f['statement'])}",
            f"- **Gap / evidence:** {_cell(f['gap'])}",
            "- **Evidence:** " + (", ".join(markdown_code(location(loc)) for loc in f["evidence"]) or "none found"),
            *(["- **Also examined:** " + ", ".join(markdown_code(location(loc)) for loc in f["examined"])]
              if f.get("examined") else []),
            f"- **Source:** {f['source']}",
            "",
        ]
    lines += ["## Scoring formula", "", data["scoring"]["formula"], ""]
    for text in rules_text(data):
        lines += [text, ""]
    return "\n".join(lines)
