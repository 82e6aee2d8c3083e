"""Sentences the tool writes, as templates with parameters: one text per language in ``messages.yaml``.

A check keeps the key and the parameters of its message, not only the English sentence, so that a report in
Chinese says the same thing in Chinese. Parameters are the facts (ids, dates, counts, names of the user's
files): they are shown as given; a parameter may itself be a message, or a list of messages, rendered in the
same language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from auditkit.model.bundled import bundled_yaml

LANGUAGES = ("en", "zh")
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


@cache
def templates() -> dict[str, dict[str, str]]:
    """key -> {language -> template}, bundled with auditkit."""
    loaded: dict[str, dict[str, str]] = bundled_yaml("auditkit.model", "messages.yaml")
    return loaded


@dataclass(frozen=True)
class Message:
    """A sentence to write: the key of its template and the values of its placeholders."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str = "en") -> str:
        """The sentence in ``lang`` (English when the language has no template)."""
        return render(self.key, self.params, lang)

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "params": {k: _plain(v) for k, v in self.params.items()}}

    def __str__(self) -> str:
        return self.text("en")


def msg(key: str, /, **params: Any) -> Message:
    """A message; an unknown key is a bug, so it fails here rather than in a report later."""
    if key not in templates():
        raise KeyError(f"no template for message {key!r} in auditkit/model/messages.yaml")
    return Message(key, params)


def counted(noun: str, n: int) -> Message:
    """``3 errors`` / ``1 error`` / ``3 个错误``: the count.<noun> or count.<noun>s template."""
    return msg(f"count.{noun}" if n == 1 else f"count.{noun}s", n=n)


def render(key: str, params: dict[str, Any], lang: str = "en") -> str:
    """The template ``key`` in ``lang`` with ``params`` filled in; a placeholder without a value stays visible."""
    if key in _SEPARATORS:  # a list: its items in the language, joined by the language's separator
        entry = templates()[key]
        return (entry.get(lang) or entry["en"]).join(_show(v, lang) for v in params.get("items", ()))
    if key == "duration":
        return _duration(params, lang)
    found = templates().get(key)
    if found is None:  # a message stored by a newer auditkit: show its facts rather than nothing
        return key + (" (" + ", ".join(f"{k}={_show(v, lang)}" for k, v in params.items()) + ")" if params else "")
    template = found.get(lang) or found["en"]
    return _PLACEHOLDER.sub(lambda m: _show(params[m.group(1)], lang) if m.group(1) in params else m.group(0), template)


def render_dict(template: dict[str, Any], lang: str) -> str:
    """A message stored in JSON form (``{"key", "params"}``) in ``lang``."""
    return render(template["key"], template.get("params") or {}, lang)


def label(key: str, lang: str) -> str:
    """A template without parameters (a label or a prompt)."""
    return render(key, {}, lang)


_SEPARATORS = ("join", "comma", "sections.and", "lint.or", "programme.reasons")


def duration(value: Any) -> Message:
    """A duration (auditkit.inputs.dates.Duration: months, days, hours) written in each language."""
    return Message("duration", {"months": value.months, "days": value.days, "hours": getattr(value, "hours", 0)})


def _duration(params: dict[str, Any], lang: str) -> str:
    months, days, hours = params.get("months", 0), params.get("days", 0), params.get("hours", 0)
    if lang == "zh":
        years, rest = divmod(months, 12)
        parts = [f"{years} 年" if years and not rest else f"{months} 个月" if months else "",
                 f"{days} 天" if days else "", f"{hours} 小时" if hours else ""]
        return "".join(p for p in parts if p) or "0 天"
    # also what Duration.__str__ writes: catalog periods shown in English stay as they always read
    parts = []
    if months:
        years, rest = divmod(months, 12)
        if years and not rest:
            return f"{years} year{'s' if years > 1 else ''}" + (f" {days} days" if days else "")
        parts.append(f"{months} month{'s' if months > 1 else ''}")
    if days:
        parts.append(f"{days} day{'s' if days > 1 else ''}")
    if hours:
        parts.append(f"{hours} hour{'s' if hours > 1 else ''}")
    return " ".join(parts) or "0 days"


def _show(value: Any, lang: str) -> str:
    if isinstance(value, Message):
        return value.text(lang)
    if isinstance(value, dict) and "key" in value and "params" in value:
        return render_dict(value, lang)
    if isinstance(value, dict) and "en" in value:  # a name the user's data gives per language (a catalog concept)
        return str(value.get(lang) or value["en"])
    if isinstance(value, (list, tuple)):
        return render("join", {"items": value}, lang)
    return str(value)


def _plain(value: Any) -> Any:
    """A parameter in its JSON form: messages nested as dicts, dates and durations as their text."""
    if isinstance(value, Message):
        return value.to_dict()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (int, float, str, bool)) or value is None:
        return value
    if isinstance(value, dict) and "en" in value:
        return {lang: str(text) for lang, text in value.items()}
    return str(value)
