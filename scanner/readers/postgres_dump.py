"""``pg_dump`` plain format: CREATE TABLE, COPY ... FROM stdin blocks and INSERT statements.

Primary keys: pg_dump writes ``ALTER TABLE ONLY ... ADD CONSTRAINT ... PRIMARY KEY`` after
the data. Before streaming, the reader looks at the last ``TAIL_BYTES`` of an uncompressed
dump (one seek) for those constraints; rows then get their key as record id. A key
declared inside ``CREATE TABLE`` is used too. When no key is known (gzip input, key
outside the tail, no key), the record id is the 1-based row number in the table.

Tables are named without the ``public.`` schema (other schemas are kept: ``audit.log``).
``SET client_encoding`` is honoured unless an encoding is given.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "dump.sql"
>>> _ = p.write_bytes(b"CREATE TABLE public.p (id integer, nom text);\\n"
...                   b"COPY public.p (id, nom) FROM stdin;\\n7\\tO'Brien\\\\nfils\\n8\\t\\\\N\\n\\\\.\\n"
...                   b"ALTER TABLE ONLY public.p\\n    ADD CONSTRAINT p_pkey PRIMARY KEY (id);\\n")
>>> [(r.table, r.record, r.line, r.fields) for r in read_postgres(p)]
[('p', '7', 3, {'id': '7', 'nom': "O'Brien\\nfils"}), ('p', '8', 4, {'id': '8'})]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from scanner.models import ReadError, Record
from scanner.readers.sources import is_gzip, is_stream
from scanner.readers.sql_dump import POSTGRES_PIECES, POSTGRES_TOKENS, Dialect, DumpParser, Lexer, Token
from scanner.readers.sql_text import read_dump_file

TAIL_BYTES = 1 << 20

_E_ESCAPE = re.compile(
    rb"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]{1,2})|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))|''", re.S,
)
_LETTERS = {b"b": b"\b", b"f": b"\f", b"n": b"\n", b"r": b"\r", b"t": b"\t"}
_NAME = rb'(?:"(?:[^"]|"")+"|[\w$]+)'
_PRIMARY_KEY = re.compile(
    rb"ALTER\s+TABLE\s+(?:ONLY\s+)?(?:IF\s+EXISTS\s+)?(?P<table>" + _NAME + rb"(?:\." + _NAME + rb")?)"
    rb"\s+ADD\s+CONSTRAINT\s+" + _NAME + rb"\s+PRIMARY\s+KEY\s*\((?P<columns>[^)]*)\)",
    re.IGNORECASE,
)
_NAME_PART = re.compile(rb'"((?:[^"]|"")+)"|([\w$]+)')


def _e_replace(match: re.Match[bytes]) -> bytes:
    if match.group(0) == b"''":
        return b"'"
    octal, hexa, u4, u8, char = match.groups()
    if octal:
        return bytes([int(octal, 8) & 0xFF])
    if hexa:
        return bytes([int(hexa, 16)])
    if u4 or u8:
        return chr(int(u4 or u8, 16)).encode("utf-8")
    return _LETTERS.get(char, char)


_U_ESCAPE = re.compile(rb"\\(?:([0-9A-Fa-f]{4})|\+([0-9A-Fa-f]{6})|(\\))")


def _u_replace(match: re.Match[bytes]) -> bytes:
    u4, u6, backslash = match.groups()
    if backslash:
        return backslash
    try:
        return chr(int(u4 or u6, 16)).encode("utf-8")
    except ValueError:  # beyond U+10FFFF: left as written
        return match.group(0)


def decode_literal(token: Token) -> bytes | None:
    r"""The bytes a literal token stands for.

    >>> decode_literal(Token("string", b"'O''Brien'", 1, 0)), decode_literal(Token("estring", rb"E'a\nb\\'", 1, 0))
    (b"O'Brien", b'a\nb\\')
    >>> decode_literal(Token("dollar", b"$x$it's$x$", 1, 0))
    b"it's"
    >>> decode_literal(Token("ustring", rb"U&'\0032\+000036x\\'", 1, 0))
    b'26x\\'
    """
    raw = token.raw
    if token.kind == "string":
        return raw[1:-1].replace(b"''", b"'")
    if token.kind == "estring":
        return _E_ESCAPE.sub(_e_replace, raw[2:-1])
    if token.kind == "ustring":
        return _U_ESCAPE.sub(_u_replace, raw[3:-1].replace(b"''", b"'"))
    if token.kind == "dollar":
        tag_end = raw.index(b"$", 1) + 1
        return raw[tag_end:-tag_end]
    if token.kind == "hex":
        digits = raw[2:-1]
        return bytes.fromhex(("0" * (len(digits) % 2) + digits.decode("ascii")))
    return None


def quote_string(text: str, encoding: str = "utf-8") -> bytes:
    """A value as a standard SQL string literal (for writers).

    >>> quote_string("O'Brien")
    b"'O''Brien'"
    """
    return b"'" + text.encode(encoding).replace(b"'", b"''") + b"'"


_ESCAPE_STRING_ESCAPES = ((b"\\", b"\\\\"), (b"'", b"''"), (b"\n", b"\\n"), (b"\r", b"\\r"), (b"\t", b"\\t"))


def quote_escape_string(text: str, encoding: str = "utf-8") -> bytes:
    """A value as an escape string literal ``E'..'`` with its line breaks and tabs escaped, as
    an ``E'..'`` of the input is written back (for writers).

    >>> quote_escape_string("L'Hermite :\\nrappeler au 06")
    b"E'L''Hermite :\\\\nrappeler au 06'"
    """
    data = text.encode(encoding)
    for plain, escaped in _ESCAPE_STRING_ESCAPES:
        data = data.replace(plain, escaped)
    return b"E'" + data + b"'"


def table_name(parts: list[str]) -> str:
    """``public.patients`` -> ``patients``; other schemas are kept."""
    if len(parts) == 2 and parts[0] == "public":
        return parts[1]
    return ".".join(parts)


POSTGRES = Dialect(
    name="postgres",
    tokens=POSTGRES_TOKENS,
    pieces=POSTGRES_PIECES,
    openers=b"'\"$eExXbB",
    decode_literal=decode_literal,
    table_name=table_name,
    copy=True,
)


def _names(raw: bytes) -> list[str]:
    return [
        (quoted.replace(b'""', b'"') if quoted else plain).decode("utf-8", errors="replace")
        for quoted, plain in _NAME_PART.findall(raw)
    ]


def primary_keys_in_tail(path: Path, size: int = TAIL_BYTES) -> dict[str, list[str]]:
    """Primary keys declared by ``ALTER TABLE ... PRIMARY KEY`` in the last ``size`` bytes
    (none for a gzip file or a pipe: no seeking to their end)."""
    if is_gzip(path) or is_stream(path):
        return {}
    with path.open("rb") as fp:
        fp.seek(0, 2)
        fp.seek(max(0, fp.tell() - size))
        tail = fp.read(size)
    return {
        table_name(_names(match["table"])): _names(match["columns"])
        for match in _PRIMARY_KEY.finditer(tail)
    }


def iter_rows(fp, encoding: str | None = None, primary_keys: dict[str, list[str]] | None = None):
    """Rows and problems of a pg_dump stream (see ``sql_dump.DumpParser``)."""
    return DumpParser(Lexer(fp, POSTGRES), encoding, primary_keys).parse()


def read_postgres(path: Path, encoding: str | None = None, tables=None) -> Iterator[Record | ReadError]:
    """Yield one record per row of every table; a ReadError per unreadable statement or row;
    ``tables``: those declared in the run's other files (``sql_dump.declared_tables``)."""
    try:
        keys = primary_keys_in_tail(path)
    except OSError as error:
        yield ReadError(str(path), None, error.strerror or str(error))
        return
    yield from read_dump_file(path, POSTGRES, encoding, keys, tables)
