"""The assessment as JUnit XML, for the test reports of GitLab, Jenkins and other CI servers.

One ``<testsuite>`` per top-level clause, one ``<testcase>`` per requirement:

- a nonconformity (major or minor) is a ``<failure>`` whose ``type`` is the grade, whose message is the gap and
  whose text lists the finding's evidence as ``file:line:col``;
- not applicable and not assessed are ``<skipped>`` (no points were earned or lost by the rules alone);
- everything else passes; an observation or opportunity for improvement is noted in ``<system-out>``.

When the data comes from ``auditkit check`` (it has a ``check`` key), one more suite, ``auditkit gates``, holds a
test case per gate, so the CI report shows why the job failed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from auditkit.model.assessment import NONCONFORMITY_GRADES
from auditkit.outputs.gates import evidence_anchor, said
from auditkit.outputs.sanitise import xml_text
from auditkit.outputs.render.common import GRADE_LABEL, STATUS_LABEL, location



def _text(value) -> str:
    """XML 1.0 cannot hold most control characters, even escaped."""
    return xml_text(value)


def _one_line(value: str, limit: int = 300) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def render(data: dict, *, lang: str = "en", color=None) -> str:
    findings = {f["requirement"]: f for f in data["findings"]}
    clause_titles = {c["clause"]: c["title"] for c in data["clauses"]}
    catalog = data["catalog"]["id"]
    suites: dict[str, list[ET.Element]] = {}
    counts: dict[str, dict[str, int]] = {}

    for r in data["results"]:
        top = r["clause"].split(".")[0]
        title = r["title"].get(lang) or r["title"]["en"]
        case = ET.Element("testcase", {
            "classname": _text(f"{catalog}.{r['clause'].replace('.', '_')}"),
            "name": _text(f"{r['requirement']} {title}"),
            "time": "0",
        })
        tally = counts.setdefault(top, {"tests": 0, "failures": 0, "skipped": 0})
        tally["tests"] += 1
        finding = findings.get(r["requirement"])
        if finding is not None and finding["grade"] in NONCONFORMITY_GRADES:
            tally["failures"] += 1
            # a check that found nothing cites its definition only when the catalog lies in the project, else
            # the evidence folder (auditkit.outputs.gates.finding_location)
            evidence = (finding["evidence"] or [c["check"] for c in r["checks"] if c["outcome"] != "pass" and c.get("check")]
                        or [loc for loc in (evidence_anchor(data),) if loc])
            if evidence:
                case.set("file", _text(evidence[0]["file"]))  # a file name can hold a control character
                if evidence[0].get("line") is not None:
                    case.set("line", str(evidence[0]["line"]))
            failure = ET.SubElement(case, "failure", {
                "type": finding["grade"],
                "message": _text(_one_line(f"{GRADE_LABEL[finding['grade']]}: {finding['gap']}")),
            })
            failure.text = _text(_details(r, finding, evidence))
        elif r["status"] in ("not-applicable", "not-assessed"):
            tally["skipped"] += 1
            why = r.get("note") or (r["judgment"] or {}).get("justification") or STATUS_LABEL[r["status"]]
            ET.SubElement(case, "skipped", {"message": _text(_one_line(f"{STATUS_LABEL[r['status']]}: {why}"))})
        else:
            out = [f"status: {STATUS_LABEL[r['status']]} (source: {r['source']})"]
            if finding is not None:
                out.append(f"{GRADE_LABEL[finding['grade']]}: {finding['gap']}")
            out += [f"{c['outcome']}: {c['rule']}: {c['message']}" for c in r["checks"]]
            ET.SubElement(case, "system-out").text = _text("\n".join(out))
        suites.setdefault(top, []).append(case)

    root = ET.Element("testsuites", {"name": _text(f"auditkit {data['organization']['name']}")})
    stamp = f"{data['as_of']}T00:00:00"
    for top in sorted(suites, key=int):
        tally = counts[top]
        suite = ET.SubElement(root, "testsuite", {
            "name": _text(f"{catalog} clause {top} {clause_titles.get(top, '')}".rstrip()),
            "tests": str(tally["tests"]), "failures": str(tally["failures"]), "errors": "0",
            "skipped": str(tally["skipped"]), "time": "0", "timestamp": stamp,
        })
        suite.extend(suites[top])

    check = data.get("check")
    if check:
        root.append(_gates_suite(check, stamp, lang))

    totals = {k: sum(int(s.get(k)) for s in root) for k in ("tests", "failures", "errors", "skipped")}
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _details(r: dict, finding: dict, evidence: list[dict]) -> str:
    lines = [finding["statement"], "", f"Gap: {finding['gap']}", f"Grade: {GRADE_LABEL[finding['grade']]} ({r['grade_basis'] or finding['source']})"]
    for check in r["checks"]:
        if check["outcome"] != "pass":
            where = f" [{location(check['check'])}]" if check.get("check") else ""
            lines.append(f"{check['outcome']}: {check['rule']}{where}: {check['message']}")
    if evidence:
        lines.append("Evidence:")
        lines += [f"  {location(loc)}" for loc in evidence]
    return "\n".join(lines)


def _gates_suite(check: dict, stamp: str, lang: str = "en") -> ET.Element:
    """A test case a gate. Its name (gate key and English title) is the same in every language, so that CI keeps one
    history per gate; its messages are in ``lang``."""
    gates = check["gates"]
    suite = ET.Element("testsuite", {
        "name": "auditkit gates", "tests": str(len(gates)),
        "failures": str(sum(1 for g in gates if g["status"] == "fail")), "errors": "0",
        "skipped": str(sum(1 for g in gates if g["status"] in ("skipped", "off"))), "time": "0", "timestamp": stamp,
    })
    for gate in gates:
        case = ET.SubElement(suite, "testcase", {"classname": "auditkit.gates", "name": _text(f"{gate['name']}: {gate['title']}"), "time": "0"})
        detail = "\n".join(f"{location(i['location']) + ': ' if i.get('location') else ''}{i['severity']}: {said(i, 'message', lang)}"
                           for i in gate["issues"])
        summary = said(gate, "summary", lang)
        if gate["status"] == "fail":
            failure = ET.SubElement(case, "failure", {"type": "gate", "message": _text(_one_line(summary))})
            failure.text = _text(detail)
        elif gate["status"] in ("skipped", "off"):
            ET.SubElement(case, "skipped", {"message": _text(_one_line(summary))})
        else:
            ET.SubElement(case, "system-out").text = _text(summary + ("\n" + detail if detail else ""))
    return suite
