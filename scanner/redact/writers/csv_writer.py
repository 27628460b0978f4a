r"""CSV and TSV exports, written back line for line.

Read as ``scan`` reads them (same encoding guess, delimiter sniffing, quote-aware rows,
``csv_export.iter_rows``). The header and every row without changes are copied as they
were (quotes, spacing, line endings); in a changed row only the changed cells are
rewritten, quoted when the original cell was or when the new text needs it. Blank lines
are kept; the encoding (cp1252, UTF-8 with or without BOM, UTF-16/32 and their BOM) is kept.

A header name that holds an identifier (a NIR, phone, e-mail... as a column name) is
replaced as a value of its type would be (``WriteOptions.rename``), the names kept unique.

Most rows (one line, no quote, after the previous row) take a fast path that gives the same
units and bytes as the general one.

Fail closed: a row with the wrong number of cells, a line that does not decode, the first
line of a never-closed quoted field: none is written.

>>> split_cells('1,"ROUX, Anne",, x \r\n', ",")
(['1', '"ROUX, Anne"', '', ' x '], '\r\n')
>>> quote_cell('DUPONT; fils', '"Roux"', ';')
'"DUPONT; fils"'
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator

from scanner.models import ReadError
from scanner.readers.csv_export import (
    decoded_line, MAX_ROW_CHARS, QUOTE, ROWS_CLOSED, SAMPLE_BYTES, CsvTable, SkippedRow, UnreadableRow, header_names,
    iter_rows, normalize_delimiter, plain_cells, quote_state, sniff_delimiter, unreadable_header,
)
from scanner.readers.decoding import guess_encoding, line_encoding, open_decoded, resolve_wide
from scanner.readers.sources import bounded_lines, open_binary
from scanner.redact.writers import Unit, Writer


WRITTEN_TEXTS = 1000
"""Texts written (rows, blank lines) encoded together: one encoder call for that many, or for
``WRITTEN_CHARS`` characters if fewer texts hold that many (rows may be long notes)."""
WRITTEN_CHARS = 1 << 20
_PLAIN_ROW = re.compile(f"[^{QUOTE}\r\n\0]*")
"""A row's body without quotes, line breaks or NUL: ``csv`` reads each of its cells as written."""


def split_cells(row: str, delimiter: str, quote: str = QUOTE) -> tuple[list[str], str]:
    """The raw text of each cell of one complete row, and the row's line ending.

    >>> split_cells('1,"a,b",c\\r\\n', ","), split_cells("1,a,\\n", ",")
    ((['1', '"a,b"', 'c'], '\\r\\n'), (['1', 'a', ''], '\\n'))
    """
    body = row.rstrip("\r\n")
    ending = row[len(body):]
    if quote not in body:
        return body.split(delimiter), ending
    cells: list[str] = []
    start, i, n = 0, 0, len(body)
    in_quotes = False
    while i < n:
        char = body[i]
        if in_quotes:
            if char == quote:
                if i + 1 < n and body[i + 1] == quote:
                    i += 2
                    continue
                in_quotes = False
        elif char == quote and i == start:
            in_quotes = True
        elif char == delimiter:
            cells.append(body[start:i])
            start = i + 1
        i += 1
    cells.append(body[start:])
    return cells, ending


def quote_cell(text: str, original: str, delimiter: str, quote: str = QUOTE) -> str:
    """``text`` as a cell, quoted like ``original`` was, or because it must be."""
    if original.startswith(quote) or delimiter in text or quote in text or "\r" in text or "\n" in text:
        return quote + text.replace(quote, quote + quote) + quote
    return text


def _parse_cell(raw: str, delimiter: str) -> list[str] | None:
    try:
        return next(csv.reader([raw], delimiter=delimiter, quotechar=QUOTE), None) or [""]
    except csv.Error:
        return None


class CsvWriter(Writer):
    def units(self) -> Iterator[Unit]:
        source = self.source
        with open_binary(self.path) as fp:
            sample = fp.read(SAMPLE_BYTES)
        encoding = self.options.encoding or guess_encoding(sample)
        try:
            codecs.lookup(encoding)
        except LookupError:
            yield Unit(errors=[ReadError(source, None, f"unknown encoding {encoding!r}")])
            return
        wide = resolve_wide(encoding, sample)
        if wide:  # read as UTF-8 (open_decoded), written back in the input's encoding
            sample, encoding = sample.decode(wide, errors="replace").encode("utf-8"), "utf-8"
        if self.options.delimiter is None:
            sniffed = sniff_delimiter(
                sample.decode(encoding, errors="replace").removeprefix("\ufeff"), whole=len(sample) < SAMPLE_BYTES,
            )
            delimiter = sniffed[0] if sniffed else ("\t" if self.path.suffix.lower() == ".tsv" else ",")
        else:
            delimiter = normalize_delimiter(self.options.delimiter)
        self.delimiter = delimiter
        bom = sample.startswith(b"\xef\xbb\xbf")
        normalized = codecs.lookup(encoding).name
        if wide:
            self.out_encoding = wide
        elif bom and normalized == "utf-8":
            self.out_encoding = "utf-8-sig"
        elif not bom and normalized == "utf-8-sig":
            self.out_encoding = "utf-8"
        else:
            self.out_encoding = encoding
        self.encoder = codecs.getincrementalencoder(self.out_encoding)(errors="replace")
        self.unencoded: list[str] = []  # written, not encoded yet
        self.unencoded_chars = 0
        self.needs_quotes = re.compile(f"[{re.escape(delimiter)}{QUOTE}\r\n]").search

        lines: dict[int, str] = {}  # lines read by the general path, not handed to a unit yet
        pending_errors: list[ReadError] = []
        done = 0  # every line up to this number has been handed to a unit (or dropped)
        text_encoding = line_encoding(encoding)
        held: list[tuple[int, bytes | int]] = []  # a line the fast path leaves to the general one
        table: CsvTable | None = None
        id_column: str | None = None
        columns: dict[str, list[int]] = {}  # the positions of each column name (a header may repeat one)
        row_number = 0
        ended = False  # the header cannot be read: nothing more is written

        def decoded(raws: Iterator[tuple[int, bytes | int]]) -> Iterator[tuple[int, str] | ReadError]:
            """The lines of the general path: the held one, then the next ones while a row is open."""
            while held or (item := next(raws, None)) is not None:
                number, raw = held.pop() if held else item
                text, problem = decoded_line(number, raw, text_encoding)
                lines[number] = text
                if problem:
                    yield ReadError(source, number, problem)
                yield number, text
                yield ROWS_CLOSED

        def before(start: int) -> list[str]:
            """Blank lines before ``start`` not yet written (others there were dropped)."""
            nonlocal done
            kept = [lines[n] for n in range(done + 1, start) if n in lines and not lines[n].strip()]
            for n in range(done + 1, start):
                lines.pop(n, None)
            done = max(done, start - 1)
            return kept

        def row_lines(start: int) -> list[str]:
            nonlocal done
            texts, number, in_quotes = [], start, False
            while True:
                text = lines.pop(number)
                texts.append(text)
                in_quotes = quote_state(text, in_quotes, delimiter)
                if not in_quotes:
                    break
                number += 1
            done = max(done, number)
            return texts

        def general(rows: Iterator[tuple[int, list[str]] | ReadError]) -> Iterator[Unit]:
            """The units of the rows read from the held line on, until no row is open."""
            nonlocal pending_errors, table, id_column, columns, row_number, ended
            for item in rows:
                if item is ROWS_CLOSED:
                    return
                if isinstance(item, ReadError):
                    pending_errors.append(item)
                    if table is None and isinstance(item, SkippedRow):  # nothing is written
                        yield Unit(errors=[*pending_errors, unreadable_header(item)])
                        ended = True
                        return
                    if isinstance(item, UnreadableRow):  # a data row all the same, as for the scan
                        row_number += 1
                    continue
                start, cells = item
                blanks = before(start)
                texts = row_lines(start)
                end = start + len(texts) - 1
                mine = [e for e in pending_errors if e.line is not None and start <= e.line <= end]
                others = [e for e in pending_errors if e not in mine]
                pending_errors = []
                if others:
                    yield Unit(errors=others)
                if table is None:
                    table = CsvTable(source, header_names(cells), delimiter)
                    id_column = table.id_column
                    columns = {}
                    for i, name in enumerate(table.header):
                        columns.setdefault(name, []).append(i)
                    yield Unit(errors=mine, payload=(blanks, texts, cells))  # the header: copied, even if a byte was bad
                    continue
                row_number += 1
                record = table.row(start, cells, row_number, id_column)
                if isinstance(record, ReadError):
                    mine.append(record)
                    yield Unit(errors=mine, payload=(blanks, None))
                    continue
                yield Unit(record, errors=mine, payload=(blanks, texts, cells, columns, None))

        opened = open_decoded(self.path, wide) if wide else (open_binary(self.path), encoding)
        if isinstance(opened, ReadError):
            pending_errors.append(opened)
        else:
            with opened[0] as binary:
                raws = enumerate(bounded_lines(binary), start=1)
                rows = iter_rows(decoded(raws), delimiter, source)
                for number, raw in raws:
                    # the fast path: a row on one line without quotes, after the previous
                    # row, nothing pending; the same unit as the general path would give
                    if table is not None and done == number - 1 and not pending_errors and isinstance(raw, bytes):
                        try:
                            text = raw.decode(text_encoding)
                        except UnicodeDecodeError:
                            text = QUOTE  # not a fast row: the general path reports it
                        plain = "\0" not in text and len(text) <= MAX_ROW_CHARS
                        cells = plain_cells(text, delimiter) if plain else None
                        if cells is not None and len(cells) == len(table.header) and (len(cells) > 1 or text.strip()):
                            row_number += 1
                            done = number
                            record = table.row(number, cells, row_number, id_column)
                            ending = text[len(delimiter.join(cells)):]  # the cells are the row's text: emit needs no check
                            yield Unit(record, errors=[], payload=([], [text], cells, columns, ending))
                            continue
                    held.append((number, raw))
                    yield from general(rows)
                    if ended:
                        return
        if pending_errors:
            yield Unit(errors=pending_errors)
        yield Unit(payload=(before(max(lines, default=0) + 1), None))

    def _write(self, text: str) -> None:
        self.unencoded.append(text)
        self.unencoded_chars += len(text)
        if len(self.unencoded) >= WRITTEN_TEXTS or self.unencoded_chars >= WRITTEN_CHARS:
            self._encode()

    def _encode(self) -> None:
        """Encode and write what was written since the last time."""
        self.out.write(self.encoder.encode("".join(self.unencoded)))
        self.unencoded.clear()
        self.unencoded_chars = 0

    def emit(self, unit: Unit, changes: dict[str, str] | None) -> str | None:
        if unit.payload is None:
            return None
        blanks, texts, *rest = unit.payload  # type: ignore[misc]
        for blank in blanks:
            self._write(blank)
        if unit.record is None:
            if texts is not None:  # the header
                self._write(self._header("".join(texts), rest[0]))
            return None
        if changes is None:
            return None
        self.written += 1
        if not changes:
            self._write(texts[0] if len(texts) == 1 else "".join(texts))
            return None
        cells, columns, ending = rest
        if ending is not None:  # a row without quotes, NUL or carriage return inside: its cells as written
            raw_cells = cells.copy()
            if not self.needs_quotes("".join(changes.values())):  # nor is any quoted then
                for name, text in changes.items():
                    for i in columns.get(name, ()):
                        raw_cells[i] = text
                self._write(self.delimiter.join(raw_cells) + ending)
                return None
        else:
            row = "".join(texts)
            raw_cells, ending = split_cells(row, self.delimiter)
            if len(raw_cells) != len(cells) or (
                raw_cells != cells if _PLAIN_ROW.fullmatch(row, 0, len(row) - len(ending)) else any(
                    _parse_cell(raw, self.delimiter) != [cell] for raw, cell in zip(raw_cells, cells))
            ):
                buffer = io.StringIO()
                new = list(cells)
                for name, text in changes.items():
                    for i in columns.get(name, ()):
                        new[i] = text
                csv.writer(
                    buffer, delimiter=self.delimiter, quotechar=QUOTE, lineterminator=ending or "\r\n",
                ).writerow(new)
                self._write(buffer.getvalue())
                return None
        for name, text in changes.items():
            for i in columns.get(name, ()):
                raw_cells[i] = quote_cell(text, raw_cells[i], self.delimiter)
        self._write(self.delimiter.join(raw_cells) + ending)
        return None

    def _header(self, text: str, cells: list[str]) -> str:
        """The header row, its names holding an identifier replaced (``WriteOptions.rename``)."""
        names = self.options.rename(cells) if self.options.rename else cells
        if names == cells:
            return text
        raw_cells, ending = split_cells(text, self.delimiter)
        if len(raw_cells) != len(cells):
            buffer = io.StringIO()
            csv.writer(buffer, delimiter=self.delimiter, quotechar=QUOTE, lineterminator=ending or "\r\n").writerow(names)
            return buffer.getvalue()
        return self.delimiter.join(
            raw if new == old else quote_cell(new, raw, self.delimiter) for raw, old, new in zip(raw_cells, cells, names)
        ) + ending

    def close(self) -> None:
        if hasattr(self, "encoder"):
            self._encode()
            self.out.write(self.encoder.encode("", final=True))
        super().close()
