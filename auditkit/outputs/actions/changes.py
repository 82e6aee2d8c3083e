"""Changing an action: transitions and edits, each appended to the action's history (who, when, what, why)."""

from __future__ import annotations


from auditkit.outputs.atomic import write_text_atomic
from auditkit.model.errors import Problem, UsageError
from auditkit.model.messages import Message, msg
from auditkit.outputs.history.clock import recorded_now
from auditkit.inputs.yamlsource import SourceError, display_path, parse_yaml
from auditkit.outputs.actions.lifecycle import INEFFECTIVE, Move, check_move, dating_problem
from auditkit.outputs.actions.model import LAYER, ActionsError, CorrectiveAction
from auditkit.outputs.actions.store import (Layout, Register, dump_yaml, parse_action, read_text_keeping_bom,
                                           round_trip_load, set_field, yaml_value)

PROTECTED = ("id", "state", "history", "verification")
"""Fields an edit never changes; why each, in actions.protected.<field> of messages.yaml."""


def _protected(action_id: str, key: str) -> Message:
    return msg("actions.of", id=action_id, text=msg("actions.protected", field=key, why=msg(f"actions.protected.{key}")))


def history_entry(event: str, by: str, on, note: str = "", **extra) -> dict:
    """One history entry: when (the day it happened, and when auditkit recorded it), who, what, why."""
    entry = {"date": on.isoformat() if hasattr(on, "isoformat") else str(on), "by": by, "event": event}
    entry.update({k: v for k, v in extra.items() if v not in (None, "", [])})
    if note:
        entry["note"] = note
    entry["recorded_at"] = recorded_now()
    return entry


def transition(register: Register, action_id: str, move: Move) -> CorrectiveAction:
    """Move an action to another state if the lifecycle allows it; refuse with a located message otherwise."""
    with register.locked():
        action = register.get(action_id)
        verification = check_move(action, move)
        to = move.lands_in.value
        note = move.note if move.target != INEFFECTIVE else f"ineffective: {move.note}"
        entry = history_entry("transition", move.by, move.on, note, **{"from": action.state.value, "to": to})

        def change(doc) -> None:
            doc["state"] = to
            if verification is not None:
                set_field(doc, "verification", verification)
            doc["history"].append(yaml_value(entry))

        return register.update(action, change)


def edit_text(register: Register, action_id: str, text: str, by: str, on, note: str = "",
              rescue: bool = True) -> CorrectiveAction:
    """Replace an action's file with an edited text, keeping id, state and history as they were.

    When the text is refused and ``rescue`` is set, it is saved beside the action as ``.<id>.yaml.edit`` so
    nothing the user typed is lost; the messages point into that file.
    """
    with register.locked():
        return _edit_text_locked(register, action_id, text, by, on, note, rescue)


def _edit_text_locked(register: Register, action_id: str, text: str, by: str, on, note: str,
                      rescue: bool) -> CorrectiveAction:
    current = register.get(action_id)
    when = dating_problem(current, on)
    if when:
        raise ActionsError([Problem.of(current.locate("history"), msg("actions.of", id=action_id, text=when), LAYER)])
    rescue_path = register.folder / f".{action_id}.yaml.edit"
    shown = display_path(rescue_path) if rescue else current.file
    try:
        try:
            edited = parse_action(parse_yaml(text, shown), action_id)
        except SourceError as exc:
            raise ActionsError([exc.problem]) from None
        changed = _check_edit(current, edited)
    except ActionsError:
        if rescue:
            write_text_atomic(rescue_path, text)
        raise
    if rescue:
        rescue_path.unlink(missing_ok=True)
    entry = history_entry("edit", by, on, note, fields=changed)
    layout = Layout.of(text)  # the indentation and '---' of the text as edited stay
    document = round_trip_load(layout.body)
    document["history"].append(yaml_value(entry))
    return register.replace_text(current, layout.dress(dump_yaml(document, layout)))


def edit_fields(register: Register, action_id: str, assignments: list[tuple[str, str]], by: str, on,
                note: str = "", append: bool = False,
                appends: list[tuple[str, str]] = ()) -> CorrectiveAction:
    """Set (or, with ``append``, append to) fields given as ``dotted.path`` = YAML value, e.g.
    ``root_cause.method`` = ``5-whys``; ``appends`` are appended in the same edit (one history entry)."""
    with register.locked():
        action = register.get(action_id)
        layout = Layout.of(read_text_keeping_bom(register.path_of(action_id)))
        document = round_trip_load(layout.body)
        _assign(action, document, assignments, append)
        _assign(action, document, list(appends), True)
        return _edit_text_locked(register, action_id, layout.dress(dump_yaml(document, layout)), by, on, note,
                                 rescue=False)


def _assign(action: CorrectiveAction, document, assignments: list[tuple[str, str]], append: bool) -> None:
    """Apply ``path=value`` assignments; a path is dotted keys and list indexes (``actions.0.done``)."""
    for path, raw in assignments:
        try:
            value = parse_yaml(raw, "<--set value>").data
        except SourceError as exc:
            raise UsageError(msg("actions.edit.value", path=path, raw=repr(raw), text=exc.problem.wording)) from None
        keys: list = [int(k) if k.isdigit() else k for k in path.split(".") if k]
        if not keys or not isinstance(keys[0], str):
            raise UsageError(msg("actions.edit.field", path=repr(path)))
        if keys[0] in PROTECTED:
            raise ActionsError([Problem.of(action.locate(keys[0]), _protected(action.id, keys[0]), LAYER)])
        target = document
        for depth, key in enumerate(keys[:-1]):
            if isinstance(key, int):
                if not isinstance(target, list) or key >= len(target):
                    raise UsageError(msg("actions.edit.no_item_in", path=repr(path), item=key,
                                         where=".".join(map(str, keys[:depth])) or msg("actions.edit.the_action")))
            elif not hasattr(target, "keys"):
                raise UsageError(msg("actions.edit.not_mapping", path=repr(path), where=".".join(map(str, keys[:depth]))))
            elif key not in target or target[key] is None:
                _put(document, target, key, {})
            target = target[key]
        last = keys[-1]
        if isinstance(last, int) != isinstance(target, list):
            raise UsageError(msg("actions.edit.is_list" if isinstance(target, list) else "actions.edit.not_list",
                                 path=repr(path), where=".".join(map(str, keys[:-1]))))
        if isinstance(last, int) and last >= len(target):
            raise UsageError(msg("actions.edit.no_item", path=repr(path), item=last))
        if append:
            if last not in target or target[last] is None:
                _put(document, target, last, [])
            if not isinstance(target[last], list):
                raise UsageError(msg("actions.edit.append_not_list", path=repr(path)))
            target[last].append(yaml_value(value))
        else:
            _put(document, target, last, value)


def _put(document, target, key, value) -> None:
    if target is document:
        set_field(document, key, value)  # a new top-level field goes to its usual place
    else:
        target[key] = yaml_value(value)


def _check_edit(before: CorrectiveAction, after: CorrectiveAction) -> list[str]:
    """The top-level fields an edit changes; refuse changes to id, state or history."""
    for key in PROTECTED:
        if before.data.get(key) != after.data.get(key):
            raise ActionsError([Problem.of(after.locate(key), _protected(before.id, key), LAYER)])
    keys = list(dict.fromkeys([*before.data, *after.data]))
    changed = [k for k in keys if before.data.get(k) != after.data.get(k)]
    if not changed:
        raise UsageError(msg("actions.of", id=before.id, text=msg("actions.edit.unchanged")))
    return changed
