"""Charts as inline SVG, built from numbers only: scores per clause (bars) and the trend of earlier assessments.

Every text placed in the SVG is escaped; the SVG is drawn by WeasyPrint in the PDF and by the browser in HTML.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from auditkit.model.text import percent

WIDTH = 640
LABEL_W = 300
VALUE_W = 56
ROW_H = 24
BAR_H = 14
TOP = 22




def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def clause_bars(rows: list[dict], threshold: float, *, primary: str, accent: str, font: str,
                threshold_label: str, title_limit: int = 44) -> Markup:
    """Horizontal bars: one per clause (``{clause, title, score}``), with the readiness threshold as a line."""
    bar_w = WIDTH - LABEL_W - VALUE_W
    height = TOP + ROW_H * len(rows) + 8
    x_threshold = LABEL_W + bar_w * threshold
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" font-family="{escape(font)}" font-size="11" role="img">',
        f'<line x1="{LABEL_W}" y1="{TOP - 4}" x2="{LABEL_W}" y2="{height - 6}" stroke="#888" stroke-width="1"/>',
    ]
    for tick in (0.25, 0.5, 0.75, 1.0):
        x = LABEL_W + bar_w * tick
        parts.append(f'<line x1="{x:.1f}" y1="{TOP - 4}" x2="{x:.1f}" y2="{height - 6}" stroke="#ddd" stroke-width="0.6"/>')
        parts.append(f'<text x="{x:.1f}" y="{TOP - 8}" text-anchor="middle" fill="#666" font-size="9">{int(tick * 100)}%</text>')
    for index, row in enumerate(rows):
        y = TOP + index * ROW_H
        score = row["score"]
        label = f'{row["clause"]}  {_short(row["title"], title_limit)}'
        parts.append(f'<text x="{LABEL_W - 8}" y="{y + BAR_H - 3}" text-anchor="end" fill="#222">{escape(label)}</text>')
        if score is not None:
            w = max(bar_w * score, 0.8)
            parts.append(f'<rect x="{LABEL_W}" y="{y}" width="{w:.1f}" height="{BAR_H}" fill="{escape(primary)}"/>')
        parts.append(f'<text x="{WIDTH - VALUE_W + 6}" y="{y + BAR_H - 3}" fill="#222">{percent(score)}</text>')
    parts.append(f'<line x1="{x_threshold:.1f}" y1="{TOP - 4}" x2="{x_threshold:.1f}" y2="{height - 6}" '
                 f'stroke="{escape(accent)}" stroke-width="1.6" stroke-dasharray="4 3"/>')
    parts.append(f'<text x="{x_threshold - 3:.1f}" y="{height - 1}" text-anchor="end" fill="{escape(accent)}" font-size="9">'
                 f'{escape(threshold_label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def trend_line(points: list[dict], threshold: float, *, primary: str, accent: str, font: str,
               threshold_label: str) -> Markup:
    """Overall score over time: ``points`` are ``{label, score, current}`` in date order."""
    height, left, right, top, bottom = 190, 46, 20, 16, 40
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    n = len(points)

    inset = 36  # room for the date labels under the first and the last point

    def x(i: int) -> float:
        return left + inset + (0 if n == 1 else (plot_w - 2 * inset) * i / (n - 1))

    def y(score: float) -> float:
        return top + plot_h * (1 - score)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" font-family="{escape(font)}" font-size="10" role="img">',
    ]
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        parts.append(f'<line x1="{left}" y1="{y(tick):.1f}" x2="{WIDTH - right}" y2="{y(tick):.1f}" stroke="#ddd" stroke-width="0.6"/>')
        parts.append(f'<text x="{left - 6}" y="{y(tick) + 3:.1f}" text-anchor="end" fill="#666" font-size="9">{int(tick * 100)}%</text>')
    parts.append(f'<line x1="{left}" y1="{y(threshold):.1f}" x2="{WIDTH - right}" y2="{y(threshold):.1f}" '
                 f'stroke="{escape(accent)}" stroke-width="1.4" stroke-dasharray="4 3"/>')
    parts.append(f'<text x="{WIDTH - right}" y="{y(threshold) - 4:.1f}" text-anchor="end" fill="{escape(accent)}" font-size="9">'
                 f'{escape(threshold_label)}</text>')
    scored = [(i, p) for i, p in enumerate(points) if p["score"] is not None]
    if len(scored) > 1:
        path = " ".join(f"{x(i):.1f},{y(p['score']):.1f}" for i, p in scored)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{escape(primary)}" stroke-width="2"/>')
    for i, p in enumerate(points):
        parts.append(f'<text x="{x(i):.1f}" y="{height - bottom + 16}" text-anchor="middle" fill="#222">{escape(p["label"])}</text>')
        if p["score"] is None:
            continue
        r = 4.5 if p.get("current") else 3.2
        parts.append(f'<circle cx="{x(i):.1f}" cy="{y(p["score"]):.1f}" r="{r}" fill="{escape(primary)}"/>')
        parts.append(f'<text x="{x(i):.1f}" y="{y(p["score"]) - 8:.1f}" text-anchor="middle" fill="#222">{percent(p["score"])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
