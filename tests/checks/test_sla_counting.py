"""The SLA attainment count gives, record for record, what judging each record alone gives (`_judge`): records
with the export's flag are counted together per priority, service and flag, the others one by one."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from auditkit.engine.checks.sla import JUDGED, AttainmentCount, Judged, Mapped, _judge
from auditkit.inputs.agreements import ServiceLevels, Target
from auditkit.inputs.records import RecordBatch

START = datetime(2026, 1, 1)
END = datetime(2026, 12, 31, 23, 59, 59)
LEVELS = [
    ServiceLevels("sla-a", ("web", "mail"), 0.9, None, (Target("P1", resolution=timedelta(hours=4)),
                                                       Target("1", resolution=timedelta(hours=8)))),
    ServiceLevels("sla-b", ("mail",), 0.8, None, (Target("p1", response=timedelta(hours=1)),)),
]
moments = st.one_of(st.none(), st.integers(0, 400).map(lambda h: START + timedelta(hours=h)))
records = st.fixed_dictionaries({
    "priority": st.sampled_from(["P1", "p1", "1", 1, True, 1.0, None, "P9"]),
    "service": st.sampled_from(["web", "mail", "other", None, 1]),
    "met_sla": st.sampled_from([True, False, None, 1, 0]),
    "opened": moments, "responded": moments, "resolved": moments,
})


def _reference(levels, batch: RecordBatch, as_of_end: datetime) -> dict:
    """Each record judged alone, as the count did before it grouped the flagged ones."""
    groups: dict = {}
    mapped = Mapped(batch.columns)
    for record in map(Judged, *(batch.column(name) for name in JUDGED)):
        for level in levels:
            target = level.target_for(record.priority)
            if target is None or (mapped.service and record.service not in level.services):
                continue
            judged = _judge(level, target, record, mapped, as_of_end)
            if judged is None:
                continue
            source, met = judged
            shown = record.service if mapped.service else ", ".join(level.services)
            tally = groups.setdefault((level.agreement, shown, target.priority), [0, 0, {}])
            tally[0] += met
            tally[1] += 1
            tally[2][source] = tally[2].get(source, 0) + 1
    return groups


@settings(max_examples=300, deadline=None)
@given(st.lists(records, max_size=40), st.booleans(), st.booleans())
def test_the_count_is_each_record_judged_alone(rows, with_service, in_window):
    names = ["priority", "met_sla", "opened", "responded", "resolved"] + (["service"] if with_service else [])
    batch = RecordBatch(len(rows), {name: [row[name] for row in rows] for name in names})
    count = AttainmentCount(LEVELS, (START, START + timedelta(hours=200)) if in_window else None, "opened", END)
    count.counter()(batch)
    chosen = [i for i, row in enumerate(rows) if not in_window
              or row["opened"] is not None and START <= row["opened"] <= START + timedelta(hours=200)]
    kept = RecordBatch(len(chosen), {name: [rows[i][name] for i in chosen] for name in names})
    assert count.groups == _reference(LEVELS, kept, END)
    assert count.total == sum(t[1] for t in count.groups.values())
    assert count.count == sum(t[0] for t in count.groups.values())
