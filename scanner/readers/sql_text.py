r"""Where each statement, row and comment of a SQL dump lies, and the text between rows.

``PositionedParser`` is the readers' ``DumpParser`` with positions in its output: where each
statement starts and ends (``Start``, ``End``), where each row lies (``Placed``: an INSERT
tuple or a COPY line), and statement-level problems. ``with_text_parts`` adds the text
that is not rows as ``TextPart``s, before the event that ends each: a statement's own text
(field ``text``: CREATE, views, function bodies, an INSERT's upsert clause...) and what lies
between statements (field ``comment``: comments, conditional comments), cut into pieces
(``sql_dump.read_pieces``). The reader scans them as records (table None, the line as
record id); the redaction writer rewrites them in place.

>>> import io
>>> from scanner.readers.mysql_dump import MYSQL
>>> data = b"-- patient Jean Dupont\nINSERT INTO t VALUES (1,'a') ON DUPLICATE KEY UPDATE b='x';\n"
>>> items = with_text_parts(PositionedParser(PositionedLexer(io.BytesIO(data), MYSQL)), io.BytesIO(data))
>>> [(p.field, p.line, p.view) for p in items if isinstance(p, TextPart)]
[('comment', 1, '-- patient Jean Dupont\n'), ('text', 2, ' ON DUPLICATE KEY UPDATE b=x;')]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from scanner.models import ReadError, Record
from scanner.readers.decoding import open_decoded, to_utf8
from scanner.readers.sources import open_again
from scanner.readers.sql_dump import (
    Dialect, DumpParser, Lexer, Piece, Problem, Row, SqlError, Table, Token, read_pieces, to_records,
)

class PositionedLexer(Lexer):
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
    line: int


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


class PositionedParser(DumpParser):
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
        yield End(self.lexer.position, self.lexer.line)
        return False

    def _on_truncated(self, problem: Problem) -> Truncated:
        return self._truncated(problem)

    def _on_problem(self, problem: Problem) -> StatementProblem:
        return StatementProblem(problem)

    def _on_truncated_skip(self) -> Iterator:
        yield self._truncated(None)

    def _truncated(self, problem: Problem | None) -> Truncated:
        lexer: PositionedLexer = self.lexer  # type: ignore[assignment]
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
        lexer: PositionedLexer = self.lexer  # type: ignore[assignment]
        if self._opener is not None:
            return Placed(item, self._opener.offset, lexer.position)
        if lexer.last_line is not None and lexer.last_line[1] == lexer.position:
            start, end, raw = lexer.last_line
            return Placed(item, start, end, raw)
        raise SqlError(line, "internal: row position unknown", None)


# ---------------------------------------------------------------- the text between rows

TEXT_LIMIT = 16 << 20
"""Longest statement or run of comments scanned as one text; a longer one is an error."""
_LONG_NUMBER = 6
_NUMBER_SEPARATORS = frozenset({".", "-", "/"})
_SEPARATORS_ONLY = b", \t\r\n;"
_TOO_SHORT = 2
"""Bytes too few to hold a value (the ``,`` or ``,\\n`` between rows): not even read."""
_SESSION_SETTING = re.compile(rb"\s*(?:SET\s|SELECT\s+pg_catalog\.set_config\s*\()", re.IGNORECASE)
"""PostgreSQL statements that set a run-time parameter (``SET client_encoding = 'UTF8'``,
pg_dump's ``SELECT pg_catalog.set_config('search_path', '', false)``): they hold no data,
and every pg_dump writes them, so they are not read as text parts."""


@dataclass(frozen=True)
class TextPart:
    """Text of the dump that is not rows: where it lies, its first line and its pieces;
    ``problem`` says why it could not be read (too long)."""

    start: int
    end: int
    field: str
    line: int
    pieces: list[Piece]
    data: bytes
    encoding: str
    problem: str | None = None

    @property
    def in_statement(self) -> bool:
        return self.field == "text"

    @property
    def view(self) -> str:
        """What the scanner reads: the pieces' texts (literals decoded), in order."""
        return "".join(piece.text for piece in self.pieces)


def can_hold_value(pieces: list[Piece]) -> bool:
    """Whether text can hold a value: a literal or comment with a letter or digit, or numbers
    of six digits or more in all, alone or apart only by spaces, dots, dashes or slashes
    (``01 47 20 00 00``; not ``varchar(80)``).

    >>> from scanner.readers.mysql_dump import MYSQL
    >>> [can_hold_value(read_pieces(t, MYSQL)) for t in (b"c varchar(80), d int(11)", b"x = 01 47 20 00 00", b"''")]
    [False, True, False]
    """
    digits = 0
    for piece in pieces:
        if piece.kind in ("literal", "comment") and any(c.isalnum() for c in piece.text):
            return True
        if piece.kind == "number":
            digits += sum(c.isdigit() for c in piece.text)
            if digits >= _LONG_NUMBER:
                return True
        elif not (piece.kind == "space" or piece.text in _NUMBER_SEPARATORS):
            digits = 0
    return False


class _TextCutter:
    def __init__(self, parser: PositionedParser, fp: BinaryIO) -> None:
        self.parser = parser
        self.fp = fp
        self.pos = 0
        self.read_to = 0  # where ``fp`` stands
        self.skip = False
        self.statement_line: int | None = None
        self.line = 1

    def _read(self, start: int, size: int) -> bytes:
        """``size`` bytes from ``start``, never before the last read: ``fp`` may be a pipe
        replayed or a UTF-16/32 file read as UTF-8, neither of which can seek."""
        if self.fp.seekable():
            self.fp.seek(start)
        else:
            while self.read_to < start and (skipped := self.fp.read(min(start - self.read_to, 1 << 16))):
                self.read_to += len(skipped)
        data = self.fp.read(size)
        self.read_to = start + len(data)
        return data

    def to(self, offset: int | None, after: int | None) -> Iterator[TextPart]:
        """The part from the last position to ``offset`` (None: the end), if it can hold a
        value; the position then moves to ``after`` (or ``offset``)."""
        start = self.pos
        self.pos = after if after is not None else (offset if offset is not None else start)
        if self.skip or (offset is not None and offset - start <= _TOO_SHORT):
            return
        field = "text" if self.statement_line is not None else "comment"
        line = self.statement_line or self.line
        encoding = self.parser.encoding
        data = self._read(start, TEXT_LIMIT + 1 if offset is None else min(offset - start, TEXT_LIMIT + 1))
        if len(data) > TEXT_LIMIT:
            what = "statement" if field == "text" else "text between statements"
            end = start if offset is None else offset
            yield TextPart(start, end, field, line, [], b"", encoding,
                           f"{what} longer than {TEXT_LIMIT >> 20} MB cannot be scanned")
            return
        if not data.strip(_SEPARATORS_ONLY):  # the commas between rows: nothing to read
            return
        if field == "text" and self.parser.dialect.name == "postgres" and _SESSION_SETTING.match(data):
            return
        pieces = read_pieces(data, self.parser.dialect, encoding, start)
        if not can_hold_value(pieces):
            return
        if field == "comment":
            first = next(p for p in pieces if p.kind != "space")
            line += data[: first.start - start].count(b"\n")
        yield TextPart(start, start + len(data), field, line, pieces, data, encoding)


def with_text_parts(
    parser: PositionedParser, fp: BinaryIO, left_out: Callable[[bytes], bool] = lambda word: False,
) -> Iterator[object]:
    """The parser's events, with a ``TextPart`` before the event that ends each stretch of
    text that is not rows; ``fp`` reads the same input (from the start). Statements whose
    first word ``left_out`` accepts, the rest of a statement after a problem and anything
    after a truncation give no part."""
    cutter = _TextCutter(parser, fp)
    for event in parser.parse():
        if isinstance(event, Start):
            yield from cutter.to(event.offset, None)
            cutter.statement_line, cutter.skip = event.line, left_out(event.word)
        elif isinstance(event, Placed):
            yield from cutter.to(event.start, event.end)
        elif isinstance(event, End):
            yield from cutter.to(event.offset, event.offset)
            cutter.skip, cutter.statement_line, cutter.line = False, None, event.line
        elif isinstance(event, (StatementProblem, Truncated, Problem)):
            cutter.skip = True
        yield event
    if not cutter.skip:  # else the dump was cut: nothing after the cut is read
        yield from cutter.to(None, None)


def open_second(path: Path, encoding: str | None = None) -> BinaryIO:
    """Another handle on ``path`` (decompressed, UTF-16/32 read as UTF-8 like
    ``open_decoded``), for the text parts; unlike ``open_binary`` it is not remembered as
    the current input."""
    return to_utf8(open_again(path), encoding)[0]


def read_dump_file(path: Path, dialect: Dialect, encoding: str | None = None,
                   keys: dict[str, list[str]] | None = None,
                   tables: Mapping[str, Table] | None = None) -> Iterator[Record | ReadError]:
    """``read_dump`` of the file at ``path`` in ``dialect``, UTF-16/32 read as UTF-8;
    ``keys`` are primary keys known beforehand (a pg_dump's constraints come last),
    ``tables`` those declared in the run's other files."""
    opened = open_decoded(path, encoding)
    if isinstance(opened, ReadError):
        yield opened
        return
    fp, decoded_as = opened
    with fp:
        yield from read_dump(path, fp, PositionedParser(PositionedLexer(fp, dialect), decoded_as, keys, tables), encoding)


def read_dump(path: Path, fp: BinaryIO, parser: PositionedParser,
              encoding: str | None = None) -> Iterator[Record | ReadError]:
    """Records of a dump's rows (``to_records``) and of its other text (table None, field
    ``text`` or ``comment``, the line as record id), in dump order; ``encoding`` is the one
    asked for (``--encoding``), to read a UTF-16/32 dump's text as its rows are."""
    source = str(path)
    with open_second(path, encoding) as text:
        for item in with_text_parts(parser, text):
            if isinstance(item, TextPart):
                if item.problem:
                    yield ReadError(source, item.line, item.problem)
                else:
                    yield Record(source=source, table=None, record=str(item.line),
                                 fields={item.field: item.view}, line=item.line)
            elif isinstance(item, Placed):
                yield from to_records(source, iter((item.item,)))
            elif isinstance(item, StatementProblem):
                yield from to_records(source, iter((item.problem,)))
            elif isinstance(item, Truncated) and item.problem is not None:
                yield from to_records(source, iter((item.problem,)))
            elif isinstance(item, Problem):
                yield from to_records(source, iter((item,)))
