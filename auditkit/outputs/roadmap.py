"""The roadmap of an assessment (``data["roadmap"]``, see auditkit/engine/roadmap.py) as text, Markdown, JSON or a
workbook sheet, in English or Chinese, optionally cut at a budget of person-days."""

from __future__ import annotations

import json

from auditkit.model.messages import label, msg
from auditkit.outputs.render import names
from auditkit.outputs.sheets import Sheet
from auditkit.outputs.vocabulary import enum_labels
from auditkit.outputs.sanitise import markdown, terminal
from auditkit.outputs.render.common import requirement_text

FORMATS = tuple(names("roadmap"))  # from the one registry of output formats


def with_budget(roadmap: dict, budget_days: float | None) -> dict:
    """The roadmap with each item marked ``within_budget`` (its cumulative effort fits ``budget_days``)."""
    items = [{**i, "within_budget": budget_days is None or i["cumulative"] <= budget_days + 1e-9} for i in roadmap["items"]]
    fits = [i for i in items if i["within_budget"]]
    return {**roadmap, "items": items, "budget_days": budget_days,
            "within_budget": {"items": len(fits), "effort": round(sum(i["effort"] for i in fits), 2)}}


def _labels(lang: str) -> dict:
    return enum_labels(lang)


def _phase_titles(roadmap: dict, lang: str) -> dict[str, str]:
    return {p["id"]: requirement_text(p["title"], lang) for p in roadmap["phases"]}


def summary_line(roadmap: dict, lang: str) -> str:
    scaled = (msg("roadmap.scaled", staff=roadmap["staff"], factor=roadmap["size_factor"],
                  reference=roadmap["reference_staff"]) if roadmap["staff"]
              else msg("roadmap.not_scaled", reference=roadmap["reference_staff"]))
    return msg("roadmap.summary", items=len(roadmap["items"]), effort=_days(roadmap["total_effort"]),
               quick=roadmap["quick_wins"], scaled=scaled).text(lang)


def budget_line(roadmap: dict, lang: str) -> str:
    if roadmap.get("budget_days") is None:
        return ""
    fit = roadmap["within_budget"]
    return msg("roadmap.budget", budget=_days(roadmap["budget_days"]), items=fit["items"], effort=_days(fit["effort"]),
               left=len(roadmap["items"]) - fit["items"]).text(lang)


def _days(value: float) -> str:
    return f"{value:g}"


def rows(roadmap: dict, lang: str) -> list[dict]:
    """The items as the outputs show them, in the language."""
    labels = _labels(lang)
    phases = _phase_titles(roadmap, lang)
    return [{"order": i["order"], "phase": phases[i["phase"]], "requirement": i["requirement"], "clause": i["clause"],
             "title": requirement_text(i["title"], lang), "status": labels["status"].get(i["status"], i["status"]),
             "grade": labels["grade"].get(i["grade"], "") if i["grade"] else "", "effort": i["effort"],
             "cumulative": i["cumulative"], "quick_win": label("roadmap.quick_win", lang) if i["quick_win"] else "",
             "depends_on": ", ".join(i["depends_on"]), "within_budget": i.get("within_budget", True),
             "basis": msg("roadmap.basis", base=_days(i["effort_base"]), key=i["effort_key"], factor=i["status_factor"],
                          size=roadmap["size_factor"]).text(lang)} for i in roadmap["items"]]


COLUMNS = ("order", "phase", "requirement", "title", "status", "grade", "effort", "cumulative", "quick_win", "depends_on", "basis")


def render(roadmap: dict, fmt: str, lang: str) -> str | bytes:
    if fmt == "json":
        return json.dumps(roadmap, indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return _markdown(roadmap, lang)
    if fmt == "xlsx":  # the workbook writer sits above this module (it shows the roadmap too)
        raise ValueError("render the roadmap's xlsx with auditkit.outputs.render.xlsx_format.workbook([sheet(...)])")
    return _text(roadmap, lang)


def _text(roadmap: dict, lang: str) -> str:
    out = [summary_line(roadmap, lang)]
    if roadmap.get("budget_days") is not None:
        out.append(budget_line(roadmap, lang))
    current = None
    for row in rows(roadmap, lang):
        if row["phase"] != current:
            current = row["phase"]
            out.append("\n" + terminal(current, one_line=True))
        mark = "*" if row["quick_win"] else " "
        cut = "" if row["within_budget"] else "  " + label("roadmap.over_budget", lang)
        after = f"  ({label('roadmap.after', lang)} {row['depends_on']})" if row["depends_on"] else ""
        d = label("roadmap.days", lang)
        out.append(f"  {row['order']:>3}. {mark} {row['requirement']:<12} {row['effort']:>5g} {d}  {row['cumulative']:>6g} {d}  "
                   f"{terminal(row['title'], one_line=True)} [{row['status']}{', ' + row['grade'] if row['grade'] else ''}]{after}{cut}")
    out.append("\n* " + label("roadmap.quick_win", lang) + ". " + msg("roadmap.formula", formula=label("roadmap.formula_text", lang)).text(lang))
    return "\n".join(out) + "\n"


def _markdown(roadmap: dict, lang: str) -> str:
    head = [label(f"roadmap.col.{c}", lang) for c in COLUMNS]
    out = [f"# {label('roadmap.title', lang)}", "", summary_line(roadmap, lang), ""]
    if roadmap.get("budget_days") is not None:
        out += [budget_line(roadmap, lang), ""]
    out += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows(roadmap, lang):
        cells = [str(row[c]) for c in COLUMNS]
        if not row["within_budget"]:
            cells[0] += " \u2020"
        out.append("| " + " | ".join(markdown(c) if c else "" for c in cells) + " |")
    out += ["", msg("roadmap.formula", formula=label("roadmap.formula_text", lang)).text(lang)]
    if roadmap.get("budget_days") is not None:
        out.append("\u2020 " + label("roadmap.over_budget", lang))
    return "\n".join(out) + "\n"


def sheet(roadmap: dict, lang: str):
    """The roadmap as a workbook sheet (for the assess workbook and `roadmap --format xlsx`)."""
    table = [[row[c] for c in COLUMNS] for row in rows(roadmap, lang)]
    return Sheet(label("roadmap.title", lang), [label(f"roadmap.col.{c}", lang) for c in COLUMNS], table,
                 [6, 30, 11, 40, 16, 16, 8, 10, 10, 18, 40])


REPORT_ROWS = 25
"""The report shows the first gaps of the plan; the rest are in `auditkit roadmap` and the workbook."""


def report_section(roadmap: dict | None, lang: str) -> dict | None:
    """What the report's roadmap section shows: the phases with their effort, then the first items in order."""
    if not roadmap:
        return None
    shown = rows(roadmap, lang)[:REPORT_ROWS]
    rest = roadmap["items"][REPORT_ROWS:]
    return {
        "summary": summary_line(roadmap, lang),
        "phases": [{"title": requirement_text(p["title"], lang),
                    "text": msg("roadmap.phase_effort", items=p["items"], effort=_days(p["effort"])).text(lang)}
                   for p in roadmap["phases"]],
        "rows": shown,
        "more": msg("roadmap.more", n=len(rest), effort=_days(round(sum(i["effort"] for i in rest), 2))).text(lang) if rest else "",
        "formula": msg("roadmap.formula", formula=label("roadmap.formula_text", lang)).text(lang),
        "labels": {c: label(f"roadmap.col.{c}", lang) for c in COLUMNS},
    }
