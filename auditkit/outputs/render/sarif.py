"""The assessment as SARIF 2.1.0, for GitHub code scanning and any SARIF viewer.

- One rule per requirement that has a result here (id = requirement id, described by our paraphrase), plus
  ``gate/...`` and ``lint/...`` rules for the gates of ``auditkit check``.
- One result per failing (or not evaluable) check of a graded requirement: level ``error`` for a major
  nonconformity, ``warning`` for a minor one, ``note`` below. Its location is the first evidence location with a
  line; a check with none points at the check itself in the catalog (``CheckResult.check``) when the catalog lies
  in the project, else at the evidence folder by its profile (``inputs.profile``, no region): the bundled catalog
  lies outside the client's repository, where no viewer can attach a result and nobody can act. Other evidence
  locations are related locations. A graded result without failing checks (an auditor's judgment) points at
  the judgment. Every result's location also names its requirement as a logical location (SARIF 2.1.0
  ``logicalLocations``, kind ``requirement``): what a result without a file of its own is about. GitHub code
  scanning rejects a file with a logical-only location, so the physical one (the evidence folder) stays.
- With ``auditkit check`` data: one result per gate issue that has a location (overdue actions, stale
  evidence, lint problems, score floors set in auditkit.yaml), and ``baselineState`` ``new``/``updated``/``unchanged`` when a
  baseline was compared.

Paths are URIs relative to the project root (``uriBaseId`` ``PROJECTROOT``); columns count Unicode code points.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from urllib.parse import quote

from auditkit.outputs.gates import evidence_anchor, said
from auditkit.outputs.render.common import GRADE_LABEL, STATUS_LABEL

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"major-nc": "error", "minor-nc": "warning", "observation": "note", "ofi": "note", "good-practice": "none"}
GATE_RULES = {
    "min_score": "The overall score is at or above its floor.",
    "min_clause_score": "Each clause's score is at or above its floor.",
    "overdue_actions": "No corrective action is past its due date.",
    "stale_within": "No evidence goes stale (falls due for review) within the warning window.",
}


def render(data: dict, *, lang: str = "en", color=None) -> str:
    return json.dumps(sarif_log(data, lang=lang), ensure_ascii=False, indent=2) + "\n"


def sarif_log(data: dict, *, lang: str = "en") -> dict:
    """The SARIF log as a dict (validated against the official schema in tests/ci)."""
    check = data.get("check") or {}
    root = check.get("root", ".")
    builder = _Builder(data, root, lang)
    comparison = check.get("baseline")
    new = {g["requirement"] for g in comparison["new"]} if comparison else set()
    changed = {g["requirement"] for g in comparison.get("changed", [])} if comparison else set()

    findings = {f["requirement"]: f for f in data["findings"]}
    for r in data["results"]:
        finding = findings.get(r["requirement"])
        if finding is None or LEVEL[finding["grade"]] == "none":
            continue
        state = None
        if comparison:  # the gaps of auditkit.model.gaps: new, a changed grade, or as in the baseline
            state = "new" if r["requirement"] in new else "updated" if r["requirement"] in changed else "unchanged"
        builder.finding_results(r, finding, state)

    for gate in check.get("gates", []):
        if gate["name"] in ("major_nonconformities", "new_nonconformities"):
            continue  # these are the findings above (with baselineState)
        for issue in gate["issues"]:
            if issue.get("location"):
                builder.gate_result(gate, issue)

    run: dict = {
        "tool": {"driver": {
            "name": "auditkit",
            "version": data["tool"]["version"],
            "semanticVersion": data["tool"]["version"],
            "rules": builder.rules,
        }},
        "originalUriBaseIds": {"PROJECTROOT": {"uri": Path(os.path.abspath(root)).as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": builder.results,
        "properties": {
            "catalog": f"{data['catalog']['id']} {data['catalog']['version']}",
            "organization": data["organization"]["name"],
            "asOf": data["as_of"],
            "overallScore": data["summary"]["overall"]["score"],
        },
    }
    if check:
        run["invocations"] = [{"executionSuccessful": True, "exitCode": 0 if check["passed"] else 1,
                               "properties": {"failedGates": check["failed"]}}]
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


class _Builder:
    def __init__(self, data: dict, root: str, lang: str):
        self.data = data
        self.root = root
        self.lang = lang
        self.rules: list[dict] = []
        self.rule_index: dict[str, int] = {}
        self.results: list[dict] = []

    def rule(self, rule_id: str, make) -> int:
        if rule_id not in self.rule_index:
            self.rule_index[rule_id] = len(self.rules)
            self.rules.append(make())
        return self.rule_index[rule_id]

    def requirement_rule(self, r: dict) -> int:
        def make() -> dict:
            title = r["title"].get(self.lang) or r["title"]["en"]
            text = r["text"].get(self.lang) or r["text"]["en"]
            return {
                "id": r["requirement"],
                "name": "Requirement" + r["requirement"].replace(".", "_").replace("-", "_"),
                "shortDescription": {"text": title},
                "fullDescription": {"text": text},
                "help": {"text": f"{r['requirement']} (clause {r['clause']}, {r['criticality']} criticality): {text}"},
                "defaultConfiguration": {"level": "error" if r["criticality"] == "high" else "warning"},
                "properties": {"clause": r["clause"], "criticality": r["criticality"], "kind": r["kind"],
                               "tags": ["iso20000-1", f"clause-{r['clause'].split('.')[0]}"]},
            }
        return self.rule(r["requirement"], make)

    def logical(self, r: dict) -> dict:
        """The requirement as a SARIF logical location: clause / requirement of the catalog."""
        return {"name": r["requirement"], "kind": "requirement",
                "fullyQualifiedName": f"{self.data['catalog']['id']}/{r['clause']}/{r['requirement']}"}

    def location(self, loc: dict, message: str | None = None) -> dict:
        physical: dict = {"artifactLocation": {"uri": self.uri(loc["file"]), "uriBaseId": "PROJECTROOT"}}
        if loc.get("line") is not None:
            region = {"startLine": int(loc["line"])}
            if loc.get("column") is not None:
                region["startColumn"] = int(loc["column"])
            physical["region"] = region
        out: dict = {"physicalLocation": physical}
        if message:
            out["message"] = {"text": message}
        return out

    def uri(self, file: str) -> str:
        """A path as the user's shell sees it -> a URI relative to the project root."""
        rel = os.path.relpath(file, self.root) if self.root not in ("", ".") else file
        return quote(Path(rel).as_posix())

    def finding_results(self, r: dict, finding: dict, state: str | None) -> None:
        index = self.requirement_rule(r)
        level = LEVEL[finding["grade"]]
        title = r["title"].get(self.lang) or r["title"]["en"]
        failing = [c for c in r["checks"] if c["outcome"] != "pass"]
        anchor = evidence_anchor(self.data)
        if not failing:  # graded from the auditor's judgment (or a failing set of checks we cannot split)
            locations = [loc for loc in finding["evidence"] if loc.get("file")]
            primary = next((loc for loc in locations if loc.get("line") is not None), locations[0] if locations else anchor)
            self.add_result(r, index, level, f"{GRADE_LABEL[finding['grade']]}: {r['requirement']} {title}: {finding['gap']}",
                            primary, [loc for loc in locations if loc is not primary], finding, state, rule=None)
            return
        for check in failing:
            with_line = [loc for loc in check["evidence"] if loc.get("line") is not None]
            primary = with_line[0] if with_line else check.get("check") or (check["evidence"] or [anchor])[0]
            related = [loc for loc in check["evidence"] if loc is not primary]
            if primary is not check.get("check") and check.get("check"):
                related.append(check["check"])
            outcome = "" if check["outcome"] == "fail" else f" ({check['outcome']})"
            text = f"{GRADE_LABEL[finding['grade']]}: {r['requirement']} {title}: {check['rule']}{outcome}: {check['message']}"
            self.add_result(r, index, level, text, primary, related, finding, state, rule=check["rule"])

    def add_result(self, r: dict, index: int, level: str, text: str, primary: dict | None, related: list[dict],
                   finding: dict, state: str | None, rule: str | None) -> None:
        rule_id = r["requirement"]
        result: dict = {"ruleId": rule_id, "ruleIndex": index, "level": level, "message": {"text": text}}
        if primary is not None:  # none only for an older assessment without a profile: no location at all then
            result["locations"] = [dict(self.location(primary), logicalLocations=[self.logical(r)])]
        if related:
            result["relatedLocations"] = [dict(self.location(loc), id=i + 1) for i, loc in enumerate(related[:50])]
        anchor = primary["file"] if primary else ""
        result["partialFingerprints"] = {"auditkitFinding/v1": _digest(rule_id, rule or "", self.uri(anchor) if anchor else "")}
        if state:
            result["baselineState"] = state
        result["properties"] = {"grade": finding["grade"], "status": finding["status"],
                                "statusLabel": STATUS_LABEL[finding["status"]], "source": finding["source"],
                                **({"checkRule": rule} if rule else {})}
        self.results.append(result)

    def gate_result(self, gate: dict, issue: dict) -> None:
        if gate["name"] == "lint":
            rule_id = f"lint/{issue.get('rule') or 'lint'}"
            description = f"Process-document lint: {issue.get('rule') or 'lint'}."
        else:
            rule_id = f"gate/{gate['name']}"
            description = GATE_RULES.get(gate["name"], gate["title"])
        index = self.rule(rule_id, lambda: {
            "id": rule_id, "shortDescription": {"text": description},
            "defaultConfiguration": {"level": "error" if gate["level"] == "fail" else "warning"},
            "properties": {"tags": ["auditkit-gate" if rule_id.startswith("gate/") else "auditkit-lint"]},
        })
        result = {
            "ruleId": rule_id, "ruleIndex": index, "level": "error" if issue["severity"] == "error" else "warning",
            "message": {"text": said(issue, "message", self.lang)}, "locations": [self.location(issue["location"])],
            # the fingerprint from the English text: a result is the same result in every language
            "partialFingerprints": {"auditkitFinding/v1": _digest(rule_id, re.sub(r"\d+", "#", issue["message"]), self.uri(issue["location"]["file"]))},
            "properties": {"gate": gate["name"]},
        }
        self.results.append(result)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]
