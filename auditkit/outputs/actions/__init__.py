"""The corrective-action register (ISO/IEC 20000-1 §10.1): one YAML file per action under ``actions/``.

- :mod:`.model`: states and the action as read from its file;
- :mod:`.lifecycle`: which state changes are allowed and what each needs;
- :mod:`.store`: reading and writing the register (located errors, round-trip YAML, lock, atomic writes);
- :mod:`.changes`: transitions and edits, each appended to the action's history;
- :mod:`.sync`: drafts for new nonconformities of an assessment, recurrences, verification proposals;
- :mod:`.policy`: due dates by grade (``actions:`` in auditkit.yaml).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from auditkit.outputs.actions.lifecycle import INEFFECTIVE, Move
from auditkit.outputs.actions.model import ActionsError, CorrectiveAction, State
from auditkit.outputs.actions.policy import DuePolicy, load_policy
from auditkit.outputs.actions.store import Register


def load_actions_for_report(project_root: Path, as_of: date) -> list[dict]:
    """The corrective actions of the project as they stood on ``as_of`` (the assessment's date), in id order.

    Only actions raised on or before ``as_of``, each in the state its dated history gives for that day, so a
    report of a stored assessment does not change when the register moves on.
    Each: {id, finding, requirement, clause, grade, state, owner, due (YYYY-MM-DD), overdue (bool), title, file}.
    No ``actions/`` folder means no actions. A malformed action file raises ActionsError (located).
    """
    then = (a.as_it_was(as_of) for a in Register(project_root).load_all())
    return [a.summary(as_of) for a in then if a is not None]


def overdue_actions(project_root: Path, as_of: date) -> list[dict]:
    """The actions past their due date and not yet implemented as of ``as_of`` (same shape as above)."""
    return [s for s in load_actions_for_report(project_root, as_of) if s["overdue"]]


__all__ = [
    "ActionsError", "CorrectiveAction", "DuePolicy", "INEFFECTIVE", "Move", "Register", "State",
    "load_actions_for_report", "load_policy", "overdue_actions",
]
