"""CSV and TSV exports with a header row, read line by line.

- Encoding: given, or guessed on the first 64 KiB (BOM -> ``utf-8-sig``, UTF-16/32 by
  BOM or NUL bytes, valid UTF-8 -> ``utf-8``, else ``cp1252``). A later line that does not decode is reported with its
  number and read with U+FFFD in place of the bad bytes.
- Delimiter: given, or sniffed among ``,`` ``;`` tab ``|`` on the first rows.
- Rows are assembled by a quote-aware scan, then split by the stdlib ``csv`` module, so a
  quoted multi-line field is one row whose ``line`` is its first line. A quote that is
  never closed (end of file, or more than ``MAX_ROW_LINES`` lines / ``MAX_ROW_CHARS``
  characters) is reported on the row's first line and the following lines are read again
  as rows: one stray quote never swallows the rest of the file.
- Empty cells are CSV's NULL: they are left out of ``fields``. The record id is the value
  of the ``id`` column when there is one (as for JSON), else the 1-based data row number.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "p.csv"
>>> _ = p.write_bytes('id;nom;note\\r\\n7;ROUX;"née le\\n3 mars"\\r\\n'.encode("cp1252"))
>>> from scanner.readers import read_records
>>> [(r.record, r.line, r.fields) for r in read_records(p)]
[('7', 2, {'id': '7', 'nom': 'ROUX', 'note': 'née le\\n3 mars'})]
"""

from __future__ import annotations

import codecs
import csv
import itertools
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import BinaryIO

from scanner.errors import UsageError
from scanner.models import ReadError, Record
from scanner.readers.decoding import decode_lenient, guess_encoding, is_wide, line_encoding, open_decoded
from scanner.readers.sources import MAX_FIELDS, bounded_lines, guarded, open_binary, too_long_line

DELIMITERS = (",", ";", "\t", "|")
QUOTE = '"'
SAMPLE_BYTES = 1 << 16
MAX_ROW_LINES = 10_000
MAX_ROW_CHARS = 8 << 20
_HEADER_NAME = re.compile(r"^[\w .()/#%'’°-]{1,64}$")


def quote_state(line: str, in_quotes: bool, delimiter: str, quote: str = QUOTE) -> bool:
    """Whether a quoted field is still open at the end of ``line`` (``csv`` rules, non-strict).

    A quote opens a field only at the start of the row or right after a delimiter; inside a
    quoted field a doubled quote is a literal quote.

    >>> quote_state('1,"a', False, ","), quote_state('1,a"b', False, ","), quote_state('x"",2', True, ",")
    (True, False, True)
    >>> quote_state('fin"", ok",3', True, ",")
    False
    """
    if quote not in line:
        return in_quotes
    i, n = 0, len(line)
    while i < n:
        if in_quotes:
            j = line.find(quote, i)
            if j < 0:
                return True
            if j + 1 < n and line[j + 1] == quote:
                i = j + 2
                continue
            in_quotes, i = False, j + 1
        else:
            j = line.find(quote, i)
            if j < 0:
                return False
            if j == 0 or line[j - 1] == delimiter:
                in_quotes = True
            i = j + 1
    return in_quotes


def _complete_lines(text: str, whole: bool = False) -> list[str]:
    lines = text.splitlines(keepends=True)
    if not whole and lines and not lines[-1].endswith(("\n", "\r")):
        lines.pop()  # the sample may end in the middle of a line
    return lines


def sniff_delimiter(sample: str, whole: bool = False) -> tuple[str, int, float] | None:
    """Best delimiter of a sample: ``(delimiter, columns, share of rows with that count)``.

    >>> sniff_delimiter("id;nom;ville\\n1;ROUX;Lyon\\n2;\\"DUPONT; fils\\";Paris\\n")
    (';', 3, 1.0)
    >>> sniff_delimiter("Patient vu ce jour.\\n") is None
    True
    """
    lines = _complete_lines(sample, whole) or sample.splitlines(keepends=True)[:1]
    best: tuple[float, int, str] | None = None
    for delimiter in DELIMITERS:
        if not lines or delimiter not in lines[0]:
            continue
        rows = [row for row in itertools.islice(csv.reader(lines, delimiter=delimiter), 50) if row]
        if not rows or len(rows[0]) < 2:
            continue
        columns = len(rows[0])
        body = rows[1:-1] if len(rows) > 2 and not whole else rows[1:]  # the last row may be cut
        share = sum(len(row) == columns for row in body) / len(body) if body else 1.0
        key = (share, columns, delimiter)
        if best is None or key[:2] > best[:2]:
            best = key
    if best is None:
        return None
    return best[2], best[1], best[0]


def looks_like_csv(sample: str, whole: bool = False) -> str | None:
    """The delimiter when ``sample`` starts with a header-like line and consistent rows.

    ``whole`` says the sample is the whole file (its last line is complete).

    >>> looks_like_csv("nom,prenom,ville\\nROUX,Anne,Lyon\\n")
    ','
    >>> looks_like_csv("Cher confrère, je vous adresse Mme ROUX, 45 ans, pour avis.\\nBien à vous,\\n") is None
    True
    >>> looks_like_csv("Cher confrere,", whole=True) is None
    True
    """
    sniffed = sniff_delimiter(sample, whole)
    if sniffed is None:
        return None
    delimiter, _, share = sniffed
    lines = _complete_lines(sample, whole)
    rows = [row for row in itertools.islice(csv.reader(lines, delimiter=delimiter), 3) if row]
    if len(rows) < 2 or share < 0.8:
        return None
    names = [name.strip().lstrip("\ufeff") for name in rows[0]]
    if names and not names[-1]:
        names.pop()  # a trailing delimiter
    if not all(_HEADER_NAME.match(name) and not name.endswith((".", "!", "?", ":")) for name in names):
        return None
    if sum(len(name.split()) for name in names) > 2.5 * len(names):
        return None  # sentences, not column names
    return delimiter


def normalize_delimiter(delimiter: str) -> str:
    r"""One character that can separate cells: ``tab`` and ``\t`` spelled out are accepted.

    A newline, carriage return, quote, NUL, letter or digit cannot separate cells
    (every row would be one cell, or its values split apart): a usage error.

    >>> normalize_delimiter("\\t") == normalize_delimiter("tab") == "\t", normalize_delimiter(";")
    (True, ';')
    >>> normalize_delimiter("\n")
    Traceback (most recent call last):
        ...
    scanner.errors.UsageError: --delimiter cannot be '\n': use one character such as ',' ';' '|' or 'tab'
    """
    if delimiter.lower() in ("\\t", "tab", "tsv"):
        return "\t"
    if len(delimiter) != 1 or delimiter in ("\n", "\r", "\0", QUOTE) or delimiter.isalnum():
        raise UsageError(f"--delimiter cannot be {delimiter!r}: use one character such as ',' ';' '|' or 'tab'")
    return delimiter


def header_names(row: list[str]) -> list[str]:
    """Column names from a header row: stripped, unnamed ones numbered, repeats suffixed.

    >>> header_names(["id", "", "nom", "nom"])
    ['id', 'column_2', 'nom', 'nom_2']
    """
    names: list[str] = []
    seen: dict[str, int] = {}
    for position, raw in enumerate(row, start=1):
        name = raw.strip().lstrip("\ufeff") or f"column_{position}"
        if name in seen:
            seen[name] += 1
            name = f"{name}_{seen[name]}"
        else:
            seen[name] = 1
        names.append(name)
    return names


class LongLine(str):
    """What stands for a line ``bounded_lines`` read past: a row that holds one is unreadable
    (``split_row``), and still counts as a row."""


def decoded_line(number: int, raw: bytes | int, encoding: str) -> tuple[str, str | None]:
    """A line of ``bounded_lines`` as text (``LongLine`` for one read past), with the
    decoding problem if any (``encoding`` as ``line_encoding`` gives it)."""
    if isinstance(raw, int):
        return LongLine(too_long_line(raw)), None
    text, problem = decode_lenient(raw, encoding)
    return (text.removeprefix("\ufeff") if number == 1 else text), problem


def _decoded_lines(fp: BinaryIO, encoding: str, source: str) -> Iterator[tuple[int, str] | ReadError]:
    encoding = line_encoding(encoding)
    for number, raw in enumerate(bounded_lines(fp), start=1):
        text, problem = decoded_line(number, raw, encoding)
        if problem:
            yield ReadError(source, number, problem)
        yield number, text


csv.field_size_limit(max(csv.field_size_limit(), MAX_ROW_CHARS))  # a long note is a field like any other


@dataclass(frozen=True)
class SkippedRow(ReadError):
    """A row that cannot be read and is left out (``iter_rows``); before the header, the
    whole file is unusable (``read_csv_chunks``)."""


@dataclass(frozen=True)
class UnreadableRow(SkippedRow):
    """A row whose end was found but whose cells cannot be split: it is left out, and it
    still counts as a data row (the rows after it keep their numbers)."""


def plain_cells(line: str, delimiter: str) -> list[str] | None:
    r"""The cells of a row written on one line without quotes, as ``csv.reader`` reads them
    (a split, several times faster); None for any other line, left to ``csv``.

    >>> plain_cells("1,ROUX,,Lyon\r\n", ","), plain_cells('1,"ROUX"\n', ","), plain_cells("1,a\rb\n", ",")
    (['1', 'ROUX', '', 'Lyon'], None, None)
    """
    body = line[:-1] if line.endswith("\n") else line
    if body.endswith("\r"):
        body = body[:-1]
    if QUOTE in body or "\r" in body:
        return None
    return body.split(delimiter)


ROWS_CLOSED = ReadError("", None, "no row is open: every line given so far is read into rows")
"""What the source of ``iter_row_lines`` may yield after any line: passed on only when no row
is open, it tells a caller that feeds the lines itself that it may read the next ones alone."""


def iter_row_lines(
    lines: Iterable[tuple[int, str] | ReadError], delimiter: str, source: str
) -> Iterator[tuple[int, list[str]] | ReadError]:
    """``(first line, its text lines)`` for each row of decoded numbered lines, found by a
    quote-aware scan without splitting cells (``split_row`` does); ReadErrors pass through
    (``ROWS_CLOSED`` only between rows).

    >>> list(iter_row_lines([(1, "a,b\\n"), (2, '1,"x\\n'), (3, 'y"\\n')], ",", "t.csv"))
    [(1, ['a,b\\n']), (2, ['1,"x\\n', 'y"\\n'])]
    >>> lines = [(1, '1,"x\\n'), ROWS_CLOSED, (2, 'y"\\n'), ROWS_CLOSED]
    >>> [item is ROWS_CLOSED or item for item in iter_row_lines(lines, ",", "t.csv")]
    [(1, ['1,"x\\n', 'y"\\n']), True]
    """
    source_lines = iter(lines)
    replay: deque[tuple[int, str]] = deque()
    row: list[tuple[int, str]] = []
    start = 0
    size = 0
    in_quotes = False

    def skip_open_row(reason: str) -> ReadError:
        """Drop the row whose quoted field never closes; its other lines are read again."""
        nonlocal row, size, in_quotes
        error = SkippedRow(
            source, start,
            f"unbalanced quote: the quoted field opened on line {start} {reason}; "
            f"row skipped, the next {len(row) - 1} line(s) read again as rows",
        )
        replay.extendleft(reversed(row[1:]))
        row, size, in_quotes = [], 0, False
        return error

    while True:
        if replay:
            number, text = replay.popleft()
        else:
            item = next(source_lines, None)
            if isinstance(item, ReadError):
                if item is not ROWS_CLOSED or not row:
                    yield item
                continue
            if item is None:
                if not row:
                    return
                yield skip_open_row("is never closed (end of file)")
                continue
            number, text = item
        if not row:
            if not text.strip() and delimiter not in text:  # "\t\t\n" is a row of empty cells
                continue
            start = number
            if QUOTE not in text:  # most rows: one line, no quotes
                yield start, [text]
                continue
        row.append((number, text))
        size += len(text)
        in_quotes = quote_state(text, in_quotes, delimiter)
        if in_quotes:
            if len(row) > MAX_ROW_LINES:
                yield skip_open_row(f"is still open after {len(row)} lines")
            elif size > MAX_ROW_CHARS:
                yield skip_open_row(f"is still open after {size:,} characters (at most {MAX_ROW_CHARS:,})")
            continue
        yield start, [text for _, text in row]
        row, size = [], 0


def split_row(texts: list[str], delimiter: str) -> list[str] | str:
    r"""The cells of one row (its text lines, from ``iter_row_lines``), or what makes it
    unreadable: a row of more than ``MAX_ROW_CHARS`` characters or ``MAX_FIELDS`` cells is (a
    header: the file is skipped).

    >>> split_row(["1,ROUX\r\n"], ","), split_row(['1,"a\n', 'b"\n'], ","), split_row(["1,a\rb\n"], ",")
    (['1', 'ROUX'], ['1', 'a\nb'], 'a carriage return inside an unquoted field')
    >>> split_row([",".join("x" * 20_000)], ",")
    '20,000 columns, more than 10,000'
    """
    if any(isinstance(text, LongLine) for text in texts):
        return next(text for text in texts if isinstance(text, LongLine))
    if len(texts) == 1:
        if len(texts[0]) > MAX_ROW_CHARS:
            return f"{len(texts[0]):,} characters, more than {MAX_ROW_CHARS:,}"
        cells = plain_cells(texts[0], delimiter)
    else:
        cells = None
        if (size := sum(map(len, texts))) > MAX_ROW_CHARS:
            return f"{size:,} characters, more than {MAX_ROW_CHARS:,}"
    if cells is None:
        try:
            cells = next(csv.reader(texts, delimiter=delimiter, quotechar=QUOTE), [])
        except csv.Error as error:
            return "a carriage return inside an unquoted field" if "new-line" in str(error) else str(error)
    if len(cells) > MAX_FIELDS:
        return f"{len(cells):,} columns, more than {MAX_FIELDS:,}"
    return cells


def iter_rows(
    lines: Iterable[tuple[int, str] | ReadError], delimiter: str, source: str
) -> Iterator[tuple[int, list[str]] | ReadError]:
    """``(first line, cells)`` for each row of decoded numbered lines; ReadErrors pass through.

    Reusable by a writer: each row comes with the line it starts on.
    """
    for item in iter_row_lines(lines, delimiter, source):
        if isinstance(item, ReadError):
            yield item
            continue
        start, texts = item
        cells = split_row(texts, delimiter)
        yield (start, cells) if isinstance(cells, list) else unreadable_row(source, start, cells)


def unreadable_row(source: str, line: int, problem: str) -> UnreadableRow:
    return UnreadableRow(source, line, f"unreadable row: {problem}; row skipped")


def unreadable_header(error: SkippedRow) -> ReadError:
    """The error that ends a file whose header row cannot be read: no row of it can be
    named, and the next row must not be taken for the header (its values would become
    column names)."""
    return ReadError(error.source, error.line, "the header row cannot be read; file skipped")


_VALUE = itemgetter(1)


@dataclass(frozen=True)
class CsvTable:
    """What turns the rows of one CSV file into records: its header and delimiter."""

    source: str
    header: list[str]
    delimiter: str

    @property
    def id_column(self) -> str | None:
        return next((name for name in self.header if name.lower() == "id"), None)

    def row(self, line: int, cells: list[str], row_number: int, id_column: str | None) -> Record | ReadError:
        """The record of data row ``row_number`` (its id from ``id_column``, else that
        number; empty cells left out), or the ReadError of a row of the wrong width.

        >>> table = CsvTable("p.csv", ["id", "nom"], ",")
        >>> table.row(2, ["7", ""], 1, "id"), str(table.row(3, ["8"], 2, "id"))
        (Record(source='p.csv', table=None, record='7', fields={'id': '7'}, line=2), 'p.csv, line 3: row 2 has 1 columns, the header has 2; row skipped')
        """
        header = self.header
        if len(cells) != len(header):
            return ReadError(
                self.source, line, f"row {row_number} has {len(cells)} columns, the header has {len(header)}; row skipped",
            )
        fields = dict(filter(_VALUE, zip(header, cells)))  # the non-empty cells
        record_id = fields.get(id_column) if id_column else None
        return Record(self.source, None, record_id or str(row_number), fields, line)


@dataclass
class CsvChunk:
    """Consecutive items of a CSV file whose rows are found but not split into cells yet.

    The process that reads the file only finds where each row ends; splitting the rows
    (``items``) is left to whoever analyses the chunk, a worker process in a parallel scan,
    so that the reading process does little per row and sends little per row. ``entries``
    are the file's ReadErrors and its rows ``(first line, text lines)``, in file order;
    ``rows_before`` counts the data rows before the first one (record ids of files without
    an ``id`` column). A ReadError about a row's lines (a byte that does not decode) comes
    before the row, in the same chunk.
    """

    table: CsvTable
    rows_before: int
    entries: list[ReadError | tuple[int, list[str]]]
    with_errors: bool = True
    """Whether a row with a ReadError about one of its lines still gives a record (a scan
    reads what it can); False as a redaction's writer reads: it drops that row."""

    def items(self) -> list[Record | ReadError]:
        """One record, or the ReadError saying why there is none, per entry.

        >>> table = CsvTable("p.csv", ["id", "nom", "ville"], ",")
        >>> chunk = CsvChunk(table, 0, [(2, ["7,ROUX,\\n"]), (3, ["8,ROUX\\n"])])
        >>> [str(item) if isinstance(item, ReadError) else (item.record, item.fields) for item in chunk.items()]
        [('7', {'id': '7', 'nom': 'ROUX'}), 'p.csv, line 3: row 2 has 2 columns, the header has 3; row skipped']
        >>> from dataclasses import replace
        >>> bad_byte = CsvChunk(table, 0, [ReadError("p.csv", 2, "bad byte"), (2, ["7,R\\ufffdUX,\\n"]), (3, ["8,,\\n"])])
        >>> [item.line for item in bad_byte.items()], [item.line for item in replace(bad_byte, with_errors=False).items()]
        ([2, 2, 3], [2, 3])
        """
        table = self.table
        source, delimiter, id_column = table.source, table.delimiter, table.id_column
        items: list[Record | ReadError] = []
        row_number = self.rows_before
        error_lines: list[int] = []  # lines of the ReadErrors since the last row, when they drop it
        for entry in self.entries:
            if isinstance(entry, ReadError):
                items.append(entry)
                if not self.with_errors and entry.line is not None:
                    error_lines.append(entry.line)
                continue
            row_number += 1
            line, texts = entry
            if error_lines:
                dropped = any(line <= error < line + len(texts) for error in error_lines)
                error_lines = []
                if dropped:
                    continue
            cells = split_row(texts, delimiter)
            items.append(unreadable_row(source, line, cells) if isinstance(cells, str)
                         else table.row(line, cells, row_number, id_column))
        return items


def read_csv_chunks(
    path: Path, size: int, encoding: str | None = None, delimiter: str | None = None
) -> Iterator[CsvChunk | list[ReadError]]:
    """The file's items in chunks of ``size``: ``CsvChunk`` once the header is read, plain
    lists for the ReadErrors that come before it (or end the file)."""
    source = str(path)
    try:
        with open_binary(path) as fp:
            sample = fp.read(SAMPLE_BYTES)
    except OSError as error:
        yield [ReadError(source, None, error.strerror or str(error))]
        return
    encoding = encoding or guess_encoding(sample)
    try:
        codecs.lookup(encoding)
    except LookupError:
        yield [ReadError(source, None, f"unknown encoding {encoding!r}")]
        return
    wide = encoding if is_wide(encoding) else None
    if wide:  # UTF-16/32: read as UTF-8
        sample = sample.decode(wide, errors="replace").encode("utf-8")
        encoding = "utf-8"
    if delimiter is None:
        sniffed = sniff_delimiter(
            sample.decode(encoding, errors="replace").removeprefix("\ufeff"), whole=len(sample) < SAMPLE_BYTES,
        )
        delimiter = sniffed[0] if sniffed else ("\t" if path.suffix.lower() == ".tsv" else ",")
    else:
        delimiter = normalize_delimiter(delimiter)
    opened = open_decoded(path, wide) if wide else (open_binary(path), encoding)
    if isinstance(opened, ReadError):
        yield [opened]
        return
    with opened[0] as fp:
        table: CsvTable | None = None
        entries: list = []
        rows_before = rows = 0
        for item in guarded(iter_row_lines(_decoded_lines(fp, encoding, source), delimiter, source), source):
            if isinstance(item, ReadError):
                entries.append(item)
                if table is None and isinstance(item, SkippedRow):
                    entries.append(unreadable_header(item))
                    break
            elif table is None:
                header = split_row(item[1], delimiter)
                if isinstance(header, str):
                    error = unreadable_row(source, item[0], header)
                    entries += [error, unreadable_header(error)]
                    break
                table = CsvTable(source, header_names(header), delimiter)
            else:
                entries.append(item)
                rows += 1
            if len(entries) >= size and (not table or not isinstance(entries[-1], ReadError) or len(entries) >= 2 * size):
                yield CsvChunk(table, rows_before, entries) if table else entries  # a row's errors stay with it
                entries, rows_before = [], rows
        if entries:
            yield CsvChunk(table, rows_before, entries) if table else entries
