"""`auditkit catalog expectations`: what every requirement expects, one table (issue 15 item 3)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_requirement_has_a_row_and_the_docs_copy_is_current(cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = cli("catalog", "expectations", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    ids = [line for line in (ROOT / "tests" / "catalog" / "requirement-ids.txt").read_text().splitlines()
           if line and not line.startswith("#")]
    assert [r["requirement"] for r in rows] == ids
    # the documentation carries the same table: regenerate it with the command when the catalog changes
    assert (ROOT / "docs" / "expectations.csv").read_text(encoding="utf-8") == result.stdout
    by_id = {r["requirement"]: r for r in rows}
    # 5.3 prefers registers, procedures and plans, but a policy covering 5.3 is considered too (types are preferences)
    assert by_id["5.3-01"]["preferred_types"] == "register procedure plan other" and by_id["5.3-01"]["required_types"] == ""
    # a service level agreement is recognised by its type: a mandatory document of 7.5.4 h
    assert by_id["8.3.3-02"]["documented"] == "mandatory" and by_id["8.3.3-02"]["required_types"] == "agreement"
    # records and interviews are outside a documentation review
    assert by_id["8.6.1-02"]["rests_on"] == "records" and by_id["8.6.1-02"]["documentation_review"] == "not examined"
    assert by_id["8.7.2-05"]["documentation_review"] == "examined"
