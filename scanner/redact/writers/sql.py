"""MySQL and PostgreSQL dumps: the input copied byte for byte, changed values replaced.

The dump is parsed with the readers' own ``DumpParser``, extended here to say where each
statement starts and ends and where each row lies (``(`` to ``)`` of an INSERT tuple, or
the line of a COPY row). The writer copies the input through, and:

- replaces only the value tokens whose text changed, re-quoted with the dialect's escaping
  (``mysql_dump.quote_string``; standard ``'...'`` or ``E'...'`` for PostgreSQL; COPY cells
  with ``escape_copy``); a number stays a bare number when its surrogate is one;
- copies schema and session statements (CREATE, SET, ALTER, DROP, LOCK, comments...)
  unchanged, except for the identifiers (NIR, phone, e-mail...) found in them or in a
  table or column name, replaced wherever they occur, names included (``SqlNames``), so
  that every CREATE, INSERT, COPY, index and comment names the same redacted table;

and, failing closed, never writes:

- a row the parser reported as unreadable (it is cut out of its extended INSERT with its
  comma; an INSERT left without rows disappears);
- the rest of a statement after a syntax error (the rows before it are closed with ``;``);
- a statement that may hold data but is not read as rows (UPDATE, DELETE, INSERT ...
  SELECT, COPY ... CSV/BINARY, unknown words): reported and left out;
- anything after a truncation (an INSERT or COPY cut by the end of file is closed after
  its last complete row).

A changed value that is not a plain literal (an expression such as ``CONCAT(...)``, a
signed number) cannot be replaced in place: its row is dropped and reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from scanner.masking import typed_identifier_spans
from scanner.models import ReadError, Record
from scanner.readers import mysql_dump, postgres_dump
from scanner.readers.sources import open_binary
from scanner.readers.sql_dump import (
    UTF8_BOM, Dialect, DumpParser, Lexer, Problem, Row, Token, _SqlError, escape_copy, unescape_copy,
)
from scanner.redact.writers import Unit, Writer

SCHEMA_WORDS = frozenset(
    b"CREATE DROP ALTER SET LOCK UNLOCK USE BEGIN START COMMIT END ROLLBACK SAVEPOINT RELEASE SELECT "
    b"COMMENT GRANT REVOKE DELIMITER REFRESH ANALYZE VACUUM REINDEX CLUSTER CHECKPOINT RESET".split()
)
"""Statements copied as they are: schema and session, no rows."""
DATA_WORDS = frozenset({b"INSERT", b"REPLACE", b"COPY"})
_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_COPY_BLOCK_END = b"\\."


# ---------------------------------------------------------------- positions from the parser


class _Lexer(Lexer):
    """The readers' lexer, also telling where it is and what it last read."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.last_token: Token | None = None
        self.last_line: tuple[int, int, bytes] | None = None  # start, end (after newline), raw
        self.last_complete_end = 0

    @property
    def position(self) -> int:
        return self.offset + self.pos

    def next_token(self) -> Token | None:
        token = super().next_token()
        if token is not None:
            self.last_token = token
        return token

    def read_line(self):
        start = self.position
        item = super().read_line()
        if item is not None:
            self.last_line = (start, self.position, item[0])
            if item[2]:
                self.last_complete_end = self.position
        return item


@dataclass(frozen=True)
class Start:
    offset: int
    word: bytes
    line: int


@dataclass(frozen=True)
class End:
    offset: int


@dataclass(frozen=True)
class Placed:
    """A Row or a row Problem with where it lies: an INSERT tuple or a COPY line."""

    item: Row | Problem
    start: int
    end: int
    copy_line: bytes | None = None  # the COPY line without its newline (and ``\\r``)


@dataclass(frozen=True)
class StatementProblem:
    problem: Problem


@dataclass(frozen=True)
class Truncated:
    problem: Problem | None
    copy_resume: int | None  # end of the last complete COPY line of the cut statement


class _Parser(DumpParser):
    """``DumpParser`` with statement boundaries and row positions in its output."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._opener: Token | None = None
        self._statement: Start | None = None

    # DumpParser.parse hooks: mark where each statement starts and ends, wrap problems.
    def _on_statement_start(self, token, word: bytes) -> Iterator:
        self._statement = Start(token.offset, word or (b"\\" if self._is(token, b"\\") else b""), token.line)
        yield self._statement

    def _on_statement_end(self, start: int):
        if self._pushed is not None:  # never expected: end the output here, failing closed
            yield self._truncated(Problem(start, "internal: statement end not found; rest of the dump not copied"))
            return True
        yield End(self.lexer.position)
        return False

    def _on_truncated(self, problem: Problem) -> Truncated:
        return self._truncated(problem)

    def _on_problem(self, problem: Problem) -> StatementProblem:
        return StatementProblem(problem)

    def _on_truncated_skip(self) -> Iterator:
        yield self._truncated(None)

    def _truncated(self, problem: Problem | None) -> Truncated:
        lexer: _Lexer = self.lexer  # type: ignore[assignment]
        statement = self._statement
        resume = None
        if statement is not None and statement.word == b"COPY" and lexer.last_complete_end > statement.offset:
            resume = lexer.last_complete_end
        return Truncated(problem, resume)

    def _row(self, start, what, table, columns, line):
        opener = self.lexer.last_token  # type: ignore[attr-defined]
        self._opener = opener if opener is not None and self._is(opener, b"(") else None
        try:
            return super()._row(start, what, table, columns, line)
        finally:
            self._opener = None

    def _make_row(self, table, columns, values, line):
        item = super()._make_row(table, columns, values, line)
        lexer: _Lexer = self.lexer  # type: ignore[assignment]
        if self._opener is not None:
            return Placed(item, self._opener.offset, lexer.position)
        if lexer.last_line is not None and lexer.last_line[1] == lexer.position:
            start, end, raw = lexer.last_line
            return Placed(item, start, end, raw)
        raise _SqlError(line, "internal: row position unknown", None)


# ---------------------------------------------------------------- the writer


class SqlNames:
    """The identifiers (NIR, phone, e-mail...) found in a dump's names and schema text, and
    the SQL-safe replacement of each (``rename``, then every character but ``[A-Za-z0-9_]``
    made ``_``), put in place of every occurrence in the bytes copied.

    >>> names = SqlNames(lambda found: ["<FR_NIR>" for _ in found])
    >>> names.learn("-- Table `t_263039715437514`"); names.replace(b"INSERT INTO `t_263039715437514`")
    b'INSERT INTO `t__FR_NIR_`'
    """

    def __init__(self, rename) -> None:
        self.rename = rename
        self.replacements: dict[bytes, bytes] = {}
        self.pattern: re.Pattern | None = None

    def learn(self, text: str) -> None:
        """Remember the identifiers of a name or of schema text (decoded as Latin-1)."""
        if sum(c.isdigit() for c in text) < 9 and "@" not in text:
            return
        for start, end, _ in typed_identifier_spans(text):
            found = text[start:end].encode("utf-8")
            if found in self.replacements or len(found) > _NAME_TAIL:
                continue
            new = self.rename([text[start:end]])[0]
            if new != text[start:end]:
                self.replacements[found] = re.sub(r"[^A-Za-z0-9_]", "_", new).encode("ascii")
                keys = sorted(self.replacements, key=len, reverse=True)
                self.pattern = re.compile(b"(?<![0-9])(?:" + b"|".join(map(re.escape, keys)) + b")(?![0-9])")

    def replace(self, data: bytes) -> bytes:
        return self.pattern.sub(lambda m: self.replacements[m.group()], data) if self.pattern else data


_NAME_TAIL = 256
"""Bytes held back between two blocks, so that an identifier cut by a block boundary is
still found and replaced whole."""


class _Copier:
    """Copies the input to the output in order, skipping ranges; never goes back. With
    ``names``, the identifiers it holds are replaced in every byte copied, and ranges copied
    with ``learn`` (schema statements, comments) teach it new ones first."""

    BLOCK = 1 << 16

    def __init__(self, src, out, names: SqlNames | None = None):
        self.src = src
        self.out = out
        self.pos = 0
        self.names = names
        self.held = b""

    def _move(self, offset: int | None, keep: bool, learn: bool = False) -> None:
        if offset is not None and offset < self.pos:
            raise RuntimeError(f"dump writer went backwards ({offset} < {self.pos})")
        while offset is None or self.pos < offset:
            size = self.BLOCK if offset is None else min(self.BLOCK, offset - self.pos)
            block = self.src.read(size)
            if not block:
                if offset is not None:
                    raise RuntimeError("dump writer: input ended before the expected offset")
                break
            if keep:
                self._write_copied(block, learn)
            self.pos += len(block)
        if keep:
            self._write_copied(b"", learn, final=True)

    def _write_copied(self, block: bytes, learn: bool, final: bool = False) -> None:
        names = self.names
        if names is None or (names.pattern is None and not learn and not self.held):
            self.out.write(block)
            return
        data = self.held + block
        if learn:
            names.learn(data.decode("latin-1"))
        cut = len(data) if final else max(0, len(data) - _NAME_TAIL)
        while 0 < cut < len(data) and data[cut - 1:cut + 1].isdigit():  # never inside a number
            cut -= 1
        if names.pattern is not None and not final:
            for match in names.pattern.finditer(data, max(0, cut - _NAME_TAIL), cut + _NAME_TAIL):
                if match.start() < cut < match.end():
                    cut = match.end()
        self.out.write(names.replace(data[:cut]))
        self.held = data[cut:]

    def copy_to(self, offset: int | None, learn: bool = False) -> None:
        self._move(offset, True, learn)

    def skip_to(self, offset: int | None) -> None:
        self._move(offset, False)

    def write(self, data: bytes) -> None:
        self.out.write(data)


@dataclass
class _Statement:
    start: int
    word: bytes
    kept: int = 0
    dropped: int = 0
    first_open: int | None = None
    last_kept_end: int = 0
    drop_whole: bool = False
    drop_rest: bool = False


class _Unwritable(Exception):
    pass


class DumpWriter(Writer):
    dialect: Dialect

    def _parser(self, fp) -> _Parser:
        return _Parser(_Lexer(fp, self.dialect), self.options.encoding)

    def units(self) -> Iterator[Unit]:
        source = self.source
        self.names = SqlNames(self.options.rename) if self.options.rename else None
        self._learned: set[str] = set()
        self._src = open_binary(self.path)
        self.copier: _Copier | None = None
        self.statement: _Statement | None = None
        self.finished = False
        with open_binary(self.path) as fp:
            parser = self._parser(fp)
            for event in parser.parse():
                if isinstance(event, Start):
                    errors = []
                    if event.word not in SCHEMA_WORDS | DATA_WORDS | {b"\\", UTF8_BOM}:  # a BOM: its own problem
                        name = event.word.decode("ascii", "replace") or "unrecognised"
                        errors.append(ReadError(
                            source, event.line,
                            f"{name} statement not read as rows: left out of the output (it may hold data)",
                        ))
                    yield Unit(errors=errors, payload=event)
                elif isinstance(event, Placed) and isinstance(event.item, Row):
                    record, errors = self._record(event.item)
                    yield Unit(record, errors, payload=(event, parser.encoding))
                elif isinstance(event, Placed):
                    yield Unit(errors=[ReadError(source, event.item.line, event.item.message)], payload=event)
                elif isinstance(event, StatementProblem):
                    yield Unit(errors=[ReadError(source, event.problem.line, event.problem.message + "; statement left out")], payload=event)
                elif isinstance(event, Truncated):
                    errors = [] if event.problem is None else [
                        ReadError(source, event.problem.line, event.problem.message + "; rest of the dump left out")
                    ]
                    yield Unit(errors=errors, payload=event)
                elif isinstance(event, Problem):  # a block the parser skips (COPY ... CSV)
                    yield Unit(errors=[ReadError(source, event.line, event.message + "; left out")], payload=event)
                else:
                    yield Unit(payload=event)

    def _record(self, row: Row) -> tuple[Record, list[ReadError]]:
        errors: list[ReadError] = []
        fields: dict[str, str] = {}
        for column, value in zip(row.columns, row.values):
            if value.problem:
                errors.append(ReadError(self.source, row.line, f"{row.table.name}, column {column!r}: {value.problem}; row dropped"))
            if value.text is not None:
                fields[column] = value.text
        if len(set(row.columns)) != len(row.columns):
            errors.append(ReadError(self.source, row.line, f"{row.table.name}: a column is named twice; row dropped"))
        record = str(row.number)
        key = row.table.primary_key
        if key and all(column in fields for column in key):
            record = ",".join(fields[column] for column in key)
        return Record(source=self.source, table=row.table.name, record=record, fields=fields, line=row.line), errors

    # -- writing
    def emit(self, unit: Unit, changes: dict[str, str] | None) -> str | None:
        if self.copier is None:
            self.copier = _Copier(self._src, self.out, self.names)
        copier, event = self.copier, unit.payload
        statement = self.statement
        if isinstance(event, Start):
            copier.copy_to(event.offset, learn=True)  # comments and the statements before
            self.statement = _Statement(event.offset, event.word, drop_whole=bool(unit.errors))
        elif isinstance(event, End):
            assert statement is not None
            if statement.drop_whole or (statement.kept == 0 and (statement.dropped or statement.drop_rest)):
                copier.skip_to(event.offset)
            elif statement.drop_rest:
                copier.copy_to(statement.last_kept_end)
                copier.write(b";")
                copier.skip_to(event.offset)
            else:  # rows copied without learning: their values are not names
                copier.copy_to(event.offset, learn=statement.word not in DATA_WORDS)
            self.statement = None
        elif isinstance(event, tuple):  # a row: (Placed, encoding)
            placed, encoding = event
            assert statement is not None
            self._learn_names(placed.item)
            if changes is not None:
                try:
                    edits = self._edits(placed, changes, encoding)
                except _Unwritable as error:
                    self._drop(placed)
                    return str(error)
                self._keep(placed, edits)
            else:
                self._drop(placed)
        elif isinstance(event, Placed):  # a row problem
            self._drop(event)
        elif isinstance(event, StatementProblem):
            assert statement is not None
            statement.drop_rest = True
        elif isinstance(event, Truncated):
            if statement is not None and not statement.drop_whole:
                if statement.word in (b"INSERT", b"REPLACE") and statement.kept:
                    copier.copy_to(statement.last_kept_end)
                    copier.write(b";\n")
                elif event.copy_resume is not None:
                    copier.copy_to(event.copy_resume)
                    copier.write(_COPY_BLOCK_END + b"\n")
            copier.skip_to(None)
            self.statement = None
            self.finished = True
        elif isinstance(event, Problem):  # COPY block not read: the whole statement goes
            assert statement is not None
            statement.drop_whole = True
        return None

    def _learn_names(self, row: Row) -> None:
        """Teach the copier the identifiers in a row's table and column names before the
        statement that names them is copied."""
        if self.names is not None:
            for name in (row.table.name, *row.columns):
                if name not in self._learned:
                    self._learned.add(name)
                    self.names.learn(name)

    def _keep(self, placed: Placed, edits: list[tuple[int, int, bytes]]) -> None:
        copier, statement = self.copier, self.statement
        assert copier is not None and statement is not None
        if placed.copy_line is None:  # an INSERT tuple
            if statement.kept == 0 and statement.first_open is not None:
                copier.copy_to(statement.first_open)
                copier.skip_to(placed.start)
            if statement.first_open is None:
                statement.first_open = placed.start
            statement.kept += 1
            statement.last_kept_end = placed.end
        for start, end, data in edits:
            copier.copy_to(start)
            copier.write(data)
            copier.skip_to(end)
        self.written += 1

    def _drop(self, placed: Placed) -> None:
        copier, statement = self.copier, self.statement
        assert copier is not None and statement is not None
        if placed.copy_line is not None:
            copier.copy_to(placed.start)
            copier.skip_to(placed.end)
            return
        if statement.first_open is None:
            statement.first_open = placed.start
        if statement.kept:
            copier.copy_to(statement.last_kept_end)
            copier.skip_to(placed.end)
        statement.dropped += 1

    def _edits(self, placed: Placed, changes: dict[str, str], encoding: str) -> list[tuple[int, int, bytes]]:
        """(start, end, new bytes) for each changed value, or _Unwritable."""
        row = placed.item
        assert isinstance(row, Row)
        if not changes:
            return []
        index = {column: i for i, column in enumerate(row.columns)}
        if placed.copy_line is not None:
            cells = placed.copy_line.split(b"\t")
            if len(cells) != len(row.values):
                raise _Unwritable(f"{row.table.name}, line {row.line}: COPY row cannot be rewritten; row dropped")
            for column, text in changes.items():
                cell = escape_copy(text, encoding)
                if unescape_copy(cell).decode(encoding, errors="replace") != text:
                    raise _Unwritable(f"{row.table.name}, line {row.line}: column {column!r} cannot be re-escaped; row dropped")
                cells[index[column]] = cell
            return [(placed.start, placed.start + len(placed.copy_line), b"\t".join(cells))]
        edits = []
        for column, text in changes.items():
            value = row.values[index[column]]
            token = value.token
            if token is None or (token.kind == "number" and value.text != token.raw.decode("ascii", "replace")):
                raise _Unwritable(
                    f"{row.table.name}, line {row.line}: column {column!r} holds an expression that cannot be "
                    "replaced in place; row dropped"
                )
            edits.append((token.offset, token.offset + len(token.raw), self._literal(token, value.text, text, encoding, row, column)))
        return sorted(edits)

    def _literal(self, token: Token, old: str | None, text: str, encoding: str, row: Row, column: str) -> bytes:
        if token.kind == "number" and _NUMBER.fullmatch(text):
            return text.encode("ascii")
        if token.kind == "hex":
            data = text.encode("utf-8").hex().upper().encode("ascii")
            return (b"0x" + data) if token.raw[:2].lower() == b"0x" else (b"X'" + data + b"'")
        if token.kind not in ("string", "dstring", "estring", "dollar", "number"):
            raise _Unwritable(f"{row.table.name}, line {row.line}: column {column!r} ({token.kind}) cannot be rewritten; row dropped")
        data = self.dialect.decode_literal(token)
        if data is not None and old is not None and data.decode(encoding, errors="replace") != old:
            encoding = "utf-8"  # a ``_binary`` / charset-introduced string, read as UTF-8 text
        literal = self._quote(text, encoding)
        kind = "estring" if literal[:1] in (b"E", b"e") else "string"
        check = self.dialect.decode_literal(Token(kind, literal, 0, 0))
        if check is None or check.decode(encoding, errors="replace") != text:
            raise _Unwritable(f"{row.table.name}, line {row.line}: column {column!r} cannot be re-quoted; row dropped")
        return literal

    def _quote(self, text: str, encoding: str) -> bytes:  # pragma: no cover - per dialect
        raise NotImplementedError

    def close(self) -> None:
        if self.copier is None:
            self.copier = _Copier(self._src, self.out, self.names)
        if not self.finished:
            self.copier.copy_to(None)
        self._src.close()
        super().close()

    def abort(self) -> None:
        src = getattr(self, "_src", None)
        if src is not None:
            src.close()
        super().abort()


class MysqlDumpWriter(DumpWriter):
    dialect = mysql_dump.MYSQL

    def _quote(self, text: str, encoding: str) -> bytes:
        return mysql_dump.quote_string(text, encoding)


class PostgresDumpWriter(DumpWriter):
    dialect = postgres_dump.POSTGRES

    def _parser(self, fp) -> _Parser:
        keys = postgres_dump.primary_keys_in_tail(self.path)
        return _Parser(_Lexer(fp, self.dialect), self.options.encoding, keys)

    def _quote(self, text: str, encoding: str) -> bytes:
        if "\\" in text:  # valid whatever standard_conforming_strings says
            data = text.encode(encoding).replace(b"\\", b"\\\\").replace(b"'", b"''")
            return b"E'" + data + b"'"
        return postgres_dump.quote_string(text, encoding)
