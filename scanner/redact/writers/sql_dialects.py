"""The dump writer of each SQL dialect: how a replaced value is quoted as a literal (MySQL's
backslash escapes or doubled quotes, PostgreSQL's standard, ``E'..'`` and ``N'..'``
literals, SQLite's standard literals). What they share is ``writers.sql.DumpWriter``.
"""

from __future__ import annotations

from collections import deque

from scanner.readers import mysql_dump, postgres_dump, sqlite_script
from scanner.readers.sql_dump import Row, Token
from scanner.readers.sql_text import PositionedLexer, PositionedParser
from scanner.redact.writers import Unit
from scanner.redact.writers.sql import DumpWriter, UnwritableValue

_DOUBLED_QUOTE_ESCAPES = (
    (b"\\", b"\\\\"), (b"'", b"''"), (b"\n", b"\\n"), (b"\r", b"\\r"), (b"\0", b"\\0"), (b"\x1a", b"\\Z"),
)
"""mysqldump's escapes, but a quote doubled: for literals that came in so."""


class MysqlDumpWriter(DumpWriter):
    dialect = mysql_dump.MYSQL

    def _quote(self, text: str, encoding: str) -> bytes:
        return mysql_dump.quote_string(text, encoding)

    def _literal(self, token: Token, old: str | None, text: str, encoding: str, row: Row, column: str) -> bytes:
        """A literal that doubled its quotes (``'O''Brien'``, no backslash) is re-quoted so;
        others as mysqldump does (``\\'``)."""
        literal = super()._literal(token, old, text, encoding, row, column)
        plain = token.kind == "string" and literal == mysql_dump.quote_string(text, encoding)
        if not plain or b"''" not in token.raw[1:-1] or b"\\" in token.raw:
            return literal
        data = text.encode(encoding)
        for plain, escaped in _DOUBLED_QUOTE_ESCAPES:
            data = data.replace(plain, escaped)
        doubled = b"'" + data + b"'"
        check = self.dialect.decode_literal(Token("string", doubled, 0, 0))
        return doubled if check is not None and check.decode(encoding, errors="replace") == text else literal


class _NationalLiteralLexer(PositionedLexer):
    """A PostgreSQL lexer that also notes, in order, where the string of each ``N'..'``
    literal starts, so that a value replaced in it keeps its ``N`` prefix valid."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.national_starts: deque[int] = deque()

    def next_token(self) -> Token | None:
        before = self.last_token
        token = super().next_token()
        if (token is not None and token.kind == "string" and before is not None and before.kind == "word"
                and before.raw in (b"N", b"n") and before.offset + 1 == token.offset):
            self.national_starts.append(token.offset)
        return token


class PostgresDumpWriter(DumpWriter):
    dialect = postgres_dump.POSTGRES

    def _parser(self, fp) -> PositionedParser:
        keys = postgres_dump.primary_keys_in_tail(self.path)
        self._lexer = _NationalLiteralLexer(fp, self.dialect)
        self._national_in_row: set[int] = set()
        return PositionedParser(self._lexer, self._encoding, keys, self.options.tables)

    def emit(self, unit: Unit, changes: dict[str, str] | None) -> str | None:
        if isinstance(unit.payload, tuple):  # a row: its N'..' literals, the ones before it forgotten
            row_end, starts = unit.payload[0].end, self._lexer.national_starts
            self._national_in_row.clear()
            while starts and starts[0] < row_end:
                self._national_in_row.add(starts.popleft())
        return super().emit(unit, changes)

    def _literal(self, token: Token, old: str | None, text: str, encoding: str, row: Row, column: str) -> bytes:
        """An ``N'..'`` literal is re-quoted as it came, standard ``'..'`` after its ``N``
        (an ``E`` there would make ``NE'..'``, which PostgreSQL refuses)."""
        if token.offset not in self._national_in_row or "\\" not in text:
            return super()._literal(token, old, text, encoding, row, column)
        literal = postgres_dump.quote_string(text, encoding)
        check = self.dialect.decode_literal(Token("string", literal, 0, 0))
        if check is None or check.decode(encoding, errors="replace") != text:
            raise UnwritableValue(f"{row.table.name}, line {row.line}: column {column!r} cannot be re-quoted; row dropped")
        return literal

    def _quote_like(self, kind: str, raw: bytes, text: str, encoding: str) -> bytes:
        """An ``E'..'`` literal stays one (its prefix letter kept), line breaks escaped."""
        if kind == "estring":
            return raw[:1] + postgres_dump.quote_escape_string(text, encoding)[1:]
        return self._quote(text, encoding)

    def _quote(self, text: str, encoding: str) -> bytes:
        if "\\" in text:  # valid whatever standard_conforming_strings says
            data = text.encode(encoding).replace(b"\\", b"\\\\").replace(b"'", b"''")
            return b"E'" + data + b"'"
        return postgres_dump.quote_string(text, encoding)


class SqliteScriptWriter(DumpWriter):
    """SQLite scripts: standard literals, a quote doubled, a backslash kept as it is."""

    dialect = sqlite_script.SQLITE_SCRIPT

    def _quote(self, text: str, encoding: str) -> bytes:
        return postgres_dump.quote_string(text, encoding)
