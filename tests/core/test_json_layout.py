"""The assessment JSON is laid out one entry per line: a changed result is one changed line in a diff."""

from __future__ import annotations

import json


def test_each_result_finding_and_file_stands_on_one_line(mini, cli):
    result = cli("assess", "--as-of", "2026-03-01", "--format", "json")
    assert result.exit_code in (0, 1), result.output
    text = result.stdout
    data = json.loads(text)
    lines = [line.strip().rstrip(",") for line in text.splitlines()]
    for entry in data["results"] + data["findings"] + data["inputs"]["files"]:
        assert json.dumps(entry, ensure_ascii=False) in lines
    assert lines[0] == "{" and lines[-1] == "}" and '"schema_version": "1.0"' in lines
