"""Wording shared by the renderers: labels of statuses and grades, percentages, evidence locations."""

from __future__ import annotations

import re

from auditkit.model.messages import msg, render_dict
from auditkit.model.assessment import grade_rank
from auditkit.model.text import location_text, percent
from auditkit.outputs.vocabulary import enum_labels

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


pct = percent  # the one definition (auditkit.model.text), under the name the renderers use
location = location_text


def findings_in_order(data: dict) -> list[dict]:
    """Findings from the most to the least severe grade, then by requirement order."""
    position = {r["requirement"]: i for i, r in enumerate(data["results"])}
    return sorted(data["findings"], key=lambda f: (grade_rank(f["grade"]), position[f["requirement"]]))


def subclause_verdicts(data: dict) -> dict[str, dict]:
    """clause -> its subclause entry, for assessments that carry a verdict per subclause (older ones do not)."""
    return {c["clause"]: c for c in data.get("subclauses", []) if "status" in c}


def rules_text(data: dict) -> list[str]:
    """The declared rules besides the formula: grading by what failed and the subclause aggregation."""
    sc = data["scoring"]
    return [text for text in (sc.get("grading_rule"), sc.get("aggregation_rule")) if text]


def titles(data: dict, lang: str) -> dict[str, str]:
    return {r["requirement"]: r["title"].get(lang) or r["title"]["en"] for r in data["results"]}


def requirement_text(value: dict | None, lang: str) -> str:
    """A bilingual text of the catalog ({en, zh}) in ``lang``, English when the language has none."""
    if not isinstance(value, dict):
        return ""
    return value.get(lang) or value.get("en") or next(iter(value.values()), "")


def catalog_results(data: dict, part: dict) -> list[dict]:
    """The results of one catalog of a project with several (an entry of ``data["catalogs"]``): those whose ids
    carry its prefix, or, for the primary catalog (no prefix), those without a catalog-qualified id."""
    prefix = part.get("prefix", "")
    return [r for r in data["results"] if (r["requirement"].startswith(prefix) if prefix else ":" not in r["requirement"])]


def clause_title(clause: dict, lang: str) -> str:
    """A clause's title as the assessment stores it (``title``, ``title_zh``) in ``lang``."""
    return (clause.get("title_zh") if lang == "zh" else None) or clause.get("title") or ""


def check_message(check: dict, lang: str) -> str:
    """A check's message in ``lang``: its template when it has one, else the English text stored."""
    template = check.get("template")
    if template:
        return render_dict(template, lang)
    return check.get(f"message_{lang}") or check["message"]


def finding_gap(data: dict, finding: dict, lang: str) -> str:
    """A finding's gap statement in ``lang``, composed from its checks and judgment as the assessment composed
    it in English (``finding["gap"]``); in English the stored text itself."""
    if lang == "en" or finding is None:
        return finding["gap"] if finding else ""
    result = next(r for r in data["results"] if r["requirement"] == finding["requirement"])
    checks = result.get("checks") or []
    observed = list(dict.fromkeys(check_message(c, lang) for c in checks if c["outcome"] == "pass"))
    gaps = list(dict.fromkeys(check_message(c, lang) for c in checks if c["outcome"] != "pass"))
    j = result.get("judgment")
    if j:
        labels = _report_labels(lang)
        said = msg("finding.auditor", auditor=j.get("auditor", ""),
                   method=labels.get("methods", {}).get(j.get("method"), j.get("method", "")), date=j.get("date", ""),
                   sample=msg("finding.sample", sample=j["sample"]) if j.get("sample") else "",
                   note=j.get("note") or labels.get("status", {}).get(j.get("result"), j.get("result", "")))
        (gaps if result["status"] in ("nonconformant", "partially-conformant") else observed).append(said.text(lang))
    if not gaps and not observed and result.get("failure") == "process-absent":
        return msg("verdict.process_absent", clause=result["clause"]).text(lang)
    return msg("join", items=gaps or observed).text(lang)


def _report_labels(lang: str) -> dict:
    return enum_labels(lang)


def scoring_formula(data: dict, lang: str) -> str:
    """The scoring formula in ``lang``: in English the text the assessment declares; in another language the
    report's wording (``scoring.formula`` of templates/i18n/<lang>.yaml) filled with the parameters it recorded."""
    sc = data["scoring"]
    wording = (enum_labels(lang).get("scoring") or {}).get("formula") if lang != "en" else None
    if not wording or "points" not in sc or "weights" not in sc:
        return sc["formula"]
    values = {"threshold": sc.get("readiness_threshold"), "needs_evidence": "—",
              **{k.replace("-", "_"): v for k, v in sc["points"].items()}, **sc["weights"]}
    return re.sub(r"\{([a-z_]+)\}", lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), wording)
