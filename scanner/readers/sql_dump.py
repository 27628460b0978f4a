"""SQL dumps: a streaming tokenizer over byte chunks and a statement parser that yields rows.

Shared by ``mysql_dump`` and ``postgres_dump``, which supply the dialect (token rules and
how a literal is decoded). Nothing here holds more than one token, one row and one input
chunk in memory: a 50 MB single-line extended INSERT is read row by row.

The tokenizer works on bytes: values are decoded one by one with the dump's encoding, so
a bad byte is reported for its row and ``_binary`` data never goes through a text codec.
Every value keeps its ``Token`` (kind, raw bytes, line, absolute byte offset): a
same-format writer can copy the input and replace exactly the ``[offset, offset +
len(raw))`` ranges of the values it changes.

>>> import io
>>> from scanner.readers.mysql_dump import MYSQL
>>> lexer = Lexer(io.BytesIO(b"INSERT INTO `t` VALUES (1,'O\\\\'Brien'),(2,NULL);"), MYSQL)
>>> [(t.kind, t.raw) for t in iter(lexer.next_token, None)][:6]
[('word', b'INSERT'), ('word', b'INTO'), ('ident', b'`t`'), ('word', b'VALUES'), ('punct', b'('), ('number', b'1')]
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Generator, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import BinaryIO, NamedTuple

from scanner.masking import masked_excerpt
from scanner.models import ReadError, Record
from scanner.readers.sources import CHUNK_SIZE, binary_to_text, looks_binary
from scanner.readers.sql_types import BOOLEAN, CHOICE, ColumnType, DateBounds, check_bounds, column_type, range_bounds


class Token(NamedTuple):
    """One lexical token: ``kind``, its exact bytes, its first line and absolute byte offset."""

    kind: str
    raw: bytes
    line: int
    offset: int


def token_regex(skip: bytes, *alternatives: bytes) -> re.Pattern[bytes]:
    """One tokenizer regex: ``skip``, then the first alternative (named groups) that
    matches, else one punctuation byte, else the end.

    >>> token_regex(rb"\\s*", NUMBER_TOKEN).match(b"  42,").lastgroup
    'number'
    """
    body = b"|".join(alternatives)
    return re.compile(skip + b"(?:" + body + rb"|(?P<punct>.)|(?P<end>\Z))", re.S)


NUMBER_TOKEN = rb"(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)"

_MYSQL_ALTERNATIVES = (
    rb"(?P<string>'[^'\\]*(?:(?:\\.|'')[^'\\]*)*')",
    rb'(?P<dstring>"[^"\\]*(?:(?:\\.|"")[^"\\]*)*")',
    rb"(?P<ident>`[^`]*(?:``[^`]*)*`)",
    rb"(?P<hex>0x[0-9A-Fa-f]+\b|[xX]'[0-9A-Fa-f]*')",
    rb"(?P<bits>0b[01]+\b|[bB]'[01]*')",
    NUMBER_TOKEN,
    rb"(?P<word>(?![xXbB]')[A-Za-z_$@][A-Za-z0-9_$@]*)",
)
_POSTGRES_ALTERNATIVES = (
    rb"(?P<estring>[eE]'[^'\\]*(?:(?:\\.|'')[^'\\]*)*')",
    rb"(?P<ustring>[uU]&'[^']*(?:''[^']*)*')",
    rb"(?P<string>'[^']*(?:''[^']*)*')",
    rb'(?P<ident>"[^"]*(?:""[^"]*)*")',
    rb"(?P<dollar>\$(?P<tag>[A-Za-z_][A-Za-z0-9_]*|)\$.*?\$(?P=tag)\$)",
    rb"(?P<hex>[xX]'[0-9A-Fa-f]*')",
    rb"(?P<bits>[bB]'[01]*')",
    NUMBER_TOKEN,
    rb"(?P<word>(?![eExXbB]')[A-Za-z_][A-Za-z0-9_$]*)",
)
_MYSQL_PARTITION_COMMENT = rb"/\*!\d*(?=\s*PARTITION\s+BY\b)|\*/(?=\s*;)"
"""The ``/*!50100`` and ``*/`` around mysqldump's ``PARTITION BY`` clause: skipped, so the
clause is read as the end of its ``CREATE TABLE``."""
_MYSQL_COMMENT = rb"(?P<comment>--[^\n]*|#[^\n]*|/\*.*?(?:\*/|\Z))"
_POSTGRES_COMMENT = rb"(?P<comment>--[^\n]*|/\*.*?(?:\*/|\Z))"

MYSQL_TOKENS = token_regex(
    rb"(?:\s+|--[^\n]*(?:\n|\Z)|#[^\n]*(?:\n|\Z)|" + _MYSQL_PARTITION_COMMENT + rb"|/\*.*?(?:\*/|\Z))*",
    *_MYSQL_ALTERNATIVES,
)
POSTGRES_TOKENS = token_regex(
    rb"(?:\s+|--[^\n]*(?:\n|\Z)|/\*.*?(?:\*/|\Z))*", *_POSTGRES_ALTERNATIVES,
)
MYSQL_PIECES = token_regex(b"", rb"(?P<space>\s+)", _MYSQL_COMMENT, *_MYSQL_ALTERNATIVES)
"""Every byte of MySQL text as a token, comments and spaces included (for ``read_pieces``)."""
POSTGRES_PIECES = token_regex(b"", rb"(?P<space>\s+)", _POSTGRES_COMMENT, *_POSTGRES_ALTERNATIVES)
"""Every byte of PostgreSQL text as a token, comments and spaces included."""


@dataclass(frozen=True)
class Dialect:
    """What differs between SQL dialects: token rules, literal decoding, table naming."""

    name: str
    tokens: re.Pattern[bytes]
    openers: bytes
    decode_literal: Callable[[Token], bytes | None]
    table_name: Callable[[list[str]], str]
    copy: bool = False
    pieces: re.Pattern[bytes] | None = None
    """Tokens with comments and spaces, for ``read_pieces``."""


UTF8_BOM = b"\xef\xbb\xbf"


class Lexer:
    """Tokens (and, for COPY data, raw lines) from a binary stream, one chunk at a time.

    A UTF-8 byte order mark at the start of the stream is skipped; one anywhere else is a
    ``bom`` token, for the parser to report.
    """

    def __init__(self, fp: BinaryIO, dialect: Dialect, chunk_size: int = CHUNK_SIZE):
        self.fp = fp
        self.dialect = dialect
        self.chunk_size = chunk_size
        self.buf = b""
        self.pos = 0
        self.offset = 0  # absolute offset of buf[0]
        self.line = 1  # line at buf[pos]
        self.eof = False
        self._fill()
        if self.buf.startswith(UTF8_BOM):
            self.pos = len(UTF8_BOM)

    def _fill(self) -> bool:
        """Append input to the buffer (doubling reads when a token outgrows it)."""
        if self.eof:
            return False
        chunk = self.fp.read(max(self.chunk_size, len(self.buf) - self.pos))
        self.offset += self.pos
        self.buf = self.buf[self.pos:] + chunk
        self.pos = 0
        if not chunk:
            self.eof = True
        return bool(chunk)

    def next_token(self) -> Token | None:
        """The next token, a ``unterminated`` token for a literal cut by the end of input, or None."""
        pattern, openers = self.dialect.tokens, self.dialect.openers
        while True:
            match = pattern.match(self.buf, self.pos)
            assert match is not None  # the pattern always matches (punct / end)
            kind = match.lastgroup
            end = match.end()
            if not self.eof and (
                end >= len(self.buf) - 1 or (kind == "punct" and self.buf[end - 1] in openers)
            ):
                self._fill()
                continue
            start = match.start(kind)
            line = self.line + self.buf.count(b"\n", self.pos, start)
            if kind == "end":
                self.line = line
                self.pos = end
                return None
            if kind == "punct" and self.buf[start] in openers:
                kind, end = "unterminated", len(self.buf)
            elif kind == "punct" and self.buf.startswith(UTF8_BOM, start):
                kind, end = "bom", start + len(UTF8_BOM)
            raw = self.buf[start:end]
            self.line = line + raw.count(b"\n")
            self.pos = end
            return Token(kind, raw, line, self.offset + start)

    def read_line(self) -> tuple[bytes, int, bool] | None:
        """The rest of the current line (without its newline), its number and whether a newline
        ended it (False for a last line cut by the end of input); None at the end."""
        searched = self.pos
        while True:
            newline = self.buf.find(b"\n", searched)
            if newline >= 0:
                raw, line = self.buf[self.pos:newline], self.line
                self.pos, self.line = newline + 1, self.line + 1
                return raw.removesuffix(b"\r"), line, True
            searched = len(self.buf)
            before = self.pos
            if not self._fill():
                if self.pos >= len(self.buf):
                    return None
                raw, line = self.buf[self.pos:], self.line
                self.pos = len(self.buf)
                return raw.removesuffix(b"\r"), line, False
            searched -= before  # the buffer was shifted by the fill


# ---------------------------------------------------------------- every byte as pieces


LITERAL_KINDS = frozenset({"string", "dstring", "estring", "ustring", "dollar", "hex"})
"""Token kinds that hold a text value (``dstring`` is a string in MySQL only)."""
_CONDITIONAL = re.compile(rb"/\*M?!\d*")
_SPACE_KINDS = frozenset({"space", "comment"})
DUMP_TOOL_COMMENT = re.compile(
    rb"--[ \t]*(?:"
    rb"(?:Name|TOC entry [^:]*|Data for Name): [^\n]*; Type: [^\n]*; Schema: [^\n]*; Owner: [^\n]*"
    rb"|Dumped (?:from database|by pg_dump) version [^\n]*|PostgreSQL database (?:dump|cluster dump)(?: complete)?"
    rb"|(?:MySQL|MariaDB) dump(?: [0-9][^\n]*)?|Host: [^\n]*Database: [^\n]*|Server version\s[^\n]*"
    rb"|(?:Table structure|Dumping data|Temporary (?:view|table) structure|Final view structure) for [^\n]*"
    rb"|Dumping (?:routines|events) for database [^\n]*|Current Database: [^\n]*|Dump completed(?: on [^\n]*)?"
    rb"|(?:Started|Completed) on [^\n]*|TOC entry \d+ \(class \d+ OID \d+\)|Dependencies: [\d ]*"
    rb")[ \t\r]*"
)
"""Comment lines ``pg_dump`` and ``mysqldump`` write (object names, versions, the dump date):
read as syntax, not as text that may hold personal data.

>>> bool(DUMP_TOOL_COMMENT.fullmatch(b"-- Name: patients; Type: TABLE; Schema: public; Owner: cabinet"))
True
>>> bool(DUMP_TOOL_COMMENT.fullmatch(b"-- Name: Jean Dupont, 06 12 34 56 78"))
False
"""


def blank_dump_tool_comment(line: str) -> str:
    """``line`` with spaces instead of the comment when a dump tool wrote it (``DUMP_TOOL_COMMENT``),
    else as it is: what is read as syntax is not scanned as text either.

    >>> blank_dump_tool_comment("-- Dump completed on 2024-06-11 10:00:00\\n").isspace()
    True
    >>> blank_dump_tool_comment("-- rappel le 2024-06-11 au 06 12 34 56 78\\n")
    '-- rappel le 2024-06-11 au 06 12 34 56 78\\n'
    """
    body = line.rstrip("\n")
    if body.startswith("--") and DUMP_TOOL_COMMENT.fullmatch(body.encode("utf-8", errors="replace")):
        return " " * len(body) + line[len(body):]
    return line


class Piece(NamedTuple):
    """A stretch of SQL text and what the scanner reads in it.

    ``kind``: ``literal`` (``text`` is the decoded value; ``token`` says how it was quoted,
    ``concat`` for literals joined by ``||``, ``CONCAT(...)`` or adjacency), ``comment``
    (the comment as written), ``number``, ``space`` or ``syntax`` (keywords, names,
    punctuation, the ``/*!...`` and ``*/`` of a conditional comment). ``start``/``end``
    are byte offsets; ``in_comment``: inside a conditional comment.
    """

    kind: str
    start: int
    end: int
    text: str
    token: str = ""
    in_comment: bool = False


def _decode_piece(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding, errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")


def read_pieces(data: bytes, dialect: Dialect, encoding: str = "utf-8", base: int = 0,
                in_comment: bool = False) -> list[Piece]:
    r"""Every byte of ``data`` (SQL text: statements, comments) as pieces, in order.

    The content of a MySQL conditional comment (``/*!40000 ... */``, which the server
    executes) is read as SQL; literals joined by ``||``, ``CONCAT`` or adjacency are one
    ``concat`` literal whose text is the joined value.

    >>> from scanner.readers.mysql_dump import MYSQL
    >>> [(p.kind, p.text) for p in read_pieces(b"SET a='x' 'y'; -- n\n/*!1 DO 0x41 */", MYSQL)]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('syntax', 'SET'), ('space', ' '), ('syntax', 'a'), ('syntax', '='), ('literal', 'xy'),
     ('syntax', ';'), ('space', ' '), ('comment', '-- n'), ('space', '\n'), ('syntax', '/*!1'),
     ('space', ' '), ('syntax', 'DO'), ('space', ' '), ('literal', 'A'), ('space', ' '), ('syntax', '*/')]
    """
    pattern = dialect.pieces
    assert pattern is not None
    pieces: list[Piece] = []
    pos = 0
    while pos < len(data):
        match = pattern.match(data, pos)
        assert match is not None
        kind = match.lastgroup
        start, end = match.start(kind), match.end()
        raw = data[start:end]
        if kind == "end":
            break
        pos = end
        at = base + start
        conditional = _CONDITIONAL.match(raw) if kind == "comment" else None
        if conditional and raw.endswith(b"*/"):
            opener = conditional.end()
            pieces.append(Piece("syntax", at, at + opener, _decode_piece(raw[:opener], encoding), "", in_comment))
            pieces.extend(read_pieces(raw[opener:-2], dialect, encoding, at + opener, True))
            pieces.append(Piece("syntax", base + end - 2, base + end, "*/", "", in_comment))
            continue
        text = _decode_piece(raw, encoding)
        if kind == "comment" and DUMP_TOOL_COMMENT.fullmatch(raw):
            kind = "syntax"
        if kind in ("space", "comment", "number"):
            pieces.append(Piece(kind, at, base + end, text, kind, in_comment))
            continue
        if kind in LITERAL_KINDS and not (kind == "dstring" and dialect.name != "mysql"):
            value = dialect.decode_literal(Token(kind, raw, 0, 0))
            decoded = binary_to_text(value) if kind == "hex" and value is not None else (
                None if value is None else _decode_piece(value, encoding))
            if decoded is not None:
                pieces.append(Piece("literal", at, base + end, decoded, kind, in_comment))
                continue
        pieces.append(Piece("syntax", at, base + end, text, kind, in_comment))
    return join_literals(pieces)


def _next_solid(pieces: list[Piece], i: int) -> int:
    """The index of the first piece at or after ``i`` that is not a space or a comment."""
    while i < len(pieces) and pieces[i].kind in _SPACE_KINDS:
        i += 1
    return i


def _is_syntax(pieces: list[Piece], i: int, text: str) -> bool:
    return i < len(pieces) and pieces[i].kind == "syntax" and pieces[i].text.upper() == text


_CODE_STATEMENTS = frozenset({"CREATE", "ALTER"})
"""First words of statements that are code or schema: their literals are no data."""
_DOCUMENTING = frozenset({"COMMENT", "IS"})
"""Words before a literal that documents (``COMMENT 'text'``, ``COMMENT ON ... IS 'text'``)."""


def code_literals(pieces: list[Piece], one_statement: bool) -> set[int]:
    """Indices of the literals that are code or schema rather than data: those of a
    ``CREATE`` or ``ALTER`` statement (routine, trigger, event and view bodies, ``CHECK`` and
    ``DEFAULT`` clauses, event schedules, partition bounds), also in a conditional comment;
    not the text of a ``COMMENT`` clause, which documents like a comment. ``one_statement``:
    the pieces are one statement (a ``;`` in a routine's body does not end it); else
    statements end at a ``;`` outside conditional comments.

    >>> from scanner.readers.mysql_dump import MYSQL
    >>> sql = (b"CREATE TABLE v (d date DEFAULT '2020-01-01' CHECK (d >= '2020-01-01') COMMENT 'vu le 2020-02-02');"
    ...        b"/*!50106 CREATE*/ /*!50106 EVENT e ON SCHEDULE AT '2024-06-11' DO SELECT 1 */;"
    ...        b"INSERT INTO v VALUES ('2020-03-03');")
    >>> pieces = read_pieces(sql, MYSQL)
    >>> [pieces[i].text for i in sorted(code_literals(pieces, one_statement=False))]
    ['2020-01-01', '2020-01-01', '2024-06-11']
    >>> body = read_pieces(b"CREATE FUNCTION f() BEGIN DECLARE d DATE; RETURN '2024-06-11'; END", MYSQL)
    >>> [body[i].text for i in code_literals(body, one_statement=True)]
    ['2024-06-11']
    """
    code: set[int] = set()
    in_code: bool | None = None  # None: before the first word of a statement
    previous = ""
    for i, piece in enumerate(pieces):
        if piece.kind in _SPACE_KINDS:
            continue
        word = piece.text.upper() if piece.kind == "syntax" else ""
        if word.startswith("/*!") or word == "*/" or word == "=":
            continue
        if piece.kind == "syntax" and not word.strip(";") and not (one_statement or piece.in_comment):
            in_code = None
        elif in_code is None:
            in_code = word in _CODE_STATEMENTS
        elif in_code and piece.kind == "literal" and previous not in _DOCUMENTING:
            code.add(i)
        previous = word
    return code


def _concat_call(pieces: list[Piece], i: int) -> tuple[int, list[Piece]] | None:
    """``CONCAT('a', 'b')`` at ``i``: the index after its ``)`` and its literals; else None."""
    j = _next_solid(pieces, i + 1)
    if not _is_syntax(pieces, j, "("):
        return None
    parts = []
    while True:
        j = _next_solid(pieces, j + 1)
        if j >= len(pieces) or pieces[j].kind != "literal":
            return None
        parts.append(pieces[j])
        j = _next_solid(pieces, j + 1)
        if _is_syntax(pieces, j, ")"):
            return j + 1, parts
        if not _is_syntax(pieces, j, ","):
            return None


def join_literals(pieces: list[Piece]) -> list[Piece]:
    """Literals joined by ``||``, ``CONCAT(...)`` or adjacency made one ``concat`` literal."""
    joined: list[Piece] = []
    i = 0
    while i < len(pieces):
        first = i
        call = _concat_call(pieces, i) if _is_syntax(pieces, i, "CONCAT") else None
        if call is not None:
            i, parts = call
        elif pieces[i].kind == "literal":
            parts, i = [pieces[i]], i + 1
        else:
            joined.append(pieces[i])
            i += 1
            continue
        while True:  # 'a' 'b', 'a' || 'b'
            j = _next_solid(pieces, i)
            if _is_syntax(pieces, j, "|") and _is_syntax(pieces, j + 1, "|"):
                j = _next_solid(pieces, j + 2)
            elif j == i:
                break
            if j < len(pieces) and pieces[j].kind == "literal":
                parts.append(pieces[j])
                i = j + 1
            elif _is_syntax(pieces, j, "CONCAT") and (more := _concat_call(pieces, j)):
                i, extra = more
                parts.extend(extra)
            else:
                break
        if i == first + 1:
            joined.append(pieces[first])
        else:
            joined.append(Piece(
                "literal", pieces[first].start, pieces[i - 1].end, "".join(p.text for p in parts), "concat",
                pieces[first].in_comment,
            ))
    return joined


# ---------------------------------------------------------------- the statement parser


@dataclass
class Table:
    """What the dump told about a table so far."""

    name: str
    columns: list[str] | None = None
    primary_key: list[str] | None = None
    rows: int = 0
    binary_columns: set[str] = field(default_factory=set)
    """Columns declared BLOB, BINARY, VARBINARY or bytea: their values are bytes."""
    types: dict[str, ColumnType] = field(default_factory=dict)
    """Each column's declared type, from ``CREATE TABLE``."""
    checks: dict[str, DateBounds] = field(default_factory=dict)
    """Date bounds of its columns from ``CHECK`` constraints (``sql_types.check_bounds``)."""
    partition_key: str | None = None
    """The column of ``PARTITION BY RANGE (column)``."""
    partitions: dict[str, DateBounds | None] = field(default_factory=dict)
    """Its range partitions by name: their bounds, None for the ``DEFAULT`` one."""
    parent: Table | None = None
    """The partitioned table it is a partition of."""

    def date_ranges(self, column: str) -> list[DateBounds]:
        """The ranges of days ``column`` accepts, one of which holds each of its values: one
        range by its ``CHECK``s and partition bound, the gaps between the other partitions
        for a ``DEFAULT`` partition, the partitions themselves for a partitioned table
        without a default one; empty when any day is accepted.

        >>> import datetime
        >>> parent = Table("t", partition_key="d")
        >>> parent.partitions = {"t1": DateBounds(datetime.date(2020, 1, 1), datetime.date(2020, 1, 31)),
        ...                      "t0": None}
        >>> default = Table("t0", parent=parent)
        >>> [(r.first, r.last) for r in default.date_ranges("d")]
        [(None, datetime.date(2019, 12, 31)), (datetime.date(2020, 2, 1), None)]
        """
        check = self.checks.get(column)
        parent = self.parent
        if parent is None or parent.partition_key != column:
            ranges = self._own_partitions(column)
        elif self.name in parent.partitions and parent.partitions[self.name] is not None:
            ranges = [parent.partitions[self.name]]
        else:
            ranges = _gaps([b for n, b in parent.partitions.items() if n != self.name and b is not None])
        if check is None:
            return ranges
        return [r & check for r in ranges] if ranges else [check]

    def _own_partitions(self, column: str) -> list[DateBounds]:
        if self.partition_key != column or None in self.partitions.values():
            return []
        return [b for b in self.partitions.values() if b is not None]


@dataclass(frozen=True)
class Value:
    """One value of a row: its token (None for NULL and expressions) and its text."""

    token: Token | None
    text: str | None
    problem: str | None = None
    end: int | None = None
    """For literals joined into one value (``'a' 'b'``, ``'a' || 'b'``, ``CONCAT('a', 'b')``):
    the byte offset after the last one; ``token`` is then a ``concat`` token at the first."""


@dataclass(frozen=True)
class Row:
    """One row of an INSERT or a COPY block."""

    table: Table
    columns: list[str]
    values: list[Value]
    line: int
    number: int  # 1-based, per table, in dump order


@dataclass(frozen=True)
class Problem:
    """A part of the dump that could not be read."""

    line: int
    message: str


def _gaps(ranges: list[DateBounds]) -> list[DateBounds]:
    """The days outside all of ``ranges``, as ranges."""
    gaps: list[DateBounds] = []
    uncovered: datetime.date | None = None  # the first day not covered yet (None: all of them)
    for bound in sorted(ranges, key=lambda b: (b.first is not None, b.first or datetime.date.min)):
        if bound.first is not None and (uncovered is None or bound.first > uncovered):
            gaps.append(DateBounds(uncovered, bound.first - _DAY))
        if bound.last is None:
            return gaps
        uncovered = bound.last + _DAY if uncovered is None else max(uncovered, bound.last + _DAY)
    gaps.append(DateBounds(uncovered, None))
    return gaps


_DAY = datetime.timedelta(days=1)


class SqlError(Exception):
    """A statement of a dump that cannot be parsed, at ``line`` (``token``: where)."""

    def __init__(self, line: int, message: str, token: Token | None = None):
        super().__init__(message)
        self.line = line
        self.message = message
        self.token = token


class _Truncated(SqlError):
    pass


_ROW_LITERALS = frozenset({"string", "dstring", "estring", "ustring", "dollar", "hex", "bits"})
_CREATE_MODIFIERS = {b"TEMPORARY", b"TEMP", b"UNLOGGED", b"GLOBAL", b"LOCAL", b"OR", b"REPLACE"}
_CONSTRAINT_WORDS = {
    b"PRIMARY", b"KEY", b"INDEX", b"UNIQUE", b"CONSTRAINT", b"FOREIGN", b"FULLTEXT", b"SPATIAL",
    b"CHECK", b"EXCLUDE", b"LIKE", b"PERIOD",
}
_BINARY_TYPES = {
    b"BLOB", b"TINYBLOB", b"MEDIUMBLOB", b"LONGBLOB", b"BINARY", b"VARBINARY", b"BYTEA",
}
_PARTITION_TOKENS = 4096
"""Tokens of a ``CREATE TABLE`` tail read for its partitions (MySQL lists them all there)."""
_PARTITION_FUNCTIONS = {b"COLUMNS", b"YEAR", b"TO_DAYS", b"UNIX_TIMESTAMP", b"TO_SECONDS"}
_INSERT_MODIFIERS = {b"IGNORE", b"LOW_PRIORITY", b"DELAYED", b"HIGH_PRIORITY"}
_PG_ENCODINGS = {
    "UTF8": "utf-8", "UNICODE": "utf-8", "LATIN1": "latin-1", "WIN1252": "cp1252",
    "LATIN9": "iso8859-15", "SQL_ASCII": "utf-8",
}


def unquote_identifier(token: Token) -> str:
    """The name a word or quoted identifier token stands for."""
    raw = token.raw
    if token.kind == "ident" and len(raw) >= 2:
        quote = raw[:1]
        raw = raw[1:-1].replace(quote + quote, quote)
    return raw.decode("utf-8", errors="replace")


class DumpParser:
    """Statements of a dump as a stream of ``Row`` and ``Problem`` items.

    Reads ``CREATE TABLE`` (columns, primary key), ``ALTER TABLE ... PRIMARY KEY``,
    ``INSERT``/``REPLACE`` (with or without a column list, one or many rows; ``IGNORE``,
    ``DELAYED``, ``LOW_PRIORITY``, ``HIGH_PRIORITY``, a pg ``AS`` alias, ``OVERRIDING
    {SYSTEM|USER} VALUE``, ``ON CONFLICT``/``ON DUPLICATE KEY``/``RETURNING`` tails), pg ``COPY ...
    FROM stdin`` blocks and pg ``SET client_encoding``; every other statement is skipped
    token by token (so a ``;`` inside a string or a ``$$`` body never ends it early). After
    a mysql client ``DELIMITER ;;`` every statement runs to that delimiter (the ``;`` of a
    routine, trigger or event body do not end it) and is not read as rows.
    """

    def __init__(
        self, lexer: Lexer, encoding: str | None = None, primary_keys: dict[str, list[str]] | None = None,
        tables: Mapping[str, Table] | None = None,
    ):
        self.lexer = lexer
        self.dialect = lexer.dialect
        self.encoding = encoding or "utf-8"
        self.encoding_forced = encoding is not None
        self.tables: dict[str, Table] = {name: replace(table, rows=0) for name, table in (tables or {}).items()}
        """Tables so far, from ``tables`` (declared in other files of the run) and this dump."""
        self._known_keys = dict(primary_keys or {})
        self.user_types: dict[str, tuple[ColumnType, dict[str, DateBounds]]] = {}
        """pg domains and enum types: their column type and date bounds."""
        self._pushed: Token | None = None
        self.delimiter = b";"
        """What ends a statement: the mysql client's ``DELIMITER`` (``;;`` around routines)."""

    # -- token access
    def _next(self) -> Token | None:
        if self._pushed is not None:
            token, self._pushed = self._pushed, None
            return token
        return self.lexer.next_token()

    def _push(self, token: Token) -> None:
        self._pushed = token

    def _need(self, start: int, what: str) -> Token:
        token = self._next()
        if token is None or token.kind == "unterminated":
            cut = "" if token is None else " inside a quoted literal"
            raise _Truncated(
                start, f"unexpected end of file{cut} in the {what} statement starting on line {start} "
                       "(truncated dump?)",
            )
        return token

    def _table(self, parts: list[str]) -> Table:
        name = self.dialect.table_name(parts)
        table = self.tables.get(name)
        if table is None:
            table = self.tables[name] = Table(name, primary_key=self._known_keys.get(name))
        return table

    @staticmethod
    def _is(token: Token, punct: bytes) -> bool:
        return token.kind == "punct" and token.raw == punct

    @staticmethod
    def _word(token: Token) -> bytes:
        return token.raw.upper() if token.kind == "word" else b""

    # -- statements
    def parse(self) -> Iterator[Row | Problem]:
        """Rows and problems, in dump order; stops after a truncated statement.

        The ``_on_*`` hooks let a subclass (the redaction writer) mark statement
        boundaries and wrap problems without copying this loop.
        """
        while True:
            token = self._next()
            if token is None:
                return
            if self._is(token, b";") or (token.raw == self.delimiter and token.kind in ("punct", "word")):
                continue  # an empty statement, as after a trigger in a conditional comment: */ $$
            start = token.line
            word = self._word(token) or (UTF8_BOM if token.kind == "bom" else b"")
            yield from self._on_statement_start(token, word)
            try:
                if token.kind == "unterminated":
                    raise _Truncated(start, f"unexpected end of file inside a quoted literal starting on line {start}")
                if token.kind == "bom":
                    yield Problem(start, "a byte order mark (U+FEFF) in the middle of the dump (files joined?)")
                elif word == b"DELIMITER":
                    self._set_delimiter()
                elif self._is(token, b"\\"):
                    self.lexer.read_line()  # psql meta-command: one line
                elif self.delimiter != b";":
                    self._skip_to_delimiter(token, start, word.decode() or "SQL")
                elif word in (b"INSERT", b"REPLACE"):
                    yield from self._insert(start, word.decode())
                elif word == b"CREATE":
                    self._create(start)
                elif word == b"COPY" and self.dialect.copy:
                    yield from self._copy(start)
                elif word == b"ALTER":
                    self._alter(start)
                elif word == b"SET":
                    self._set(start)
                else:
                    self._skip_statement(start, word.decode() or "SQL")
            except _Truncated as error:
                yield self._on_truncated(Problem(error.line, error.message))
                return
            except SqlError as error:
                yield self._on_problem(Problem(error.line, error.message))
                if error.token is None or not self._is(error.token, b";"):
                    try:
                        self._skip_statement(start, word.decode() or "SQL")
                    except _Truncated:
                        yield from self._on_truncated_skip()
                        return
            if (yield from self._on_statement_end(start)):
                return

    def _on_statement_start(self, token: Token, word: bytes) -> Iterator:
        """Items to yield before a statement (none here)."""
        return iter(())

    def _on_statement_end(self, start: int) -> Generator[object, None, bool]:
        """Items to yield after a statement; return True to stop parsing."""
        return False
        yield  # a generator

    def _on_truncated(self, problem: Problem) -> object:
        """The item to yield for a statement cut by the end of the file."""
        return problem

    def _on_problem(self, problem: Problem) -> object:
        """The item to yield for a statement that could not be parsed."""
        return problem

    def _on_truncated_skip(self) -> Iterator:
        """Items to yield when skipping a bad statement hits the end of the file."""
        return iter(())

    def _skip_statement(self, start: int, what: str, keep: int = 64) -> list[Token]:
        """Consume up to the ``;`` that ends the statement; keep its first ``keep`` tokens."""
        kept: list[Token] = []
        while True:
            token = self._need(start, what)
            if self._is(token, b";"):
                return kept
            if len(kept) < keep:
                kept.append(token)

    def _set_delimiter(self) -> None:
        """Read the rest of a ``DELIMITER //`` line (a mysql client command, one line)."""
        item = self.lexer.read_line()
        words = item[0].split() if item is not None else []
        if words:
            self.delimiter = words[0]

    def _skip_to_delimiter(self, first: Token, start: int, what: str) -> None:
        """Consume a statement up to the custom delimiter in force (``END ;;``): the
        ``;`` inside a routine, trigger or event body do not end it."""
        tail, end = first.raw, first.offset + len(first.raw)
        while not tail.endswith(self.delimiter):
            token = self._need(start, what)
            adjacent = token.offset == end and token.kind in ("word", "punct", "number")
            tail = (tail[-len(self.delimiter):] if adjacent else b"") + token.raw
            end = token.offset + len(token.raw)

    def _name(self, start: int, what: str) -> list[str]:
        token = self._need(start, what)
        if token.kind not in ("word", "ident", "dstring"):
            raise SqlError(token.line, f"expected a table name in {what}, found {masked_excerpt(token.raw)}", token)
        parts = [unquote_identifier(token)]
        while True:
            token = self._need(start, what)
            if not self._is(token, b"."):
                self._push(token)
                return parts
            parts.append(unquote_identifier(self._need(start, what)))

    def _group(self, start: int, what: str) -> list[list[Token]]:
        """Items of a parenthesised list (the ``(`` already read), split on top-level commas."""
        items: list[list[Token]] = [[]]
        depth = 0
        while True:
            token = self._need(start, what)
            if token.kind == "punct" and token.raw in b"()," and len(token.raw) == 1:
                if token.raw == b"(":
                    depth += 1
                elif token.raw == b")":
                    if depth == 0:
                        return items if items[-1] else items[:-1]
                    depth -= 1
                elif depth == 0:
                    items.append([])
                    continue
            items[-1].append(token)

    def _create(self, start: int) -> None:
        token = self._need(start, "CREATE")
        while self._word(token) in _CREATE_MODIFIERS:
            token = self._need(start, "CREATE")
        if self._word(token) in (b"DOMAIN", b"TYPE"):
            self._user_type(self._name(start, "CREATE"), self._skip_statement(start, "CREATE"))
            return
        if self._word(token) != b"TABLE":
            self._push(token)
            self._skip_statement(start, "CREATE")
            return
        token = self._need(start, "CREATE TABLE")
        if self._word(token) == b"IF":
            self._need(start, "CREATE TABLE")
            self._need(start, "CREATE TABLE")
        else:
            self._push(token)
        table = self._table(self._name(start, "CREATE TABLE"))
        token = self._need(start, "CREATE TABLE")
        if self._word(token) == b"PARTITION":  # pg: CREATE TABLE t PARTITION OF parent ...
            self._need(start, "CREATE TABLE")
            self._attach(self._table(self._name(start, "CREATE TABLE")), table,
                         self._skip_statement(start, "CREATE TABLE"))
            return
        if not self._is(token, b"("):
            self._push(token)
            self._skip_statement(start, "CREATE TABLE")
            return
        columns: list[str] = []
        binary_columns: set[str] = set()
        primary_key: list[str] | None = None
        for item in self._group(start, "CREATE TABLE"):
            if not item:
                continue
            words = [self._word(t) for t in item]
            is_constraint = words[0] in _CONSTRAINT_WORDS
            key = self._primary_key_columns(item, words)
            if b"CHECK" in words:
                self._add_checks(table, item, None if is_constraint else unquote_identifier(item[0]))
            if not is_constraint:
                columns.append(unquote_identifier(item[0]))
                if len(words) > 1 and words[1] in _BINARY_TYPES:
                    binary_columns.add(columns[-1])
                table.types[columns[-1]] = self._column_type(table, columns[-1], item[1:])
                if b"PRIMARY" in words and primary_key is None:
                    primary_key = [columns[-1]]
            elif key:
                primary_key = key
        table.columns = columns
        table.binary_columns = binary_columns
        if primary_key:
            table.primary_key = primary_key
        self._partition_by(table, self._skip_statement(start, "CREATE TABLE", keep=_PARTITION_TOKENS))

    def _user_type(self, name: list[str], rest: list[Token]) -> None:
        """pg ``CREATE DOMAIN name [AS] type [CHECK (VALUE ...)]`` (its base type and date
        bounds) and ``CREATE TYPE name AS ENUM (...)`` (a choice: never rewritten)."""
        words = [self._word(t) for t in rest]
        if words[:1] == [b"AS"]:
            rest, words = rest[1:], words[1:]
        if words[:1] == [b"ENUM"]:
            self.user_types[self.dialect.table_name(name)] = (ColumnType(CHOICE), {})
        elif rest and b"(" not in words[:1]:
            self.user_types[self.dialect.table_name(name)] = (column_type(rest), check_bounds(rest))

    def _column_type(self, table: Table, column: str, declared: list[Token]) -> ColumnType:
        """``column_type``, a domain's base type or an enum type's choice (with the domain's
        date bounds added to the table's checks); an array of an enum is a choice too."""
        name = self._name_at(declared, 0)
        known = self.user_types.get(self.dialect.table_name(name)) if name else None
        if known is None:
            return column_type(declared)
        kind, bounds = known
        for bound in bounds.values():  # CHECK (VALUE ...): the column's
            table.checks[column] = table.checks[column] & bound if column in table.checks else bound
        return kind

    @staticmethod
    def _add_checks(table: Table, tokens: list[Token], column: str | None) -> None:
        """The date bounds of a ``CHECK (...)`` on ``table`` (of ``column``'s, where the check
        names no column: a column constraint, or a domain's ``VALUE``)."""
        for name, bounds in check_bounds(tokens).items():
            if column is not None and name.upper() == "VALUE":
                name = column
            table.checks[name] = table.checks[name] & bounds if name in table.checks else bounds

    def _partition_by(self, table: Table, tail: list[Token]) -> None:
        """``PARTITION BY RANGE (column)`` (pg), or MySQL's ``PARTITION BY RANGE [COLUMNS]
        (column or YEAR(column), TO_DAYS(column)) (PARTITION p VALUES LESS THAN (...), ...)``:
        the partitioning column and, for MySQL, the range of all partitions together."""
        words = [self._word(t) for t in tail]
        by_year = False
        for i in range(len(words) - 3):
            if words[i:i + 3] == [b"PARTITION", b"BY", b"RANGE"]:
                by_year = b"YEAR" in words[i + 3:i + 9]
                names = [t for t in tail[i + 3:i + 9] if t.kind in ("word", "ident")
                         and self._word(t) not in _PARTITION_FUNCTIONS]
                if names:
                    table.partition_key = unquote_identifier(names[0])
                break
        less_than = [i for i in range(len(words) - 2) if words[i:i + 3] == [b"VALUES", b"LESS", b"THAN"]]
        if table.partition_key and less_than:
            last = self._parenthesised(tail, less_than[-1] + 3)
            if not any(self._word(t) == b"MAXVALUE" for t in last):
                table.partitions[table.name] = range_bounds([], last, by_year)

    def _parenthesised(self, tokens: list[Token], at: int) -> list[Token]:
        """The tokens inside the parentheses opening at ``tokens[at]``."""
        inside, depth = [], 0
        for token in tokens[at:]:
            if self._is(token, b"("):
                depth += 1
                if depth == 1:
                    continue
            elif self._is(token, b")"):
                depth -= 1
                if depth == 0:
                    break
            inside.append(token)
        return inside

    def _attach(self, parent: Table, child: Table, clause: list[Token]) -> None:
        """A partition's bound: ``FOR VALUES FROM (...) TO (...)`` or ``DEFAULT`` (from
        ``CREATE TABLE child PARTITION OF parent`` or ``ALTER TABLE parent ATTACH PARTITION
        child``); a child created by ``PARTITION OF`` gets its parent's columns and types."""
        child.parent = parent
        if child.columns is None and parent.columns is not None:
            child.columns = list(parent.columns)
            child.types, child.binary_columns = dict(parent.types), set(parent.binary_columns)
        child.checks = {**parent.checks, **child.checks}
        words = [self._word(t) for t in clause]
        if b"DEFAULT" in words:
            parent.partitions[child.name] = None
        elif b"FROM" in words and b"TO" in words:
            low = self._parenthesised(clause, words.index(b"FROM") + 1)
            high = self._parenthesised(clause, words.index(b"TO") + 1)
            parent.partitions[child.name] = range_bounds(
                [] if any(self._word(t) == b"MINVALUE" for t in low) else low,
                [] if any(self._word(t) == b"MAXVALUE" for t in high) else high,
            )

    @staticmethod
    def _primary_key_columns(item: list[Token], words: list[bytes]) -> list[str] | None:
        """Column names of ``PRIMARY KEY (a, b)`` in a table element, if any."""
        for i in range(len(words) - 2):
            if words[i] == b"PRIMARY" and words[i + 1] == b"KEY":
                names, depth = [], 0
                for token in item[i + 2:]:
                    if token.kind == "punct" and token.raw == b"(":
                        depth += 1
                    elif token.kind == "punct" and token.raw == b")":
                        depth -= 1
                        if depth == 0:
                            break
                    elif depth == 1 and token.kind in ("word", "ident"):
                        names.append(unquote_identifier(token))
                return names or None
        return None

    def _alter(self, start: int) -> None:
        tokens = self._skip_statement(start, "ALTER")
        words = [self._word(t) for t in tokens]
        if not words or words[0] != b"TABLE" or not {b"PRIMARY", b"CHECK", b"ATTACH"} & set(words):
            return
        i = 1
        while i < len(words) and words[i] in (b"ONLY", b"IF", b"EXISTS"):
            i += 1
        parts = []
        while i < len(tokens) and tokens[i].kind in ("word", "ident"):
            parts.append(unquote_identifier(tokens[i]))
            if i + 1 < len(tokens) and self._is(tokens[i + 1], b"."):
                i += 2
            else:
                i += 1
                break
        if not parts:
            return
        table = self._table(parts)
        if b"CHECK" in words:
            self._add_checks(table, tokens[words.index(b"CHECK"):], None)
        elif b"ATTACH" in words and words[i:i + 2] == [b"ATTACH", b"PARTITION"]:
            child = self._name_at(tokens, i + 2)
            if child:
                self._attach(table, self._table(child), tokens[i + 2:])
        elif key := self._primary_key_columns(tokens, words):
            table.primary_key = key

    @staticmethod
    def _name_at(tokens: list[Token], i: int) -> list[str]:
        """The (dotted) name starting at ``tokens[i]``."""
        parts: list[str] = []
        while i < len(tokens) and tokens[i].kind in ("word", "ident"):
            parts.append(unquote_identifier(tokens[i]))
            if i + 1 < len(tokens) and tokens[i + 1].kind == "punct" and tokens[i + 1].raw == b".":
                i += 2
            else:
                break
        return parts

    def _set(self, start: int) -> None:
        tokens = self._skip_statement(start, "SET")
        if (
            not self.encoding_forced and len(tokens) >= 3
            and self._word(tokens[0]) == b"CLIENT_ENCODING" and tokens[-1].kind == "string"
        ):
            name = tokens[-1].raw[1:-1].decode("ascii", errors="replace").upper()
            self.encoding = _PG_ENCODINGS.get(name, self.encoding)

    def _insert(self, start: int, what: str) -> Iterator[Row | Problem]:
        token = self._need(start, what)
        while self._word(token) in _INSERT_MODIFIERS:
            token = self._need(start, what)
        if self._word(token) != b"INTO":
            self._push(token)
        table = self._table(self._name(start, what))
        token = self._need(start, what)
        if self._word(token) == b"AS":  # pg: INSERT INTO t AS alias
            self._need(start, what)
            token = self._need(start, what)
        columns = table.columns
        if self._is(token, b"("):
            columns = [unquote_identifier(item[0]) for item in self._group(start, what) if item]
            token = self._need(start, what)
        if self._word(token) == b"OVERRIDING":  # pg: OVERRIDING {SYSTEM|USER} VALUE
            self._need(start, what)
            self._need(start, what)
            token = self._need(start, what)
        if self._word(token) == b"DEFAULT":  # DEFAULT VALUES: a row without data
            self._skip_statement(start, what)
            return
        if self._word(token) not in (b"VALUES", b"VALUE"):
            raise SqlError(
                token.line, f"{what} into {table.name} without VALUES (INSERT ... SELECT/SET) is not read", token,
            )
        while True:
            token = self._need(start, what)
            if not self._is(token, b"("):
                raise SqlError(token.line, f"expected '(' to start a row of {table.name}, found {masked_excerpt(token.raw)}", token)
            yield self._row(start, what, table, columns, token.line)
            token = self._need(start, what)
            if self._is(token, b","):
                continue
            if self._is(token, b";"):
                return
            if self._word(token) in (b"ON", b"RETURNING", b"AS"):  # AS: mysql's row alias
                self._skip_statement(start, what)
                return
            raise SqlError(token.line, f"expected ',' or ';' after a row of {table.name}, found {masked_excerpt(token.raw)}", token)

    def _row(self, start: int, what: str, table: Table, columns: list[str] | None, line: int) -> Row | Problem:
        values: list[Value] = []
        while True:
            values.append(self._value(start, what))
            token = self._need(start, what)
            if self._is(token, b")"):
                break
            if not self._is(token, b","):
                raise SqlError(token.line, f"expected ',' or ')' in a row of {table.name}, found {masked_excerpt(token.raw)}", token)
        return self._make_row(table, columns, values, line)

    def _make_row(self, table: Table, columns: list[str] | None, values: list[Value], line: int) -> Row | Problem:
        table.rows += 1
        if columns is None:
            columns = [f"column_{i}" for i in range(1, len(values) + 1)]
        if len(columns) != len(values):
            return Problem(
                line, f"row {table.rows} of {table.name} has {len(values)} values for {len(columns)} columns; row skipped",
            )
        if table.binary_columns:
            values = [
                Value(value.token, None) if value.problem and column in table.binary_columns else value
                for column, value in zip(columns, values)
            ]
        return Row(table, columns, values, line, table.rows)

    def _value(self, start: int, what: str) -> Value:
        token = self._need(start, what)
        if token.kind == "punct" and token.raw in (b"-", b"+"):
            number = self._need(start, what)
            value = Value(number, (token.raw + number.raw).decode("ascii", errors="replace"))
        elif token.kind == "number":
            value = Value(token, token.raw.decode("ascii"))
        elif token.kind in _ROW_LITERALS:
            value = self._literal(token)
        elif token.kind == "word" and token.raw.upper() in (b"NULL", b"DEFAULT"):
            value = Value(None, None)
        elif token.kind == "word" and token.raw.upper() in (b"TRUE", b"FALSE"):
            value = Value(token, token.raw.decode("ascii").lower())
        elif token.kind == "word":
            after = self._need(start, what)
            word = token.raw.upper()
            if word.startswith(b"_") and after.kind in ("string", "dstring", "hex"):
                value = self._literal(after, binary=word == b"_BINARY")  # charset introducer
            elif word == b"N" and after.kind == "string":
                value = self._literal(after)
            else:  # a function call or other expression
                value, delimiter = self._expression(start, what, [token, after])
                self._push(delimiter)
                return value
        elif self._is(token, b"("):
            value, delimiter = self._expression(start, what, [token])
            self._push(delimiter)
            return value
        else:
            raise SqlError(token.line, f"unexpected {masked_excerpt(token.raw)} in a row", token)
        following = self._need(start, what)
        if value.token is not None and value.token.kind in _ROW_LITERALS and (
            following.kind in _ROW_LITERALS or self._is(following, b"|")
        ):
            value, following = self._joined(start, what, value, following)
        if not (self._is(following, b",") or self._is(following, b")")):
            # casts (::date), COLLATE and the like: keep the literal, skip the rest
            _, following = self._expression(start, what, [following])
        self._push(following)
        return value

    def _joined(self, start: int, what: str, value: Value, following: Token) -> tuple[Value, Token]:
        """A literal followed by adjacent or ``||``-joined literals, as one value, and the
        token after it; an expression (``'a' || nom``) when a part is not a literal."""
        first = last = value.token
        assert first is not None
        texts = [value.text or ""]
        while True:
            if self._is(following, b"|"):
                second = self._need(start, what)
                part = self._need(start, what) if self._is(second, b"|") else second
                if part is second or part.kind not in _ROW_LITERALS:
                    rest, following = self._expression(start, what, [following, second] if part is second else [part])
                    return Value(None, " ".join(texts + ([rest.text] if rest.text else []))), following
            elif following.kind in _ROW_LITERALS:
                part = following
            else:
                break
            texts.append(self._literal(part).text or "")
            last = part
            following = self._need(start, what)
        if last is first:
            return value, following
        token = Token("concat", b"", first.line, first.offset)
        return Value(token, "".join(texts), end=last.offset + len(last.raw)), following

    def _expression(self, start: int, what: str, tokens: list[Token]) -> tuple[Value, Token]:
        """Consume an expression up to a top-level ``,`` or ``)``: a value for its string
        literals (joined when it is ``CONCAT`` of literals, else their texts with spaces),
        and that delimiter."""
        depth = 0
        texts: list[str] = []
        pending = list(tokens)
        seen: list[Token] = []
        while True:
            token = pending.pop(0) if pending else self._need(start, what)
            if token.kind == "punct" and token.raw == b"(":
                depth += 1
            elif token.kind == "punct" and token.raw == b")":
                if depth == 0:
                    break
                depth -= 1
            elif token.kind == "punct" and token.raw == b"," and depth == 0:
                break
            elif token.kind in _ROW_LITERALS:
                text = self._literal(token).text
                if text:
                    texts.append(text)
            if len(seen) < 256:
                seen.append(token)
        if self._is_concat_call(seen):
            return Value(Token("concat", b"", seen[0].line, seen[0].offset), "".join(texts), end=seen[-1].offset + 1), token
        return Value(None, " ".join(texts) if texts else None), token

    def _is_concat_call(self, tokens: list[Token]) -> bool:
        """``CONCAT ( literal , literal ... )`` and nothing else."""
        if len(tokens) < 4 or self._word(tokens[0]) != b"CONCAT" or not self._is(tokens[1], b"("):
            return False
        inner = tokens[2:-1]
        return self._is(tokens[-1], b")") and all(
            (t.kind in _ROW_LITERALS and t.kind != "bits") if i % 2 == 0 else self._is(t, b",")
            for i, t in enumerate(inner)
        ) and len(inner) % 2 == 1

    def _literal(self, token: Token, binary: bool = False) -> Value:
        data = self.dialect.decode_literal(token)
        if token.kind in ("hex", "bits"):
            return Value(token, binary_to_text(data) if data is not None else None)
        if data is None:
            return Value(token, None)
        if binary:
            return Value(token, binary_to_text(data))
        try:
            return Value(token, data.decode(self.encoding))
        except UnicodeDecodeError as error:
            if looks_binary(data[:4096]):  # an image, a file: bytes copied as they are, not text
                return Value(token, None)
            return Value(
                token, data.decode(self.encoding, errors="replace"),
                f"cannot decode byte 0x{data[error.start]:02x} as {self.encoding}, replaced by U+FFFD",
            )
        except LookupError:
            return Value(token, data.decode("utf-8", errors="replace"), f"unknown encoding {self.encoding!r}")

    # -- COPY (PostgreSQL)
    def _copy(self, start: int) -> Iterator[Row | Problem]:
        table = self._table(self._name(start, "COPY"))
        token = self._need(start, "COPY")
        columns = table.columns
        if self._is(token, b"("):
            columns = [unquote_identifier(item[0]) for item in self._group(start, "COPY") if item]
        else:
            self._push(token)
        words = {self._word(t) for t in self._skip_statement(start, "COPY")}
        if b"STDIN" not in words:
            return
        self.lexer.read_line()  # the end of the COPY line
        unsupported = words & {b"CSV", b"BINARY"}
        if unsupported:
            yield Problem(start, f"COPY ... {b', '.join(unsupported).decode()} data is not supported; block skipped")
        while True:
            item = self.lexer.read_line()
            if item is None:
                raise _Truncated(
                    start, f"unexpected end of file in the COPY data of {table.name} starting on line {start} "
                           "(no \\. terminator: truncated dump?)",
                )
            raw, line, terminated = item
            if raw == b"\\.":
                return
            if not terminated:
                raise _Truncated(
                    start, f"unexpected end of file in the COPY data of {table.name} starting on line {start}: "
                           f"line {line} is cut (truncated dump?)",
                )
            if unsupported:
                continue
            values = [self._copy_value(cell) for cell in raw.split(b"\t")]
            yield self._make_row(table, columns, values, line)

    def _copy_value(self, cell: bytes) -> Value:
        if cell == b"\\N":
            return Value(None, None)
        data = unescape_copy(cell) if b"\\" in cell else cell
        try:
            return Value(None, data.decode(self.encoding))
        except UnicodeDecodeError as error:
            return Value(
                None, data.decode(self.encoding, errors="replace"),
                f"cannot decode byte 0x{data[error.start]:02x} as {self.encoding}, replaced by U+FFFD",
            )


_COPY_ESCAPE = re.compile(rb"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]{1,2})|(.))", re.S)
_COPY_LETTERS = {b"b": b"\b", b"f": b"\f", b"n": b"\n", b"r": b"\r", b"t": b"\t", b"v": b"\v"}


def _copy_replace(match: re.Match[bytes]) -> bytes:
    octal, hexa, char = match.groups()
    if octal:
        return bytes([int(octal, 8) & 0xFF])
    if hexa:
        return bytes([int(hexa, 16)])
    return _COPY_LETTERS.get(char, char)


def unescape_copy(cell: bytes) -> bytes:
    r"""A COPY text-format cell without its backslash escapes.

    >>> unescape_copy(rb"O'Brien\tn\351e\\x\nfin\x41")
    b"O'Brien\tn\xe9e\\x\nfinA"
    """
    return _COPY_ESCAPE.sub(_copy_replace, cell)


def escape_copy(text: str, encoding: str = "utf-8") -> bytes:
    r"""A value as a COPY text-format cell (the inverse of ``unescape_copy``, for writers).

    >>> escape_copy("a\tb\\c\nd")
    b'a\\tb\\\\c\\nd'
    """
    data = text.encode(encoding)
    for plain, escaped in ((b"\\", b"\\\\"), (b"\t", b"\\t"), (b"\n", b"\\n"), (b"\r", b"\\r")):
        data = data.replace(plain, escaped)
    return data


def _never_personal(table: Table, column: str) -> bool:
    declared = table.types.get(column)
    return declared is not None and declared.kind in (BOOLEAN, CHOICE)


def declared_tables(fp: BinaryIO, dialect: Dialect, encoding: str | None = None) -> dict[str, Table]:
    """The tables a dump declares (columns, types, keys, checks, partitions), its rows read
    and left: the schema that the rows of another file of the same run follow.

    >>> import io
    >>> from scanner.readers.postgres_dump import POSTGRES
    >>> tables = declared_tables(io.BytesIO(b"CREATE TABLE public.t (nom varchar(9), n int);"), POSTGRES)
    >>> tables["t"].columns, tables["t"].types["n"].kind
    (['nom', 'n'], 'number')
    """
    parser = DumpParser(Lexer(fp, dialect), encoding)
    for _ in parser.parse():
        pass
    return parser.tables


def to_records(source: str, items: Iterator[Row | Problem]) -> Iterator[Record | ReadError]:
    """Records (primary key when known, else the row number) and ReadErrors of a dump;
    values of boolean and ``ENUM``/``SET`` columns are left out of them: they are never a
    name or a phone number (and redaction never rewrites them). Text in a BLOB is kept:
    redaction rewrites it, so scan reports it."""
    for item in items:
        if isinstance(item, Problem):
            yield ReadError(source, item.line, item.message)
            continue
        fields: dict[str, str] = {}
        table = item.table
        for column, value in zip(item.columns, item.values):
            if value.problem:
                yield ReadError(source, item.line, f"{table.name}, column {column!r}: {value.problem}")
            if value.text is not None and not _never_personal(table, column):
                fields[column] = value.text
        record = str(item.number)
        key = item.table.primary_key
        if key and all(column in fields for column in key):
            record = ",".join(fields[column] for column in key)
        yield Record(source=source, table=item.table.name, record=record, fields=fields, line=item.line)
