"""SQLite databases: a new database with the same schema, rows with redacted values.

The input is opened read-only and immutable (as ``scan`` does). The output is a fresh
file: each table is created with its original ``CREATE TABLE`` statement, rows are
inserted with their original storage classes (TEXT, INTEGER, REAL, BLOB, NULL), then
indexes, triggers and views are created from their original statements and
``sqlite_sequence`` is copied. An identifier (NIR, phone, e-mail...) in a table, column,
index or view name, or anywhere in the schema's statements, is replaced by the same
surrogate everywhere (``sql.SqlNames``). A fresh file also means no freed page of the
input, with old values in it, ever reaches the output.

Fail closed: a row with a value that does not decode is not written; a table that cannot
be read is reported and left empty.
"""

from __future__ import annotations

import io
import re
import sqlite3
from collections.abc import Iterator

from scanner.models import Finding, ReadError, Record
from scanner.readers.mysql_dump import MYSQL
from scanner.readers.sql_dump import Lexer
from scanner.readers.sql_types import ColumnType, column_type
from scanner.readers.sqlite_db import BATCH, quote_name, cell_text
from scanner.redact.fields import FieldRedactor
from scanner.redact.typed_columns import accepted_findings, column_widths, fit_to_columns
from scanner.redact.writers import Unit, Writer
from scanner.redact.writers.sql_copy import SqlNames

_INT = re.compile(r"-?(?:0|[1-9]\d*)")


def _name(value: object) -> str:
    return value.decode("utf-8", errors="replace") if isinstance(value, bytes) else str(value)


def _stored(text: str, old: object, storage: str, encoding: str) -> object:
    """The new text with the storage class of the old value when it still fits."""
    if storage == "integer" and _INT.fullmatch(text):
        return int(text)
    if storage == "real":
        try:
            value = float(text)
        except ValueError:
            return text
        return value if repr(value) == text else text
    if storage == "blob":
        return text.encode(encoding)
    return text


def declared_type(declared: str) -> ColumnType:
    """The type a SQLite column declares (``PRAGMA table_info``), read as a dump's would be.

    >>> declared_type("NVARCHAR(70)"), declared_type("NUMERIC(10,2)"), declared_type("")
    (ColumnType(kind='text', length=70), ColumnType(kind='number', length=None), ColumnType(kind='other', length=None))
    """
    lexer = Lexer(io.BytesIO(declared.encode("utf-8")), MYSQL)
    return column_type(list(iter(lexer.next_token, None)))


class SqliteWriter(Writer):
    def units(self) -> Iterator[Unit]:
        encoding = self.options.encoding or "utf-8"
        self.encoding = encoding
        source = self.source
        uri = self.path.resolve().as_uri() + "?mode=ro&immutable=1"
        try:
            self.db = sqlite3.connect(uri, uri=True)
            self.db.text_factory = bytes
            schema = [
                (_name(kind), _name(name), _name(sql))
                for kind, name, sql in self.db.execute(
                    "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"
                )
            ]
        except sqlite3.Error as error:
            yield Unit(errors=[ReadError(source, None, f"cannot open SQLite database: {error}")])
            return
        self.names = SqlNames(self.options.rename) if self.options.rename else None
        if self.names is not None:
            for _, _, sql in schema:
                self.names.learn(sql)
        self.schema = schema
        self._create_output()
        tables = [name for kind, name, _ in schema if kind == "table" and not name.startswith("sqlite_")]
        for table in tables:
            yield from self._table(table)

    def _create_output(self) -> None:
        self.out_db = sqlite3.connect(self.target, isolation_level=None)
        self.out_db.execute("PRAGMA journal_mode=OFF")
        self.out_db.execute("PRAGMA synchronous=OFF")
        self.out_db.execute("BEGIN")
        for kind, name, sql in self.schema:
            if kind == "table" and not name.startswith("sqlite_"):
                self.out_db.execute(self._renamed(sql))
        self.inserts: dict[str, str] = {}
        self.column_types: dict[str, dict[str, ColumnType]] = {}

    def _renamed(self, sql: str) -> str:
        """``sql`` (a statement, a name) with the identifiers of the schema's names replaced."""
        return self.names.replace(sql.encode("utf-8")).decode("utf-8") if self.names else sql

    def _table(self, table: str) -> Iterator[Unit]:
        source, encoding = self.source, self.encoding
        try:
            info = self.db.execute(f"PRAGMA table_xinfo({quote_name(table)})").fetchall()
            columns = [_name(d[0]) for d in self.db.execute(f"SELECT * FROM {quote_name(table)} LIMIT 0").description]
            generated = {_name(row[1]) for row in info if row[6] in (2, 3)}
            key_columns = [_name(row[1]) for row in sorted((r for r in info if r[5]), key=lambda r: r[5])]
            self.column_types[table] = {_name(row[1]): declared_type(_name(row[2])) for row in info}
            writable = [c for c in columns if c not in generated]
            self.inserts[table] = self._renamed(
                f"INSERT INTO {quote_name(table)} ({', '.join(quote_name(c) for c in writable)}) "
                f"VALUES ({', '.join('?' for _ in writable)})"
            )
            selected = ", ".join([quote_name(c) for c in columns] + [f"typeof({quote_name(c)})" for c in columns])
            cursor = self.db.execute(f"SELECT {selected} FROM {quote_name(table)}")
            width = len(columns)
            number = 0
            while True:
                batch = cursor.fetchmany(BATCH)
                if not batch:
                    return
                for full in batch:
                    row, storage = full[:width], full[width:]
                    number += 1
                    fields: dict[str, str] = {}
                    errors: list[ReadError] = []
                    for column, value in zip(columns, row):
                        text, problem = cell_text(value, encoding)
                        if problem:
                            errors.append(ReadError(source, None, f"{table}, row {number}, column {column!r}: {problem}; row dropped"))
                        if text is not None:
                            fields[column] = text
                    record = str(number)
                    if key_columns and all(column in fields for column in key_columns):
                        record = ",".join(fields[column] for column in key_columns)
                    values = dict(zip(columns, zip(row, (_name(s) for s in storage))))
                    yield Unit(
                        Record(source=source, table=table, record=record, fields=fields, line=None),
                        errors, payload=(table, writable, values),
                    )
        except sqlite3.Error as error:
            yield Unit(errors=[ReadError(source, None, f"table {table}: {error}; rows after the error left out")])

    def redact(self, unit: Unit, findings: list[Finding], redactor: FieldRedactor) -> tuple[dict[str, str], list[Finding]]:
        """Values only of the kind their column declares; a value SQLite stores as text in a
        numeric column (no type is enforced) is redacted as text."""
        table, _, values = unit.payload  # type: ignore[misc]
        types = {
            column: declared for column, declared in self.column_types[table].items()
            if declared.holds_text or values.get(column, (None, "null"))[1] != "text"
        }
        assert unit.record is not None
        acted = accepted_findings(findings, types)
        return fit_to_columns(redactor.redact_record(unit.record, acted, column_widths(types)), types), acted

    def emit(self, unit: Unit, changes: dict[str, str] | None) -> str | None:
        if unit.record is None or changes is None:
            return None
        table, writable, values = unit.payload  # type: ignore[misc]
        row = []
        for column in writable:
            old, storage = values[column]
            if column in changes:
                row.append(_stored(changes[column], old, storage, self.encoding))
            elif storage == "text":
                row.append(old.decode(self.encoding))
            else:
                row.append(old)
        self.out_db.execute(self.inserts[table], row)
        self.written += 1
        return None

    def close(self) -> None:
        if not hasattr(self, "out_db"):
            self._create_empty()
            return
        for kind, name, sql in self.schema:
            if kind in ("index", "trigger", "view"):
                self.out_db.execute(self._renamed(sql))
        if any(name == "sqlite_sequence" for _, name, _ in self.schema):
            for name, seq in self.db.execute("SELECT name, seq FROM sqlite_sequence"):
                self.out_db.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (self._renamed(_name(name)), seq))
        self.out_db.execute("COMMIT")
        self.out_db.close()
        self.db.close()

    def _create_empty(self) -> None:
        sqlite3.connect(self.target).close()

    def abort(self) -> None:
        for name in ("out_db", "db"):
            db = getattr(self, name, None)
            if db is not None:
                try:
                    db.close()
                except sqlite3.Error:
                    pass
