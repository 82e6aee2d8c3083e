"""GitHub Actions workflow commands: annotations on the lines of the documents concerned.

Printed to standard output in a workflow step, each line ``::error file=F,line=L,col=C,title=T::message``
becomes an annotation on that line of the pull request's files. Paths are made relative to
``$GITHUB_WORKSPACE`` when it is set (the repository checkout), else left as given (relative to the current
folder).

- From ``auditkit check`` data: each issue that fails a gate is an ``error``, each warning a ``warning``, the
  other nonconformities (old gaps against a baseline, minors when only majors fail) are ``notice``\\ s, and a
  last ``error`` without a file says which gates failed.
- From a plain assessment: major nonconformities are errors, minor ones warnings, observations and
  opportunities for improvement notices.
"""

from __future__ import annotations

import os

from auditkit.model.assessment import NONCONFORMITY_GRADES
from auditkit.model.messages import msg
from auditkit.outputs.gates import finding_location, said
from auditkit.outputs.render.common import GRADE_LABEL, finding_gap
from auditkit.outputs.vocabulary import enum_labels
from auditkit.outputs.sanitise import github_data, github_property

_PLAIN = {"major-nc": "error", "minor-nc": "warning", "observation": "notice", "ofi": "notice"}
_ORDER = {"error": 0, "warning": 1, "notice": 2}
FINDING_GATES = ("major_nonconformities", "new_nonconformities")
"""Gates whose issues are findings: annotated as such, and not repeated as notices."""


escape_data = github_data  # the runner's encoding: auditkit.outputs.sanitise
escape_property = github_property


def command(kind: str, message: str, loc: dict | None = None, title: str | None = None) -> str:
    """One workflow command line."""
    props = []
    if loc and loc.get("file"):
        props.append(f"file={escape_property(_workspace_path(loc['file']))}")
        if loc.get("line") is not None:
            props.append(f"line={int(loc['line'])}")
            if loc.get("column") is not None:
                props.append(f"col={int(loc['column'])}")
    if title:
        props.append(f"title={escape_property(title)}")
    return f"::{kind}{' ' + ','.join(props) if props else ''}::{escape_data(message)}"


def _workspace_path(file: str) -> str:
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if not workspace:
        return file
    rel = os.path.relpath(os.path.abspath(file), workspace)
    return file if rel.startswith("..") else rel.replace(os.sep, "/")


def render(data: dict, *, lang: str = "en", color=None) -> str:
    """The annotations in ``lang``; the annotation kinds, gate keys and rule ids are the same in every language."""
    titles = {r["requirement"]: r["title"].get(lang) or r["title"]["en"] for r in data["results"]}
    grade_label = GRADE_LABEL if lang == "en" else enum_labels(lang)["grade"]

    def say(key: str, **params) -> str:
        return msg(key, **params).text(lang)

    def finding_text(f: dict) -> str:
        gap = f["gap"] if lang == "en" else finding_gap(data, f, lang)
        return say("gate.finding", prefix="", requirement=f["requirement"], title=titles.get(f["requirement"], ""), gap=gap)

    lines: list[tuple[int, int, str]] = []
    check = data.get("check")
    if check:
        reported = set()
        for gate in check["gates"]:
            for issue in gate["issues"]:
                kind = "error" if issue["severity"] == "error" else "warning"
                rid = issue.get("requirement")
                if rid and gate["name"] in FINDING_GATES:
                    reported.add(rid)
                    title = f"{rid} {grade_label.get(issue.get('grade'), '')} ({gate['name']})"
                else:
                    title = f"auditkit {gate['name']}" + (f" {issue['rule']}" if issue.get("rule") else "")
                lines.append((_ORDER[kind], len(lines), command(kind, said(issue, "message", lang), issue.get("location"),
                                                                title)))
        for f in data["findings"]:
            if f["grade"] in NONCONFORMITY_GRADES and f["requirement"] not in reported:
                lines.append((2, len(lines), command("notice", finding_text(f), finding_location(data, f["requirement"]),
                                                     say("github.not_blocking", requirement=f["requirement"],
                                                         grade=grade_label[f["grade"]]))))
        lines.sort()
        out = [line for _, _, line in lines]
        if not check["passed"]:
            failed = [g for g in check["gates"] if g["status"] == "fail"]
            out.append(command("error", "; ".join(f"{g['name']}: {said(g, 'summary', lang)}" for g in failed),
                               title=say("github.failed.one" if len(failed) == 1 else "github.failed", n=len(failed))))
        return "".join(line + "\n" for line in out)

    for f in data["findings"]:
        kind = _PLAIN.get(f["grade"])
        if kind is None:
            continue
        lines.append((_ORDER[kind], len(lines), command(kind, finding_text(f), finding_location(data, f["requirement"]),
                                                         f"{f['requirement']} {grade_label[f['grade']]}")))
    lines.sort()
    return "".join(line + "\n" for _, _, line in lines)
