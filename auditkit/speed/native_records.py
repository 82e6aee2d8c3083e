"""A native reading of large CSV event logs: pyarrow parses, numpy folds the events by key.

Why: a million-row audit log spent its time in pure Python, a quarter each in the csv module, in converting the
mapped columns and in the per-key fold, and held its 166,000 incidents as Python objects (237 MB). Here the CSV
is parsed in blocks by arrow (only the mapped columns), each value is converted once per *distinct* text of a
block by the domain's own converters (so a date or a yes/no value means exactly what it means in the Python
reading), every value becomes a 64-bit integer (a date in microseconds, a text a code into the column's values),
and the fold keeps per key only integers in numpy arrays. The records are decoded back into Python values a batch
at a time, as the checks count them.

Strictness: this reader either gives exactly the records of the Python reading
(:meth:`auditkit.inputs.records.RecordSpec.batches`) or declines (returns None), and the Python reading then runs
and reports the located error. It declines whatever it is not sure of: an encoding other than UTF-8, bytes that
are not UTF-8, a quote character, a NUL, a lone carriage return, a line over the csv module's field limit, a row
of another width, a value a converter refuses, a number that is not a 64-bit whole number, a text to order by or
to take the max or min of, an event without a key or an order value, and ties where they decide a value.

The domain receives it as a parameter (:class:`auditkit.speed.early_scan.EarlyRecordScan` carries it); arrow and
numpy are imported on first use.
"""

from __future__ import annotations

import codecs
import csv
import os
from importlib.util import find_spec
from itertools import compress, repeat
from operator import is_
from datetime import datetime, timedelta
from functools import cache
from typing import Iterator

WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
              "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
"""What ``str.strip()`` strips: every character whose ``isspace()`` is true (tests/speed pins it)."""

EPOCH = datetime(1970, 1, 1)
MICROSECOND = timedelta(microseconds=1)
NULL = -(1 << 63)
"""A missing value among 64-bit values (a number equal to it is declined)."""
TOP = (1 << 63) - 1
BLOCK_BYTES = 2 << 20
"""Bytes arrow parses at a time: memory of a block, not of the file."""
PARTS_REMEMBERED = 200_000
"""Distinct day and time texts remembered per reader (a bound on memory, not on correctness)."""
MIN_BYTES = 10_000_000
"""Smaller exports are read the Python way: importing arrow and numpy (about 0.17 s of CPU) costs more than it
saves below about 10 MB (measured on the ServiceNow shape: 0.14 s slower at 2 MB, 0.37 s faster at 33 MB)."""


class Declined(Exception):
    """The native reading is not sure to give what the Python reading gives: the Python reading runs instead."""


def native_reader() -> "NativeEventLogReader | None":
    """The native reader, or None when arrow or numpy is not installed or ``AUDITKIT_NATIVE=0`` turns it off."""
    if os.environ.get("AUDITKIT_NATIVE", "").strip() == "0":
        return None
    if find_spec("numpy") is None or find_spec("pyarrow") is None:  # pragma: no cover - both are dependencies
        return None
    return NativeEventLogReader()


class NativeEventLogReader:
    """Reads a CSV event log described by a plan (:class:`auditkit.inputs.records.NativePlan`) into its records."""

    def __init__(self, min_bytes: int = MIN_BYTES):
        self.min_bytes = min_bytes

    def __reduce__(self):  # sent to worker processes with the counts
        return type(self), (self.min_bytes,)

    def event_log(self, plan) -> "tuple[int, int, Iterator[dict[str, list]]] | None":
        """(rows read, records, the records' columns batch by batch), or None: declined."""
        try:
            if os.path.getsize(plan.path) < self.min_bytes:
                return None
            return _Fold(plan).run()
        except Declined:
            return None
        except Exception as exc:  # noqa: BLE001 - arrow's parse errors and the like: the Python reading locates them
            if type(exc).__module__.startswith(("pyarrow", "numpy")) or isinstance(exc, (ValueError, OverflowError,
                                                                                         OSError, TypeError)):
                return None
            raise


class _Checked:
    """Checks the whole lines of the file before arrow parses them (see the module docstring)."""

    def __init__(self) -> None:
        self.limit = csv.field_size_limit()

    def lines(self, buffer: bytearray, end: int) -> None:
        """Decline ``buffer[:end]`` (whole lines, or the file's unfinished last line) unless it is plain UTF-8
        text without quotes, NULs, lone carriage returns or lines over the csv module's field limit."""
        if buffer.find(b'"', 0, end) >= 0 or buffer.find(b"\0", 0, end) >= 0:
            raise Declined("quote or NUL")
        if buffer.find(b"\r", 0, end) >= 0 and buffer.count(b"\r", 0, end) != buffer.count(b"\r\n", 0, end):
            raise Declined("lone carriage return")
        if not buffer.isascii():  # (bytes past ``end`` may be stale: at worst the text is decoded for nothing)
            try:
                codecs.utf_8_decode(memoryview(buffer)[:end], "strict", True)
            except UnicodeDecodeError:
                raise Declined("not UTF-8") from None
        start, limit = 0, self.limit
        while end - start > limit:  # a line end within every stretch of the limit's length
            found = buffer.rfind(b"\n", start, start + limit + 1)
            if found < 0:
                raise Declined("long line")
            start = found + 1


def _blocks(handle, checked: _Checked) -> Iterator[memoryview]:
    """The file's bytes after its header line, in blocks of whole lines (the last one may lack its line end),
    each checked, read into one buffer: a block must be used up before the next one is asked for.

    Why not arrow's own streaming reader: it reads ahead of the parsing without bound (a million-row log held
    200 MB of blocks); here a block is parsed before the next is read, into the same memory."""
    buffer = bytearray(BLOCK_BYTES)
    view = memoryview(buffer)
    kept = 0  # the start of an unfinished line, moved to the start of the buffer
    while True:
        if kept == len(buffer):
            raise Declined("a line longer than a block")
        got = handle.readinto(view[kept:])
        if not got:  # the end of the file
            if kept:
                checked.lines(buffer, kept)
                yield view[:kept]
            return
        end = kept + got
        cut = buffer.rfind(b"\n", 0, end) + 1
        if not cut:
            kept = end
            continue
        checked.lines(buffer, cut)
        yield view[:cut]
        rest = bytes(view[cut:end])
        view[:len(rest)] = rest
        kept = len(rest)


@cache
def _allocators() -> None:
    """Once a process: arrow allocates with malloc, and malloc gives every block of 1 MiB or more its own
    mapping, returned to the system when freed.

    Why: read block after block, the parsed columns are freed at once, but mimalloc (arrow's default) and
    glibc's malloc (whose threshold for a mapping of its own rises with each large block freed) kept that memory:
    at a million rows 55 MB of the peak was memory already freed. The settings are the process's own; nothing
    else in auditkit uses arrow, and Python's small objects do not go through either."""
    import pyarrow as pa

    pa.set_memory_pool(pa.system_memory_pool())
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").mallopt(-3, 512 << 10)  # M_MMAP_THRESHOLD, glibc only
    except (OSError, AttributeError):  # pragma: no cover - another C library: its own defaults
        pass


class _Fold:
    """One reading of one event log: the blocks parsed, converted and folded into per-key state."""

    def __init__(self, plan):
        import numpy as np

        self.np, self.plan = np, plan
        log = plan.events
        if len(plan.delimiter) != 1 or plan.delimiter in '"\r\n' or not plan.delimiter.isascii():
            raise Declined("delimiter")
        if plan.encoding.lower().replace("_", "-") not in ("utf-8", "utf8", "utf-8-sig"):
            raise Declined("encoding")
        self.log = log
        self.later_wins = log.ties == "file-order"
        self.kinds = {field.name: field.kind for field in plan.fields}
        self.how = {field.name: log.reduction(field.name) for field in plan.fields}
        for name in log.order_by:
            if self.kinds.get(name, "text") == "text":
                raise Declined("a text to order by")
        for name, how in self.how.items():
            if how in ("max", "min") and self.kinds[name] == "text":
                raise Declined("max or min of a text")
        self.alias = {name: f"order{log.order_by.index(name)}" for name, how in self.how.items()
                      if how == "last" and name in log.order_by}
        """A field whose last value is its key's order value, kept once (in the order's array)."""
        if self.how.get(log.key) == "last":
            self.alias[log.key] = "key"  # the key's last value is the key: its id
        self.texts: dict[str, dict] = {f.name: {None: 0} for f in plan.fields if f.kind == "text"}
        """text field -> converted value -> code (code 0: missing)."""
        import pyarrow as pa

        self.positions = (pa.scalar(0, pa.int32()), pa.scalar(1, pa.int32()))
        """Made once: converting a Python int to an arrow scalar looks for dateutil each time (0.1 s at 100x)."""
        self.parts: dict = {}
        """reader of a day's or a time's text -> text -> microseconds (since 1970, or since midnight)."""
        self.keys: dict = {}
        """converted key -> id (the key's position in the state arrays)."""
        self.size = 0
        self.capacity = 0
        self.state: dict[str, object] = {}

    # ------------------------------------------------------------------ reading
    def run(self) -> tuple[int, int, Iterator[dict[str, list]]]:
        import pyarrow as pa
        from pyarrow import csv as pacsv

        plan = self.plan
        _allocators()
        checked = _Checked()
        with open(plan.path, "rb") as handle:
            first = handle.readline()
            first = first[len(codecs.BOM_UTF8):] if first.startswith(codecs.BOM_UTF8) else first  # as utf-8-sig reads
            checked.lines(bytearray(first), len(first))
            header = self._header(first, plan.delimiter)
            indexes = {f.name: header.index(f.column) for f in plan.fields if f.column in header}
            self.fields = [f for f in plan.fields if f.name in indexes]
            if self.log.key not in indexes or any(name not in indexes for name in self.log.order_by):
                raise Declined("key or order not in the header")
            names = [f"c{i}" for i in range(len(header))]
            options = dict(
                read_options=pacsv.ReadOptions(use_threads=False, block_size=2 * BLOCK_BYTES, column_names=names),
                parse_options=pacsv.ParseOptions(delimiter=plan.delimiter, quote_char=False, double_quote=False,
                                                 escape_char=False, newlines_in_values=False, ignore_empty_lines=True),
                convert_options=pacsv.ConvertOptions(
                    column_types={names[i]: pa.string() for i in indexes.values()},
                    include_columns=sorted({names[i] for i in indexes.values()}), null_values=[],
                    strings_can_be_null=False, quoted_strings_can_be_null=False, check_utf8=False))
            self.missing = pa.array(sorted(plan.missing), pa.string())
            for block in _blocks(handle, checked):
                for batch in pacsv.read_csv(pa.py_buffer(block), **options).to_batches():
                    if batch.num_rows:
                        self._fold({f.name: batch.column(names[indexes[f.name]]) for f in self.fields},
                                   batch.num_rows)
        if not self.size:
            raise Declined("no rows")
        order = self._key_order()
        return self.rows, len(order), self._decoded(order)

    def _header(self, first: bytes, delimiter: str) -> list[str]:
        line = first.decode("utf-8")
        if not line.strip("\r\n") or not line.endswith("\n"):
            raise Declined("header")
        return next(csv.reader([line], delimiter=delimiter))

    # ------------------------------------------------------------------ converting
    def _codes(self, field, column) -> object:
        """The values of one column of a block as 64-bit integers (NULL where missing)."""
        import pyarrow.compute as pc

        np = self.np
        if field.kind == "date" and field.day is not None:
            return self._split_dates(field, column)
        encoded = pc.dictionary_encode(column)
        distinct = encoded.dictionary
        # texts that stripping leaves as they are (nearly all) are not stripped one by one
        plain = pc.all(pc.equal(distinct, pc.utf8_trim(distinct, WHITESPACE))).as_py() is not False
        meaning = np.array(self._meanings(field, distinct.to_pylist(), plain), dtype=np.int64)
        return meaning[encoded.indices.to_numpy()]

    def _null(self, field) -> int:
        return 0 if field.kind == "text" else NULL

    def _meanings(self, field, distinct: list[str], plain: bool) -> list[int]:
        """Distinct texts of a column as 64-bit integers: stripped (unless ``plain``: none needs it), a missing
        marker as missing, converted by the field's own converter (a text: its code in the column's values)."""
        stripped = distinct if plain else list(map(str.strip, distinct))
        missing, null = self.plan.missing, self._null(field)
        if field.kind == "text":
            codes = self.texts[field.name]
            found = list(map(codes.get, stripped))
            if None in found:  # values not seen before, and missing markers (looked for in C: most are known)
                for index in compress(range(len(found)), map(is_, found, repeat(None))):
                    text = stripped[index]
                    found[index] = null if text in missing else codes.setdefault(text, len(codes))
            return found
        return [null if text in missing else self._value(field, text) for text in stripped]

    def _value(self, field, text: str) -> int:
        """One stripped, present text of a column that is not text as a 64-bit integer."""
        try:
            value = field.convert(text)
        except ValueError:
            raise Declined("a value the converter refuses") from None
        return _as_integer(value, field.kind)

    def _split_dates(self, field, column) -> object:
        """Dates written as a day, a space and a time of day: each distinct day and time read once.

        The text is not stripped first: a value with space around it leaves a day or a time the reader refuses
        (declined), so a value is read here only where stripping would not have changed it."""
        import pyarrow.compute as pc

        np = self.np
        absent = pc.is_in(column, value_set=self.missing)
        some_absent = pc.any(absent).as_py()
        present = pc.filter(column, pc.invert(absent)) if some_absent else column
        parts = pc.split_pattern(present, " ", max_splits=1)
        if len(present) and pc.min(pc.list_value_length(parts)).as_py() != 2:
            raise Declined("a date without its space")
        values = np.zeros(len(present), dtype=np.int64)
        for position, read in ((0, field.day), (1, field.clock)):
            encoded = pc.dictionary_encode(pc.list_element(parts, self.positions[position]))
            known = self.parts.setdefault(read, {})
            distinct = encoded.dictionary.to_pylist()
            meaning = list(map(known.get, distinct))
            if None in meaning:
                for index in compress(range(len(meaning)), map(is_, meaning, repeat(None))):
                    text = distinct[index]
                    found = read(text)
                    if found is None:
                        raise Declined("a date part the split reader refuses")
                    micros = meaning[index] = (found - EPOCH) // MICROSECOND if position == 0 else found // MICROSECOND
                    if len(known) < PARTS_REMEMBERED:
                        known[text] = micros
            values += np.array(meaning, dtype=np.int64)[encoded.indices.to_numpy()]
        if not some_absent:
            return values
        whole = np.full(len(column), NULL, dtype=np.int64)
        whole[~absent.to_numpy(zero_copy_only=False)] = values
        return whole

    # ------------------------------------------------------------------ folding
    def _fold(self, columns: dict, count: int) -> None:
        np, log = self.np, self.log
        values = {f.name: self._codes(f, columns[f.name]) for f in self.fields}
        base, self.size = self.size, self.size + count
        self.rows = self.size
        keys = values[log.key]
        key_field = next(f for f in self.fields if f.name == log.key)
        if (keys == self._null(key_field)).any():
            raise Declined("an event without a key")
        ids = self._ids(key_field, keys)
        orders = [values[name] for name in log.order_by]
        for order in orders:
            if (order == NULL).any():
                raise Declined("an event without its order value")
        positions = np.arange(base, base + count, dtype=np.int64)
        if not orders:
            orders = [positions]
        sort = np.lexsort([positions] + orders[::-1] + [ids])
        sorted_ids = ids[sort]
        change = sorted_ids[1:] != sorted_ids[:-1]
        starts = np.flatnonzero(np.concatenate(([True], change)))
        ends = np.flatnonzero(np.concatenate((change, [True])))
        same = ~change  # sorted row i+1 has the key and the order of row i
        for order in orders:
            ordered = order[sort]
            same &= ordered[1:] == ordered[:-1]
        if self.later_wins:
            same[:] = False
        tie_before = np.concatenate(([False], same))  # row i ties with row i-1
        groups = sorted_ids[starts]
        last_rows, first_rows = sort[ends], sort[starts]
        self._grow(int(ids.max()) + 1 if len(ids) else 0)
        state, exists = self.state, self.state["exists"][groups]
        # the last event of each key
        later, equal = _compare([o[last_rows] for o in orders], [state[f"order{i}"][groups] for i in range(len(orders))])
        take = ~exists | later | (equal & self.later_wins)
        tie = np.where(take, tie_before[ends], state["tie_last"][groups] | (equal & exists & ~self.later_wins))
        state["tie_last"][groups] = tie
        chosen, rows = groups[take], last_rows[take]
        for i, order in enumerate(orders):
            state[f"order{i}"][chosen] = order[rows]
        for name, how in self.how.items():
            if how == "last" and name not in self.alias:
                state[name][chosen] = values[name][rows]
        # the first event of each key
        if any(how == "first" for how in self.how.values()):
            earlier, equal = _compare([state[f"first{i}"][groups] for i in range(len(orders))],
                                      [o[first_rows] for o in orders])
            take = ~exists | earlier
            tie_after = np.concatenate((same, [False]))[starts]  # the first row ties with the next one
            tie = np.where(take, tie_after, state["tie_first"][groups] | (equal & exists & ~self.later_wins))
            state["tie_first"][groups] = tie
            chosen, rows = groups[take], first_rows[take]
            for i, order in enumerate(orders):
                state[f"first{i}"][chosen] = order[rows]
            for name, how in self.how.items():
                if how == "first":
                    state[name][chosen] = values[name][rows]
        # max, min, any and count over every event
        for name, how in self.how.items():
            if how in ("last", "first"):
                continue
            column = values[name][sort]
            field = next(f for f in self.fields if f.name == name)
            if how == "max":
                part = np.maximum.reduceat(column, starts)  # NULL is the least value: ignored unless all are
                state[name][groups] = np.where(exists, np.maximum(state[name][groups], part), part)
            elif how == "min":
                part = np.minimum.reduceat(np.where(column == NULL, TOP, column), starts)
                kept = np.where(exists, np.minimum(np.where(state[name][groups] == NULL, TOP, state[name][groups]), part),
                                part)
                state[name][groups] = np.where(kept == TOP, NULL, kept)
            else:
                has = (column == 1) if field.kind == "boolean" else (column != self._null(field))
                part = np.add.reduceat(has.astype(np.int64), starts)
                total = np.where(exists, state[name][groups] + part, part)
                state[name][groups] = np.minimum(total, 1) if how == "any" else total
        state["exists"][groups] = True

    def _ids(self, field, keys) -> object:
        """Each event's key as its id in the state arrays (text keys are codes already; others get one)."""
        np = self.np
        if field.kind == "text":
            return keys - 1  # code 0 is the missing value, declined above
        known, found = self.keys, np.empty(len(keys), dtype=np.int64)
        distinct, where = np.unique(keys, return_inverse=True)
        ids = [known.setdefault(value, len(known)) for value in distinct.tolist()]
        found[:] = np.array(ids, dtype=np.int64)[where]
        return found

    def _grow(self, needed: int) -> None:
        np = self.np
        if needed <= self.capacity:
            return
        size = max(needed, self.capacity + self.capacity // 4, 1024)  # a quarter more: memory, not copies, counts
        orders = max(len(self.log.order_by), 1)
        with_first = any(how == "first" for how in self.how.values())
        blank = {"exists": np.zeros(size, bool), "tie_last": np.zeros(size, bool), "tie_first": np.zeros(size, bool)}
        for i in range(orders):
            blank[f"order{i}"] = np.zeros(size, np.int64)
            if with_first:
                blank[f"first{i}"] = np.zeros(size, np.int64)
        for name in self.how:
            if name not in self.alias:
                blank[name] = np.full(size, NULL, np.int64)
        for name, array in self.state.items():
            blank[name][: len(array)] = array
        self.state, self.capacity = blank, size

    # ------------------------------------------------------------------ the records
    def _key_order(self) -> object:
        """The ids of the keys in the order the Python fold gives its records: the keys' own order (a text's by
        its UTF-8 bytes, which is the order of its code points, as Python sorts)."""
        state = self.state
        if state["tie_last"].any() or (any(h == "first" for h in self.how.values()) and state["tie_first"].any()):
            raise Declined("ties")
        key_field = next(f for f in self.fields if f.name == self.log.key)
        if key_field.kind == "text":
            import pyarrow as pa
            import pyarrow.compute as pc

            texts = iter(self.texts[key_field.name])
            next(texts)  # code 0: missing
            return pc.sort_indices(pa.array(texts, pa.string(), size=len(self.texts[key_field.name]) - 1)).to_numpy()
        self.key_values = list(self.keys)  # the 64-bit value of each id
        return self.np.argsort(self.np.array(self.key_values, dtype=self.np.int64), kind="stable")

    def _decoded(self, order) -> Iterator[dict[str, list]]:
        rows = self.plan.rows
        texts = {name: list(codes) for name, codes in self.texts.items()}
        for start in range(0, len(order), rows):
            ids = order[start:start + rows].astype(self.np.int64)
            columns = {}
            for field in self.fields:
                how, alias = self.how[field.name], self.alias.get(field.name)
                if alias == "key":  # a text key's code is its id + 1 (code 0: missing); another key's, its value
                    codes = (ids + 1).tolist() if field.kind == "text" else list(map(self.key_values.__getitem__,
                                                                                        ids.tolist()))
                else:
                    codes = self.state[alias or field.name][ids].tolist()
                if how == "any":
                    columns[field.name] = [code == 1 for code in codes]
                elif how == "count":
                    columns[field.name] = codes
                elif field.kind == "text":
                    columns[field.name] = list(map(texts[field.name].__getitem__, codes))
                else:
                    columns[field.name] = _decode(codes, field.kind)
            yield columns


def _compare(left: list, right: list) -> tuple:
    """(left > right, left == right) of tuples of integer arrays, compared in order (as Python compares tuples)."""
    import numpy as np

    greater = np.zeros(len(left[0]), bool)
    equal = np.ones(len(left[0]), bool)
    for a, b in zip(left, right):
        greater |= equal & (a > b)
        equal &= a == b
    return greater, equal


def _as_integer(value, kind: str) -> int:
    """A converted value as the 64-bit integer the fold keeps."""
    if value is None:
        return NULL
    if kind == "date":
        if not isinstance(value, datetime) or value.tzinfo is not None:
            raise Declined("a date that is not a naive datetime")
        return (value - EPOCH) // MICROSECOND
    if kind == "boolean":
        if value is not True and value is not False:
            raise Declined("a yes/no value that is not a boolean")
        return int(value)
    if value.__class__ is not int or not NULL < value < TOP:
        raise Declined("a number that is not a 64-bit whole number")
    return value


def _decode(codes: list, kind: str) -> list:
    if kind == "date":  # (timedelta's positional arguments: a third faster than its keywords)
        if NULL in codes:
            return [None if code == NULL else EPOCH + timedelta(0, 0, code) for code in codes]
        return list(map(EPOCH.__add__, map(timedelta, repeat(0), repeat(0), codes)))
    if kind == "boolean":
        return [None if code == NULL else code == 1 for code in codes]
    return [None if code == NULL else code for code in codes]
