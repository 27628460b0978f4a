"""Plain-text notes: one record per file, field ``text``; a big file is read in pieces.

A file of at most ``RECORD_BYTES`` is one record, id ``1``. A bigger one (an export of
many notes, a log) is streamed: each record is a run of whole lines of at most
``RECORD_BYTES``, its id the number of its first line; a single line longer than that is
cut at a blank, and a record that starts inside a line has the id ``LINE:COLUMN`` (the
1-based character in that line where it starts). Memory stays flat whatever the size.

>>> import io
>>> [(r.record, r.line, r.fields["text"]) for r in read_pieces(io.BytesIO(b"a b\\nc\\nd e f\\n"), "x.txt", "utf-8", 4)]
[('1', 1, 'a b\\n'), ('2', 2, 'c\\n'), ('3', 3, 'd e '), ('3:5', 3, 'f\\n')]
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from scanner.models import ReadError, Record
from scanner.readers.decoding import decode, open_decoded
from scanner.readers.sources import CHUNK_SIZE

RECORD_BYTES = 1 << 20
"""A text file bigger than this (1 MiB) is split into records of whole lines."""


def read_text(path: Path, encoding: str) -> Iterator[Record | ReadError]:
    """Yield the file as records (one, unless it is big), or a ReadError naming the bad line."""
    opened = open_decoded(path, encoding)  # UTF-16/32 read as UTF-8
    if isinstance(opened, ReadError):
        yield opened
        return
    fp, encoding = opened
    try:
        with fp:
            yield from read_pieces(fp, str(path), encoding, RECORD_BYTES)
    except OSError as error:
        yield ReadError(str(path), None, error.strerror or str(error))


def read_pieces(fp: BinaryIO, source: str, encoding: str, size: int = RECORD_BYTES) -> Iterator[Record | ReadError]:
    """The records of a text stream: pieces of at most ``size`` bytes, cut where ``_cut``
    says (after a line break where there is one); a piece that cannot be read is a
    ReadError (the others are still read)."""
    line, column, offset = 1, 1, 0  # where the next piece starts
    for piece in _pieces(fp, size):
        if b"\0" in piece:
            if not offset:
                yield ReadError(source, None, "binary file (NUL bytes), not a text note")
                return
            yield ReadError(source, line, "binary content (NUL bytes), not text: this part is skipped")
            text = piece.decode(encoding, errors="replace")
        else:
            text = decode(piece, encoding, line, offset)
            if isinstance(text, ReadError):
                yield ReadError(source, text.line, text.message)
                if text.line is None:  # an unknown encoding: no piece can be read
                    return
                text = piece.decode(encoding, errors="replace")
            else:
                record = str(line) if column == 1 else f"{line}:{column}"
                yield Record(source=source, table=None, record=record, fields={"text": text}, line=line)
        breaks = text.count("\n")
        line += breaks
        column = (column if not breaks else 1) + len(text) - (text.rfind("\n") + 1)
        offset += len(piece)


def _pieces(fp: BinaryIO, size: int) -> Iterator[bytes]:
    """``fp``'s bytes in pieces of at most ``size``: whole lines where possible."""
    buffer = b""
    while True:
        block = fp.read(max(CHUNK_SIZE, size - len(buffer)))
        if not block:
            break
        buffer += block
        while len(buffer) > size:
            cut = _cut(buffer, size)
            yield buffer[:cut]
            buffer = buffer[cut:]
    if buffer:
        yield buffer


def _cut(data: bytes, size: int) -> int:
    """Where to end a piece of ``data`` of at most ``size`` bytes: after a blank line in its
    last quarter (between two notes of an export), else after its last line break, sentence
    end or blank, else before a UTF-8 continuation byte.

    >>> _cut(b"ab\\n\\ncd\\nef gh", 10), _cut(b"ab. cd ef", 8), _cut("aaaaaé".encode(), 6)
    (7, 4, 5)
    >>> _cut(b"x" * 12 + b"\\n\\na\\nbcdef", 16)  # the blank line, not the last line break
    14
    """
    found = data.rfind(b"\n\n", size - size // 4, size)
    if found >= 0:
        return found + 2
    for separator in (b"\n", b". ", b" ", b"\t"):
        found = data.rfind(separator, 0, size)
        if found >= 0:
            return found + len(separator)
    cut = size
    while cut > size - 3 and data[cut] & 0xC0 == 0x80:
        cut -= 1
    return cut
