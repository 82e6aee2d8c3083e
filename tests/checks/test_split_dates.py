"""Dates written d/m/yyyy H:MM (no leading zeros, as one copy of the ServiceNow export has them) are read once per
distinct day and time, and give exactly what strptime gives, or decline so that strptime reports the error."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditkit.inputs.records import _quick_date_parser, _split_parser

FORMATS = ["%d/%m/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d.%m.%Y %H:%M"]


def _strptime(text: str, fmt: str) -> datetime | None:
    try:
        return datetime.strptime(text, fmt)
    except ValueError:
        return None


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(FORMATS), st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2030, 12, 31)),
       st.booleans(), st.sampled_from(["", " ", "x", ":7", "0"]))
def test_the_split_parser_gives_strptimes_value_or_declines(fmt, moment, padded, tail):
    day = f"{moment.day:02d}" if padded else str(moment.day)
    month = f"{moment.month:02d}" if padded else str(moment.month)
    first, second = (month, day) if fmt.startswith("%m") else (day, month)
    sep = fmt[2]
    text = f"{first}{sep}{second}{sep}{moment.year} {moment.hour}:{moment.minute:02d}"
    if fmt.endswith("%S"):
        text += f":{moment.second:02d}"
    text += tail
    parse = _split_parser(fmt)
    assert parse is not None
    got = parse(text)
    if not tail:  # a whole date and time, padded or not: read, never declined
        assert got is not None, text
    if got is not None:
        assert got == _strptime(text, fmt)
    assert parse(text) == got  # remembered parts give the same value


def test_formats_it_takes_and_declines():
    assert _quick_date_parser("%d/%m/%Y %H:%M")("1/3/2016 9:05") == datetime(2016, 3, 1, 9, 5)
    assert _split_parser("%d/%m/%Y %H:%M")("1/3/2016 9:5") is None  # a one-digit minute: cut short
    assert _split_parser("%d/%m/%Y %H:%M")("31/2/2016 9:05") is None  # no such day: strptime reports it
    for fmt in ("%Y-%m-%dT%H:%M", "%d/%m/%y %H:%M", "%H:%M %d/%m/%Y", "%d/%m/%Y", "%d/%m/%Y %I:%M %p"):
        assert _split_parser(fmt) is None, fmt


@pytest.mark.parametrize("text", ["1/3/2016  9:05", "01/03/2016 09:05"])
def test_other_spacing_and_padding_read_as_strptime_reads_them(text):
    parse = _quick_date_parser("%d/%m/%Y %H:%M")
    assert (parse(text) or datetime.strptime(text, "%d/%m/%Y %H:%M")) == datetime(2016, 3, 1, 9, 5)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.sampled_from(["1/3/2016 9:05", "31/12/2025 23:59", "1/3/2016 9:5",
                                                       "29/2/2023 1:00", "7/7/2026 07:07", "x", "1/3/2016", ""]),
                          st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2030, 1, 1)).map(
                              lambda m: f"{m.day}/{m.month}/{m.year} {m.hour}:{m.minute:02d}")), max_size=30))
def test_a_whole_column_reads_as_its_values_do(values):
    parse = _split_parser("%d/%m/%Y %H:%M")
    column = parse.column(values)
    one_by_one = [None if text is None else parse(text) for text in values]
    if column is None:  # a value it cannot read: the caller goes value by value (strptime reports the error)
        assert any(text is not None and value is None for text, value in zip(values, one_by_one))
    else:
        assert column == one_by_one
