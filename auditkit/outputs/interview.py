"""An interview session: the requirements that need an auditor, the questions to ask, and the judgments file
written after every answer.

``judgments.yaml`` is the user's file: it is changed by a round-trip parse (ruamel.yaml keeps comments, order,
quoting and layout), re-read from disk before every write (an edit made meanwhile in an editor is kept), checked
by the same loader ``assess`` uses before it replaces the file, and replaced atomically. An answer is never
written over an entry that is already there.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from auditkit.inputs.catalog import Catalog, Requirement
from auditkit.inputs.judgments import load_judgments
from auditkit.model.assessment import Grade, Status
from auditkit.model.errors import JudgmentsError, Location, Problem
from auditkit.model.messages import msg
from auditkit.outputs.atomic import write_text_atomic

RESULTS = {"c": Status.CONFORMANT, "p": Status.PARTIAL, "n": Status.NONCONFORMANT, "a": Status.NOT_APPLICABLE}
GRADES = {"1": Grade.MAJOR, "2": Grade.MINOR, "3": Grade.OBSERVATION, "4": Grade.OFI, "5": Grade.GOOD_PRACTICE}
METHODS = {"d": "document-review", "i": "interview", "o": "observation", "s": "sampling"}
# The field order of an entry as the example judgments.yaml writes it (a reader finds the result first).
FIELD_ORDER = ("requirement", "result", "grade", "method", "interviewee", "sample", "note", "exceptions", "sampling",
               "justification", "auditor", "date")
NEW_FILE_HEADER = ("# Auditor judgments: results reached by interview, observation, sampling and document review.\n"
                   "# Written by `auditkit interview`; edit freely (comments and order are kept).\n")


def grade_allowed(grade: Grade | None, result: Status) -> bool:
    """The same rule judgments.yaml is checked by: a nonconformity needs a gap, good practice a conformity."""
    if grade in (Grade.MAJOR, Grade.MINOR) and result in (Status.CONFORMANT, Status.NOT_APPLICABLE):
        return False
    return not (grade is Grade.GOOD_PRACTICE and result is not Status.CONFORMANT)


def in_scope(requirement: Requirement, clause: str | None, requirement_id: str | None) -> bool:
    """A requirement asked about: one that needs an auditor, within the chosen clause or the chosen id."""
    if requirement_id is not None:
        return requirement.id == requirement_id
    if not requirement.manual:
        return False
    return clause is None or requirement.clause == clause or requirement.clause.startswith(clause + ".")


def questionnaire(catalog: Catalog, answered: set[str], clause: str | None = None,
                  requirement_id: str | None = None) -> tuple[list[Requirement], list[Requirement]]:
    """(all selected requirements, those still to ask) in catalog order."""
    selected = [r for r in catalog.requirements if in_scope(r, clause, requirement_id)]
    return selected, [r for r in selected if r.id not in answered]


@dataclass
class Answer:
    """One auditor's answer about one requirement, as it will be written."""

    requirement: str
    result: Status
    method: str
    auditor: str
    date: date
    grade: Grade | None = None
    interviewee: str = ""
    sample: str = ""
    note: str = ""
    justification: str = ""
    exceptions: list = field(default_factory=list)
    """A sampling judgment's exceptions (``{record, line, note}``), from ``auditkit judgments import``."""
    sampling: dict = field(default_factory=dict)
    """How a sampling judgment's sample was drawn (auditkit.engine.sampling)."""

    def entry(self) -> dict:
        values = {"requirement": self.requirement, "result": self.result.value,
                  "grade": self.grade.value if self.grade else "", "method": self.method,
                  "interviewee": self.interviewee, "sample": self.sample, "note": self.note,
                  "exceptions": self.exceptions, "sampling": self.sampling,
                  "justification": self.justification, "auditor": self.auditor, "date": self.date}
        return {k: values[k] for k in FIELD_ORDER if values[k] not in ("", None, [], {})}


@dataclass
class JudgmentsFile:
    """The judgments file of a project, written one answer at a time."""

    path: Path
    shown: str
    known: set[str] = field(default_factory=set)

    def answered(self) -> set[str]:
        """Requirement ids judged in the file now; a broken file is an error (never rewritten)."""
        return set(load_judgments(self.path, self.known or None))

    def add(self, answer: Answer) -> bool:
        """Append ``answer``; False when the file judges that requirement already (an edit made meanwhile)."""
        from ruamel.yaml.comments import CommentedMap, CommentedSeq  # start-up time: only the interview writes YAML
        from ruamel.yaml.scalarstring import DoubleQuotedScalarString

        from auditkit.inputs.round_trip import round_trip_yaml  # start-up time: ruamel, as above

        yaml = round_trip_yaml()
        text = self.path.read_text("utf-8") if self.path.is_file() else ""
        if answer.requirement in self.answered():
            return False
        data = yaml.load(text) if text.strip() else None
        if data is None:
            data = CommentedMap()
            text = NEW_FILE_HEADER
        if data.get("judgments") is None:
            data["judgments"] = CommentedSeq()
        entry = CommentedMap()
        for key, value in answer.entry().items():
            entry[key] = DoubleQuotedScalarString(value) if key == "requirement" else value
        data["judgments"].append(entry)
        out = io.StringIO()
        if not self.path.is_file() or not text.strip():
            out.write(NEW_FILE_HEADER)
        yaml.dump(data, out)
        new_text = out.getvalue()
        self._check(new_text)
        write_text_atomic(self.path, new_text)
        return True

    def _check(self, text: str) -> None:
        """The file as it would be written must load as assess loads it: else nothing is written."""
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            probe = Path(folder) / self.path.name
            probe.write_text(text, "utf-8")
            try:
                load_judgments(probe, self.known or None)
            except JudgmentsError as exc:
                # a fault of this writer, not of the user's file: name the real file
                raise JudgmentsError([Problem.of(Location(self.shown, p.location.line, p.location.column),
                                                 msg("interview.invalid_answer", problem=p.wording), "judgments")
                                      for p in exc.problems]) from None
