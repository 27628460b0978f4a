"""Property-based round trips (Hypothesis) through every format ``vigie redact`` writes.

1. With a policy that keeps every entity type, ``redact_path`` gives back the input byte
   for byte (SQLite, Parquet: same schema, same cells), whatever the detector finds in it;
   and the reader gives back exactly the generated values, nothing lost: as many records
   as were generated, no unreadable part. Gzip-compressed inputs too, once decompressed.
2. With the default operators, a synthetic NIR, phone number or e-mail planted in random
   cells never reaches the output raw, and the output reads back with as many records.

Values are drawn to be hostile: quotes, backslashes, tabs, ``\\r``, newlines, NUL where the
format allows it, empty strings, NULL, numbers, long strings, odd column names.
Examples per property: ``VIGIE_PROPERTY_EXAMPLES`` (default 30, derandomized so CI is
stable); ``VIGIE_PROPERTY_EXAMPLES=500`` explores more, with a random seed.
"""

from __future__ import annotations

import gzip
import json
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

import phonenumbers
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from scanner.models import ReadError, Record
from scanner.readers import Format, read_records
from scanner.readers.csv_export import header_names
from scanner.readers.jsonl import flatten
from scanner.readers.mysql_dump import quote_string as mysql_quote
from scanner.readers.postgres_dump import quote_string as postgres_quote
from scanner.readers.sources import binary_to_text
from scanner.readers.sql_dump import escape_copy
from scanner.redact.pipeline import redact_path
from scanner.redact.policy import RedactionPolicy
from scanner.redact.writers.json_writer import AmbiguousPath, leaf_slots
from tests.hostile.harness import compact_forms, nir_with_key

EXAMPLES = int(os.environ.get("VIGIE_PROPERTY_EXAMPLES", "30"))
settings.register_profile(
    "vigie-properties",
    max_examples=EXAMPLES,
    deadline=None,  # one example runs the French engine: its first call is slow
    database=None,  # nothing written under the repository
    derandomize=EXAMPLES <= 30,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROPERTY = settings.get_profile("vigie-properties")
KEY = b"property-test-key-0123456789abcd"


class _KeepEveryType(dict):
    """Operators that keep every entity type, also those no policy names yet."""

    def get(self, key, default=None):
        return "keep"


KEEP_ALL = RedactionPolicy(key=KEY, operators=_KeepEveryType())
DEFAULT = RedactionPolicy(key=KEY)

# ---------------------------------------------------------------- values

SPECIALS = [
    "'", '"', "\\", "\t", "\n", "\r", "\r\n", " ", "  ", ",", ";", "|", "`", "$$", "''", '""',
    "\\N", "\\.", "\\n", "\\'", "NULL", "\x1a", "\x0b", "\x0c", "é", "É", "€", "œ", "😀", "\u00a0",
    "\u2028", "\ufeff", "--", "/*", "*/", "#", "(", ")", "{", "}", "[", "]", "E'",
]


def pieces(*, nul: bool = True, codec: str | None = None) -> st.SearchStrategy[str]:
    """A hostile piece of text, or a few random characters (``nul``: NUL may appear;
    ``codec``: every character encodes in it, e.g. cp1252)."""
    excluded = "" if nul else "\0"
    alphabet = st.characters(codec=codec, exclude_categories=("Cs",), exclude_characters=excluded)
    specials = [s for s in SPECIALS if codec is None or _encodes(s, codec)]
    return st.one_of(st.sampled_from(specials), st.text(alphabet, max_size=10))


def texts(*, nul: bool = True, codec: str | None = None, max_pieces: int = 6) -> st.SearchStrategy[str]:
    """Short strings of hostile pieces, sometimes long ones (up to a few thousand characters)."""
    short = st.lists(pieces(nul=nul, codec=codec), max_size=max_pieces).map("".join)
    long = st.builds(lambda text, times: text * times, short.filter(bool), st.integers(40, 150))
    return st.one_of(short, short, short, short, short, long)


def _encodes(text: str, codec: str) -> bool:
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def names(**kwargs) -> st.SearchStrategy[str]:
    """Column or table names: odd characters, quotes, spaces; never blank."""
    return st.lists(pieces(**kwargs), min_size=1, max_size=3).map(
        lambda parts: "".join(parts) if "".join(parts).strip() else "c" + "".join(parts)
    )


def unique_names(size: st.SearchStrategy[int], *, fold=str, **kwargs) -> st.SearchStrategy[list[str]]:
    return size.flatmap(lambda n: st.lists(names(**kwargs), min_size=n, max_size=n, unique_by=fold))


integers = st.integers(-(2**63), 2**63 - 1)
floats = st.floats(allow_nan=False, allow_infinity=False)


# ---------------------------------------------------------------- running vigie in-process


@dataclass
class Redacted:
    """One redaction of one generated input: both paths, the errors reported, records read."""

    source: Path
    output: Path
    errors: list[ReadError]
    records_read: int


def redact(tmp: Path, name: str, data: bytes | None, format: Format, detector, policy=KEEP_ALL, **options) -> Redacted:
    """``redact_path`` on ``tmp/name`` (written from ``data`` unless it is already there)."""
    source = tmp / name
    if data is not None:
        source.write_bytes(data)
    output = tmp / f"redacted-{name}"
    errors: list[ReadError] = []
    summary = redact_path(source, output, policy, format=format, detector=detector, on_error=errors.append, **options)
    return Redacted(source, output, errors, summary.records_read)


def read_back(path: Path, format: Format, **options) -> tuple[list[tuple[str | None, dict[str, str]]], list[ReadError]]:
    items = list(read_records(path, format, options.get("encoding"), options.get("delimiter")))
    records = [(item.table, item.fields) for item in items if isinstance(item, Record)]
    return records, [item for item in items if isinstance(item, ReadError)]


def assert_round_trip(detector, name: str, data: bytes, format: Format, expected: list, **options) -> None:
    """Byte-identical output with every type kept; the reader gives back ``expected``."""
    with tempfile.TemporaryDirectory() as tmp:
        run = redact(Path(tmp), name, data, format, detector, **options)
        assert run.errors == []
        assert run.output.read_bytes() == data
        records, errors = read_back(run.source, format, **options)
        assert errors == []
        assert records == expected
        assert run.records_read == len(expected)


# ---------------------------------------------------------------- text notes


@st.composite
def notes(draw):
    encoding = draw(st.sampled_from(["utf-8", "cp1252"]))
    bom = encoding == "utf-8" and draw(st.booleans())
    text = draw(texts(nul=False, codec="cp1252" if encoding == "cp1252" else None, max_pieces=12))
    assume(bom or not text.startswith("\ufeff"))  # that would be a BOM
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding)
    assume(data)  # an empty file is refused, as it should be
    return data, encoding, text


@PROPERTY
@given(note=notes())
def test_text_note_round_trips_byte_for_byte(detector, note):
    data, encoding, text = note
    assert_round_trip(detector, "note.txt", data, Format.TEXT, [(None, {"text": text})], encoding=encoding)


# ---------------------------------------------------------------- JSON Lines and JSON arrays

json_scalars = st.one_of(st.none(), st.booleans(), integers, floats, texts())
json_keys = texts(max_pieces=3)
json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(st.lists(children, max_size=3), st.dictionaries(json_keys, children, max_size=3)),
    max_leaves=8,
)


def _unambiguous(obj: dict) -> bool:
    """No two leaves flatten to one dotted path (the writer drops such objects on purpose)."""
    try:
        leaf_slots(obj)
    except AmbiguousPath:
        return False
    return True


json_objects = st.dictionaries(json_keys, json_values, max_size=5).filter(_unambiguous)


@st.composite
def json_lines(draw):
    objects = draw(st.lists(json_objects, min_size=1, max_size=5))
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    ensure_ascii = draw(st.booleans())
    separators = draw(st.sampled_from([None, (",", ":")]))
    lines = []
    for obj in objects:
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(["", "  ", "\t"])) + ending)  # a blank line
        lines.append(json.dumps(obj, ensure_ascii=ensure_ascii, separators=separators) + ending)
    text = "".join(lines)
    if draw(st.booleans()):
        text = text.removesuffix(ending)
    return text.encode("utf-8"), objects


@PROPERTY
@given(document=json_lines())
def test_jsonl_round_trips_byte_for_byte(detector, document):
    data, objects = document
    assert_round_trip(detector, "export.jsonl", data, Format.JSONL, [(None, flatten(obj)) for obj in objects])


@st.composite
def json_arrays(draw):
    objects = draw(st.lists(json_objects, max_size=5))
    indent = draw(st.sampled_from([None, 1, 2, 4, "\t"]))
    text = json.dumps(
        objects, indent=indent, ensure_ascii=draw(st.booleans()),
        separators=draw(st.sampled_from([None, (",", ":"), (", ", ": ")])),
    )
    text += draw(st.sampled_from(["", "\n", "\r\n"]))
    return text.encode("utf-8"), objects


@PROPERTY
@given(document=json_arrays())
# the writer wrote its own framing ("[\n", ",\n", "\n]\n") instead of the input's
@example(document=(b"[]", []))
@example(document=(b'\xef\xbb\xbf[\n  {\n    "a": "b"\n  },\n  {}\n]', [{"a": "b"}, {}]))
@example(document=(b'{"a": 1} {"b": 2}\r\n', [{"a": 1}, {"b": 2}]))
def test_json_array_round_trips_byte_for_byte(detector, document):
    data, objects = document
    assert_round_trip(detector, "export.json", data, Format.JSON, [(None, flatten(obj)) for obj in objects])


# ---------------------------------------------------------------- CSV


def csv_row(cells: list[str], delimiter: str, quote_all: bool) -> str:
    """One CSV row, quoted as exporters do (Python's ``csv`` leaves a ``\\r`` unquoted when
    rows end with ``\\n``: that row is unreadable for any reader).

    A one-cell row that looks blank is quoted: a blank line is no row (the reader skips it).

    >>> csv_row(['a;b', 'x"y', 'z'], ';', False), csv_row([' '], ',', False)
    ('"a;b";"x""y";z', '" "')
    """
    def quoted(cell: str) -> str:
        if quote_all or any(c in cell for c in (delimiter, '"', "\r", "\n")) or (len(cells) == 1 and not cell.strip()):
            return '"' + cell.replace('"', '""') + '"'
        return cell

    return delimiter.join(quoted(cell) for cell in cells)


@st.composite
def csv_files(draw):
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    codec = "cp1252" if encoding == "cp1252" else None
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    header = draw(unique_names(st.integers(1, 5), codec=codec))
    assume(len(set(header_names(header))) == len(header))
    rows = draw(st.lists(st.lists(texts(codec=codec), min_size=len(header), max_size=len(header)), max_size=6))
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    quote_all = draw(st.booleans())
    text = "".join(csv_row(cells, delimiter, quote_all) + ending for cells in [header, *rows])
    if draw(st.booleans()):
        text = text.removesuffix(ending)  # no line ending after the last row
    columns = header_names(header)
    expected = [(None, {name: cell for name, cell in zip(columns, row) if cell}) for row in rows]
    options = {"delimiter": delimiter, "encoding": "cp1252"} if codec else {"delimiter": delimiter}
    return text.encode(encoding), expected, options


@PROPERTY
@given(document=csv_files())
# U+FEFF opening a line after a UTF-8 BOM was taken for another BOM, and lost
@example(document=("\ufeffnom\n\ufeff\n".encode("utf-8-sig"), [(None, {"nom": "\ufeff"})], {"delimiter": ","}))
@example(document=("\ufeff\n".encode("utf-8-sig"), [], {"delimiter": ","}))
# a TSV row of empty cells ("\t\n") was skipped as a blank line
@example(document=(b"id\tnom\n\t\n1\t \n", [(None, {}), (None, {"id": "1", "nom": " "})], {"delimiter": "\t"}))
def test_csv_round_trips_byte_for_byte(detector, document):
    data, expected, options = document
    assert_round_trip(detector, "export.csv", data, Format.CSV, expected, **options)


# ---------------------------------------------------------------- SQL dumps

@dataclass
class Table:
    """A generated table: name, columns and rows of ``None | int | float | str``."""

    name: str
    columns: list[str]
    rows: list[list[object]]

    def expected(self) -> list[tuple[str, dict[str, str]]]:
        """The records a reader must give: NULLs left out, numbers as written."""
        return [
            (self.name, {column: cell if isinstance(cell, str) else repr(cell) for column, cell in zip(self.columns, row) if cell is not None})
            for row in self.rows
        ]


def sql_tables(*, nul: bool, fold=str.casefold) -> st.SearchStrategy[list[Table]]:
    """One to three tables with distinct names, one to four distinct columns, zero to five rows."""
    cells = st.one_of(st.none(), integers, floats, texts(nul=nul), texts(nul=nul))

    def table(name: str) -> st.SearchStrategy[Table]:
        return unique_names(st.integers(1, 4), fold=fold, nul=nul).flatmap(lambda columns: st.builds(
            Table, st.just(name), st.just(columns),
            st.lists(st.lists(cells, min_size=len(columns), max_size=len(columns)), max_size=5),
        ))

    return unique_names(st.integers(1, 3), fold=fold, nul=nul).flatmap(lambda names: st.tuples(*map(table, names)).map(list))


def _number(cell: int | float) -> bytes:
    return repr(cell).encode("ascii")


def mysql_literal(cell: object, doubled_quotes: bool) -> bytes:
    """A MySQL value as mysqldump writes it, or with ``''`` for a quote (other dumpers)."""
    if cell is None:
        return b"NULL"
    if not isinstance(cell, str):
        return _number(cell)
    if doubled_quotes:
        body = cell.encode("utf-8").replace(b"\\", b"\\\\").replace(b"'", b"''").replace(b"\0", b"\\0")
        return b"'" + body + b"'"
    return mysql_quote(cell)


def mysql_ident(name: str) -> bytes:
    return b"`" + name.replace("`", "``").encode("utf-8") + b"`"


def mysql_dump(tables: list[Table], *, doubled_quotes: bool = False, ending: bytes = b"\n",
               batches=lambda rows: [rows], with_columns: bool = False) -> bytes:
    """A mysqldump-like dump of ``tables``; ``batches`` cuts rows into INSERT statements."""
    out = [b"-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)", b"/*!40101 SET NAMES utf8mb4 */;"]
    for table in tables:
        name = mysql_ident(table.name)
        columns = b",\n  ".join(mysql_ident(c) + b" text" for c in table.columns)
        out += [b"DROP TABLE IF EXISTS " + name + b";", b"CREATE TABLE " + name + b" (\n  " + columns + b"\n);"]
        for rows in batches(table.rows) if table.rows else []:
            head = b"INSERT INTO " + name
            if with_columns:
                head += b" (" + b", ".join(mysql_ident(c) for c in table.columns) + b")"
            tuples = [b"(" + b",".join(mysql_literal(cell, doubled_quotes) for cell in row) + b")" for row in rows]
            out.append(head + b" VALUES " + b",".join(tuples) + b";")
    return ending.join(out) + ending


@st.composite
def mysql_dumps(draw):
    tables = draw(sql_tables(nul=True))
    data = mysql_dump(
        tables, doubled_quotes=draw(st.booleans()), ending=draw(st.sampled_from([b"\n", b"\r\n"])),
        batches=lambda rows: _batches(draw, rows), with_columns=draw(st.booleans()),
    )
    return data, [record for table in tables for record in table.expected()]


def _batches(draw, rows: list) -> list[list]:
    """Rows cut into consecutive INSERT statements (extended inserts of random sizes)."""
    batches, i = [], 0
    while i < len(rows):
        size = draw(st.integers(1, len(rows) - i))
        batches.append(rows[i:i + size])
        i += size
    return batches


@PROPERTY
@given(dump=mysql_dumps())
def test_mysql_dump_round_trips_byte_for_byte(detector, dump):
    data, expected = dump
    assert_round_trip(detector, "dump.sql", data, Format.MYSQL, expected)


def postgres_ident(name: str) -> bytes:
    return b'"' + name.replace('"', '""').encode("utf-8") + b'"'


def postgres_literal(cell: object, e_string: bool) -> bytes:
    """A PostgreSQL value: standard ``'...'`` with ``''``, or ``E'...'`` with backslash escapes."""
    if cell is None:
        return b"NULL"
    if not isinstance(cell, str):
        return _number(cell)
    if e_string:
        body = cell.encode("utf-8").replace(b"\\", b"\\\\").replace(b"'", b"\\'").replace(b"\n", b"\\n")
        return b"E'" + body + b"'"
    return postgres_quote(cell)


def copy_cell(cell: object) -> bytes:
    return b"\\N" if cell is None else escape_copy(cell if isinstance(cell, str) else repr(cell))


def postgres_dump(tables: list[Table], *, copy: bool, e_string: bool = False, batches=lambda rows: [rows]) -> bytes:
    """A pg_dump-like plain dump of ``tables``: COPY blocks, or INSERTs cut by ``batches``."""
    out = [
        b"--\n-- PostgreSQL database dump\n--\n", b"SET client_encoding = 'UTF8';", b"SET standard_conforming_strings = on;",
    ]
    for table in tables:
        name = b"public." + postgres_ident(table.name)
        columns = b", ".join(postgres_ident(c) for c in table.columns)
        out.append(b"CREATE TABLE " + name + b" (\n    " + b",\n    ".join(postgres_ident(c) + b" text" for c in table.columns) + b"\n);\n")
        if copy:
            lines = [b"\t".join(copy_cell(cell) for cell in row) for row in table.rows]
            out.append(b"\n".join([b"COPY " + name + b" (" + columns + b") FROM stdin;", *lines, b"\\."]) + b"\n")
        else:
            for rows in batches(table.rows) if table.rows else []:
                tuples = [b"(" + b", ".join(postgres_literal(cell, e_string) for cell in row) + b")" for row in rows]
                out.append(b"INSERT INTO " + name + b" (" + columns + b") VALUES " + b",\n\t".join(tuples) + b";")
    out.append(b"--\n-- PostgreSQL database dump complete\n--\n")
    return b"\n".join(out)


@st.composite
def postgres_dumps(draw, copy: bool):
    tables = draw(sql_tables(nul=False, fold=str))
    data = postgres_dump(tables, copy=copy, e_string=draw(st.booleans()), batches=lambda rows: _batches(draw, rows))
    return data, [record for table in tables for record in table.expected()]


@PROPERTY
@given(dump=postgres_dumps(copy=True))
def test_postgres_copy_dump_round_trips_byte_for_byte(detector, dump):
    data, expected = dump
    assert_round_trip(detector, "dump.sql", data, Format.POSTGRES, expected)


@PROPERTY
@given(dump=postgres_dumps(copy=False))
def test_postgres_insert_dump_round_trips_byte_for_byte(detector, dump):
    data, expected = dump
    assert_round_trip(detector, "dump.sql", data, Format.POSTGRES, expected)


# ---------------------------------------------------------------- SQLite

SQLITE_TYPES = ["TEXT", "INTEGER", "REAL", "BLOB", "NUMERIC", ""]
sqlite_cells = st.one_of(
    st.none(), integers, floats, texts(), texts(), texts().map(lambda text: text.encode("utf-8")),
)


@st.composite
def sqlite_databases(draw):
    """Tables as ``(name, columns, declared types, rows)``: odd names, every storage class."""
    table_names = draw(unique_names(st.integers(1, 3), fold=str.casefold, nul=False))  # sqlite3 refuses NUL in SQL
    assume(not any(name.casefold().startswith("sqlite_") for name in table_names))
    tables = []
    for name in table_names:
        columns = draw(unique_names(st.integers(1, 4), fold=str.casefold, nul=False))
        types = [draw(st.sampled_from(SQLITE_TYPES)) for _ in columns]
        rows = draw(st.lists(st.lists(sqlite_cells, min_size=len(columns), max_size=len(columns)), max_size=5))
        tables.append((name, columns, types, rows))
    return tables


def write_sqlite(path: Path, tables) -> None:
    db = sqlite3.connect(path)
    for name, columns, types, rows in tables:
        definition = ", ".join(f"{_sqlite_name(c)} {t}".rstrip() for c, t in zip(columns, types))
        db.execute(f"CREATE TABLE {_sqlite_name(name)} ({definition})")
        db.executemany(f"INSERT INTO {_sqlite_name(name)} VALUES ({', '.join('?' * len(columns))})", rows)
    db.commit()
    db.close()


def _sqlite_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sqlite_content(path: Path) -> tuple[list, dict[str, list]]:
    """The schema (sqlite_master) and every table's cells with their storage class."""
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    db.text_factory = bytes
    try:
        schema = db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid").fetchall()
        content = {}
        for kind, name, _, _ in schema:
            if kind == b"table":
                quoted = _sqlite_name(name.decode("utf-8"))
                columns = [d[0] for d in db.execute(f"SELECT * FROM {quoted} LIMIT 0").description]
                typed = ", ".join(f"{_sqlite_name(c)}, typeof({_sqlite_name(c)})" for c in columns)
                content[name] = db.execute(f"SELECT {typed} FROM {quoted} ORDER BY rowid").fetchall()
        return schema, content
    finally:
        db.close()


def sqlite_text(value: object) -> str | None:
    """What a reader gives for a stored SQLite value (the generated BLOBs are UTF-8 text)."""
    if value is None:
        return None
    if isinstance(value, bytes):
        return value.decode("utf-8")
    return repr(value) if isinstance(value, float) else str(value)


def sqlite_expected(path: Path) -> list[tuple[str, dict[str, str]]]:
    """The records of the database as stored (after the column affinities converted values)."""
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        records = []
        for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid").fetchall():
            cursor = db.execute(f"SELECT * FROM {_sqlite_name(name)} ORDER BY rowid")
            columns = [d[0] for d in cursor.description]
            for row in cursor:
                cells = {column: sqlite_text(value) for column, value in zip(columns, row)}
                records.append((name, {column: text for column, text in cells.items() if text is not None}))
        return records
    finally:
        db.close()


@PROPERTY
@given(tables=sqlite_databases())
def test_sqlite_round_trips_schema_and_cells(detector, tables):
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "base.sqlite"
        write_sqlite(source, tables)
        run = redact(Path(tmp), "base.sqlite", None, Format.SQLITE, detector)
        assert run.errors == []
        assert sqlite_content(run.output) == sqlite_content(source)
        records, errors = read_back(source, Format.SQLITE)
        assert errors == []
        assert records == sqlite_expected(source)
        assert run.records_read == sum(len(rows) for *_, rows in tables)


# ---------------------------------------------------------------- Parquet

PARQUET_COLUMNS = {
    "string": (pa.string(), texts()),
    "int64": (pa.int64(), integers),
    "float64": (pa.float64(), floats),
    "bool": (pa.bool_(), st.booleans()),
    "binary": (pa.binary(), texts().map(lambda text: text.encode("utf-8"))),
}


@st.composite
def parquet_tables(draw):
    columns = draw(unique_names(st.integers(1, 5)))
    size = draw(st.integers(0, 6))
    arrays = []
    for _ in columns:
        kind, values = PARQUET_COLUMNS[draw(st.sampled_from(sorted(PARQUET_COLUMNS)))]
        cells = draw(st.lists(st.one_of(st.none(), values), min_size=size, max_size=size))
        arrays.append(pa.array(cells, type=kind))
    return pa.table(arrays, names=columns), draw(st.sampled_from(["snappy", "none", "zstd", "gzip"]))


def parquet_expected(table: pa.Table) -> list[tuple[None, dict[str, str]]]:
    """Records as the reader gives them: NULLs and booleans left out, numbers as text."""
    def text(value: object) -> str | None:
        if value is None or isinstance(value, bool):
            return None
        if isinstance(value, bytes):
            return binary_to_text(value)
        return value if isinstance(value, str) else repr(value)

    return [
        (None, {name: text(value) for name, value in row.items() if text(value) is not None})
        for row in table.to_pylist()
    ]


@PROPERTY
@given(generated=parquet_tables())
@example(generated=(pa.table({"note": ["RAS"]}), "none"))  # an uncompressed file crashed the writer
def test_parquet_round_trips_schema_and_cells(detector, generated):
    table, compression = generated
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "export.parquet"
        pq.write_table(table, source, compression=compression)
        run = redact(Path(tmp), "export.parquet", None, Format.PARQUET, detector)
        assert run.errors == []
        written = pq.read_table(run.output)
        assert written.schema.equals(pq.read_table(source).schema, check_metadata=True)
        assert written.equals(table)
        records, errors = read_back(source, Format.PARQUET)
        assert errors == []
        assert records == parquet_expected(table)
        assert run.records_read == table.num_rows


@st.composite
def gzipped_documents(draw):
    """A JSONL, JSON, CSV or dump document of the properties above, gzip-compressed."""
    kind = draw(st.sampled_from(["jsonl", "json", "csv", "mysql", "postgres"]))
    if kind == "csv":
        data, expected, options = draw(csv_files())
        return gzip.compress(data), data, Format.CSV, expected, options
    if kind in ("jsonl", "json"):
        data, objects = draw(json_lines() if kind == "jsonl" else json_arrays())
        return gzip.compress(data), data, Format(kind), [(None, flatten(obj)) for obj in objects], {}
    data, expected = draw(mysql_dumps() if kind == "mysql" else postgres_dumps(copy=draw(st.booleans())))
    return gzip.compress(data), data, Format.MYSQL if kind == "mysql" else Format.POSTGRES, expected, {}


@PROPERTY
@given(document=gzipped_documents())
def test_gzip_input_round_trips_byte_for_byte_once_decompressed(detector, document):
    compressed, data, format, expected, options = document
    with tempfile.TemporaryDirectory() as tmp:
        run = redact(Path(tmp), "export.gz", compressed, format, detector, **options)
        assert run.errors == []
        assert gzip.decompress(run.output.read_bytes()) == data
        records, errors = read_back(run.source, format, **options)
        assert errors == []
        assert records == expected


@pytest.mark.parametrize(("document", "written"), [
    (b'[{"a": 1}, 7, {"b": 2}]', b'[{"a": 1}, {"b": 2}]'),  # 7 is no object: dropped with its comma
    (b'[\n  7,\n  {"b": 2}\n]\n', b'[\n  {"b": 2}\n]\n'),  # the first element dropped
    (b'[{"a": 1} {"b": 2}]', b'[{"a": 1},\n{"b": 2}]'),  # a missing comma: canonical separator
    (b'[{"a": 1}, {"b": 2}', b'[{"a": 1}, {"b": 2}\n]\n'),  # truncated: closed canonically
    (b'[{"a": 1}]  {"b": 2}', b'[{"a": 1}]  '),  # content after the array: not copied
    (b'{"a": 1}\n7\n{"b": 2}\n', b'{"a": 1}\n{"b": 2}\n'),  # a stream of objects
])
def test_json_array_framing_around_dropped_elements(detector, tmp_path, document, written):
    run = redact(tmp_path, "export.json", document, Format.JSON, detector)
    assert run.errors
    assert run.output.read_bytes() == written


# ---------------------------------------------------------------- planted identifiers, default operators

DEPARTMENTS = [f"{n:02d}" for n in range(1, 96) if n != 20]


@st.composite
def identifiers(draw) -> str:
    """A synthetic NIR (computed key, compact or spaced), a mobile number or an e-mail."""
    kind = draw(st.sampled_from(["nir", "phone", "email"]))
    if kind == "nir":
        first13 = (
            draw(st.sampled_from("12")) + f"{draw(st.integers(0, 99)):02d}{draw(st.integers(1, 12)):02d}"
            + draw(st.sampled_from(DEPARTMENTS)) + f"{draw(st.integers(1, 990)):03d}{draw(st.integers(1, 999)):03d}"
        )
        nir = nir_with_key(first13)
        if draw(st.booleans()):
            return " ".join((nir[0], nir[1:3], nir[3:5], nir[5:7], nir[7:10], nir[10:13], nir[13:]))
        return nir
    if kind == "phone":  # allocated: a number in a free range is reported only with context
        digits = st.lists(st.integers(0, 99), min_size=4, max_size=4).map(lambda pairs: "06 " + " ".join(f"{p:02d}" for p in pairs))
        return draw(digits.filter(lambda number: phonenumbers.is_valid_number(phonenumbers.parse(number, "FR"))))
    word = st.text("abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=8)
    return f"{draw(word)}.{draw(word)}@{draw(word)}.fr"


PLANTED_FORMATS = ["text", "jsonl", "json", "csv", "mysql", "postgres-copy", "postgres-insert", "sqlite", "parquet"]


@st.composite
def planted_tables(draw):
    """(format, table of string cells, the identifiers planted in random cells)."""
    format_name = draw(st.sampled_from(PLANTED_FORMATS))
    nul = format_name not in ("text", "postgres-copy", "postgres-insert")  # a note with NUL is binary
    columns = draw(unique_names(st.integers(1, 3), fold=str.casefold, nul=False))
    width = 1 if format_name == "text" else len(columns)
    rows = draw(st.lists(st.lists(texts(nul=nul), min_size=width, max_size=width), min_size=1, max_size=1 if format_name == "text" else 4))
    planted = []
    for _ in range(draw(st.integers(1, 3))):
        value = draw(identifiers())
        row, column = draw(st.integers(0, len(rows) - 1)), draw(st.integers(0, width - 1))
        cell = rows[row][column]
        at = draw(st.integers(0, len(cell)))
        rows[row][column] = f"{cell[:at]} {value} {cell[at:]}"
        planted.append(value)
    return format_name, Table("patients", columns[:width], rows), planted


def write_planted(tmp: Path, format_name: str, table: Table) -> tuple[str, Format]:
    """The table written in ``format_name`` under ``tmp``: its file name and format."""
    objects = [dict(zip(table.columns, row)) for row in table.rows]
    encoded = {
        "text": lambda: ("note.txt", Format.TEXT, table.rows[0][0].encode("utf-8")),
        "jsonl": lambda: ("export.jsonl", Format.JSONL, "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects).encode("utf-8")),
        "json": lambda: ("export.json", Format.JSON, json.dumps(objects, indent=2).encode("utf-8")),
        "csv": lambda: ("export.csv", Format.CSV, "".join(csv_row(r, ";", False) + "\r\n" for r in [table.columns, *table.rows]).encode("utf-8")),
        "mysql": lambda: ("dump.sql", Format.MYSQL, mysql_dump([table])),
        "postgres-copy": lambda: ("dump.sql", Format.POSTGRES, postgres_dump([table], copy=True)),
        "postgres-insert": lambda: ("dump.sql", Format.POSTGRES, postgres_dump([table], copy=False)),
    }
    if format_name == "sqlite":
        write_sqlite(tmp / "base.sqlite", [(table.name, table.columns, ["TEXT"] * len(table.columns), table.rows)])
        return "base.sqlite", Format.SQLITE
    if format_name == "parquet":
        pq.write_table(pa.table({c: [row[i] for row in table.rows] for i, c in enumerate(table.columns)}), tmp / "export.parquet")
        return "export.parquet", Format.PARQUET
    name, format, data = encoded[format_name]()
    (tmp / name).write_bytes(data)
    return name, format


@PROPERTY
@given(planted=planted_tables())
def test_planted_identifiers_never_reach_the_output_raw(detector, planted):
    format_name, table, values = planted
    forms = [form for value in values for form in compact_forms(value)]
    with tempfile.TemporaryDirectory() as tmp:
        name, format = write_planted(Path(tmp), format_name, table)
        run = redact(Path(tmp), name, None, format, detector, policy=DEFAULT, delimiter=";" if format is Format.CSV else None)
        assert run.errors == []
        written = run.output.read_bytes().decode("utf-8", errors="replace")
        assert not [form for form in forms if form in written], "a planted identifier is in the output"
        records, errors = read_back(run.output, format, delimiter=";" if format is Format.CSV else None)
        assert errors == []
        assert len(records) == len(table.rows)
        cells = [text for _, fields in records for text in fields.values()]
        assert not [form for form in forms if any(form in text for text in cells)], "a planted identifier reads back"


@pytest.mark.parametrize("identifier", [
    "06 12 34 56 78",
    "06 94 12 34 56",  # Guyane
    "0692 12 34 56",  # La Réunion
    "263039715437514",
    "2 63 03 97 154 375 14",
    "anne.roux@exemple.fr",
])
def test_identifier_alone_in_a_note_is_replaced(detector, tmp_path, identifier):
    run = redact(tmp_path, "note.txt", f"Vu ce jour. {identifier} RAS.\n".encode(), Format.TEXT, detector, policy=DEFAULT)
    assert run.errors == []
    written = run.output.read_text(encoding="utf-8")
    assert written.startswith("Vu ce jour. ") and written.endswith(" RAS.\n")
    assert not [form for form in compact_forms(identifier) if form in written]
