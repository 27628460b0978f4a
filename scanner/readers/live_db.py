"""Live databases: ``postgresql://``, ``mysql://`` / ``mariadb://`` and ``sqlite:///`` URLs.

Read-only and streaming: the tables and their columns, types and primary keys come from the
server's catalog; each table is read in one read-only transaction through a server-side
cursor (psycopg named cursor, PyMySQL ``SSCursor``) in batches of ``BATCH`` rows, so memory
stays flat whatever the table's size. At most ``max_connections`` connections are open at
once: tables are read ahead by as many threads, and their records are yielded in catalog
order (the output does not depend on the number).

Records are those a scan of a plain dump of the same database gives: values as the server
prints them (PostgreSQL's text output, as ``COPY`` writes it; MySQL's text protocol, binary
values as text only when they are UTF-8 text), boolean and ``ENUM``/``SET`` columns left
out, the primary key as record id (else the 1-based row number), tables of the ``public``
schema without their schema. The source is the URL without its password: a password is
never printed, logged or written to a report.

The drivers are an optional extra (``pip install 'vigie[db]'``); SQLite needs none.

>>> import sqlite3, tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "cabinet.db"
>>> db = sqlite3.connect(path); _ = db.execute("CREATE TABLE p (id INTEGER PRIMARY KEY, nom TEXT)")
>>> _ = db.execute("INSERT INTO p VALUES (7, 'ROUX')"); db.commit(); db.close()
>>> [(r.table, r.record, r.fields) for r in read_database(f"sqlite:///{path}")]
[('p', '7', {'id': '7', 'nom': 'ROUX'})]
"""

from __future__ import annotations

import fnmatch
import os
import queue
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

from scanner.errors import UsageError
from scanner.models import ReadError, Record
from scanner.readers import sqlite_db
from scanner.readers.postgres_dump import table_name
from scanner.readers.sources import binary_to_text
from scanner.readers.sql_types import BOOLEAN, CHOICE, type_kind

SCHEMES = {"postgresql": "postgres", "postgres": "postgres", "mysql": "mysql", "mariadb": "mysql", "sqlite": "sqlite"}
"""URL schemes (a SQLAlchemy ``+driver`` suffix is ignored) and the server kind they name."""
BATCH = 2000
"""Rows fetched from a server-side cursor at a time."""
READ_AHEAD_BATCHES = 4
"""Batches a table read ahead of the one being scanned may hold (bounded memory)."""
INSTALL_HINT = "install the database drivers: pip install 'vigie[db]'"
PASSWORD_OPTIONS = frozenset({"password", "passwd", "pass", "pwd"})
"""URL options (percent-decoded, any case) that hold a password for libpq or PyMySQL, or
look as if they did: never shown, never handed to a driver in a URL."""


def is_password_option(key: str) -> bool:
    """Whether a URL query key, as written, names a password once percent-decoded.

    >>> is_password_option("pass%77ord"), is_password_option("PASSWD"), is_password_option("sslmode")
    (True, True, False)
    """
    return unquote(key.replace("+", " ")).strip().lower() in PASSWORD_OPTIONS


def is_database_url(text: str) -> bool:
    """Whether a scan input is a database URL rather than a path.

    >>> is_database_url("postgresql://scan@db.local/cabinet"), is_database_url("mysql+pymysql://u@h/db")
    (True, True)
    >>> is_database_url("exports/patients.csv"), is_database_url("C:/exports/p.csv")
    (False, False)
    """
    scheme, separator, _ = str(text).partition("://")
    return bool(separator) and scheme.split("+")[0].lower() in SCHEMES


@dataclass(frozen=True)
class DatabaseOptions:
    """How live databases are read: table patterns (``schema.table`` globs; a pattern without
    a dot matches the table name), rows per table (``sample``: a random sample where the
    server can, else the first rows), connections, the statement timeout in seconds, and a
    password (``--password-prompt``) that the URL and the usual files do not give."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    sample: int | None = None
    max_connections: int = 2
    statement_timeout: float = 60.0
    password: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class DatabaseUrl:
    """A parsed database URL; ``shown`` is the URL without its password."""

    kind: str
    url: str
    user: str | None
    password: str | None = field(repr=False)
    host: str | None
    port: int | None
    database: str | None
    query: dict[str, str]

    @property
    def shown(self) -> str:
        """The URL with its password removed (after the user, or as a password option,
        however its key is written); what drivers are given, the password apart.

        >>> parse_url("postgresql://scan:s3cret@db.local:5433/cabinet?sslmode=require").shown
        'postgresql://scan@db.local:5433/cabinet?sslmode=require'
        >>> parse_url("postgresql://scan@/cabinet?host=/run/postgresql&pass%77ord=s3cret").shown
        'postgresql://scan@/cabinet?host=/run/postgresql'
        """
        parts = urlsplit(self.url)
        credentials, at, place = parts.netloc.rpartition("@")
        options = [item for item in parts.query.split("&") if not is_password_option(item.partition("=")[0])]
        if not (at and ":" in credentials) and len(options) == len(parts.query.split("&")):
            return self.url  # as written (urlunsplit would drop the // of sqlite:///)
        if at and ":" in credentials:
            parts = parts._replace(netloc=f"{credentials.partition(':')[0]}@{place}")
        return urlunsplit(parts._replace(query="&".join(options)))

    @property
    def option_password(self) -> str | None:
        """The password given as a URL option (``?password=``, ``?pass%77ord=``...), else None.

        >>> parse_url("mysql://scan@db/cabinet?passwd=s3cret").option_password
        's3cret'
        """
        return next((value for key, value in self.query.items() if is_password_option(key)), None)

    @property
    def secrets(self) -> tuple[str, ...]:
        """Every form of the URL's passwords, as written and percent-decoded, the longest
        first: what messages must never show.

        >>> parse_url("postgresql://u:S3cret%41Pw%zz@h/db").secrets
        ('S3cret%41Pw%zz', 'S3cretAPw%zz')
        """
        parts = urlsplit(self.url)
        credentials, at, _ = parts.netloc.rpartition("@")
        raw = [credentials.partition(":")[2]] if at and ":" in credentials else []
        raw += [item.partition("=")[2] for item in parts.query.split("&") if is_password_option(item.partition("=")[0])]
        forms = {form for value in raw for form in (value, unquote(value), unquote(value.replace("+", " "))) if form}
        return tuple(sorted(forms, key=lambda form: (-len(form), form)))

    @property
    def server(self) -> str:
        """The server as messages name it: host and port, socket, or file.

        >>> parse_url("mysql://u@/cabinet?unix_socket=/run/mysqld/mysqld.sock").server
        '/run/mysqld/mysqld.sock'
        """
        if self.kind == "sqlite":
            return self.database or ""
        socket = self.query.get("unix_socket") or self.query.get("host")
        if socket:
            return socket
        host = self.host or "localhost"
        return f"{host}:{self.port}" if self.port else host


def parse_url(url: str) -> DatabaseUrl:
    """A database URL in its parts (``UsageError`` for one that is not).

    >>> target = parse_url("mariadb://scan:pw@10.0.0.5:3307/cabinet")
    >>> target.kind, target.user, target.host, target.port, target.database
    ('mysql', 'scan', '10.0.0.5', 3307, 'cabinet')
    >>> parse_url("sqlite:///exports/cabinet.db").database
    'exports/cabinet.db'
    """
    try:
        parts = urlsplit(url)
    except ValueError as error:  # "Invalid IPv6 URL": an unclosed [
        raise UsageError(f"{_shown_netloc(url)}: {error} (database URL)") from None
    kind = SCHEMES.get(parts.scheme.split("+")[0].lower())
    if kind is None:
        raise UsageError(f"{url}: not a database URL (postgresql://, mysql://, mariadb:// or sqlite:///)")
    try:
        port = parts.port
    except ValueError:
        raise UsageError(f"{_shown_netloc(url)}: bad port in database URL") from None
    database = unquote(parts.path[1:]) if kind == "sqlite" else (unquote(parts.path.lstrip("/")) or None)
    if kind == "sqlite" and not database:
        raise UsageError(f"{url}: name the database file, e.g. sqlite:///path/to/file.db")
    return DatabaseUrl(
        kind, url, unquote(parts.username) if parts.username else None,
        unquote(parts.password) if parts.password is not None else None,
        parts.hostname, port, database, dict(parse_qsl(parts.query)),
    )


def _shown_netloc(url: str) -> str:
    """The URL without what is between the user and the last ``@`` (as urllib splits it)
    nor any query: for messages about a URL that cannot be parsed."""
    scheme, _, rest = url.partition("://")
    rest = rest.partition("?")[0]
    credentials, at, place = rest.rpartition("@")
    return f"{scheme}://{credentials.partition(':')[0]}@{place}" if at else f"{scheme}://{rest}"


def shown_url(url: str) -> str:
    """The URL as reports and messages show it: without its password.

    >>> shown_url("mysql://scan:pw@db/cabinet"), shown_url("sqlite:///cabinet.db")
    ('mysql://scan@db/cabinet', 'sqlite:///cabinet.db')
    """
    return parse_url(url).shown


def is_selected(qualified: str, name: str, options: DatabaseOptions) -> bool:
    """Whether a table is read: it matches an ``include`` pattern (when any) and no ``exclude``
    one; a pattern with a dot matches ``schema.table``, one without matches the table name.

    >>> options = DatabaseOptions(include=("public.*",), exclude=("*_log",))
    >>> is_selected("public.patients", "patients", options), is_selected("public.acces_log", "acces_log", options)
    (True, False)
    >>> is_selected("audit.patients", "patients", options)
    False
    """
    def matches(pattern: str) -> bool:
        return fnmatch.fnmatchcase(qualified if "." in pattern else name, pattern)

    return (not options.include or any(map(matches, options.include))) and not any(map(matches, options.exclude))


@dataclass
class LiveTable:
    """A table as the catalog describes it: ``name`` as records name it, ``columns`` read
    (in order; ``left_out`` are boolean and choice columns), primary ``key`` and the server's
    row ``estimate`` (None when unknown)."""

    schema: str
    table: str
    name: str
    columns: list[str]
    left_out: frozenset[str]
    key: list[str]
    estimate: int | None
    type_ids: tuple[int, ...] = ()

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.table}"


def left_out_columns(types: dict[str, str]) -> frozenset[str]:
    """Columns never personal, left out of records as the dump readers do: boolean, ``ENUM``, ``SET``.

    >>> sorted(left_out_columns({"actif": "boolean", "sexe": "enum('F','M')", "nom": "varchar(40)"}))
    ['actif', 'sexe']
    """
    return frozenset(name for name, declared in types.items() if type_kind(declared) in (BOOLEAN, CHOICE))


class _Backend:
    """What differs between servers: connecting, the catalog, reading one table."""

    errors: tuple[type[BaseException], ...] = ()

    def __init__(self, target: DatabaseUrl, options: DatabaseOptions) -> None:
        self.target = target
        self.options = options

    def connect(self):  # noqa: ANN201 - a DB-API connection
        raise NotImplementedError

    def tables(self, connection) -> list[LiveTable]:
        raise NotImplementedError

    def batches(self, connection, table: LiveTable) -> Iterator[Sequence[tuple]]:
        raise NotImplementedError

    def cell(self, value: object) -> tuple[str | None, str | None]:
        """``(text, problem)`` of one value as the dump reader gives it."""
        if value is None:
            return None, None
        if isinstance(value, bytes | bytearray | memoryview):
            return binary_to_text(bytes(value)), None
        return str(value), None


class _Postgres(_Backend):
    def __init__(self, target: DatabaseUrl, options: DatabaseOptions) -> None:
        super().__init__(target, options)
        import psycopg

        self.psycopg = psycopg
        self.errors = (psycopg.Error,)

    def connect(self):
        psycopg = self.psycopg
        target = self.target
        url = "postgresql://" + target.shown.partition("://")[2]  # libpq never sees the password as written
        password = next((p for p in (self.options.password, target.password, target.option_password) if p is not None), None)
        extra = {"password": password} if password is not None else {}
        connection = psycopg.connect(url, connect_timeout=max(1, int(self.options.statement_timeout)),
                                     application_name="vigie", **extra)
        connection.read_only = True
        connection.execute("SELECT set_config('statement_timeout', %s, false)",
                           [str(int(self.options.statement_timeout * 1000))])
        connection.commit()
        return connection

    def tables(self, connection) -> list[LiveTable]:
        listed = connection.execute(
            "SELECT c.oid, n.nspname, c.relname, c.reltuples::bigint FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE c.relkind = 'r' AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'"
            # an extension's own tables (PostGIS spatial_ref_sys...) are not in a dump either
            " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass"
            " AND d.objid = c.oid AND d.deptype = 'e')"
            " ORDER BY n.nspname, c.relname"
        ).fetchall()
        found = []
        for oid, schema, name, estimate in listed:
            columns = connection.execute(
                "SELECT attname, CASE WHEN t.typtype = 'e' THEN 'enum' ELSE format_type(atttypid, atttypmod) END,"
                " atttypid FROM pg_attribute JOIN pg_type t ON t.oid = atttypid"
                " WHERE attrelid = %s AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum",
                [oid],
            ).fetchall()
            key = [row[0] for row in connection.execute(
                "SELECT a.attname FROM pg_index i, unnest(i.indkey) WITH ORDINALITY AS k(attnum, position),"
                " pg_attribute a WHERE i.indrelid = %s AND i.indisprimary AND a.attrelid = i.indrelid"
                " AND a.attnum = k.attnum ORDER BY k.position",
                [oid],
            )]
            found.append(LiveTable(
                schema, name, table_name([schema, name]), [row[0] for row in columns],
                left_out_columns({row[0]: row[1] for row in columns}), key,
                estimate if estimate >= 0 else None, tuple(row[2] for row in columns),
            ))
        connection.commit()
        return found

    def batches(self, connection, table: LiveTable) -> Iterator[Sequence[tuple]]:
        from psycopg import sql
        from psycopg.types.string import TextLoader

        for type_id in table.type_ids:  # every value as the server prints it, as COPY writes it
            connection.adapters.register_loader(type_id, TextLoader)
        query = sql.SQL("SELECT {} FROM {}").format(
            sql.SQL(", ").join(map(sql.Identifier, table.columns)), sql.Identifier(table.schema, table.table))
        if self.options.sample is not None:
            query = sql.SQL("{} ORDER BY random() LIMIT {}").format(query, sql.Literal(self.options.sample))
        with connection.transaction(), connection.cursor(name="vigie_scan") as cursor:
            cursor.execute(query)
            while batch := cursor.fetchmany(BATCH):
                yield batch


class _Mysql(_Backend):
    def __init__(self, target: DatabaseUrl, options: DatabaseOptions) -> None:
        super().__init__(target, options)
        import pymysql

        self.pymysql = pymysql
        self.errors = (pymysql.Error,)
        charset = target.query.get("charset")
        if charset is not None and pymysql.charset.charset_by_name(charset) is None:
            raise UsageError(f"{target.shown}: unknown MySQL charset {charset!r}")

    def connect(self):
        pymysql = self.pymysql
        target, query = self.target, self.target.query
        option_file = Path(query.get("read_default_file", "~/.my.cnf")).expanduser()
        password = next((p for p in (self.options.password, target.password, target.option_password) if p is not None), None)
        if password is None:
            password = os.environ.get("MYSQL_PWD")
        settings = {
            "host": target.host or "localhost", "port": target.port or 3306, "user": target.user,
            "database": target.database, "unix_socket": query.get("unix_socket"),
            "charset": query.get("charset", "utf8mb4"), "connect_timeout": max(1, int(self.options.statement_timeout)),
            # no decoders: every value as the server sends it in text, as mysqldump writes it
            "conv": {kind: encode for kind, encode in pymysql.converters.conversions.items() if not isinstance(kind, int)},
            "autocommit": False,
        }
        if option_file.is_file():
            settings["read_default_file"] = str(option_file)
        if password is not None:
            settings["password"] = password
        connection = pymysql.connect(**{key: value for key, value in settings.items() if value is not None})
        with connection.cursor() as cursor:
            seconds = max(1, int(self.options.statement_timeout))
            cursor.execute("SET SESSION lock_wait_timeout = %s, SESSION net_write_timeout = 600", [seconds])
            for variable, value in (("max_statement_time", seconds), ("max_execution_time", seconds * 1000)):
                try:  # MariaDB, then MySQL; the catalog's statements only (reset before a table is read)
                    cursor.execute(f"SET SESSION {variable} = %s", [value])
                    self.timeout_variable = variable
                    break
                except pymysql.Error:
                    continue
        return connection

    def tables(self, connection) -> list[LiveTable]:
        with connection.cursor() as cursor:
            where = "TABLE_SCHEMA = DATABASE()" if self.target.database else (
                "TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')")
            cursor.execute(f"SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_ROWS FROM information_schema.TABLES"
                           f" WHERE TABLE_TYPE = 'BASE TABLE' AND {where} ORDER BY TABLE_SCHEMA, TABLE_NAME")
            listed = cursor.fetchall()
            found = []
            for schema, name, estimate in listed:
                cursor.execute("SELECT COLUMN_NAME, COLUMN_TYPE FROM information_schema.COLUMNS"
                               " WHERE TABLE_SCHEMA = %s AND TABLE_NAME = %s ORDER BY ORDINAL_POSITION", [schema, name])
                columns = cursor.fetchall()
                cursor.execute("SELECT COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE CONSTRAINT_NAME"
                               " = 'PRIMARY' AND TABLE_SCHEMA = %s AND TABLE_NAME = %s ORDER BY ORDINAL_POSITION",
                               [schema, name])
                key = [row[0] for row in cursor.fetchall()]
                found.append(LiveTable(
                    schema, name, name if self.target.database else f"{schema}.{name}", [row[0] for row in columns],
                    left_out_columns({row[0]: row[1] for row in columns}), key,
                    int(estimate) if estimate is not None else None,
                ))
        connection.commit()
        return found

    def batches(self, connection, table: LiveTable) -> Iterator[Sequence[tuple]]:
        def quoted(name: str) -> str:
            return "`" + name.replace("`", "``") + "`"

        query = (f"SELECT {', '.join(map(quoted, table.columns))} FROM {quoted(table.schema)}.{quoted(table.table)}")
        if self.options.sample is not None:
            query += f" ORDER BY RAND() LIMIT {int(self.options.sample)}"
        with connection.cursor() as cursor:
            if getattr(self, "timeout_variable", None):
                cursor.execute(f"SET SESSION {self.timeout_variable} = 0")  # the read streams for as long as it takes
            cursor.execute("START TRANSACTION READ ONLY")
        cursor = connection.cursor(self.pymysql.cursors.SSCursor)
        try:
            cursor.execute(query)
            while batch := cursor.fetchmany(BATCH):
                yield batch
            cursor.close()
            connection.commit()
        except BaseException:
            cut = getattr(cursor, "_result", None)
            if cut is not None and not connection.open:
                # PyMySQL would read the rest of a cut result from its closed socket when collected
                cut.unbuffered_active = False
            for cleanup in (cursor.close, connection.rollback):
                try:
                    cleanup()
                except Exception:  # noqa: BLE001 - the connection is lost: the server ends the transaction
                    pass
            raise


class _Sqlite(_Backend):
    errors = (sqlite3.Error,)

    def connect(self):
        path = Path(self.target.database)
        if not path.is_file():
            raise sqlite3.OperationalError("no such file")
        connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True,
                                     timeout=self.options.statement_timeout, check_same_thread=False)
        connection.text_factory = bytes
        return connection

    def tables(self, connection) -> list[LiveTable]:
        found = []
        names = [_text(name) for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid")]
        for name in names:
            info = connection.execute(f"PRAGMA table_info({sqlite_db.quote_name(name)})").fetchall()
            key = [_text(row[1]) for row in sorted((row for row in info if row[5]), key=lambda row: row[5])]
            found.append(LiveTable("main", name, name, [_text(row[1]) for row in info], frozenset(), key, None))
        return found

    def batches(self, connection, table: LiveTable) -> Iterator[Sequence[tuple]]:
        query = f"SELECT * FROM {sqlite_db.quote_name(table.table)}"
        if self.options.sample is not None:
            query += f" ORDER BY random() LIMIT {int(self.options.sample)}"
        connection.execute("BEGIN")
        try:
            cursor = connection.execute(query)
            while batch := cursor.fetchmany(BATCH):
                yield batch
        finally:
            connection.rollback()

    def cell(self, value: object) -> tuple[str | None, str | None]:
        return sqlite_db.cell_text(value, "utf-8")


def _text(name: object) -> str:
    return name.decode("utf-8", errors="replace") if isinstance(name, bytes) else str(name)


def _backend(target: DatabaseUrl, options: DatabaseOptions) -> _Backend:
    """The backend of ``target``; ``UsageError`` with the install hint without its driver."""
    if target.kind == "sqlite":
        return _Sqlite(target, options)
    try:
        return (_Postgres if target.kind == "postgres" else _Mysql)(target, options)
    except ImportError:
        driver = "psycopg" if target.kind == "postgres" else "PyMySQL"
        raise UsageError(f"{target.shown}: reading a live database needs {driver}; {INSTALL_HINT}") from None


def check_drivers(urls: Sequence[str]) -> None:
    """``UsageError`` (exit 2) for a bad database URL or one whose driver is missing, before a scan starts."""
    for url in urls:
        _backend(parse_url(url), DatabaseOptions())


TableCallback = Callable[[str, str, int | None], None]
"""``on_table(source, table, row_estimate)``, called as each table starts."""


def read_database(url: str, options: DatabaseOptions = DatabaseOptions(),
                  on_table: TableCallback | None = None) -> Iterator[Record | ReadError]:
    """Records of every selected table of the database at ``url``; a ReadError for a server
    that cannot be reached, a table that cannot be read (skipped) or is cut short (partial)."""
    target = parse_url(url)
    backend = _backend(target, options)
    source = target.shown
    try:
        connection = backend.connect()
    except backend.errors as error:
        yield ReadError(source, None, f"cannot connect to {target.server}: {_message(error, backend)}")
        return
    try:
        tables = [table for table in backend.tables(connection)
                  if is_selected(table.qualified, table.table, options)]
    except backend.errors as error:
        yield ReadError(source, None, f"cannot read the catalog of {target.server}: {_message(error, backend)}")
        return
    finally:
        connection.close()
    yield from _TableReader(backend, source, on_table).read(tables)


def _message(error: BaseException, backend: _Backend) -> str:
    """The first line of a driver's error, any password in it hidden (as written and decoded)."""
    target = backend.target
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    text = " ".join(lines[:2]) if lines else type(error).__name__
    for secret in (*target.secrets, backend.options.password, os.environ.get("PGPASSWORD"), os.environ.get("MYSQL_PWD")):
        if secret:
            text = text.replace(secret, "***")
    return text


_END = object()


class _TableReader:
    """Reads tables ahead in up to ``max_connections`` threads, each with its own connection,
    into bounded queues; yields their records in table order."""

    def __init__(self, backend: _Backend, source: str, on_table: TableCallback | None) -> None:
        self.backend = backend
        self.source = source
        self.on_table = on_table
        self.local = threading.local()
        self.connections: list = []
        self.lock = threading.Lock()
        self.stop = threading.Event()

    def read(self, tables: list[LiveTable]) -> Iterator[Record | ReadError]:
        workers = max(1, self.backend.options.max_connections)
        with ThreadPoolExecutor(workers, thread_name_prefix="vigie-db") as pool:
            queues = [queue.Queue(READ_AHEAD_BATCHES) for _ in tables]
            for table, batches in zip(tables, queues):
                pool.submit(self._fill, table, batches)
            try:
                for table, batches in zip(tables, queues):
                    if self.on_table:
                        self.on_table(self.source, table.name, table.estimate)
                    yield from self._records(table, batches)
            finally:
                self.stop.set()
        for connection in self.connections:
            try:
                connection.close()
            except Exception:  # noqa: BLE001 - a lost connection cannot be closed cleanly
                pass

    def _records(self, table: LiveTable, batches: queue.Queue) -> Iterator[Record | ReadError]:
        number = 0
        while (item := batches.get()) is not _END:
            if isinstance(item, ReadError):
                yield item
                continue
            for row in item:
                number += 1
                fields: dict[str, str] = {}
                for column, value in zip(table.columns, row):
                    if column in table.left_out:
                        continue
                    text, problem = self.backend.cell(value)
                    if problem:
                        yield ReadError(self.source, None, f"{table.name}, row {number}, column {column!r}: {problem}")
                    if text is not None:
                        fields[column] = text
                record = str(number)
                if table.key and all(column in fields for column in table.key):
                    record = ",".join(fields[column] for column in table.key)
                yield Record(source=self.source, table=table.name, record=record, fields=fields, line=None)

    def _put(self, batches: queue.Queue, item: object) -> bool:
        """Put ``item`` unless the reading stopped (the scan ended early); whether it was put."""
        while not self.stop.is_set():
            try:
                batches.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def _fill(self, table: LiveTable, batches: queue.Queue) -> None:
        backend, rows = self.backend, 0
        try:
            connection = self._connection()
            for batch in backend.batches(connection, table):
                rows += len(batch)
                if not self._put(batches, batch):
                    return
        except Exception as error:  # noqa: BLE001 - a driver's error, or a value it cannot decode: reported
            self._drop_connection()
            what = "skipped" if rows == 0 else f"partial, {rows} rows read"
            self._put(batches, ReadError(self.source, None, f"{backend.target.server}, table {table.name}: "
                                                            f"{_message(error, backend)}; {what}"))
        finally:
            self._put(batches, _END)

    def _connection(self):  # noqa: ANN202 - this thread's connection
        connection = getattr(self.local, "connection", None)
        if connection is None:
            connection = self.backend.connect()
            self.local.connection = connection
            with self.lock:
                self.connections.append(connection)
        return connection

    def _drop_connection(self) -> None:
        """Forget this thread's connection after an error: the next table opens a new one."""
        connection = getattr(self.local, "connection", None)
        self.local.connection = None
        if connection is not None:
            try:
                connection.close()
            except Exception:  # noqa: BLE001 - already lost
                pass
