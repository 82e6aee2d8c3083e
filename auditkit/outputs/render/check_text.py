"""The console output of ``auditkit check``: compiler-style lines, then one line per gate and the verdict.

``file:line:col: error: message [gate]`` is what editors, CI log viewers and ``grep`` understand. Plain text:
no colour library is imported, so a check stays fast.
"""

from __future__ import annotations

from auditkit.outputs.render.common import location, pct
from auditkit.outputs.sanitise import terminal

_STATUS = {"pass": "PASS", "fail": "FAIL", "warn": "WARN", "skipped": "SKIP", "off": "off "}


def render(data: dict, *, lang: str = "en", color=None) -> str:
    check = data["check"]
    s = data["summary"]
    comparison = check.get("baseline")
    out = [f"auditkit check: {data['organization']['name']}, catalog {data['catalog']['id']} {data['catalog']['version']}, "
           f"as of {data['as_of']}"]
    score = f"overall score {pct(s['overall']['score'])} ({s['overall']['points']} / {s['overall']['weight']} weighted points)"
    if comparison:
        before = comparison["overall_before"]
        delta = "" if before is None or s["overall"]["score"] is None else f", {(s['overall']['score'] - before) * 100:+.1f} pp"
        score += f"; baseline {comparison['file']} ({comparison['as_of']}): {pct(before)}{delta}, " \
                 f"{len(comparison['new'])} new and {len(comparison['resolved'])} resolved gaps"
    out += [score, ""]
    issues = [(g, i) for g in check["gates"] for i in g["issues"]]
    issues.sort(key=lambda gi: (gi[1]["severity"] != "error",))
    for gate, issue in issues:
        where = location(issue["location"]) + ": " if issue.get("location") else ""
        out.append(f"{where}{issue['severity']}: {issue['message']} [{gate['name']}]")
    if issues:
        out.append("")
    for gate in check["gates"]:
        out.append(f"{_STATUS[gate['status']]}  {gate['name']:<22} {gate['summary']}")
    counts = check["counts"]
    verdict = "passed" if check["passed"] else f"FAILED ({', '.join(check['failed'])})"
    out += ["", f"check {verdict}: {counts['errors']} error{'s' if counts['errors'] != 1 else ''}, "
                f"{counts['warnings']} warning{'s' if counts['warnings'] != 1 else ''}"]
    # the lines carry names, titles and messages from the user's files: no escape sequence may reach the terminal
    return "\n".join(terminal(line, one_line=True) for line in out) + "\n"
