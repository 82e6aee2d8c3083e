"""The assessment (its JSON form) as an OSCAL 1.1 assessment-results document.

What maps to what (docs/interop.md has the table):
- each requirement result -> a finding whose target is the requirement (``objective-id``), ``satisfied`` when
  conformant, otherwise ``not-satisfied`` with auditkit's status as the reason;
- each rule check -> an observation (method TEST, the tool as actor) with its evidence: file and line;
- each auditor's judgment -> an observation with its method (document review and observation -> EXAMINE,
  interview -> INTERVIEW, sampling -> TEST), the auditor as actor, the sample and note;
- each graded nonconformity or observation of auditkit -> a risk, linked from the finding.
Every UUID is derived from auditkit's ids (common.stable_uuid), so two exports of one project diff cleanly.
"""

from __future__ import annotations

from auditkit.model.assessment import FINDING_GRADES
from auditkit.model.messages import render as message
from auditkit.outputs.oscal.common import (
    control_id, href, metadata, party, prop, props, stable_uuid, timestamp, where,
)
from auditkit.outputs.render.common import check_message

METHODS = {"document-review": "EXAMINE", "observation": "EXAMINE", "interview": "INTERVIEW", "sampling": "TEST"}
"""auditkit's judgment methods -> OSCAL observation methods (the auditkit method is kept as a property)."""
RISK_GRADES = FINDING_GRADES
"""Grades of auditkit findings exported as risks; opportunities and good practice are not risks."""


def build(data: dict, lang: str = "en") -> dict:
    """The assessment-results document for one assessment ``data`` (assessment.schema.json form)."""
    catalog = data["catalog"]["id"]
    org = data["organization"]["name"]
    day = data["as_of"]
    tool = stable_uuid("tool", "auditkit")
    auditors: dict[str, dict] = {}
    observations: list[dict] = []
    by_requirement: dict[str, list[str]] = {}

    for result in data["results"]:
        req = result["requirement"]
        for index, check in enumerate(result.get("checks") or []):
            observations.append(_check_observation(catalog, req, index, check, day, tool, lang))
            by_requirement.setdefault(req, []).append(observations[-1]["uuid"])
        judgment = result.get("judgment")
        if judgment:
            person = auditors.setdefault(judgment["auditor"], party("person", judgment["auditor"]))
            observations.append(_judgment_observation(catalog, req, judgment, person["uuid"], day, lang))
            by_requirement.setdefault(req, []).append(observations[-1]["uuid"])

    risks = [_risk(catalog, f, by_requirement.get(f["requirement"], []), lang)
             for f in data["findings"] if f.get("grade") in RISK_GRADES]
    risk_of = {r["props"][0]["value"]: r["uuid"] for r in risks}
    grades = {f["requirement"]: f for f in data["findings"]}
    findings = [_finding(catalog, r, grades.get(r["requirement"]), by_requirement.get(r["requirement"], []),
                         risk_of, lang) for r in data["results"]]

    params = {"organization": org, "as_of": day, "catalog": data["catalog"].get("standard") or catalog}
    result = {
        "uuid": stable_uuid("result", catalog, org, day),
        "title": message("oscal.result.title", params, lang),
        "description": message("oscal.result.description", {**params, "n": len(data["results"]),
                                                             "formula": data["scoring"]["formula"]}, lang),
        "start": timestamp(day),
        "end": timestamp(day),
        "props": props(catalog=catalog, catalog_version=data["catalog"].get("version"),
                       score=data["summary"]["overall"]["score"], ready=str(data["summary"]["ready"]).lower()),
        "reviewed-controls": {"control-selections": [
            {"include-controls": [{"control-id": control_id(catalog, r["requirement"])} for r in data["results"]]}]},
    }
    if observations:
        result["observations"] = observations
    if risks:
        result["risks"] = risks
    if findings:
        result["findings"] = findings
    parties = [party("organization", org), *auditors.values()]
    return {"assessment-results": {
        "uuid": stable_uuid("assessment-results", catalog, org, day),
        "metadata": metadata(message("oscal.document.title", params, lang), day,
                             f"{data['tool']['name']} {data['tool']['version']}", parties),
        "import-ap": {"href": "auditkit.yaml", "remarks": message("oscal.import_ap", {}, lang)},
        "results": [result],
    }}


def _evidence(locations: list[dict]) -> list[dict]:
    return [{"href": href(loc), "description": where(loc)} for loc in locations if loc.get("file")]


def _check_observation(catalog: str, req: str, index: int, check: dict, day: str, tool: str, lang: str) -> dict:
    obs = {
        "uuid": stable_uuid("observation", catalog, req, "check", str(index), check["rule"]),
        "title": message("oscal.observation.check", {"requirement": req, "rule": check["rule"]}, lang),
        "description": check_message(check, lang) or check["rule"],
        "props": props(requirement=req, rule=check["rule"], outcome=check.get("outcome"),
                       check_definition=where(check["check"]) if check.get("check") else None),
        "methods": ["TEST"],
        "origins": [{"actors": [{"type": "tool", "actor-uuid": tool}]}],
        "collected": timestamp(day),
    }
    evidence = _evidence(check.get("evidence") or [])
    if evidence:
        obs["relevant-evidence"] = evidence
    return obs


def _judgment_observation(catalog: str, req: str, judgment: dict, auditor: str, day: str, lang: str) -> dict:
    method = judgment.get("method") or ""
    obs = {
        "uuid": stable_uuid("observation", catalog, req, "judgment"),
        "title": message("oscal.observation.judgment", {"requirement": req, "auditor": judgment["auditor"],
                                                        "method": method}, lang),
        "description": judgment.get("note") or judgment.get("sample") or judgment["result"],
        "props": props(requirement=req, method=method, result=judgment["result"], sample=judgment.get("sample"),
                       interviewee=judgment.get("interviewee")),
        "methods": [METHODS.get(method, "UNKNOWN")],
        "origins": [{"actors": [{"type": "party", "actor-uuid": auditor}]}],
        "collected": timestamp(judgment.get("date") or day),
    }
    evidence = _evidence([judgment["location"]] if judgment.get("location") else [])
    if evidence:
        obs["relevant-evidence"] = evidence
    return obs


def _risk(catalog: str, finding: dict, observations: list[str], lang: str) -> dict:
    risk = {
        "uuid": stable_uuid("risk", catalog, finding["id"]),
        "title": message("oscal.risk.title", {"finding": finding["id"], "grade": finding["grade"]}, lang),
        "description": finding["statement"],
        "statement": finding.get("gap") or finding["statement"],
        "props": [prop("finding", finding["id"]), *props(grade=finding["grade"], requirement=finding["requirement"])],
        "status": "open",
    }
    if observations:
        risk["related-observations"] = [{"observation-uuid": u} for u in observations]
    return risk


def _finding(catalog: str, result: dict, graded: dict | None, observations: list[str], risk_of: dict,
             lang: str) -> dict:
    req = result["requirement"]
    title = result["title"].get(lang) or result["title"]["en"]
    text = result["text"].get(lang) or result["text"]["en"]
    status = result["status"]
    finding = {
        "uuid": stable_uuid("finding", catalog, req),
        "title": f"{req} {title}",
        "description": text,
        "props": props(requirement=req, clause=result["clause"], status=status, source=result.get("source"),
                       criticality=result.get("criticality"), grade=(graded or {}).get("grade"),
                       finding=(graded or {}).get("id")),
        "target": {
            "type": "objective-id",
            "target-id": control_id(catalog, req),
            "status": {"state": "satisfied" if status == "conformant" else "not-satisfied", "reason": status},
        },
    }
    if observations:
        finding["related-observations"] = [{"observation-uuid": u} for u in observations]
    if graded and graded["id"] in risk_of:
        finding["related-risks"] = [{"risk-uuid": risk_of[graded["id"]]}]
    return finding
