"""Readers: one per input format, each a streaming generator behind ``read_records``.

Readers yield ``Record`` for what they can parse and ``ReadError`` (with file and
line) for what they cannot, then go on: nothing is silently skipped.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterable, Iterator
from enum import Enum
from pathlib import Path

from scanner.errors import UnreadableFileError, UsageError
from scanner.models import ReadError, Record
from scanner.readers import (
    csv_export, json_array, jsonl, mysql_dump, parquet, postgres_dump, sqlite_db, text,
)
from scanner.readers.sources import chunked, guarded, inner_suffix, looks_binary, read_head


class Format(str, Enum):
    """Input formats vigie reads."""

    TEXT = "text"
    JSONL = "jsonl"
    JSON = "json"
    CSV = "csv"
    MYSQL = "mysql"
    POSTGRES = "postgres"
    SQLITE = "sqlite"
    PARQUET = "parquet"


def check_encoding(encoding: str) -> None:
    """Refuse an encoding Python does not know, as a usage error (a wrong ``--encoding``).

    >>> check_encoding("cp1252")
    >>> check_encoding("latin-9000")
    Traceback (most recent call last):
        ...
    scanner.errors.UsageError: unknown encoding 'latin-9000'
    """
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise UsageError(f"unknown encoding {encoding!r}") from None


_BY_SUFFIX = {
    ".txt": Format.TEXT, ".jsonl": Format.JSONL, ".ndjson": Format.JSONL, ".json": Format.JSON,
    ".csv": Format.CSV, ".tsv": Format.CSV, ".sql": Format.MYSQL, ".db": Format.SQLITE,
    ".sqlite": Format.SQLITE, ".sqlite3": Format.SQLITE, ".parquet": Format.PARQUET,
}
_BINARY_FORMATS = (Format.SQLITE, Format.PARQUET)
SNIFF_BYTES = 8192
SQLITE_MAGIC = b"SQLite format 3\0"
PARQUET_MAGIC = b"PAR1"

_MYSQL_HINTS = re.compile(
    rb"^-- (?:MySQL|MariaDB) dump|^(?:INSERT|REPLACE)(?: IGNORE)? INTO `|^CREATE TABLE (?:IF NOT EXISTS )?`",
    re.MULTILINE,
)
_POSTGRES_HINTS = re.compile(
    rb"^-- PostgreSQL database dump|^COPY \S+ .*FROM stdin;|^SET standard_conforming_strings"
    rb"|^(?:INSERT INTO|CREATE TABLE) \"",
    re.MULTILINE,
)
_SQL_START = re.compile(
    rb"^(?:--[^\n]*\n|/\*.*?\*/;?\s*|\s+)*(?:INSERT|CREATE|DROP|SET|BEGIN|LOCK|USE|PRAGMA)\b",
    re.IGNORECASE | re.DOTALL,
)


def detect_format(path: Path) -> Format:
    """The format of ``path``, by its content first, then by its suffix.

    Raises UnreadableFileError for binary content that no reader supports.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "export.dat"
    >>> _ = p.write_text('{"id": 1, "text": "RAS"}\\n')
    >>> detect_format(p)
    <Format.JSONL: 'jsonl'>
    """
    head, compressed = _read_head(path)
    return _detect(path, head, compressed)


def _detect(path: Path, head: bytes, compressed: bool) -> Format:
    suffix = inner_suffix(path)
    if head.startswith(SQLITE_MAGIC):
        if compressed:
            raise UnreadableFileError(f"{path}: gzip-compressed SQLite database: decompress it first")
        return Format.SQLITE
    if head.startswith(PARQUET_MAGIC):
        if compressed:
            raise UnreadableFileError(f"{path}: gzip-compressed Parquet file: decompress it first")
        return Format.PARQUET
    if looks_binary(head):
        raise UnreadableFileError(f"{path}: binary file, not a supported format")
    text = head.removeprefix(b"\xef\xbb\xbf")
    stripped = text.lstrip(b" \t\r\n")
    if _MYSQL_HINTS.search(text):
        return Format.MYSQL
    if _POSTGRES_HINTS.search(text):
        return Format.POSTGRES
    if stripped.startswith(b"["):
        return Format.JSON
    if stripped.startswith(b"{"):
        return Format.JSONL if _first_line_is_object(stripped) else Format.JSON
    if _SQL_START.match(text):
        return Format.MYSQL  # plain SQL without dialect marks: MySQL rules read standard quoting too
    sample = text.decode("utf-8", errors="replace") if _is_utf8(text) else text.decode("cp1252", errors="replace")
    if csv_export.looks_like_csv(sample, whole=len(head) < SNIFF_BYTES):
        return Format.CSV
    return _BY_SUFFIX.get(suffix, Format.TEXT)


def _is_utf8(data: bytes) -> bool:
    import codecs

    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _first_line_is_object(data: bytes) -> bool:
    first = data.split(b"\n", 1)[0]
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return False


def _read_head(path: Path) -> tuple[bytes, bool]:
    try:
        return read_head(path, SNIFF_BYTES)
    except OSError as error:
        raise UnreadableFileError(f"{path}: {error.strerror or error}") from None


def iter_input_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Every file named by ``paths``, directories walked recursively in sorted order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        elif path.exists():
            yield path
        else:
            raise UsageError(f"{path}: no such file or directory")


Chunk = list  # of Record | ReadError, or a csv_export.CsvChunk
"""Consecutive items of one file, as ``read_chunks`` gives them (``items_of``)."""


def items_of(chunk: Chunk | csv_export.CsvChunk) -> list[Record | ReadError]:
    """The records and ReadErrors of a chunk (a CSV chunk's rows are split here)."""
    return chunk.items() if isinstance(chunk, csv_export.CsvChunk) else chunk


def read_records(
    path: str | Path,
    format: Format | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> Iterator[Record | ReadError]:
    """Records of one file, and a ReadError for each part that cannot be read.

    A file that cannot be read at all yields a single ReadError. ``delimiter`` is for CSV;
    given without a format, it makes a file that is not recognised otherwise a CSV.
    """
    for chunk in read_chunks(path, READ_AHEAD, format, encoding, delimiter):
        yield from items_of(chunk)


READ_AHEAD = 256
"""Items read before ``read_records`` yields them (a CSV file's rows are split by chunk)."""


def read_chunks(
    path: str | Path,
    size: int,
    format: Format | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> Iterator[Chunk | csv_export.CsvChunk]:
    """``read_records`` in consecutive chunks of ``size`` items, read as they come.

    A CSV file gives ``CsvChunk``s: its rows are found but not split into cells, which
    ``items_of`` does wherever the chunk is analysed (a worker process, in a parallel scan).
    """
    path = Path(path)
    source = str(path)
    try:
        head, compressed = _read_head(path)
        if not head:
            yield [ReadError(source, None, "empty file")]
            return
        chosen = format or _detect(path, head, compressed)
    except UnreadableFileError as error:
        yield [ReadError(source, None, str(error).removeprefix(f"{path}: "))]
        return
    if format is None and delimiter is not None and chosen is Format.TEXT:
        chosen = Format.CSV
    if compressed and chosen in _BINARY_FORMATS:
        yield [ReadError(source, None, f"gzip-compressed {chosen.value} file: decompress it first")]
        return
    if chosen is Format.CSV:
        for chunk in guarded(csv_export.read_csv_chunks(path, size, encoding, delimiter), source):
            yield [chunk] if isinstance(chunk, ReadError) else chunk
        return
    if chosen in (Format.TEXT, Format.JSONL, Format.JSON):
        reader = _READERS[chosen](path, encoding or "utf-8")
    else:
        reader = _READERS[chosen](path, encoding)
    if chosen is Format.TEXT:
        size = 1  # a big text file's records are up to 1 MiB each (text.RECORD_BYTES)
    yield from chunked(guarded(reader, source), size)


_READERS = {
    Format.TEXT: text.read_text,
    Format.JSONL: jsonl.read_jsonl,
    Format.JSON: json_array.read_json,
    Format.MYSQL: mysql_dump.read_mysql,
    Format.POSTGRES: postgres_dump.read_postgres,
    Format.SQLITE: sqlite_db.read_sqlite,
    Format.PARQUET: parquet.read_parquet,
}
