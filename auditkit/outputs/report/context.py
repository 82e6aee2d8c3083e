"""From an assessment's JSON form (plus optional corrective actions and trend) to the values the templates show.

Pure and free of I/O: the same dict and labels always give the same context, which is what lets a stored
snapshot re-render the same report. Texts from the user's files pass through unchanged (the templates escape
them); every label comes from the language's label file.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from datetime import date

from auditkit.inputs.catalog import default_clause_table
from auditkit.model.clauses import clause_key
from auditkit.outputs.report import evidence_index
from auditkit.outputs.report.branding import Branding
from auditkit.outputs.report.chart import clause_bars, trend_line
from auditkit.outputs.report.records import record_sets
from auditkit.outputs.report.labels import fill
from auditkit.outputs.render.common import finding_gap
from auditkit.outputs.soa import applies_label, statement
from auditkit.outputs.roadmap import report_section
from auditkit.model.messages import label, msg, render_dict
from auditkit.model.assessment import FINDING_GRADES, GRADES, NONCONFORMITY_GRADES, grade_rank
from auditkit.model.text import location_text, percent
from auditkit.outputs.render.common import catalog_results, requirement_text

STATUS_ORDER = ["conformant", "partially-conformant", "nonconformant", "needs-evidence", "not-applicable", "not-assessed",
                "not-examined"]
# FINDING_GRADES (auditkit.model.assessment): graded findings shown per clause; OFIs and good practices have their
# own section.
EVIDENCE_SHOWN = 10
GAP_PARTS_SHOWN = 8
GAP_CHARS_SHOWN = 1500
"""A finding of a large organisation can name a thousand evidence files; the PDF shows the first ones and says
how many more the attached assessment.json lists (the HTML report, which costs no layout, shows them all)."""
SAMPLE_ROWS = 25
"""Above this many recorded samples, the method section counts them per clause instead of listing each."""
NOT_ASSESSED_ROWS = 30
"""Above this many requirements not assessed, they are listed by id per clause and reason, without titles."""
TREND_COLUMNS = 6
TREND_POINTS = 12

SECTIONS = ["objectives", "team", "method", "summary", "scores", "catalogs", "findings", "good", "actions",
            "not_covered", "documents", "soa", "roadmap", "conclusions", "signoff"]
"""The report's sections in order; the optional ones only when the assessment holds their data."""
OPTIONAL_SECTIONS = {"catalogs": "catalogs", "documents": "documents"}
"""Section -> the key of the assessment JSON it needs: 'catalogs' for a project with several catalogs (issue 19),
'documents' when documents were read as written (issue 14)."""
DOCUMENT_PLACES_SHOWN = 6
"""Referring places listed per missing document; the assessment JSON holds every one of them."""
APPENDICES = ["evidence_index", "scoring", "versions"]


def fingerprint(data: dict) -> str:
    """sha256 of the assessment's canonical JSON: names exactly which assessment a report shows."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


pct = percent  # the one definition (auditkit.model.text), under the name the templates use


def format_date(value, t: dict) -> str:
    """``2026-11-05`` as the language writes it; anything else is shown as written."""
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return fill(t["date_format"], year=day.year, month=day.month, day=day.day, month_name=t["months"][day.month - 1])


format_location = location_text


class _Text:
    """Language-dependent lookups shared by the builders below."""

    def __init__(self, data: dict, t: dict, lang: str):
        self.t, self.lang = t, lang
        self.results = {r["requirement"]: r for r in data["results"]}
        self.position = {r["requirement"]: i for i, r in enumerate(data["results"])}
        self.clause_titles = {c["clause"]: c["title"] for c in data["clauses"] + data["subclauses"]}
        self.clause_titles_zh = {c["clause"]: c.get("title_zh") or "" for c in data["clauses"] + data["subclauses"]}
        self.local_titles = {str(k): v for k, v in (t.get("clause_titles") or {}).items()}

    def clause(self, clause: str) -> str:
        """A clause title in the report's language: a label override, the titles the assessment stored (from its
        catalog's clause table), then ISO/IEC 20000-1's table for a clause the assessment does not name."""
        if clause in self.local_titles:
            return self.local_titles[clause]
        if self.lang == "zh" and self.clause_titles_zh.get(clause):
            return self.clause_titles_zh[clause]
        if clause in self.clause_titles:
            return self.clause_titles[clause]
        return default_clause_table().title(clause, self.lang)

    def req_title(self, rid: str) -> str:
        r = self.results.get(rid)
        return requirement_text(r["title"], self.lang) if r else rid

    def req_text(self, rid: str) -> str:
        r = self.results.get(rid)
        return requirement_text(r["text"], self.lang) if r else ""

    def label(self, group: str, key) -> str:
        return (self.t.get(group) or {}).get(key, str(key))


def build_context(
    data: dict,
    t: dict,
    *,
    lang: str,
    branding: Branding,
    actions: list[dict] | None = None,
    trend: list[dict] | None = None,
    final: bool = False,
    standalone_html: bool = False,
) -> dict:
    """Everything the report templates show, computed from ``data`` (assessment JSON) and the labels ``t``."""
    x = _Text(data, t, lang)
    threshold = data["scoring"]["readiness_threshold"]
    profile = data["organization"].get("profile") or {}
    org_profile = profile.get("organization") or {}
    audit = profile.get("audit") or {}
    action_list = [_action(a, x) for a in actions or []]
    by_finding: dict[str, list[dict]] = {}
    for action in action_list:
        for finding_id in action["findings"]:
            by_finding.setdefault(finding_id, []).append(action)
    findings = [_finding(f, x, by_finding, complete=standalone_html) for f in data["findings"]]
    font = t["chart_font"]

    clauses = [{**c, "title": x.clause(c["clause"]), "score_text": pct(c["score"])} for c in data["clauses"]]
    subclauses = [{**c, "title": x.clause(c["clause"]), "score_text": pct(c["score"]),
                   "verdict": x.label("status", c["status"]) if c.get("status") else "",
                   "grade_label": x.label("grade", c["grade"]) if c.get("grade") else x.t["scores"]["no_grade"]}
                  for c in data["subclauses"]]
    threshold_label = fill(t["scores"]["threshold"], threshold=pct(threshold))
    index_rows = evidence_index.index_rows(data)
    csv_bytes = evidence_index.index_csv(index_rows)
    overdue = [a for a in action_list if a["overdue"]]

    context = {
        "lang": lang,
        "t": t,
        "final": final,
        "standalone_html": standalone_html,
        "branding": branding,
        "fingerprint": fingerprint(data),
        "as_of": format_date(data["as_of"], t),
        "as_of_iso": data["as_of"],
        "tool": data["tool"],
        "catalog": data["catalog"],
        "schema_version": data["schema_version"],
        "org": {
            "name": data["organization"]["name"],
            "short_name": org_profile.get("short_name") or data["organization"]["name"],
            "address": org_profile.get("address", ""),
            "scope": data["organization"].get("scope", ""),
            "services": data["organization"].get("services", []),
        },
        "audit": _audit(audit, t, data),
        "review": _review(data, x),
        "summary": _summary(data, x, overdue),
        "clauses": clauses,
        "subclauses": subclauses,
        "status_columns": STATUS_ORDER,
        "chart": clause_bars(clauses, threshold, primary=branding.primary, accent=branding.accent, font=font,
                             threshold_label=threshold_label, title_limit=int(t["scores"].get("title_limit", 42))),
        "trend": _trend(trend, data, x, branding, font, threshold_label),
        "record_sets": record_sets(data, t, lang=lang, primary=branding.primary, accent=branding.accent, font=font),
        "findings_by_clause": _by_clause([f for f in findings if f["grade"] in FINDING_GRADES], x),
        "good": sorted([f for f in findings if f["grade"] not in FINDING_GRADES],
                       key=lambda f: (grade_rank(f["grade"]), x.position.get(f["requirement"], 0))),
        "finding_ids": [f["id"] for f in findings],
        "actions": action_list if actions is not None else None,
        "method": _method(data, x),
        "not_covered": _not_covered(data, audit, x),
        "soa": _soa(data, lang),
        "roadmap": report_section(data.get("roadmap"), lang),
        "diverging": _diverging(data, x),
        "conclusions": _conclusions(data, findings, x),
        "signoff": _signoff(audit),
        "index": {
            "rows": index_rows if len(index_rows) <= evidence_index.MAX_ROWS else None,
            "summary": evidence_index.folder_summary(index_rows),
            "files": len(index_rows),
            "bytes": sum(r["size"] for r in index_rows),
            "item_count": len(data["inputs"].get("evidence_items", [])),
            "csv": csv_bytes,
            "csv_name": evidence_index.CSV_NAME,
            "csv_sha256": evidence_index.sha256(csv_bytes),
        },
        "scoring": _scoring(data, x),
        "inputs": data["inputs"],
        "documents": _documents(data.get("documents"), x),
        "catalogs": _catalogs(data, x),
        "sections": _numbered([k for k in SECTIONS if k not in OPTIONAL_SECTIONS or data.get(OPTIONAL_SECTIONS[k])],
                              t, numbers=True),
        "appendices": _numbered(APPENDICES, t, numbers=False),
    }
    return context


def _documents(documents: dict | None, x: _Text) -> dict | None:
    """The document set's section: every document referred to but absent, with the places referring to it, and
    every contradiction or stale reference as the assessment worded it, in the report's language."""
    if not documents:
        return None
    missing = []
    for entry in documents.get("missing_references", []):
        places = [format_location(loc) for loc in entry["referrers"]]
        missing.append({"target": entry["target"], "kind": x.t["documents"]["kind_" + entry["kind"]],
                        "count": len(places), "places": places[:DOCUMENT_PLACES_SHOWN],
                        "more": max(len(places) - DOCUMENT_PLACES_SHOWN, 0)})
    contradictions = [render_dict(c["message"], x.lang) for c in documents.get("contradictions", [])]
    return {"missing": missing, "references": sum(m["count"] for m in missing), "contradictions": contradictions}


def _catalogs(data: dict, x: _Text) -> list[dict]:
    """A section per catalog of a project with several: its score and statuses, and every credit its requirements
    were offered by results of another catalog (applied or only shown); [] for a project with one catalog."""
    out = []
    for part in data.get("catalogs") or []:
        own = catalog_results(data, part)
        credited = [{"requirement": r["requirement"], "title": x.req_title(r["requirement"]),
                     "status": x.label("status", r["status"]), "from": c["from"], "from_title": x.req_title(c["from"]),
                     "reference": c["reference"], "credit_status": x.label("status", c["status"]),
                     "by": x.label("source", c["by"]), "applied": c["applied"]}
                    for r in own for c in r.get("credits", [])]
        out.append({
            "id": part["id"], "standard": part.get("standard") or part["id"], "title": requirement_text(part["title"], x.lang),
            "version": part.get("version", ""), "primary": part.get("primary", False), "prefix": part.get("prefix", ""),
            "requirements": part["requirements"], "score_text": pct(part["score"]["score"]),
            "points": part["score"]["points"], "weight": part["score"]["weight"],
            "status_counts": [{"label": x.label("status", k), "n": part["status_counts"].get(k, 0)} for k in STATUS_ORDER],
            "grade_counts": [{"label": x.label("grade", k), "n": part.get("grade_counts", {}).get(k, 0)}
                             for k in GRADES],
            "credits": credited,
            "applied": sum(1 for c in credited if c["applied"]),
        })
    return out


def _numbered(keys: list[str], t: dict, *, numbers: bool) -> list[dict]:
    out = []
    for index, key in enumerate(keys):
        number = str(index + 1) if numbers else t["appendix_letters"][index]
        out.append({"key": key, "anchor": f"sec-{key.replace('_', '-')}", "number": number, "title": t["sections"][key]})
    return out


def _audit(audit: dict, t: dict, data: dict) -> dict:
    start, end = audit.get("start"), audit.get("end")
    if start and end and start != end:
        dates = fill(t["date_range"], start=format_date(start, t), end=format_date(end, t))
    else:
        dates = format_date(start or end or data["as_of"], t)
    return {
        "title": audit.get("title") or t["report_title"],
        "reference": audit.get("reference", ""),
        "objectives": audit.get("objectives") or [],
        "criteria": audit.get("criteria") or [data["catalog"].get("standard") or data["catalog"]["id"]],
        "criteria_declared": bool(audit.get("criteria")),
        "dates": dates,
        "locations": audit.get("locations") or [],
        "client": audit.get("client", ""),
        "team": audit.get("team") or [],
        "auditees": audit.get("auditees") or [],
    }


def _summary(data: dict, x: _Text, overdue: list[dict]) -> dict:
    s = data["summary"]
    t = x.t
    threshold = data["scoring"]["readiness_threshold"]
    score = s["overall"]["score"]
    majors = s["grade_counts"].get("major-nc", 0)
    reasons = []
    if majors:
        reasons.append(fill(t["verdict"]["majors"], n=majors))
    if score is None or score < threshold:
        reasons.append(fill(t["verdict"]["below_threshold"], score=pct(score), threshold=pct(threshold)))
    if overdue:
        reasons.append(fill(t["verdict"]["overdue_actions"], n=len(overdue), ids=", ".join(a["id"] for a in overdue)))
    if not s["ready"] and not reasons:
        reasons = list(s["readiness_reasons"])  # a reason this version does not know: shown as recorded
    ready = s["ready"] and not overdue
    results = data["results"]
    return {
        "score": pct(score),
        "points": s["overall"]["points"],
        "weight": s["overall"]["weight"],
        "ready": ready,
        "verdict": t["verdict"][("ready" if ready else "not_ready") + ("_examined" if _desk_review(data) else "")],
        "reasons": reasons,
        "threshold": pct(threshold),
        "requirements": len(results),
        "assessed": _assessed(data),
        "status_counts": [{"key": k, "label": x.label("status", k), "n": s["status_counts"].get(k, 0)} for k in STATUS_ORDER],
        "grade_counts": [{"key": k, "label": x.label("grade", k), "n": s["grade_counts"].get(k, 0)} for k in GRADES],
        "findings": len(data["findings"]),
    }


def _desk_review(data: dict) -> bool:
    return (data.get("review") or {}).get("type") == "documentation-review"


def _review(data: dict, x: _Text) -> dict:
    """What kind of review this was and what it examined: a documentation review examines the complete set of
    documents provided, not a sample, and leaves out what needs interviews, observation or records."""
    review = data.get("review") or {}
    desk = _desk_review(data)
    statement = ""
    if desk:
        statement = fill(x.t["review"]["documentation"], documents=(review.get("examined") or {}).get("documents", 0),
                         not_examined=len(review.get("not_examined", [])))
    return {"type": review.get("type", "audit"), "documentation": desk, "statement": statement}


def _assessed(data: dict) -> int:
    """Requirements actually assessed: summary.coverage.assessed, else all but not-assessed and not-applicable."""
    coverage = data["summary"].get("coverage") or {}
    if isinstance(coverage.get("assessed"), int):
        return coverage["assessed"]
    return sum(1 for r in data["results"] if r["status"] not in ("not-assessed", "not-applicable"))


def _action(a: dict, x: _Text) -> dict:
    finding = a.get("finding")
    findings = finding if isinstance(finding, list) else [finding] if finding else []
    return {
        "id": str(a.get("id", "")),
        "title": str(a.get("title", "")),
        "findings": [str(f) for f in findings],
        "requirement": str(a.get("requirement", "") or ""),
        "grade": x.label("grade", a.get("grade")) if a.get("grade") else "",
        "state": x.label("action_state", a.get("state", "")),
        "owner": str(a.get("owner", "") or ""),
        "due": format_date(a["due"], x.t) if a.get("due") else "",
        "overdue": bool(a.get("overdue")),
    }


def _shorten_gap(gap: str) -> tuple[str, int]:
    """The first problems of a long gap statement ('a; b; c ...') and how many were left out."""
    parts = gap.split("; ")
    shown = "; ".join(parts[:GAP_PARTS_SHOWN])
    more = max(len(parts) - GAP_PARTS_SHOWN, 0)
    if len(shown) > GAP_CHARS_SHOWN:
        shown, more = shown[:GAP_CHARS_SHOWN].rstrip() + "\u2026", more or 1
    return shown, more


def _finding(f: dict, x: _Text, by_finding: dict, *, complete: bool) -> dict:
    r = x.results.get(f["requirement"], {})
    j = r.get("judgment")
    basis = r.get("grade_basis", "")
    if basis == "auditor":
        basis_text = x.t["findings"]["basis_auditor"]
    elif basis:
        basis_text = fill(x.t["findings"]["basis_policy"], status=x.label("status", r.get("status", f["status"])),
                          criticality=x.label("criticality", r.get("criticality", "")))
    else:
        basis_text = ""
    evidence = [format_location(loc) for loc in f.get("evidence", [])]
    # the gap in the report's language, composed from the checks' message templates as the assessment composed it
    stated = finding_gap({"results": list(x.results.values())}, f, x.lang) if r else f.get("gap", "")
    gap, gap_more = (stated, 0) if complete else _shorten_gap(stated)
    return {
        "id": f["id"],
        "grade": f["grade"],
        "grade_label": x.label("grade", f["grade"]),
        "status_label": x.label("status", f["status"]),
        "requirement": f["requirement"],
        "clause": f["clause"],
        "clause_title": x.clause(f["clause"]),
        "title": x.req_title(f["requirement"]),
        "text": x.req_text(f["requirement"]),
        "criticality": x.label("criticality", r.get("criticality", "")) if r else "",
        "evidence": evidence if complete else evidence[:EVIDENCE_SHOWN],
        "evidence_more": 0 if complete else max(len(evidence) - EVIDENCE_SHOWN, 0),
        "examined": len(f.get("examined", [])),
        "judgment": {
            "method": x.label("methods", j.get("method", "")),
            "auditor": j.get("auditor", ""),
            "date": format_date(j.get("date", ""), x.t),
            "sample": j.get("sample", ""),
        } if j else None,
        "gap": gap,
        "gap_more": gap_more,
        "source": x.label("source", f["source"]),
        "basis": basis_text,
        "actions": by_finding.get(f["id"], []),
    }


def _by_clause(findings: list[dict], x: _Text) -> list[dict]:
    groups: dict[str, list[dict]] = {}
    for f in findings:
        groups.setdefault(f["clause"].split(".")[0], []).append(f)
    out = []
    for clause in sorted(groups, key=clause_key):
        items = sorted(groups[clause], key=lambda f: (x.position.get(f["requirement"], 0), f["id"]))
        counts = Counter(f["grade"] for f in items)
        out.append({"clause": clause, "title": x.clause(clause), "findings": items,
                    "counts": [{"label": x.label("grade" if counts[g] == 1 else "grade_plural", g), "n": counts[g]}
                               for g in GRADES if counts[g]]})
    return out


def _trend(trend: list[dict] | None, data: dict, x: _Text, branding: Branding, font: str, threshold_label: str):
    """Earlier assessments plus this one, oldest first; None when there is no earlier assessment."""
    # only what was known then: a re-rendered snapshot does not pick up assessments recorded after it
    earlier = sorted((p for p in (trend or []) if str(p.get("as_of")) < data["as_of"]), key=lambda p: str(p.get("as_of")))
    if not earlier:
        return None
    current = {"id": x.t["trend"]["this_assessment"], "as_of": data["as_of"], "overall": data["summary"]["overall"]["score"],
               "clauses": {c["clause"]: c["score"] for c in data["clauses"]}, "current": True}
    points = (earlier + [current])[-TREND_POINTS:]
    columns = points[-TREND_COLUMNS:]
    clause_ids = sorted({str(c) for p in columns for c in (p.get("clauses") or {})}, key=clause_key)
    rows = [{"clause": c, "title": x.clause(c),
             "scores": [pct((p.get("clauses") or {}).get(c)) if c in (p.get("clauses") or {}) else "" for p in columns]}
            for c in clause_ids]
    return {
        "chart": trend_line([{"label": str(p["as_of"]), "score": p.get("overall"), "current": p.get("current", False)}
                             for p in points], data["scoring"]["readiness_threshold"], primary=branding.primary,
                            accent=branding.accent, font=font, threshold_label=threshold_label),
        "columns": [{"id": str(p.get("id", "")), "as_of": str(p["as_of"]), "overall": pct(p.get("overall")),
                     "current": p.get("current", False)} for p in columns],
        "rows": rows,
        "earlier": len(earlier),
    }


def _method(data: dict, x: _Text) -> dict:
    judgments = [(r, r["judgment"]) for r in data["results"] if r.get("judgment")]
    by_method = Counter(j.get("method", "") for _, j in judgments)
    samples = [{"requirement": r["requirement"], "title": requirement_text(r["title"], x.lang), "sample": j["sample"],
                "method": x.label("methods", j.get("method", ""))} for r, j in judgments if j.get("sample")]
    s = data["summary"]
    return {
        "requirements": len(data["results"]),
        "checks": {k: s["checks"].get(k, 0) for k in ("pass", "fail", "cannot-evaluate")},
        "checks_total": sum(s["checks"].values()),
        "judgments": len(judgments),
        "by_method": [{"label": x.label("methods", m), "n": n} for m, n in sorted(by_method.items())],
        "sources": [{"label": x.label("source", k), "n": n} for k, n in s["source_counts"].items()],
        "auditors": sorted({j.get("auditor", "") for _, j in judgments if j.get("auditor")}),
        "any_samples": bool(samples),
        "samples": samples if len(samples) <= SAMPLE_ROWS else None,
        "sample_count": len(samples),
        "by_clause": _judgments_by_clause(judgments, x) if len(samples) > SAMPLE_ROWS else None,
    }


def _judgments_by_clause(judgments: list[tuple[dict, dict]], x: _Text) -> list[dict]:
    groups: dict[str, list[dict]] = {}
    for r, j in judgments:
        groups.setdefault(r["clause"].split(".")[0], []).append(j)
    out = []
    for clause in sorted(groups, key=clause_key):
        methods = Counter(j.get("method", "") for j in groups[clause])
        out.append({"clause": clause, "title": x.clause(clause), "judgments": len(groups[clause]),
                    "samples": sum(1 for j in groups[clause] if j.get("sample")),
                    "methods": x.t["list_sep"].join(f"{x.label('methods', m)} {n}" for m, n in sorted(methods.items()))})
    return out


def _not_covered(data: dict, audit: dict, x: _Text) -> dict:
    not_assessed, not_applicable = [], []
    for r in data["results"]:
        if r["status"] == "not-assessed":
            cannot = [c["message"] for c in r.get("checks", []) if c.get("outcome") == "cannot-evaluate"]
            if cannot:
                reason = "; ".join(cannot)
            elif r.get("source") == "none" and r.get("manual"):
                reason = x.t["not_covered"]["reason_manual"]
            elif r.get("source") == "none":
                reason = x.t["not_covered"]["reason_none"]
            else:
                reason = r.get("note", "")
            not_assessed.append({"requirement": r["requirement"], "title": requirement_text(r["title"], x.lang), "reason": reason})
        elif r["status"] == "not-applicable" and r.get("judgment"):  # exclusions: the SoA section lists them
            j = r.get("judgment") or {}
            not_applicable.append({"requirement": r["requirement"], "title": requirement_text(r["title"], x.lang),
                                   "justification": j.get("justification", "")})
    declared = [entry if isinstance(entry, str) else
                f"{entry.get('clause') or entry.get('requirement')} {x.clause(entry['clause']) if entry.get('clause') else x.req_title(entry.get('requirement', ''))}: {entry.get('reason', '')}"
                for entry in audit.get("not_covered") or []]
    pending = {status: [r["requirement"] for r in data["results"] if r["status"] == status]
               for status in ("not-examined", "needs-evidence")}
    return {"declared": declared, "not_assessed": not_assessed,
            "not_examined": _ids_by_clause(pending["not-examined"], x),
            "needs_evidence": _ids_by_clause(pending["needs-evidence"], x),
            "not_examined_count": len(pending["not-examined"]), "needs_evidence_count": len(pending["needs-evidence"]),
            "not_assessed_groups": _group_by_reason(not_assessed, x) if len(not_assessed) > NOT_ASSESSED_ROWS else None,
            "not_applicable": not_applicable}


def _soa(data: dict, lang: str) -> dict:
    """The statement of applicability: the subclauses that do not apply in full (operated by another party,
    found not applicable), and how many apply in full."""
    rows = statement(data, lang)
    shown = [{"clause": r.clause, "title": r.title, "applies": applies_label(r, lang), "requirements": r.requirements,
              "applicable": r.applicable, "operated_by": r.operated_by, "justification": r.justification}
             for r in rows if r.applies != "yes"]
    return {"rows": shown, "all_apply": msg("soa.all_apply", n=len(rows) - len(shown)).text(lang),
            "none_declared": label("soa.none_declared", lang),
            "declared": bool((data.get("applicability") or {}).get("exclusions")),
            "labels": {k: label(f"soa.col.{k}", lang) for k in ("clause", "applies", "requirements", "applicable",
                                                                 "operated_by", "justification")}}


def _ids_by_clause(ids: list[str], x: _Text) -> list[dict]:
    """Requirement ids per top-level clause, for the lists of what was left for later."""
    clauses: dict[str, list[str]] = {}
    for rid in ids:
        clauses.setdefault(x.results[rid]["clause"].split(".")[0], []).append(rid)
    return [{"clause": c, "title": x.clause(c), "ids": clauses[c]} for c in sorted(clauses, key=clause_key)]


def _group_by_reason(rows: list[dict], x: _Text) -> list[dict]:
    """Many requirements not assessed: one block per reason, listing requirement ids per clause (pages, not a phone book)."""
    by_reason: dict[str, dict[str, list[str]]] = {}
    for row in rows:
        top = x.results[row["requirement"]]["clause"].split(".")[0]
        by_reason.setdefault(row["reason"], {}).setdefault(top, []).append(row["requirement"])
    return [{"reason": reason, "count": sum(len(ids) for ids in clauses.values()),
             "clauses": [{"clause": c, "title": x.clause(c), "ids": clauses[c]} for c in sorted(clauses, key=clause_key)]}
            for reason, clauses in sorted(by_reason.items(), key=lambda kv: -sum(len(v) for v in kv[1].values()))]


def _diverging(data: dict, x: _Text) -> list[dict]:
    """Requirements where the automated checks and the auditor disagree (ISO 19011: diverging opinions)."""
    out = []
    for r in data["results"]:
        j = r.get("judgment")
        rules = r.get("rule_status")
        if not j or rules in (None, "not-assessed") or rules == j.get("result"):
            continue
        out.append({"requirement": r["requirement"], "title": requirement_text(r["title"], x.lang),
                    "rules": x.label("status", rules), "auditor": x.label("status", j.get("result")),
                    "final": x.label("status", r["status"]),
                    "how": x.t["conclusions"]["overridden" if j.get("overrides_rules") else "worse_stands"]})
    return out


def _conclusions(data: dict, findings: list[dict], x: _Text) -> dict:
    counts = data["summary"]["status_counts"]
    total = len(data["results"])
    applicable = total - counts.get("not-applicable", 0)
    fulfilment = fill(x.t["conclusions"]["fulfilment"], total=total, applicable=applicable,
                      conformant=counts.get("conformant", 0), partial=counts.get("partially-conformant", 0),
                      nonconformant=counts.get("nonconformant", 0), not_assessed=counts.get("not-assessed", 0),
                      not_applicable=counts.get("not-applicable", 0), score=pct(data["summary"]["overall"]["score"]),
                      needs_evidence=counts.get("needs-evidence", 0), not_examined=counts.get("not-examined", 0))
    main = [f for f in findings if f["grade"] in NONCONFORMITY_GRADES]
    main.sort(key=lambda f: (grade_rank(f["grade"]), x.position.get(f["requirement"], 0)))
    return {"fulfilment": fulfilment, "main": main}


def _signoff(audit: dict) -> dict:
    team = audit.get("team") or []
    lead = next((m for m in team if "lead" in str(m.get("role", "")).lower() or "组长" in str(m.get("role", ""))),
                team[0] if team else None)
    return {"lead": lead, "others": [m for m in team if m is not lead], "client": audit.get("client", "")}


def _grades_text(table: dict, x: _Text) -> str:
    """A grade, or one per criticality (high/medium/low) when they differ."""
    grades = [table.get(c) for c in ("high", "medium", "low")]
    if len(set(grades)) == 1:
        return x.label("grade", grades[0])
    return x.t["list_sep"].join(f"{x.label('criticality', c)} {x.label('grade', g)}" for c, g in zip(("high", "medium", "low"), grades))


def _scoring(data: dict, x: _Text) -> dict:
    sc = data["scoring"]
    points = sc["points"]
    weights = sc["weights"]
    local = fill(x.t["scoring"]["formula"], threshold=sc["readiness_threshold"],
                 **{"needs_evidence": "—", **{k.replace("-", "_"): v for k, v in points.items()}}, **weights)
    grading = sc.get("grading", {})
    by_failure = bool(grading) and all(k in x.t["failure"] for k in grading)  # older assessments: status x criticality
    rules = []
    if by_failure:
        shown = {k.replace("-", "_"): _grades_text(table, x) for k, table in grading.items()}
        rules.append(fill(x.t["scoring"]["grading_rule"], **shown))
    if sc.get("aggregation_rule"):
        rules.append(x.t["scoring"]["aggregation_rule"])
    return {
        "declared": sc["formula"],
        "declared_rules": [text for text in (sc.get("grading_rule"), sc.get("aggregation_rule")) if text],
        "rules": rules,
        "grading_by_failure": by_failure,
        "local": local,
        "points": [{"label": x.label("status", k), "value": v} for k, v in points.items()],
        "weights": [{"label": x.label("criticality", k), "value": v} for k, v in weights.items()],
        "threshold": sc["readiness_threshold"],
        "grading": [{"status": x.label("failure" if by_failure else "status", status),
                     "grades": [x.label("grade", table.get(c)) if table.get(c) else "" for c in ("high", "medium", "low")]}
                    for status, table in sc.get("grading", {}).items()],
        "overall": data["summary"]["overall"],
    }
