"""A JSON document holding an array of objects (or a stream of top-level objects), streamed.

A top-level object (not one in an array) whose values are all arrays of objects
(``{"Genre": [{...}, ...], "Track": [...]}``, a database exported one array per table) is
a document of tables: each object of an array is a record of the table named by its key.

A small scanner over byte chunks finds where each top-level element ends (strings and
nesting aware), then that element alone is decoded and parsed with ``json``: memory holds
one element and one chunk. Objects are flattened to dotted paths like JSON Lines; the
record id is the ``id`` field when present, else the 1-based position in the array. A bad
element is reported with its first line and the reader goes on with the next.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "p.json"
>>> _ = p.write_text('[\\n {"id": 7, "p": {"nom": "ROUX"}},\\n {"nom": "DUPONT"}\\n]\\n')
>>> [(r.record, r.line, r.fields) for r in read_json(p)]
[('7', 2, {'id': '7', 'p.nom': 'ROUX'}), ('2', 3, {'nom': 'DUPONT'})]
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from scanner.models import ReadError, Record
from scanner.readers.decoding import decode_lenient, open_decoded
from scanner.readers.jsonl import (
    LONE_SURROGATE, TOO_DEEP, flatten, has_lone_surrogate, is_too_deep, record_id, too_many_fields,
)
from scanner.readers.sources import CHUNK_SIZE, MAX_FIELDS

_WHITESPACE = re.compile(rb"[ \t\r\n]*")
_STRUCTURE = re.compile(rb'[][{}"]')
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_SCALAR = re.compile(rb'[^,\]\[{}\s"]+')


GAP_BYTES = 4096
"""The longest run of bytes between two elements that ``ArrayElements`` keeps (``gap``)."""


class _ByteWindow:
    """A sliding byte window over a stream with line counting."""

    def __init__(self, fp: BinaryIO):
        self.fp = fp
        self.buf = b""
        self.pos = 0
        self.line = 1  # line at buf[pos]
        self.eof = False
        self.skipped = bytearray()  # bytes passed over since take_skipped, up to GAP_BYTES + 1

    def fill(self) -> bool:
        if self.eof:
            return False
        chunk = self.fp.read(max(CHUNK_SIZE, len(self.buf) - self.pos))
        self.buf = self.buf[self.pos:] + chunk
        self.pos = 0
        self.eof = not chunk
        return bool(chunk)

    def advance(self, end: int, keep: bool = True) -> None:
        """Move to ``end``; ``keep``: remember the bytes passed over (``take_skipped``)."""
        self.line += self.buf.count(b"\n", self.pos, end)
        if keep and len(self.skipped) <= GAP_BYTES:
            self.skipped += self.buf[self.pos:min(end, self.pos + GAP_BYTES + 1)]
        self.pos = end

    def take_skipped(self) -> bytes | None:
        """The bytes kept since the last call; None when there were more than GAP_BYTES."""
        skipped = bytes(self.skipped) if len(self.skipped) <= GAP_BYTES else None
        self.skipped.clear()
        return skipped

    def skip_whitespace(self) -> bool:
        """Move past whitespace; False at the end of input."""
        while True:
            self.advance(_WHITESPACE.match(self.buf, self.pos).end())  # type: ignore[union-attr]
            if self.pos < len(self.buf):
                return True
            if not self.fill():
                return False

    def element_end(self) -> int | None:
        """End offset of the value starting at ``pos`` (filling as needed); None if cut by EOF."""
        first = self.buf[self.pos:self.pos + 1]
        if first not in (b"{", b"[", b'"'):
            while True:
                match = _SCALAR.match(self.buf, self.pos)
                end = match.end() if match else self.pos + 1
                if end < len(self.buf) or self.eof:
                    return end
                self.fill()
        depth = 0
        scan = self.pos
        while True:
            match = _STRUCTURE.search(self.buf, scan)
            if match is None:
                scan = len(self.buf) - self.pos
                if not self.fill():
                    return None
                scan += self.pos
                continue
            char = match.group()
            if char == b'"':
                string = _STRING.match(self.buf, match.start())
                if string is None:
                    scan = match.start() - self.pos
                    if not self.fill():
                        return None
                    scan += self.pos
                    continue
                scan = string.end()
                if depth == 0:
                    return scan
            elif char in (b"{", b"["):
                depth += 1
                scan = match.end()
            else:
                depth -= 1
                scan = match.end()
                if depth <= 0:
                    return scan


TRAILING_CONTENT = "unexpected content after the end of the JSON array"


class ArrayElements:
    """The top-level elements of a JSON array (or of a stream of top-level values), as
    ``(index, first line, raw bytes)``, with a ReadError for each structural problem.

    ``in_array`` tells, once the first element or error has come, whether the document is
    an array. The reader and the JSON writer both walk a document with it; the writer
    copies the framing: ``gap``, the bytes before the element just given (from the end of
    the previous element, or from the start of the file), and once the walk is over
    ``trailer``, the bytes after the last element (None when longer than GAP_BYTES).
    """

    def __init__(self, fp: BinaryIO, source: str) -> None:
        self.window = _ByteWindow(fp)
        self.source = source
        self.in_array = True
        self.gap: bytes | None = None
        self.trailer: bytes | None = None

    def __iter__(self) -> Iterator[tuple[int, int, bytes] | ReadError]:
        reader = self.window
        for item in self._walk():
            if isinstance(item, tuple):
                self.gap = reader.take_skipped()
                reader.advance(reader.pos + len(item[2]), keep=False)
            yield item
        self.trailer = reader.take_skipped()

    def _walk(self) -> Iterator[tuple[int, int, bytes] | ReadError]:
        source, reader = self.source, self.window
        reader.fill()
        if reader.buf.startswith(b"\xef\xbb\xbf"):
            reader.advance(3)
        if not reader.skip_whitespace():
            return
        in_array = self.in_array = reader.buf[reader.pos:reader.pos + 1] == b"["
        if in_array:
            reader.advance(reader.pos + 1)
        index = 0
        expect_value = True
        while True:
            if not reader.skip_whitespace():
                if in_array:
                    yield ReadError(source, reader.line, "unexpected end of file: the JSON array is not closed (truncated file?)")
                return
            char = reader.buf[reader.pos:reader.pos + 1]
            if in_array and char == b"]":
                reader.advance(reader.pos + 1)
                if reader.skip_whitespace():  # the content after "]" is not kept in trailer
                    yield ReadError(source, reader.line, TRAILING_CONTENT)
                return
            if char == b",":
                if expect_value:
                    yield ReadError(source, reader.line, "unexpected ',' (missing value)")
                reader.advance(reader.pos + 1)
                expect_value = True
                continue
            if not expect_value and in_array:
                yield ReadError(source, reader.line, "expected ',' or ']' between array elements")
            line = reader.line
            end = reader.element_end()
            if end is None:
                yield ReadError(source, line, "unexpected end of file inside a JSON value (truncated file?)")
                return
            raw = reader.buf[reader.pos:end]  # passed over by __iter__, which keeps the gap before it
            index += 1
            expect_value = False
            yield index, line, raw


_BLANK = re.compile(r"[ \t\r\n]*")
_DECODER = json.JSONDecoder()


def is_table_document(value: object) -> bool:
    """Whether ``value`` is an object whose values are all arrays of objects, one not empty.

    >>> is_table_document({"Genre": [{"GenreId": 1}], "Media": []}), is_table_document({"id": 1, "tel": [{"n": 1}]})
    (True, False)
    """
    return (
        isinstance(value, dict) and any(value.values())
        and all(isinstance(rows, list) and all(isinstance(row, dict) for row in rows) for rows in value.values())
    )


def _row_offsets(text: str) -> Iterator[int]:
    """Where each row of a document of tables starts in its text, in order."""
    position = _BLANK.match(text, text.index("{") + 1).end()
    while text[position] == '"':
        _, position = _DECODER.raw_decode(text, position)  # the table's name
        position = _BLANK.match(text, text.index("[", position) + 1).end()
        while text[position] != "]":
            yield position
            _, position = _DECODER.raw_decode(text, position)
            position = _BLANK.match(text, position).end()
            if text[position] == ",":
                position = _BLANK.match(text, position + 1).end()
        position = _BLANK.match(text, position + 1).end()
        if text[position] == ",":
            position = _BLANK.match(text, position + 1).end()


def table_rows(value: object, text: str, line: int) -> list[tuple[str, int, int, dict]] | None:
    """``(table, 1-based row number, line, row)`` for each row of a document of tables
    (``text``, starting at ``line``), else None.

    >>> table_rows({"T": [{"a": 1}, {"a": 2}]}, '{"T": [\\n {"a": 1},\\n {"a": 2}]}', 1)
    [('T', 1, 2, {'a': 1}), ('T', 2, 3, {'a': 2})]
    """
    if not is_table_document(value):
        return None
    rows = [(table, number, row) for table, objects in value.items() for number, row in enumerate(objects, start=1)]
    offsets = list(_row_offsets(text))
    if len(offsets) != len(rows):  # a key given twice: json keeps the last one
        offsets = [0] * len(rows)
    lines, counted, found = [], 0, line
    for offset in offsets:
        found += text.count("\n", counted, offset)
        counted = max(counted, offset)
        lines.append(found)
    return [(table, number, row_line, row) for (table, number, row), row_line in zip(rows, lines)]


def read_json(path: Path, encoding: str = "utf-8") -> Iterator[Record | ReadError]:
    """Yield one record per object of the top-level array; a ReadError per bad element."""
    source = str(path)
    opened = open_decoded(path, encoding)  # UTF-16/32 read as UTF-8
    if isinstance(opened, ReadError):
        yield opened
        return
    fp, encoding = opened
    with fp:
        elements = ArrayElements(fp, source)
        for item in elements:
            if isinstance(item, ReadError):
                yield item
            else:
                index, line, raw = item
                yield from _element(source, raw, encoding, index, line, elements.in_array)


def _element(source: str, raw: bytes, encoding: str, index: int, line: int, in_array: bool) -> Iterator[Record | ReadError]:
    text, problem = decode_lenient(raw, encoding)
    if problem:
        yield ReadError(source, line, problem)
    if is_too_deep(text):
        yield ReadError(source, line, TOO_DEEP)
        return
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        yield ReadError(source, line + error.lineno - 1, f"invalid JSON ({error.msg}, column {error.colno})")
        return
    if not isinstance(value, dict):
        yield ReadError(source, line, f"expected a JSON object, found {type(value).__name__}")
        return
    rows = None if in_array else table_rows(value, text, line)
    if rows is not None:
        escapes = text if has_lone_surrogate(text, flatten(value)) else ""  # the text searched once, not per row
        for table, number, row_line, row in rows:
            yield from _record(source, table, row, escapes, number, row_line)
        return
    yield from _record(source, None, value, text, index, line)


def _record(source: str, table: str | None, value: dict, text: str, index: int, line: int) -> Iterator[Record | ReadError]:
    fields = flatten(value)
    if len(fields) > MAX_FIELDS:
        yield ReadError(source, line, too_many_fields(fields))
        return
    if has_lone_surrogate(text, fields):
        yield ReadError(source, line, LONE_SURROGATE)
        return
    yield Record(
        source=source, table=table,
        record=record_id(value, index),
        fields=fields, line=line,
    )
