"""``mysqldump`` output: CREATE TABLE for columns and primary key, extended INSERTs for rows.

Strings keep MySQL's backslash escapes (``\\'`` ``\\\\`` ``\\n`` ``\\r`` ``\\t`` ``\\0``
``\\Z``) and doubled quotes; ``NULL`` values are left out of the record; ``_binary '...'``
and ``0x...`` values are kept only when they are UTF-8 text; the same holds for strings of a
BLOB or BINARY column and strings with NUL or control bytes (binary data dumped without
``--hex-blob``): other bytes are not text and are left out of the record. The record id is
the primary key when ``CREATE TABLE`` gives one, else the 1-based row number in the table.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "dump.sql"
>>> _ = p.write_bytes(b"CREATE TABLE `p` (`id` int NOT NULL, `nom` text, PRIMARY KEY (`id`));\\n"
...                   b"INSERT INTO `p` VALUES (7,'O\\\\'Brien'),(8,NULL);\\n")
>>> [(r.table, r.record, r.fields) for r in read_mysql(p)]
[('p', '7', {'id': '7', 'nom': "O'Brien"}), ('p', '8', {'id': '8'})]
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from pathlib import Path

from scanner.models import ReadError, Record
from scanner.readers.sql_dump import MYSQL_PIECES, MYSQL_TOKENS, Dialect, DumpParser, Lexer, Token
from scanner.readers.sql_text import read_dump_file

_ESCAPE = {b"'": re.compile(rb"\\(.)|''", re.S), b'"': re.compile(rb'\\(.)|""', re.S)}
_LETTERS = {
    b"0": b"\0", b"b": b"\b", b"n": b"\n", b"r": b"\r", b"t": b"\t", b"Z": b"\x1a",
    b"%": b"\\%", b"_": b"\\_",
}


def _replace(match: re.Match[bytes]) -> bytes:
    char = match.group(1)
    if char is None:
        return match.group(0)[:1]
    return _LETTERS.get(char, char)


# escapes that mean the same in MySQL and in Python bytes literals (decoded in C by
# codecs.escape_decode); anything else, and doubled quotes, take the regex path
_NEEDS_REGEX = re.compile(rb"\\(?:[^'\"nrtb0]|0[0-7])")  # searched once escaped backslashes are removed


def unescape_string(body: bytes, quote: bytes = b"'") -> bytes:
    r"""The bytes of a MySQL string literal's body (between the quotes).

    >>> unescape_string(rb"O\'Brien \\ C:\\tmp\n''x''\Z")
    b"O'Brien \\ C:\\tmp\n'x'\x1a"
    >>> unescape_string(rb"\\\\n\'\'\%\_\0\b"), unescape_string(rb"a\\\'b\q\01\x")
    (b"\\\\n''\\%\\_\x00\x08", b"a\\'bq\x001x")
    >>> unescape_string(rb"C:\\dossiers\\x\n\\\\0")
    b'C:\\dossiers\\x\n\\\\0'
    >>> unescape_string(rb"\\\01\\\\01 \\\%")
    b'\\\x001\\\\01 \\\\%'
    """
    if b"\\" not in body:
        return body.replace(quote + quote, quote)
    if quote + quote in body or _NEEDS_REGEX.search(body.replace(b"\\\\", b"")):
        return _ESCAPE[quote].sub(_replace, body)
    return codecs.escape_decode(body)[0]


def quote_string(text: str, encoding: str = "utf-8") -> bytes:
    r"""A value as a MySQL string literal, escaped like mysqldump does (for writers).

    >>> quote_string("O'Brien\nC:\\tmp")
    b"'O\\'Brien\\nC:\\\\tmp'"
    """
    data = text.encode(encoding)
    for plain, escaped in (
        (b"\\", b"\\\\"), (b"'", b"\\'"), (b'"', b'\\"'), (b"\n", b"\\n"), (b"\r", b"\\r"),
        (b"\0", b"\\0"), (b"\x1a", b"\\Z"),
    ):
        data = data.replace(plain, escaped)
    return b"'" + data + b"'"


def decode_literal(token: Token) -> bytes | None:
    """The bytes a literal token stands for (strings unescaped, hex decoded)."""
    raw = token.raw
    if token.kind in ("string", "dstring"):
        return unescape_string(raw[1:-1], raw[:1])
    if token.kind == "hex":
        digits = raw[2:] if raw[:2].lower() == b"0x" else raw[2:-1]
        return bytes.fromhex(("0" * (len(digits) % 2) + digits.decode("ascii")))
    return None


MYSQL = Dialect(
    name="mysql",
    tokens=MYSQL_TOKENS,
    pieces=MYSQL_PIECES,
    openers=b"'\"`xXbB",
    decode_literal=decode_literal,
    table_name=".".join,
)


def iter_rows(fp, encoding: str | None = None):
    """Rows and problems of a MySQL dump stream (see ``sql_dump.DumpParser``)."""
    return DumpParser(Lexer(fp, MYSQL), encoding).parse()


def read_mysql(path: Path, encoding: str | None = None, tables=None) -> Iterator[Record | ReadError]:
    """Yield one record per row of every table; a ReadError per unreadable statement or row;
    ``tables``: those declared in the run's other files (``sql_dump.declared_tables``)."""
    return read_dump_file(path, MYSQL, encoding, tables=tables)
