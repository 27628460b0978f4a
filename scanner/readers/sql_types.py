"""Column types declared in a dump's ``CREATE TABLE``: what values a column accepts.

Redaction reads them so that a value is replaced only by one its column accepts: a
surrogate fits ``varchar(n)``/``char(n)``, and numeric, boolean and ``ENUM``/``SET`` columns
are never rewritten as names or phone numbers (``redact.typed_columns``). Binary columns
(``blob``, ``bytea``) are ``other``: the text a BLOB holds (a report saved as bytes) is
redacted like any text, so nothing personal stays in it.

>>> from scanner.readers.sql_dump import Lexer
>>> from scanner.readers.mysql_dump import MYSQL
>>> import io
>>> tokens = list(iter(Lexer(io.BytesIO(b"varchar(15) NOT NULL"), MYSQL).next_token, None))
>>> column_type(tokens)
ColumnType(kind='text', length=15)
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scanner.readers.sql_dump import Token

NUMBER, BOOLEAN, CHOICE, TEXT, OTHER = "number", "boolean", "choice", "text", "other"

_KIND_OF_TYPE = {
    **dict.fromkeys(
        b"TINYINT SMALLINT MEDIUMINT INT INTEGER BIGINT INT2 INT4 INT8 SERIAL SMALLSERIAL BIGSERIAL SERIAL2 "
        b"SERIAL4 SERIAL8 REAL FLOAT FLOAT4 FLOAT8 DOUBLE NUMERIC DECIMAL DEC FIXED MONEY YEAR".split(),
        NUMBER,
    ),
    **dict.fromkeys(b"BOOL BOOLEAN BIT".split(), BOOLEAN),
    **dict.fromkeys(b"ENUM SET".split(), CHOICE),
    **dict.fromkeys(b"VARCHAR CHAR CHARACTER NCHAR NVARCHAR VARCHAR2 NVARCHAR2 NATIONAL".split(), TEXT),
}
"""The first word of a type, as MySQL, MariaDB, PostgreSQL and SQLite write it."""


@dataclass(frozen=True)
class ColumnType:
    """What a column accepts: its ``kind`` and, for ``varchar(n)``/``char(n)``, ``length``."""

    kind: str
    length: int | None = None

    @property
    def holds_text(self) -> bool:
        """Whether a name, a phone number or an address may be written in the column."""
        return self.kind in (TEXT, OTHER)


def type_kind(declared: str) -> str:
    """The kind of a type as a server's catalog names it (``format_type``, ``COLUMN_TYPE``):
    by its first word, as ``column_type`` reads a dump's.

    >>> type_kind("enum('F','M')"), type_kind("boolean"), type_kind("character varying(60)"), type_kind("bytea")
    ('choice', 'boolean', 'text', 'other')
    """
    first = re.match(r"[A-Za-z]\w*", declared.strip())
    return _KIND_OF_TYPE.get(first[0].upper().encode(), OTHER) if first else OTHER


def column_type(tokens: Sequence[Token]) -> ColumnType:
    """The type of a column from the tokens after its name in ``CREATE TABLE``.

    >>> from scanner.readers.sql_dump import Token
    >>> words = lambda *raw: [Token("punct" if r in (b"(", b")") else "number" if r.isdigit() else "word", r, 1, 0)
    ...                       for r in raw]
    >>> column_type(words(b"character", b"varying", b"(", b"40", b")")), column_type(words(b"real"))
    (ColumnType(kind='text', length=40), ColumnType(kind='number', length=None))
    >>> column_type(words(b"text")), column_type(words(b"public", b"mpaa_rating"))
    (ColumnType(kind='other', length=None), ColumnType(kind='other', length=None))
    """
    if not tokens or tokens[0].kind != "word":
        return ColumnType(OTHER)
    kind = _KIND_OF_TYPE.get(tokens[0].raw.upper(), OTHER)
    if kind != TEXT:
        return ColumnType(kind)
    for i, token in enumerate(tokens):
        if token.kind == "punct" and token.raw == b"(":
            size, after = tokens[i + 1:i + 2], tokens[i + 3:i + 4]
            if after and _is_array(after[0]):
                return ColumnType(OTHER)
            return ColumnType(TEXT, int(size[0].raw) if size and size[0].raw.isdigit() else None)
        if _is_array(token):
            return ColumnType(OTHER)
        if token.kind != "word":
            break
    return ColumnType(TEXT, 1 if tokens[0].raw.upper() in (b"CHAR", b"NCHAR") else None)


def _is_array(token: Token) -> bool:
    """``[`` or ``ARRAY`` after a type: a PostgreSQL array, whose length applies to each element."""
    return (token.kind == "punct" and token.raw == b"[") or (token.kind == "word" and token.raw.upper() == b"ARRAY")


@dataclass(frozen=True)
class DateBounds:
    """The first and last day a date column accepts (None: open), from a range partition
    or a ``CHECK`` constraint; a value at an exclusive bound or with a time of day on an
    inclusive one is counted out, so a day inside is always accepted whatever its time."""

    first: datetime.date | None = None
    last: datetime.date | None = None

    def __contains__(self, day: datetime.date) -> bool:
        return (self.first is None or day >= self.first) and (self.last is None or day <= self.last)

    def __and__(self, other: DateBounds) -> DateBounds:
        firsts = [d for d in (self.first, other.first) if d is not None]
        lasts = [d for d in (self.last, other.last) if d is not None]
        return DateBounds(max(firsts) if firsts else None, min(lasts) if lasts else None)


_DAY = datetime.timedelta(days=1)
_ISO_BOUND = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?")
_COMPARISONS = {b"<": "<", b">": ">", b"<=": "<=", b">=": ">=", b"=<": "<=", b"=>": ">="}
_FLIPPED = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}


def _bound_date(token: Token) -> tuple[datetime.date, bool] | None:
    """The day of a date or timestamp literal and whether it has a time of day."""
    if token.kind != "string":
        return None
    match = _ISO_BOUND.fullmatch(token.raw[1:-1].decode("ascii", "replace").strip())
    if match is None:
        return None
    try:
        day = datetime.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    return day, any(part and int(part) for part in match.groups()[3:])


def _bound(operator: str, token: Token) -> DateBounds | None:
    """What ``column <operator> literal`` allows, as days."""
    found = _bound_date(token)
    if found is None:
        return None
    day, timed = found
    if operator == ">=":
        return DateBounds(first=day + _DAY if timed else day)
    if operator == ">":
        return DateBounds(first=day + _DAY)
    if operator == "<=":
        return DateBounds(last=day - _DAY if timed else day)
    return DateBounds(last=day - _DAY)  # <


def _operands(tokens: Sequence[Token]) -> list[tuple[str, object]]:
    """Tokens as names, literals and comparison operators, without parentheses, casts
    (``::date``, ``DATE '...'``) and the ``VALUE`` of a domain."""
    items: list[tuple[str, object]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.kind == "punct" and token.raw == b":" and i + 1 < len(tokens) and tokens[i + 1].raw == b":":
            i += 3  # ::type
            while i < len(tokens) and tokens[i].kind == "word" and tokens[i].raw.upper() in _CAST_WORDS:
                i += 1
            continue
        if token.kind == "punct" and token.raw in b"<>=" and len(token.raw) == 1:
            following = tokens[i + 1] if i + 1 < len(tokens) else None
            if following is not None and following.kind == "punct" and following.raw in (b"=", b">") \
                    and following.offset == token.offset + 1:
                items.append(("op", (token.raw + following.raw).decode()))
                i += 2
                continue
            items.append(("op", token.raw.decode()))
        elif token.kind in ("word", "ident"):
            word = token.raw.upper()
            if token.kind == "word" and word in (b"AND", b"OR", b"NOT", b"BETWEEN"):
                items.append(("word", word.decode()))
            elif not (token.kind == "word" and word in _CAST_WORDS):
                items.append(("name", _unquoted(token)))
        elif token.kind in ("string", "number"):
            items.append(("literal", token))
        i += 1
    return items


_CAST_WORDS = frozenset(b"DATE TIMESTAMP TIMESTAMPTZ WITHOUT WITH TIME ZONE".split())


def _unquoted(token: Token) -> str:
    raw = token.raw
    if token.kind == "ident" and len(raw) >= 2:
        raw = raw[1:-1].replace(raw[:1] * 2, raw[:1])
    return raw.decode("utf-8", errors="replace")


def check_bounds(tokens: Sequence[Token]) -> dict[str, DateBounds]:
    """Date bounds per column that a ``CHECK (...)`` expression sets: comparisons of a
    column with a date literal joined by ``AND``, and ``BETWEEN``; a check with ``OR`` or
    ``NOT`` sets none (what it allows is not one range).

    >>> from scanner.readers.sql_dump import Lexer
    >>> from scanner.readers.postgres_dump import POSTGRES
    >>> import io
    >>> lex = lambda sql: list(iter(Lexer(io.BytesIO(sql), POSTGRES).next_token, None))
    >>> check_bounds(lex(b"(d >= '2020-01-01'::date AND d < '2021-01-01')"))
    {'d': DateBounds(first=datetime.date(2020, 1, 1), last=datetime.date(2020, 12, 31))}
    >>> check_bounds(lex(b"(visite BETWEEN '2019-03-01' AND '2019-03-31 12:00')"))["visite"].last
    datetime.date(2019, 3, 30)
    """
    items = _operands(tokens)
    if any(kind == "word" and value in ("OR", "NOT") for kind, value in items):
        return {}
    bounds: dict[str, DateBounds] = {}

    def add(column: object, found: DateBounds | None) -> None:
        if isinstance(column, str) and found is not None:
            bounds[column] = bounds[column] & found if column in bounds else found

    for i, (kind, value) in enumerate(items):
        if kind == "op" and 0 < i < len(items) - 1 and value in _FLIPPED:
            (left_kind, left), (right_kind, right) = items[i - 1], items[i + 1]
            if left_kind == "name" and right_kind == "literal":
                add(left, _bound(str(value), right))
            elif left_kind == "literal" and right_kind == "name":
                add(right, _bound(_FLIPPED[str(value)], left))
        elif kind == "word" and value == "BETWEEN" and 0 < i and i + 3 < len(items):
            (name_kind, name), low, and_word, high = items[i - 1], items[i + 1], items[i + 2], items[i + 3]
            if name_kind == "name" and low[0] == high[0] == "literal" and and_word == ("word", "AND"):
                add(name, _bound(">=", low[1]))
                add(name, _bound("<=", high[1]))
    return bounds


def range_bounds(low: Sequence[Token], high: Sequence[Token], by_year: bool = False) -> DateBounds:
    """The days a range partition ``FOR VALUES FROM (low) TO (high)`` holds (``TO`` is
    exclusive; ``MINVALUE``/``MAXVALUE`` are open); ``high`` alone is MySQL's ``VALUES
    LESS THAN`` of the last partition, a date literal (also in ``TO_DAYS('...')``) or,
    ``by_year`` (``PARTITION BY RANGE (YEAR(column))``), a year.

    >>> from scanner.readers.sql_dump import Token
    >>> literal = lambda text: [Token("string", f"'{text}'".encode(), 1, 0)]
    >>> range_bounds(literal("2007-01-01 00:00:00"), literal("2007-02-01 00:00:00"))
    DateBounds(first=datetime.date(2007, 1, 1), last=datetime.date(2007, 1, 31))
    >>> range_bounds([], [Token("number", b"1991", 1, 0)], by_year=True).last
    datetime.date(1990, 12, 31)
    """
    first = last = None
    if low and (found := _bound(">=", low[-1])) is not None:
        first = found.first
    if high:
        if high[-1].kind == "number" and by_year:
            last = datetime.date(int(high[-1].raw), 1, 1) - _DAY
        elif (found := _bound("<", high[-1])) is not None:
            last = found.last
    return DateBounds(first, last)
