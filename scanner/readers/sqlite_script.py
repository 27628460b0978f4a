"""SQLite SQL scripts (``.dump`` of the ``sqlite3`` shell, hand-written schema + INSERTs).

SQLite's strings are standard: ``'...'`` with a quote doubled, a backslash is a plain
character; names are quoted ``"..."``, ``[...]`` or with backticks. The record id is the
primary key when ``CREATE TABLE`` gives one, else the 1-based row number in the table.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "chinook.sql"
>>> _ = p.write_bytes(b"CREATE TABLE [Artist] ([ArtistId] INTEGER NOT NULL, [Name] NVARCHAR(120),"
...                   b" CONSTRAINT [PK_Artist] PRIMARY KEY ([ArtistId]));\\n"
...                   b"INSERT INTO [Artist] ([ArtistId], [Name]) VALUES (7, 'O''Brien C:\\\\dos');\\n")
>>> [(r.table, r.record, r.fields) for r in read_sqlite_script(p)]
[('Artist', '7', {'ArtistId': '7', 'Name': "O'Brien C:\\\\dos"})]
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from scanner.models import ReadError, Record
from scanner.readers import postgres_dump
from scanner.readers.sql_dump import NUMBER_TOKEN, Dialect, token_regex
from scanner.readers.sql_text import read_dump_file

_SQLITE_ALTERNATIVES = (
    rb"(?P<string>'[^']*(?:''[^']*)*')",
    rb'(?P<ident>"[^"]*(?:""[^"]*)*"|`[^`]*(?:``[^`]*)*`|\[[^\]]*\])',
    rb"(?P<hex>[xX]'[0-9A-Fa-f]*')",
    NUMBER_TOKEN,
    rb"(?P<word>(?![xX]')[A-Za-z_][A-Za-z0-9_$]*)",
)
SQLITE_TOKENS = token_regex(rb"(?:\s+|--[^\n]*(?:\n|\Z)|/\*.*?(?:\*/|\Z))*", *_SQLITE_ALTERNATIVES)
SQLITE_PIECES = token_regex(b"", rb"(?P<space>\s+)", rb"(?P<comment>--[^\n]*|/\*.*?(?:\*/|\Z))", *_SQLITE_ALTERNATIVES)
"""Every byte of SQLite text as a token, comments and spaces included."""

SQLITE_SCRIPT = Dialect(
    name="sqlite-script",
    tokens=SQLITE_TOKENS,
    pieces=SQLITE_PIECES,
    openers=b"'\"`[xX",
    decode_literal=postgres_dump.decode_literal,  # standard strings and X'..' hex, as PostgreSQL's
    table_name=".".join,
)


def read_sqlite_script(path: Path, encoding: str | None = None, tables=None) -> Iterator[Record | ReadError]:
    """Yield one record per row of every table; a ReadError per unreadable statement or row;
    ``tables``: those declared in the run's other files (``sql_dump.declared_tables``)."""
    return read_dump_file(path, SQLITE_SCRIPT, encoding, tables=tables)
