"""SQLite databases: every table, row by row, through a read-only, immutable connection.

The file is opened with ``mode=ro&immutable=1`` so reading never writes to it (no journal,
no WAL checkpoint). Text is fetched as bytes and decoded here, so a bad byte is reported
for its row instead of stopping the table. BLOBs are kept only when they are UTF-8 text
(``sources.binary_to_text``). The record id is the primary key (``PRAGMA table_info``),
else the 1-based row number.

>>> import sqlite3, tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "p.sqlite"
>>> db = sqlite3.connect(p); _ = db.execute("CREATE TABLE p (id INTEGER PRIMARY KEY, nom TEXT, photo BLOB)")
>>> _ = db.execute("INSERT INTO p VALUES (7, 'ROUX', x'89504e4700')"); db.commit(); db.close()
>>> [(r.table, r.record, r.line, r.fields) for r in read_sqlite(p)]
[('p', '7', None, {'id': '7', 'nom': 'ROUX'})]
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

from scanner.models import ReadError, Record
from scanner.readers.sources import binary_to_text

BATCH = 1024


def quote_name(name: str) -> str:
    """An SQLite identifier, quoted.

    >>> print(quote_name('my "notes'))
    "my ""notes"
    """
    return '"' + name.replace('"', '""') + '"'


def cell_text(value: object, encoding: str) -> tuple[str | None, str | None]:
    """``(text, problem)`` for one SQLite value: None for NULL, bytes decoded leniently.

    >>> cell_text(12, "utf-8"), cell_text(None, "utf-8")
    (('12', None), (None, None))
    """
    if value is None:
        return None, None
    if isinstance(value, bytes):
        try:
            return value.decode(encoding), None
        except UnicodeDecodeError as error:
            text = binary_to_text(value)
            if text is not None or b"\0" in value:
                return text, None
            return value.decode(encoding, errors="replace"), (
                f"cannot decode byte 0x{value[error.start]:02x} as {encoding}, replaced by U+FFFD"
            )
    return str(value), None


def read_sqlite(path: Path, encoding: str | None = None) -> Iterator[Record | ReadError]:
    """Yield one record per row of every table; a ReadError per table that cannot be read."""
    source = str(path)
    encoding = encoding or "utf-8"
    uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
    try:
        db = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as error:
        yield ReadError(source, None, f"cannot open SQLite database: {error}")
        return
    db.text_factory = bytes
    try:
        try:
            tables = [
                name.decode("utf-8", errors="replace") if isinstance(name, bytes) else name
                for (name,) in db.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
                )
            ]
        except sqlite3.Error as error:
            yield ReadError(source, None, f"cannot read SQLite schema: {error}")
            return
        for table in tables:
            yield from _read_table(db, source, table, encoding)
    finally:
        db.close()


def _read_table(db: sqlite3.Connection, source: str, table: str, encoding: str) -> Iterator[Record | ReadError]:
    try:
        info = db.execute(f"PRAGMA table_info({quote_name(table)})").fetchall()
        cursor = db.execute(f"SELECT * FROM {quote_name(table)}")
        columns = [
            name.decode("utf-8", errors="replace") if isinstance(name, bytes) else name
            for name, *_ in cursor.description
        ]
        key_columns = [
            row[1].decode("utf-8", errors="replace") if isinstance(row[1], bytes) else row[1]
            for row in sorted((r for r in info if r[5]), key=lambda r: r[5])
        ]
        number = 0
        while True:
            batch = cursor.fetchmany(BATCH)
            if not batch:
                return
            for row in batch:
                number += 1
                fields: dict[str, str] = {}
                for column, value in zip(columns, row):
                    text, problem = cell_text(value, encoding)
                    if problem:
                        yield ReadError(source, None, f"{table}, row {number}, column {column!r}: {problem}")
                    if text is not None:
                        fields[column] = text
                record = str(number)
                if key_columns and all(column in fields for column in key_columns):
                    record = ",".join(fields[column] for column in key_columns)
                yield Record(source=source, table=table, record=record, fields=fields, line=None)
    except sqlite3.Error as error:
        yield ReadError(source, None, f"table {table}: {error}")
