"""The console output of ``auditkit check``: compiler-style lines, then one line per gate and the verdict.

``file:line:col: error: message [gate]`` is what editors, CI log viewers and ``grep`` understand. Plain text:
no colour library is imported, so a check stays fast.
"""

from __future__ import annotations

from auditkit.model.messages import counted, msg
from auditkit.outputs.gates import said
from auditkit.outputs.render.common import location, pct
from auditkit.outputs.sanitise import terminal

_STATUS = {"pass": "PASS", "fail": "FAIL", "warn": "WARN", "skipped": "SKIP", "off": "off "}


def render(data: dict, *, lang: str = "en", color=None) -> str:
    """The check in ``lang``: its sentences from messages.yaml; the keywords CI logs are searched for (``error:``,
    ``warning:``, PASS/FAIL/WARN/SKIP, the gate keys) as they are in every language."""
    check = data["check"]
    s = data["summary"]
    comparison = check.get("baseline")

    def say(key: str, **params) -> str:
        return msg(key, **params).text(lang)

    out = [say("check.header", org=data["organization"]["name"], catalog=data["catalog"]["id"],
               version=data["catalog"]["version"], as_of=data["as_of"])]
    score = say("check.score", score=pct(s["overall"]["score"]), points=s["overall"]["points"],
                weight=s["overall"]["weight"])
    if comparison:
        before = comparison["overall_before"]
        facts = {"score": score, "file": comparison["file"], "as_of": comparison["as_of"], "before": pct(before),
                 "new": len(comparison["new"]), "resolved": len(comparison["resolved"])}
        if before is None or s["overall"]["score"] is None:
            score = say("check.baseline", **facts)
        else:
            score = say("check.baseline_delta", delta=f"{(s['overall']['score'] - before) * 100:+.1f}", **facts)
    out += [score, ""]
    issues = [(g, i) for g in check["gates"] for i in g["issues"]]
    issues.sort(key=lambda gi: (gi[1]["severity"] != "error",))
    for gate, issue in issues:
        where = location(issue["location"]) + ": " if issue.get("location") else ""
        out.append(f"{where}{issue['severity']}: {said(issue, 'message', lang)} [{gate['name']}]")
    if issues:
        out.append("")
    for gate in check["gates"]:
        out.append(f"{_STATUS[gate['status']]}  {gate['name']:<22} {said(gate, 'summary', lang)}")
    counts = check["counts"]
    errors, warnings = counted("error", counts["errors"]), counted("warning", counts["warnings"])
    out += ["", say("check.passed", errors=errors, warnings=warnings) if check["passed"] else
            say("check.failed", gates=", ".join(check["failed"]), errors=errors, warnings=warnings)]
    # the lines carry names, titles and messages from the user's files: no escape sequence may reach the terminal
    return "\n".join(terminal(line, one_line=True) for line in out) + "\n"

