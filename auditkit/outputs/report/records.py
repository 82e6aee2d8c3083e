"""The report's figures per record set: a table of every figure the record checks measured, the SLA attainment
table, and a chart (issue 16 item 3).

Everything comes from the metrics of the assessment JSON (auditkit/model/metrics.py), so each number in the
report is the one the JSON holds and can be recomputed from the export: counted, out of, value (a share
truncated, never rounded up), target. A figure several requirements measured alike (the same counts, the same
target) is one row naming them all.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from auditkit.outputs.report.chart import WIDTH
from auditkit.model.metrics import share_text
from auditkit.model.messages import label as message_label, render_dict
from auditkit.outputs.report.labels import fill

PERCENT_MEASURES = ("share", "rate")


def percent(numerator: int, denominator: int) -> str:
    """The truncated share (model.metrics.share_text), or a dash when nothing was measured."""
    return share_text(numerator, denominator) if denominator else "—"


def _value(metric: dict) -> str:
    if metric["measure"] in PERCENT_MEASURES:
        return percent(metric["numerator"], metric["denominator"])
    if metric["measure"] == "percentile":
        return "—" if metric["value"] is None else f"{metric['value']:.1f} h"
    return f"{metric['numerator']:,}"


def _target(metric: dict, t: dict) -> str:
    threshold = metric["threshold"]
    if metric["measure"] == "share":
        return fill(t["at_least"], value=f"{threshold:.0%}")
    if metric["measure"] == "rate":
        return fill(t["at_most"], value=f"{threshold:.0%}")
    if metric["measure"] == "percentile":
        return fill(t["at_most"], value=f"{threshold:g} h")
    return fill(t["at_least"], value=f"{threshold:,}")


def _group(metric: dict, t: dict) -> str:
    group = metric.get("group") or {}
    if not group:
        return ""
    value = t["empty"] if group.get("value") is None else str(group["value"])
    if group["field"] in ("month", "link"):
        return value
    return f"{group['field']} = {value}"


def record_sets(data: dict, t: dict, *, lang: str, primary: str, accent: str, font: str) -> list[dict]:
    """One entry per record set a record check measured: its title, unit, figures, SLA attainment and chart."""
    labels = t["records"]
    titles = {item["id"]: item.get("title", "") for item in data["inputs"].get("evidence_items", [])}
    sets: dict[str, dict] = {}
    for result in data["results"]:
        for check in result["checks"]:
            for metric in check.get("metrics") or ():
                entry = sets.setdefault(metric["record_set"], {"id": metric["record_set"], "metrics": {},
                                                               "unit": metric["unit"], "rows": metric["rows"],
                                                               "key": metric.get("key")})
                same = (check["rule"], metric["measure"], repr(metric.get("group")), metric["condition"],
                        metric["numerator"], metric["denominator"], metric["threshold"])
                row = entry["metrics"].setdefault(same, {"metric": metric, "rule": check["rule"], "requirements": []})
                if result["requirement"] not in row["requirements"]:
                    row["requirements"].append(result["requirement"])
    out = []
    for set_id in sorted(sets):
        entry = sets[set_id]
        rows = list(entry["metrics"].values())
        sla = [r for r in rows if (r["metric"].get("group") or {}).get("agreement")]
        series = [r for r in rows if (r["metric"].get("group") or {}).get("field") == "month"]
        others = [r for r in rows if r not in sla and r not in series]
        out.append({
            "id": set_id,
            "title": titles.get(set_id, ""),
            "read": fill(labels["read_keyed" if entry["key"] else "read"], rows=f"{entry['rows']:,}",
                         unit=_unit(entry["unit"], lang), key=entry["key"] or ""),
            "figures": [_row(r, labels, lang) for r in others],
            "sla": [_sla_row(r, labels, lang) for r in sla],
            "series": [_row(r, labels, lang) for r in series],
            "chart": _chart(series, others + sla, labels, primary=primary, accent=accent, font=font),
        })
    return out


def _unit(unit: str, lang: str) -> str:
    """The unit counted in ``lang``: ours are translated, one the user declared is shown as written."""
    return message_label(f"records.unit.{unit}", lang) if unit in ("rows", "records") else unit


def _condition(metric: dict, lang: str) -> str:
    template = metric.get("condition_template")
    return render_dict(template, lang) if template else metric["condition"]


def _row(row: dict, t: dict, lang: str) -> dict:
    metric = row["metric"]
    return {"requirements": ", ".join(row["requirements"]), "rule": t["rules"].get(row["rule"], row["rule"]),
            "group": _group(metric, t),
            "condition": _condition(metric, lang), "counted": f"{metric['numerator']:,} / {metric['denominator']:,}",
            "value": _value(metric), "target": _target(metric, t),
            "result": t["met"] if metric["passed"] else t["not_met"], "passed": metric["passed"]}


def _sla_row(row: dict, t: dict, lang: str) -> dict:
    group = row["metric"]["group"]
    return {**_row(row, t, lang), "agreement": group["agreement"], "service": group.get("service", ""),
            "priority": t["empty"] if group.get("value") is None else str(group["value"])}


def _chart(series: list[dict], rows: list[dict], t: dict, *, primary: str, accent: str, font: str) -> Markup | None:
    """The monthly series as columns when the set has one, else each share against its target as bars."""
    if series:
        return month_columns([(r["metric"]["group"]["value"], r["metric"]["numerator"]) for r in series],
                             series[0]["metric"]["threshold"], primary=primary, accent=accent, font=font)
    shares = [r for r in rows if r["metric"]["measure"] in PERCENT_MEASURES and r["metric"]["denominator"]]
    if shares:
        return share_bars([(_label(r, t), r["metric"]["numerator"] / r["metric"]["denominator"],
                            float(r["metric"]["threshold"]), r["metric"]["passed"],
                            percent(r["metric"]["numerator"], r["metric"]["denominator"])) for r in shares],
                          primary=primary, accent=accent, font=font, scale=("0%", "50%", "100%"))
    counts = [r for r in rows if r["metric"]["measure"] == "count"]
    if not counts:
        return None
    highest = max(max(r["metric"]["numerator"], r["metric"]["threshold"]) for r in counts) or 1
    return share_bars([(_label(r, t), r["metric"]["numerator"] / highest, r["metric"]["threshold"] / highest,
                        r["metric"]["passed"], f"{r['metric']['numerator']:,}") for r in counts],
                      primary=primary, accent=accent, font=font, scale=("0", "", f"{highest:,}"))


def _label(row: dict, t: dict) -> str:
    """A bar's label: its group (a priority, a link), else the requirements that measured it."""
    return _group(row["metric"], t) or ", ".join(row["requirements"])


def share_bars(bars: list[tuple[str, float, float, bool, str]], *, primary: str, accent: str, font: str,
               scale: tuple[str, str, str]) -> Markup:
    """Horizontal bars (label, length 0..1, target 0..1, passed, figure shown), each with its target as a tick;
    ``scale`` labels the left end, the middle and the right end."""
    label_w, value_w, row_h, bar_h, top = 260, 60, 20, 12, 18
    bar_w = WIDTH - label_w - value_w
    height = top + row_h * len(bars) + 6
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
             f'height="{height}" font-family="{escape(font)}" font-size="10" role="img">']
    for tick, text in zip((0, 0.5, 1.0), scale):
        x = label_w + bar_w * tick
        parts.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 4}" stroke="#ddd" stroke-width="0.6"/>')
        parts.append(f'<text x="{x:.1f}" y="{top - 7}" text-anchor="middle" fill="#666" font-size="9">{escape(text)}</text>')
    for index, (label, share, target, passed, shown) in enumerate(bars):
        y = top + index * row_h
        short = label if len(label) <= 44 else label[:43] + "\u2026"
        parts.append(f'<text x="{label_w - 6}" y="{y + bar_h - 2}" text-anchor="end" fill="#222">{escape(short)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{max(bar_w * share, 0.8):.1f}" height="{bar_h}" '
                     f'fill="{escape(primary if passed else accent)}"/>')
        x = label_w + bar_w * target
        parts.append(f'<line x1="{x:.1f}" y1="{y - 2}" x2="{x:.1f}" y2="{y + bar_h + 2}" stroke="#222" stroke-width="1.4"/>')
        parts.append(f'<text x="{WIDTH - value_w + 6}" y="{y + bar_h - 2}" fill="#222">{escape(shown)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def month_columns(points: list[tuple[str, int]], least: int, *, primary: str, accent: str, font: str) -> Markup:
    """Vertical columns, one per month (``YYYY-MM``, count); a month under ``least`` in the accent colour."""
    height, left, bottom, top = 170, 40, 30, 14
    plot_w, plot_h = WIDTH - left - 10, height - top - bottom
    highest = max([count for _month, count in points] + [least, 1])
    step = plot_w / max(len(points), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
             f'height="{height}" font-family="{escape(font)}" font-size="9" role="img">',
             f'<line x1="{left}" y1="{top + plot_h}" x2="{WIDTH - 10}" y2="{top + plot_h}" stroke="#888" stroke-width="1"/>',
             f'<text x="{left - 4}" y="{top + 4}" text-anchor="end" fill="#666">{highest:,}</text>',
             f'<text x="{left - 4}" y="{top + plot_h}" text-anchor="end" fill="#666">0</text>']
    for index, (month, count) in enumerate(points):
        h = plot_h * count / highest
        x = left + index * step + step * 0.15
        colour = primary if count >= least else accent
        parts.append(f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{step * 0.7:.1f}" height="{max(h, 0.5):.1f}" '
                     f'fill="{escape(colour)}"/>')
        parts.append(f'<text x="{x + step * 0.35:.1f}" y="{top + plot_h + 12}" text-anchor="middle" fill="#222">'
                     f'{escape(month[2:])}</text>')
        parts.append(f'<text x="{x + step * 0.35:.1f}" y="{top + plot_h - h - 3:.1f}" text-anchor="middle" fill="#222">'
                     f'{count:,}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
