"""Wording shared by the renderers: labels of statuses and grades, percentages, evidence locations."""

from __future__ import annotations

STATUS_LABEL = {
    "conformant": "conformant",
    "partially-conformant": "partially conformant",
    "nonconformant": "nonconformant",
    "needs-evidence": "needs evidence",
    "not-applicable": "not applicable",
    "not-assessed": "not assessed",
    "not-examined": "not examined in this review",
}
STATUS_SHORT = {"conformant": "C", "partially-conformant": "PC", "nonconformant": "NC", "needs-evidence": "NEv",
                "not-applicable": "N/A", "not-assessed": "NE", "not-examined": "NX"}
GRADE_LABEL = {
    "major-nc": "major nonconformity",
    "minor-nc": "minor nonconformity",
    "observation": "observation",
    "ofi": "opportunity for improvement",
    "good-practice": "good practice",
}
GRADE_ORDER = list(GRADE_LABEL)


def pct(score) -> str:
    return "n/a" if score is None else f"{score * 100:.1f}%"


def location(loc: dict) -> str:
    text = loc["file"]
    if loc.get("line") is not None:
        text += f":{loc['line']}"
        if loc.get("column") is not None:
            text += f":{loc['column']}"
    return text


def findings_in_order(data: dict) -> list[dict]:
    """Findings from the most to the least severe grade, then by requirement order."""
    order = {g: i for i, g in enumerate(GRADE_ORDER)}
    position = {r["requirement"]: i for i, r in enumerate(data["results"])}
    return sorted(data["findings"], key=lambda f: (order[f["grade"]], position[f["requirement"]]))


def subclause_verdicts(data: dict) -> dict[str, dict]:
    """clause -> its subclause entry, for assessments that carry a verdict per subclause (older ones do not)."""
    return {c["clause"]: c for c in data.get("subclauses", []) if "status" in c}


def rules_text(data: dict) -> list[str]:
    """The declared rules besides the formula: grading by what failed and the subclause aggregation."""
    sc = data["scoring"]
    return [text for text in (sc.get("grading_rule"), sc.get("aggregation_rule")) if text]


def titles(data: dict, lang: str) -> dict[str, str]:
    return {r["requirement"]: r["title"].get(lang) or r["title"]["en"] for r in data["results"]}
