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
