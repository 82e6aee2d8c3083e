"""The quick CSV row reader (auditkit/speed/csv_rows.py) gives exactly csv.reader's rows and errors."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditkit.speed.csv_rows import csv_row_lists


def csv_rows(handle, delimiter=",", *, strict=False, block=1 << 20):
    """csv_row_lists' rows one by one, as csv.reader gives them."""
    for found in csv_row_lists(handle, delimiter, rows=block, strict=strict, block=block):
        yield from found


def _rows(read, text: str) -> tuple[list, str | None]:
    rows = []
    try:
        for row in read(io.StringIO(text, newline="")):
            rows.append(row)
    except csv.Error as exc:
        return rows, str(exc)
    return rows, None


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=st.sampled_from('ab,;"\r\n \t\0é'), max_size=60), st.sampled_from([",", ";"]),
       st.booleans(), st.integers(1, 12))
def test_the_rows_are_csv_readers(text, delimiter, strict, block):
    expected = _rows(lambda h: csv.reader(h, delimiter=delimiter, strict=strict), text)
    assert _rows(lambda h: csv_rows(h, delimiter, strict=strict, block=block), text) == expected


def _listed(text, delimiter, strict, block, rows):
    """csv_row_lists' rows, flattened, after checking that each list is a non-empty run of at most ``rows``."""
    def read(handle):
        for found in csv_row_lists(handle, delimiter, rows=rows, strict=strict, block=block):
            assert 0 < len(found) <= rows
            yield from found
    return _rows(read, text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from('ab,"\r\n '), max_size=60), st.booleans(), st.integers(1, 12), st.integers(1, 4))
def test_the_lists_of_rows_are_csv_readers_rows(text, strict, block, rows):
    assert _listed(text, ",", strict, block, rows) == _rows(lambda h: csv.reader(h, strict=strict), text)


@pytest.mark.parametrize("quoted", [False, True])
def test_a_field_over_csvs_limit_is_csvs_error(quoted):
    limit = csv.field_size_limit()
    try:
        csv.field_size_limit(10)
        text = "a,b\n" + ('"' * quoted) + "x" * 11 + ('"' * quoted) + ",c\n"
        assert _rows(lambda h: csv_rows(h, block=3), text) == _rows(csv.reader, text)
        assert _rows(csv.reader, text)[1] is not None
    finally:
        csv.field_size_limit(limit)
