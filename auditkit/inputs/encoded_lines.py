"""A text file read line by line from its bytes, so that a byte that cannot be decoded is found where it is.

Python's text reader decodes a file in chunks and reports a bad byte's position inside the chunk ("position
6824"), not in the file. Reading the bytes line by line keeps the byte offset of each line, so a bad byte is
reported at its line, its column (in characters) and its offset from the start of the file.

Only encodings in which a newline byte never belongs to a multi-byte character are read so (utf-8, latin-1,
cp1252, gb18030, shift_jis ...): :func:`line_safe` tells them apart from utf-16 and utf-32.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator


@dataclass(frozen=True)
class BadBytes:
    """Bytes of a line that the declared encoding cannot decode."""

    line: int
    """1-based line."""
    column: int
    """1-based column, in characters, of the first bad byte (the line read up to it)."""
    offset: int
    """0-based byte offset of the first bad byte from the start of the file."""
    data: bytes
    """The bad bytes as the decoder saw them."""
    reason: str
    """The decoder's reason."""

    def describe(self, encoding: str) -> str:
        shown = " ".join(f"0x{byte:02x}" for byte in self.data[:4])
        return (f"byte {shown} at byte offset {self.offset:,} cannot be read as {encoding} ({self.reason}): "
                "is the export in another encoding? Declare it with records.encoding (e.g. latin-1, cp1252, gb18030)")


def line_safe(encoding: str) -> bool:
    """True when a newline byte never occurs inside a character of ``encoding`` (ASCII-compatible encodings)."""
    return codecs.lookup(encoding).name not in _WIDE


_WIDE = {"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"}


def decoded_lines(path: Path, encoding: str) -> Iterator[tuple[str, BadBytes | None]]:
    """Each line of ``path`` (with its line break) decoded, and the first bad bytes of the line, if any (the
    line is then decoded with U+FFFD in their place). A byte order mark at the start is dropped for utf-8-sig."""
    decode = codecs.getdecoder(encoding)
    offset = 0
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, 1):
            try:
                text = decode(raw)[0]
                bad = None
            except UnicodeDecodeError as exc:
                text = decode(raw, "replace")[0]
                column = len(decode(raw[: exc.start], "replace")[0]) + 1
                bad = BadBytes(number, column, offset + exc.start, raw[exc.start : exc.end], exc.reason)
            if number == 1 and text.startswith("\ufeff") and codecs.lookup(encoding).name in ("utf-8", "utf-8-sig"):
                text = text[1:]
            offset += len(raw)
            yield text, bad


def first_bad_bytes(path: Path, encoding: str) -> BadBytes | None:
    """Where ``path`` first cannot be decoded as ``encoding`` (None when it can, or when it cannot be told)."""
    if not line_safe(encoding):
        return None
    for _text, bad in decoded_lines(path, encoding):
        if bad is not None:
            return bad
    return None
