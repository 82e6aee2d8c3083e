"""validate's quick reading of a clean export (inputs/export_check.py ``_reads_cleanly``) never hides a problem: on
any export, clean or broken, ``export_problems`` lists exactly what the value-by-value search lists."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditkit.inputs.export_check import export_problems, listed_problems
from auditkit.inputs.records import RecordSpec

HEADER = "number,opened_at,made_sla,reassignment_count,state\n"
GOOD_VALUES = {
    "number": st.sampled_from(["INC1", "INC2", "INC3", "?"]),
    "opened_at": st.sampled_from(["1/2/2026 9:05", "13/12/2025 23:59", "?", ""]),
    "made_sla": st.sampled_from(["true", "false", "TRUE", "?"]),
    "reassignment_count": st.sampled_from(["0", "3", "12", "?"]),
    "state": st.sampled_from(["New", "Closed", '"Resolved, by user"', "?"]),
}
BAD_VALUES = st.sampled_from(["31/2/2026 9:05", "1/2/2026 9:5", "perhaps", "1_000", "x", '"open', 'a"b', "1,2",
                              "\udce9"])


@st.composite
def exports(draw) -> tuple[bytes, bool]:
    rows = []
    for _ in range(draw(st.integers(0, 12))):
        values = [draw(strategy) for strategy in GOOD_VALUES.values()]
        if draw(st.integers(0, 5)) == 0:
            values[draw(st.integers(0, len(values) - 1))] = draw(BAD_VALUES)
        if draw(st.integers(0, 9)) == 0:
            values = values[:-1] if draw(st.booleans()) else values + ["extra"]
        rows.append(",".join(values))
    text = HEADER + "".join(row + draw(st.sampled_from(["\n", "\r\n", "\r"])) for row in rows)
    data = text.encode("utf-8", "surrogateescape")
    cut = draw(st.integers(0, 6))
    return (data[:-cut] if cut else data), draw(st.booleans()), draw(st.sampled_from(["file-order", "error"]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(exports())
def test_the_quick_reading_lists_what_the_full_search_lists(tmp_path: Path, export):
    data, as_event_log, ties = export
    path = tmp_path / "incidents.csv"
    path.write_bytes(data)
    columns = {"id": "number", "opened": "opened_at", "met_sla": "made_sla", "reassignment_count": "reassignment_count",
               "state": "state"}
    spec = RecordSpec(path, "incidents.csv", "csv", columns, date_format="%d/%m/%Y %H:%M", missing=frozenset({"", "?"}),
                      key="id" if as_event_log else None, order_by=("opened",) if as_event_log else (),
                      ties=ties if as_event_log else "error")
    assert export_problems(spec) == listed_problems(spec)


def test_a_clean_export_is_recognised_by_the_quick_reading(tmp_path: Path):
    """The quick reading is what validate uses for a clean export, whatever its line ends (the csv module writes
    CRLF); a lone carriage return sends it to the search."""
    from auditkit.inputs.export_check import _reads_cleanly

    columns = {"id": "number", "opened": "opened_at", "met_sla": "made_sla"}
    for ends, clean in (("\n", True), ("\r\n", True), ("\r", False)):
        path = tmp_path / "incidents.csv"
        path.write_text(ends.join(["number,opened_at,made_sla", "INC1,1/2/2026 9:05,true", "INC2,2/2/2026 10:00,false", ""]),
                        newline="")
        spec = RecordSpec(path, "incidents.csv", "csv", columns, date_format="%d/%m/%Y %H:%M")
        assert _reads_cleanly(spec) is clean, repr(ends)
