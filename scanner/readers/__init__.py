"""Readers: one per input format, each a streaming generator behind ``read_records``.

Readers yield ``Record`` for what they can parse and ``ReadError`` (with file and
line) for what they cannot, then go on: nothing is silently skipped.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from scanner.errors import UnreadableFileError, UsageError
from scanner.models import ReadError, Record
from scanner.readers import (
    csv_export, json_array, jsonl, mysql_dump, parquet, postgres_dump, sql_dump, sqlite_db, sqlite_script, text,
)
from scanner.readers.decoding import open_decoded, wide_encoding
from scanner.readers.json_array import ArrayElements
from scanner.readers.sources import (
    chunked, guarded, inner_suffix, is_stream, looks_binary, read_head, read_once,
)


class Format(str, Enum):
    """Input formats vigie reads."""

    TEXT = "text"
    JSONL = "jsonl"
    JSON = "json"
    CSV = "csv"
    MYSQL = "mysql"
    POSTGRES = "postgres"
    SQLITE = "sqlite"
    SQLITE_SCRIPT = "sqlite-script"
    PARQUET = "parquet"


def check_encoding(encoding: str) -> None:
    """Refuse an encoding Python does not know, as a usage error (a wrong ``--encoding``).

    >>> check_encoding("cp1252")
    >>> check_encoding("latin-9000")
    Traceback (most recent call last):
        ...
    scanner.errors.UsageError: unknown encoding 'latin-9000'
    """
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise UsageError(f"unknown encoding {encoding!r}") from None


_BY_SUFFIX = {
    ".txt": Format.TEXT, ".jsonl": Format.JSONL, ".ndjson": Format.JSONL, ".json": Format.JSON,
    ".csv": Format.CSV, ".tsv": Format.CSV, ".sql": Format.MYSQL, ".db": Format.SQLITE,
    ".sqlite": Format.SQLITE, ".sqlite3": Format.SQLITE, ".parquet": Format.PARQUET,
}
NOT_DATA_SUFFIXES = frozenset(
    ".py .pyc .ipynb .sh .bash .bat .ps1 .js .ts .css .c .h .java .go .rs .rb .pl .php "
    ".md .rst .toml .ini .cfg .yaml .yml .lock .html .htm .pdf .doc .docx .odt .rtf "
    ".png .jpg .jpeg .gif .svg .ico .webp .bmp .tif .tiff".split()
)
"""Suffixes of code, documentation, configuration and images: in a walked directory such a
file is left out and counted as not data (``InputFiles.not_data``), unless asked for; one
that is read (named, or asked for) is read as text whatever its content looks like."""
_BINARY_FORMATS = (Format.SQLITE, Format.PARQUET)
SNIFF_BYTES = 8192
SQLITE_MAGIC = b"SQLite format 3\0"
PARQUET_MAGIC = b"PAR1"
PG_ARCHIVE_MAGIC = b"PGDMP"
"""The first bytes of a ``pg_dump -Fc`` archive (compressed, binary): vigie reads plain SQL."""

_DUMP_HEADER = re.compile(rb"^-- (?:(?P<mysql>MySQL|MariaDB) dump|PostgreSQL database dump)", re.MULTILINE)
_DIALECT_MARKS = re.compile(
    rb"(?P<string>'[^'\\]*(?:(?:\\.|'')[^'\\]*)*')|(?P<comment>--[^\n]*|/\*(?!!).*?(?:\*/|\Z))"
    rb"|(?P<mysql>`|/\*!|\bENGINE\s*=|^(?:REPLACE|INSERT\s+IGNORE|LOCK\s+TABLES|UNLOCK\s+TABLES)\b)"
    rb"|(?P<postgres>(?<![\w$])(?:[Ee]'[^'\\]*(?:(?:\\.|'')[^'\\]*)*'|[Nn](?='))"
    rb"|::|\b(?:BIG|SMALL)?SERIAL\b|^COPY\s|^SET\s+search_path\b|^\\[a-z]"
    rb"|\b(?:TABLE|INTO|REFERENCES|ON|VIEW|INDEX|SEQUENCE|ONLY)\s+\"|\"\.|\.\"[A-Za-z_]"
    rb"|^SET\s+standard_conforming_strings\b)"
    rb"|(?P<sqlite>(?<![\w\])])\[[A-Za-z_][\w ]*\]|^PRAGMA\s|\bAUTOINCREMENT\b)|(?P<transaction>^BEGIN\s+TRANSACTION\b)",
    re.MULTILINE | re.DOTALL,
)
"""What tells a dialect outside string literals and comments (a MySQL-style ``\\'`` escape
inside a literal tells MySQL too)."""
SQL_STATEMENTS = frozenset(
    b"ALTER ANALYZE BEGIN CALL CHECKPOINT CLUSTER COMMENT COMMIT COPY CREATE DELETE DELIMITER DO DROP END "
    b"GRANT INSERT LOCK PRAGMA REFRESH REINDEX RELEASE REPLACE RESET REVOKE ROLLBACK SAVEPOINT SECURITY "
    b"SELECT SET START TRUNCATE UNLOCK UPDATE USE VACUUM WITH".split()
)
"""First words of the statements a dump holds (a ``\\`` psql meta-command too)."""


def detect_format(path: Path) -> Format:
    """The format of ``path``, by its content first, then by its suffix.

    Raises UnreadableFileError for binary content that no reader supports.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "export.dat"
    >>> _ = p.write_text('{"id": 1, "text": "RAS"}\\n')
    >>> detect_format(p)
    <Format.JSONL: 'jsonl'>
    """
    head, compressed = _read_head(path)
    return _detect(path, head, compressed)


def _detect(path: Path, head: bytes, compressed: bool) -> Format:
    """A file is JSON or SQL only when its head parses as such beyond its first line or
    statement; else CSV when it sniffs as one; the suffix decides what the content leaves
    open (a note ``[CR du 12/03] ...`` is text, whatever bracket it starts with)."""
    suffix = inner_suffix(path)
    if head.startswith(SQLITE_MAGIC):
        if compressed:
            raise UnreadableFileError(f"{path}: gzip-compressed SQLite database: decompress it first")
        return Format.SQLITE
    if head.startswith(PARQUET_MAGIC):
        if compressed:
            raise UnreadableFileError(f"{path}: gzip-compressed Parquet file: decompress it first")
        return Format.PARQUET
    if head.startswith(PG_ARCHIVE_MAGIC):
        raise UnreadableFileError(
            f"{path}: pg_dump archive (custom format): convert it to SQL first with 'pg_restore -f dump.sql {path.name}'"
        )
    text = _utf8_head(head)
    if looks_binary(text):
        raise UnreadableFileError(f"{path}: binary file, not a supported format")
    if suffix in NOT_DATA_SUFFIXES:
        return Format.TEXT  # a script's SQL or a README's table is not a dump nor a CSV
    whole = len(head) < SNIFF_BYTES
    dump = _dump_dialect(text)
    if not whole and dump in (None, Format.MYSQL) and _starts_like_sql(text) and not _has_dialect_marks(text):
        dump = _dump_dialect(_utf8_head(read_head(path, DIALECT_BYTES)[0])) or dump
    if dump is not None:
        return dump
    stripped = text.lstrip(b" \t\r\n")
    if stripped.startswith(b"{") and is_jsonl_head(stripped, whole):
        return Format.JSONL
    if stripped.startswith((b"[", b"{")) and is_json_head(stripped):
        return Format.JSON
    sample = text.decode("utf-8", errors="replace") if _is_utf8(text) else text.decode("cp1252", errors="replace")
    if csv_export.looks_like_csv(sample, whole=whole):
        return Format.CSV
    return _BY_SUFFIX.get(suffix, Format.TEXT)


def _utf8_head(head: bytes) -> bytes:
    """The head without its UTF-8 BOM; a UTF-16/32 head re-encoded as UTF-8.

    >>> _utf8_head("[CR]".encode("utf-16")), _utf8_head(b"\\xef\\xbb\\xbfid;nom")
    (b'[CR]', b'id;nom')
    """
    wide = wide_encoding(head)
    if wide is None:
        return head.removeprefix(b"\xef\xbb\xbf")
    decoder = codecs.getincrementaldecoder(wide)(errors="replace")
    return decoder.decode(head).removeprefix("\ufeff").encode("utf-8")


def _dump_dialect(text: bytes) -> Format | None:
    """MYSQL, POSTGRES or SQLITE_SCRIPT for a dump: a dump header comment, or statements
    that parse as SQL (``is_sql_head``); the dialect by its marks (``sql_dialect``)."""
    header = _DUMP_HEADER.search(text)
    if header is not None:
        return Format.MYSQL if header["mysql"] else Format.POSTGRES
    dialect = sql_dialect(text)
    return dialect if is_sql_head(text, _DIALECT_RULES[dialect]) else None


_DIALECT_RULES = {
    Format.MYSQL: mysql_dump.MYSQL, Format.POSTGRES: postgres_dump.POSTGRES,
    Format.SQLITE_SCRIPT: sqlite_script.SQLITE_SCRIPT,
}


DIALECT_BYTES = 1 << 20
"""How far a SQL script whose first ``SNIFF_BYTES`` tell no dialect (a licence comment, ``SET``
statements) is read to find one."""


def _starts_like_sql(text: bytes) -> bool:
    """A head that opens with a SQL comment or statement word.

    >>> _starts_like_sql(b"  -- licence"), _starts_like_sql(b"SET x = 1;"), _starts_like_sql(b"nom;prenom")
    (True, True, False)
    """
    stripped = text.lstrip()
    first = re.match(rb"[A-Za-z]+", stripped)
    return stripped.startswith((b"--", b"/*")) or (first is not None and first[0].upper() in SQL_STATEMENTS)


def _has_dialect_marks(text: bytes) -> bool:
    r"""Whether ``text`` holds anything ``sql_dialect`` tells a dialect by.

    >>> _has_dialect_marks(b"-- licence\nSET x = 1;"), _has_dialect_marks(b"CREATE TABLE `t` (id int);")
    (False, True)
    """
    return any(match.lastgroup not in ("string", "comment") or b"\\'" in match[0]
               for match in _DIALECT_MARKS.finditer(text))


def sql_dialect(text: bytes) -> Format:
    """The dialect of a SQL script by what only one dialect writes, outside literals and
    comments: MySQL for backtick names, ``/*!`` comments, ``ENGINE=``, ``REPLACE``,
    ``LOCK TABLES`` or a ``\\'`` escape; else SQLite for ``[bracket]`` names, ``PRAGMA``
    or ``AUTOINCREMENT``; else PostgreSQL for ``N'..'`` or ``E'..'`` literals, ``::``
    casts, ``"quoted"`` names, ``SERIAL``, ``COPY``, ``SET search_path`` or a psql ``\\c``
    command; else SQLite for ``BEGIN TRANSACTION``; else MySQL, whose rules read standard
    quoting too.

    >>> sql_dialect(b"CREATE TABLE t (id SERIAL);\\nINSERT INTO t VALUES (1, N'Guns N''Roses');")
    <Format.POSTGRES: 'postgres'>
    >>> sql_dialect(b"INSERT INTO t VALUES (1, N'O\\\\'Brien');"), sql_dialect(b"INSERT INTO t VALUES (1, 'x');")
    (<Format.MYSQL: 'mysql'>, <Format.MYSQL: 'mysql'>)
    >>> sql_dialect(b"INSERT INTO [Artist] VALUES (1, N'AC/DC');")
    <Format.SQLITE_SCRIPT: 'sqlite-script'>
    """
    marks = set()
    for match in _DIALECT_MARKS.finditer(text):
        kind = match.lastgroup
        if kind == "mysql" or (kind == "string" and b"\\'" in match["string"]):
            return Format.MYSQL
        marks.add(kind)
    for kind, dialect in (("sqlite", Format.SQLITE_SCRIPT), ("postgres", Format.POSTGRES),
                          ("transaction", Format.SQLITE_SCRIPT)):
        if kind in marks:
            return dialect
    return Format.MYSQL


class _StatementCheck(sql_dump.DumpParser):
    """A dump parser that notes the first word of each statement and counts the complete ones."""

    def __init__(self, lexer: sql_dump.Lexer) -> None:
        super().__init__(lexer)
        self.prose = False
        self.complete = 0

    def _on_statement_start(self, token: sql_dump.Token, word: bytes) -> Iterator:
        if word not in SQL_STATEMENTS and not self._is(token, b"\\"):
            self.prose = True
        return iter(())

    def _on_statement_end(self, start: int):
        self.complete += 1
        return self.prose
        yield  # a generator


def is_sql_head(text: bytes, dialect: sql_dump.Dialect) -> bool:
    """Whether the head of a file is SQL statements: every statement starts with a known
    word, and at least one is complete (or gave rows before the head's end).

    >>> from scanner.readers.mysql_dump import MYSQL
    >>> is_sql_head(b"DROP TABLE IF EXISTS p;\\nCREATE TABLE p (id int);\\nINSERT INTO p VALUES (1", MYSQL)
    True
    >>> is_sql_head(b"Begin consultation: M. DURAND, 45 ans.\\n", MYSQL)
    False
    >>> is_sql_head(b"SET x = 1;\\nPatient vu ce jour; RAS.\\n", MYSQL)
    False
    """
    check = _StatementCheck(sql_dump.Lexer(io.BytesIO(text), dialect))
    rows = sum(isinstance(item, sql_dump.Row) for item in check.parse())
    return not check.prose and (check.complete > 0 or rows > 0)


_JSON_LINES_CHECKED = 50


def is_jsonl_head(text: bytes, whole: bool = False) -> bool:
    """Whether a head is JSON Lines: its first line a JSON object, and most of its complete
    lines (the first ``_JSON_LINES_CHECKED``, blank ones aside) too (a bad line is the
    reader's to report).

    >>> is_jsonl_head(b'{"id": 1}\\n{"id": 2, "t": \\n{"id": 3}\\n{"id":'), is_jsonl_head(b'{Urgent} rappeler\\n', whole=True)
    (True, False)
    >>> is_jsonl_head(b'{\\n  "id": 1\\n}\\n', whole=True), is_jsonl_head(b'{"id": 1}\\nPatient vu\\n', whole=True)
    (False, False)
    """
    lines = text.splitlines(keepends=True)
    if not whole and lines and not lines[-1].endswith(b"\n"):
        lines.pop()  # cut by the end of the head
    lines = [line for line in lines[:_JSON_LINES_CHECKED] if line.strip()]
    objects = [_is_json_object(line) for line in lines]
    return bool(objects) and objects[0] and sum(objects) > len(objects) / 2


def _is_json_object(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except RecursionError:
        return line.lstrip().startswith(b"{")  # nested too deep, but JSON: the reader refuses it
    except ValueError:
        return False


_LITERAL_PREFIX = re.compile(r"-?\d*\.?\d*(?:[eE][-+]?\d*)?|t(?:r(?:ue?)?)?|f(?:a(?:l(?:se?)?)?)?|n(?:u(?:ll?)?)?")


def is_json_prefix(text: str) -> bool:
    """Whether ``text`` is the beginning (or the whole) of one JSON value.

    >>> is_json_prefix('{"id": 1, "nom": "RO'), is_json_prefix('{"id": 1, "ok": tr'), is_json_prefix('{"id": 1}')
    (True, True, True)
    >>> is_json_prefix('{Urgent} Rappeler'), is_json_prefix('{"id": 1} suite')
    (False, False)
    """
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        if error.msg.startswith("Unterminated string"):
            return True  # what comes before the string parsed
        if error.msg.startswith("Invalid \\uXXXX"):
            return len(text) - error.pos <= len("\\uXXXX")  # an escape cut by the end
        rest = text[error.pos:].rstrip()
        return not rest or _LITERAL_PREFIX.fullmatch(rest) is not None
    except RecursionError:
        return True  # deeply nested, but JSON: the reader refuses such a record
    return True


def is_json_head(text: bytes) -> bool:
    """Whether a head is a JSON array of objects (or a stream of objects) as far as it goes:
    each complete element an object, the one cut by the end of the head a valid prefix.

    >>> is_json_head(b'[\\n {"id": 1},\\n {"id": 2, "nom": "RO'), is_json_head(b'{\\n  "id": 1\\n}\\n')
    (True, True)
    >>> is_json_head(b'[CR du 12/03] Patient vu'), is_json_head(b'{Urgent} Rappeler Mme ROUX')
    (False, False)
    """
    elements = ArrayElements(io.BytesIO(text), "")
    cut = False
    for item in elements:
        if isinstance(item, ReadError):
            if "unexpected end of file" in item.message:
                cut = True
                break
            return False
        _, _, raw = item
        try:
            if not isinstance(json.loads(raw), dict):
                return False
        except RecursionError:
            continue  # deeply nested, but JSON: the reader refuses such a record
        except ValueError:
            return False
    return not cut or is_json_prefix(_rest(elements))


def _rest(elements) -> str:  # noqa: ANN001 - an ArrayElements walked to the head's end
    """The text of the element cut by the end of the head."""
    reader = elements.window
    return reader.buf[reader.pos:].decode("utf-8", errors="replace")


def _is_utf8(data: bytes) -> bool:
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _read_head(path: Path) -> tuple[bytes, bool]:
    try:
        return read_head(path, SNIFF_BYTES)
    except OSError as error:
        raise UnreadableFileError(f"{path}: {error.strerror or error}") from None


@dataclass
class InputFiles:
    """What walking the inputs found: the files to read, in order; the parts the walk could
    not read (each a ReadError); how many hidden entries and files that are not data
    (``NOT_DATA_SUFFIXES``) it left out."""

    files: list[Path] = field(default_factory=list)
    errors: list[ReadError] = field(default_factory=list)
    hidden: int = 0
    not_data: int = 0


def find_input_files(paths: Iterable[str | Path], include_hidden: bool = False,
                     include_other: bool = False) -> InputFiles:
    """Every file named by ``paths``, directories walked recursively in sorted order.

    In a walked directory, hidden entries (``.name``) are left out and counted unless
    ``include_hidden``, and so are files whose suffix says code, documents or images
    (``NOT_DATA_SUFFIXES``) unless ``include_other``; what cannot be read is a ReadError: a directory that cannot be
    listed, a broken or looping symbolic link, a symbolic link to a directory (not
    followed), a named pipe, device or socket (never opened: a pipe without a writer
    would block). Anything named in ``paths`` is read, whatever its kind; ``-`` is the
    standard input.

    >>> import tempfile, pathlib, os
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> for name in ("b.csv", "a/notes.txt", ".env", ".git/config", "gen.py", "README.md"):
    ...     (root / name).parent.mkdir(exist_ok=True); _ = (root / name).write_text("x")
    >>> os.mkfifo(root / "pipe")
    >>> found = find_input_files([root])
    >>> [str(p.relative_to(root)) for p in found.files], found.hidden, found.not_data
    (['a/notes.txt', 'b.csv'], 2, 2)
    >>> len(find_input_files([root], include_other=True).files)
    4
    >>> [e.message for e in found.errors]
    ['named pipe (FIFO): not opened while walking a directory; name it to read it']
    >>> len(find_input_files([root], include_hidden=True).files)
    4
    """
    found = InputFiles()
    for raw in paths:
        path = STDIN if str(raw) == "-" else Path(raw)
        if path.is_dir():
            _walk(path, include_hidden, include_other, found)
        elif path.exists():
            found.files.append(path)
        else:
            raise UsageError(f"{path}: no such file or directory")
    return found


STDIN = Path("/dev/stdin")

_SPECIAL_KINDS = (
    (stat.S_ISFIFO, "named pipe (FIFO)"), (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"), (stat.S_ISSOCK, "socket"),
)


def _walk(root: Path, include_hidden: bool, include_other: bool, found: InputFiles) -> None:
    """Depth first, entries in name order; a stack, not recursion: no depth limit."""
    stack = [_listing(root, found)]
    while stack:
        directory, entry = next(stack[-1], (None, None))
        if entry is None:
            stack.pop()
            continue
        path = directory / entry.name
        if entry.name.startswith(".") and not include_hidden:
            found.hidden += 1
            continue
        problem = _unwalkable(entry)
        if problem:
            found.errors.append(ReadError(str(path), None, problem))
        elif entry.is_dir():
            stack.append(_listing(path, found))
        elif not include_other and path.suffix.lower() in NOT_DATA_SUFFIXES:
            found.not_data += 1
        else:
            found.files.append(path)


def _listing(directory: Path, found: InputFiles) -> Iterator[tuple[Path, os.DirEntry]]:
    """The entries of ``directory`` in name order; none, and a ReadError, if it cannot be listed."""
    try:
        with os.scandir(directory) as it:
            entries = sorted(it, key=lambda entry: entry.name)
    except OSError as error:
        found.errors.append(ReadError(str(directory), None, f"directory cannot be listed: {error.strerror or error}; left out"))
        entries = []
    return ((directory, entry) for entry in entries)


def _unwalkable(entry: os.DirEntry) -> str | None:
    """Why the walk does not read ``entry``, or None for a regular file or a directory."""
    try:
        mode = entry.stat().st_mode
    except OSError as error:
        if entry.is_symlink():
            return f"broken symbolic link ({error.strerror or error}); left out"
        return f"{error.strerror or error}; left out"
    if stat.S_ISDIR(mode) and entry.is_symlink():
        return "symbolic link to a directory, not followed; name it to read it"
    for is_kind, kind in _SPECIAL_KINDS:
        if is_kind(mode):
            return f"{kind}: not opened while walking a directory; name it to read it"
    return None


Chunk = list  # of Record | ReadError, or a csv_export.CsvChunk
"""Consecutive items of one file, as ``read_chunks`` gives them (``items_of``)."""


SQL_DIALECTS = {
    Format.MYSQL: mysql_dump.MYSQL, Format.POSTGRES: postgres_dump.POSTGRES, Format.SQLITE_SCRIPT: sqlite_script.SQLITE_SCRIPT,
}


def known_formats(paths: Sequence[Path], format: Format | None = None) -> list[tuple[Path, Format]]:
    """Each file with its format (``format`` when given), leaving out the ones whose
    format cannot be told (they are reported when read)."""
    known = []
    for path in paths:
        try:
            known.append((path, format or detect_format(path)))
        except (OSError, UnreadableFileError):
            continue
    return known


def declared_schemas(files: Sequence[tuple[Path, Format]], encoding: str | None = None,
                     ) -> dict[Format, dict[str, sql_dump.Table]]:
    """The tables the SQL dumps among ``files`` declare, per dialect, when there are two
    dumps or more: a run reads them before any row, so that the rows of one file (``INSERT``
    without a column list, ``COPY``) follow the ``CREATE TABLE`` of another (a schema file
    and a data file). A file that cannot be read declares nothing (it is reported when its
    rows are read).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "schema.sql").write_text("CREATE TABLE t (nom text, n int);")
    >>> _ = (folder / "data.sql").write_text("INSERT INTO t VALUES ('Durand', 1);")
    >>> files = [(folder / name, Format.POSTGRES) for name in ("data.sql", "schema.sql")]
    >>> declared_schemas(files)[Format.POSTGRES]["t"].columns
    ['nom', 'n']
    """
    dumps = [(path, chosen) for path, chosen in files if chosen in SQL_DIALECTS]
    schemas: dict[Format, dict[str, sql_dump.Table]] = {}
    if len(dumps) < 2:
        return schemas
    for path, chosen in dumps:
        try:
            opened = open_decoded(path, encoding)
            if isinstance(opened, ReadError):
                continue
            fp, decoded_as = opened
            with fp:
                schemas.setdefault(chosen, {}).update(sql_dump.declared_tables(fp, SQL_DIALECTS[chosen], decoded_as))
        except (OSError, EOFError):
            continue
    return schemas


def items_of(chunk: Chunk | csv_export.CsvChunk) -> list[Record | ReadError]:
    """The records and ReadErrors of a chunk (a CSV chunk's rows are split here)."""
    return chunk.items() if isinstance(chunk, csv_export.CsvChunk) else chunk


def read_records(
    path: str | Path,
    format: Format | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> Iterator[Record | ReadError]:
    """Records of one file, and a ReadError for each part that cannot be read.

    A file that cannot be read at all yields a single ReadError. ``delimiter`` is for CSV;
    given without a format, it makes a file that is not recognised otherwise a CSV.
    """
    for chunk in read_chunks(path, READ_AHEAD, format, encoding, delimiter):
        yield from items_of(chunk)


READ_AHEAD = 256
"""Items read before ``read_records`` yields them (a CSV file's rows are split by chunk)."""


def read_chunks(
    path: str | Path,
    size: int,
    format: Format | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    tables: Mapping[str, sql_dump.Table] | None = None,
) -> Iterator[Chunk | csv_export.CsvChunk]:
    """``read_records`` in consecutive chunks of ``size`` items, read as they come; ``tables``
    of a dump are those declared in the run's other files (``declared_schemas``).

    A CSV file gives ``CsvChunk``s: its rows are found but not split into cells, which
    ``items_of`` does wherever the chunk is analysed (a worker process, in a parallel scan).
    """
    path = Path(path)
    source = str(path)
    if delimiter is not None:
        delimiter = csv_export.normalize_delimiter(delimiter)  # a usage error, whatever the file
    try:
        with read_once(path):
            yield from _read_chunks(path, size, format, encoding, delimiter, tables)
    except OSError as error:  # a pipe that cannot be opened, or nobody writes to
        yield [ReadError(source, None, error.strerror or str(error))]


def _read_chunks(path: Path, size: int, format: Format | None, encoding: str | None,
                 delimiter: str | None, tables: Mapping[str, sql_dump.Table] | None = None,
                 ) -> Iterator[Chunk | csv_export.CsvChunk]:
    source = str(path)
    try:
        head, compressed = _read_head(path)
        if not head:
            yield [ReadError(source, None, "empty file")]
            return
        chosen = format or _detect(path, head, compressed)
    except UnreadableFileError as error:
        yield [ReadError(source, None, str(error).removeprefix(f"{path}: "))]
        return
    if format is None and delimiter is not None and chosen is Format.TEXT:
        chosen = Format.CSV
    if compressed and chosen in _BINARY_FORMATS:
        yield [ReadError(source, None, f"gzip-compressed {chosen.value} file: decompress it first")]
        return
    if chosen in _BINARY_FORMATS and is_stream(path):
        yield [ReadError(source, None, f"a {chosen.value} file cannot be read from a pipe: save it to a file first")]
        return
    if chosen is Format.CSV:
        for chunk in guarded(csv_export.read_csv_chunks(path, size, encoding, delimiter), source):
            yield [chunk] if isinstance(chunk, ReadError) else chunk
        return
    encoding = encoding or wide_encoding(head)
    if chosen in (Format.TEXT, Format.JSONL, Format.JSON):
        reader = _READERS[chosen](path, encoding or "utf-8")
    elif chosen in SQL_DIALECTS:
        reader = _READERS[chosen](path, encoding, tables)
    else:
        reader = _READERS[chosen](path, encoding)
    if chosen is Format.TEXT:
        size = 1  # a big text file's records are up to 1 MiB each (text.RECORD_BYTES)
    yield from chunked(guarded(reader, source), size)


_READERS = {
    Format.TEXT: text.read_text,
    Format.JSONL: jsonl.read_jsonl,
    Format.JSON: json_array.read_json,
    Format.MYSQL: mysql_dump.read_mysql,
    Format.POSTGRES: postgres_dump.read_postgres,
    Format.SQLITE: sqlite_db.read_sqlite,
    Format.SQLITE_SCRIPT: sqlite_script.read_sqlite_script,
    Format.PARQUET: parquet.read_parquet,
}
