"""The sentences auditkit writes in a finding's gap are Chinese in a Chinese output: only the organisation's own
text and identifiers (evidence ids, files, types, dates) stay as written."""

from __future__ import annotations

import json
import re

from auditkit.model.messages import templates
from auditkit.outputs.render.common import finding_gap

WORD = re.compile(r"[A-Za-z][A-Za-z'-]{2,}")
DURATIONS = ("period", "within", "length")
"""Parameters that are lengths of time: the tool writes them ("3 个月"), so they are no fact to excuse."""


def _facts(value) -> list[str]:
    """Every parameter value of a stored message: the facts it names, not words the tool wrote."""
    if isinstance(value, dict) and "key" in value and "params" in value:
        return [f for k, v in value["params"].items() if k not in DURATIONS for f in _facts(v)]
    if isinstance(value, dict):
        return [f for v in value.values() for f in _facts(v)]
    if isinstance(value, list):
        return [f for v in value for f in _facts(v)]
    return [str(value)] if value not in (None, "") else []


def test_gaps_of_the_example_are_chinese(cli):
    data = json.loads(cli("assess", "--as-of", "2026-11-05", "-f", "json").stdout)
    results = {r["requirement"]: r for r in data["results"]}
    checked = 0
    for finding in data["findings"]:
        r = results[finding["requirement"]]
        if any(c["outcome"] != "pass" and not c.get("template") for c in r["checks"]):
            continue  # a rule that writes English only (not converted yet) is not this test's subject
        text = finding_gap(data, finding, "zh")
        facts = _facts([c.get("template") for c in r["checks"]]) + _facts(r.get("judgment") or {})
        for fact in sorted(facts, key=len, reverse=True):
            text = text.replace(fact, " ")
        english = WORD.findall(text)
        assert not english, f"{finding['id']}: English written by the tool in the Chinese gap: {english} ({text})"
        checked += 1
    assert checked >= 20, checked


def test_the_english_text_is_kept_word_for_word(cli):
    """Templates reproduce the sentences the assessment stores in English (golden files compare them)."""
    data = json.loads(cli("assess", "--as-of", "2026-11-05", "-f", "json").stdout)
    from auditkit.model.messages import render_dict

    converted = [c for r in data["results"] for c in r["checks"] if c.get("template")]
    assert converted and all(render_dict(c["template"], "en") == c["message"] for c in converted)
    assert {c["template"]["key"].split(".")[0] for c in converted} >= {"approved", "reviewed", "exists", "coverage"}
    assert all(k in templates() or k == "duration" for k in {c["template"]["key"] for c in converted})
