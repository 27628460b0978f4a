"""Round trip of a redacted dump through a real database: what must survive redaction.

Given a dump (``DumpCase``: a file or a directory, its dialect, its personal columns) and a
redacted copy of it, ``compare`` loads each into a fresh database (PostgreSQL or MariaDB of
``servers.py``, SQLite through Python's ``sqlite3``, or a JSON document of tables read as
is) and returns a ``RoundTrip`` whose methods list, as readable lines, what differs:

- ``row_count_changes``: tables (and partitions) whose row count differs;
- ``new_load_errors``: each error line of the redacted load that the original does not have;
- ``new_orphans``: rows that point at a missing row, per foreign key of the original;
- ``schema_changes``: tables, columns, types, nullability, defaults, constraints, indexes,
  partitions and custom types;
- ``code_changes``: routines, triggers and views whose definition differs;
- ``changed_non_personal``: cells of non-personal columns that differ, row by row, rows
  joined on the primary key (on their position when the table has none);
- ``personal_left``: personal columns where 2% or more of the values stayed in their row
  (equal to, or inside, a personal cell of the same row once redacted), masked samples.

For a generated dump (fixtures, session servers of ``conftest.py``)::

    case = DumpCase("cabinet", FIXTURES / "dump_mysql.sql", "mariadb", {"patients": ["nom", "prenom"]})
    copy, summary = redact_once(case, tmp_path, KEY, detector)
    roundtrip = compare(case, copy, mariadb_server)
    assert not roundtrip.changed_non_personal(), "\\n".join(roundtrip.changed_non_personal())

A script's own ``CREATE DATABASE``/``DROP DATABASE``/``USE``/``\\c`` lines are left out so
that each copy loads into a database of its own; MariaDB gets ``utf8mb4_general_ci`` for MySQL
8's ``utf8mb4_0900_ai_ci`` collations (it has none), in both copies alike.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
from collections import Counter
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from scanner.masking import mask
from scanner.redact import pipeline
from scanner.redact.pipeline import RedactSummary, redact_path
from scanner.redact.policy import RedactionPolicy
from tests.redact.servers import TIMEOUT, Server, run

LEFT_IN_ROW_LIMIT = 0.02
SAMPLES = 3

Cell = str | None  # a value as its database renders it as text; None for NULL


@dataclass(frozen=True)
class DumpCase:
    """A dump to redact and load: ``source`` is a file or a directory (``files``: which of
    its files to load, in this order); ``dialect`` one of ``postgres``, ``mariadb``,
    ``sqlite-script``, ``sqlite`` (a database file) or ``json`` (a document of tables);
    ``personal`` maps table names to their personal columns (case-insensitive, without the
    schema). Every other column must come out of redaction unchanged."""

    name: str
    source: Path
    dialect: str
    personal: Mapping[str, Collection[str]]
    files: tuple[str, ...] = ()

    def paths(self, root: Path) -> list[Path]:
        """The files to load, in order, of ``root`` (the source or its redacted copy).

        >>> DumpCase("pagila", Path("pagila"), "postgres", {}, ("schema.sql", "data.sql")).paths(Path("copy"))
        [PosixPath('copy/schema.sql'), PosixPath('copy/data.sql')]
        """
        return [root / name for name in self.files] if self.files else [root]


@dataclass
class Table:
    columns: list[str]
    key: list[str]  # primary-key columns; empty: rows are matched by position
    count: int
    rows: list[tuple[Cell, ...]] | None  # None: a partition, its rows are read from its parent


@dataclass(frozen=True)
class ForeignKey:
    name: str
    table: str
    columns: tuple[str, ...]
    parent: str
    parent_columns: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.table}({', '.join(self.columns)}) -> {self.parent}({', '.join(self.parent_columns)})"


@dataclass
class Snapshot:
    """What a loaded database holds, as compared by ``RoundTrip``."""

    errors: list[str] = field(default_factory=list)
    tables: dict[str, Table] = field(default_factory=dict)
    schema: set[str] = field(default_factory=set)
    code: dict[str, str] = field(default_factory=dict)
    foreign_keys: list[ForeignKey] = field(default_factory=list)
    count_orphans: Callable[[ForeignKey], int] = field(default=lambda key: 0, repr=False)


# ---------------------------------------------------------------- redaction


def redact_once(case: DumpCase, workdir: Path, key: bytes, detector) -> tuple[Path, RedactSummary]:
    """``case.source`` redacted by ``redact_path(..., verify=True)``, and where its copy is.

    The pipeline publishes nothing when verification fails; the files it wrote are kept
    here all the same (copied before they are verified) so that the copy can be loaded and
    compared whatever verification says, from one redaction."""
    kept = workdir / "kept"
    verify_file = pipeline.RedactRun.verify_file

    def keep_then_verify(run_, out) -> None:
        relative = out.source.relative_to(case.source) if case.source.is_dir() else Path(case.source.name)
        (kept / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(out.target, kept / relative)
        verify_file(run_, out)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline.RedactRun, "verify_file", keep_then_verify)
        summary = redact_path(case.source, workdir / f"redacted_{case.source.name}", RedactionPolicy(key=key),
                              detector=detector, verify=True)
    return (kept if case.source.is_dir() else kept / case.source.name), summary


# ---------------------------------------------------------------- loading

_OWN_DATABASE = re.compile(rb"^[ \t]*(?:DROP DATABASE|CREATE DATABASE|USE[ \t]|\\c(?:onnect)?[ \t])[^\n]*$",
                           re.IGNORECASE | re.MULTILINE)


def _script(paths: list[Path]) -> bytes:
    return b"\n".join(_OWN_DATABASE.sub(b"", path.read_bytes()) for path in paths)


def load(dialect: str, paths: list[Path], server: Server | None) -> Snapshot:
    """The snapshot of ``paths`` loaded, in order, into a fresh database of ``dialect``."""
    if dialect == "postgres":
        return _Postgres(server).load(paths)
    if dialect == "mariadb":
        return _Mariadb(server).load(paths)
    if dialect in ("sqlite", "sqlite-script"):
        return _load_sqlite(dialect, paths)
    if dialect == "json":
        return _load_json(paths)
    raise ValueError(f"unknown dialect {dialect!r}")


class _Postgres:
    OUT = ["-A", "-t", "-F", "\x1f", "-R", "\x1e", "-P", "null=\\N"]
    USER = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'"

    def __init__(self, server: Server):
        self.server = server

    def query(self, sql: str) -> list[list[str]]:
        out = run(self.server.client + ["-d", self.database, *self.OUT, "-c", sql]).stdout
        return [record.strip("\n").split("\x1f") for record in out.split("\x1e") if record.strip("\n")]

    def load(self, paths: list[Path]) -> Snapshot:
        self.database = self.server.new_database("roundtrip")
        loaded = subprocess.run(self.server.client + ["-d", self.database, "-f", "-"], input=_script(paths),
                                capture_output=True, timeout=TIMEOUT * 5)
        errors = [line.split("ERROR:", 1)[1].strip() for line in loaded.stderr.decode(errors="replace").splitlines()
                  if "ERROR:" in line]
        snapshot = Snapshot(errors=errors, count_orphans=self.orphans)
        names = "string_agg(a.attname, E'\\x1d' ORDER BY {order})"
        for name, relkind, is_partition, key, columns in self.query(f"""
            SELECT format('%I.%I', n.nspname, c.relname), c.relkind, c.relispartition,
              coalesce((SELECT {names.format(order='k.n')} FROM pg_constraint p, unnest(p.conkey) WITH ORDINALITY k(att, n)
                        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.att
                        WHERE p.conrelid = c.oid AND p.contype = 'p'), ''),
              (SELECT {names.format(order='a.attnum')} FROM pg_attribute a
               WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND {self.USER}"""):
            rows = None
            if is_partition == "t":
                count = int(self.query(f"SELECT count(*) FROM {name}")[0][0])
            else:
                out = run(self.server.client + ["-d", self.database, "-c", f"COPY (SELECT * FROM {name}) TO STDOUT"]).stdout
                rows = [tuple(None if cell == "\\N" else cell for cell in line.split("\t"))
                        for line in out.split("\n") if line]
                count = len(rows)
            snapshot.tables[name] = Table(columns.split("\x1d"), key.split("\x1d") if key else [], count, rows)
        schema_queries = {
            "column": f"""SELECT format('%I.%I', table_schema, table_name), column_name, ordinal_position, data_type,
                udt_name, character_maximum_length, numeric_precision, numeric_scale, is_nullable, column_default
                FROM information_schema.columns WHERE table_schema NOT IN ('pg_catalog', 'information_schema')""",
            "constraint": f"""SELECT c.conrelid::regclass, c.contypid::regtype, c.conname, c.contype,
                pg_get_constraintdef(c.oid) FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
                WHERE {self.USER}""",
            "index": """SELECT schemaname, tablename, indexdef FROM pg_indexes
                WHERE schemaname NOT IN ('pg_catalog', 'information_schema')""",
            "partition key": f"""SELECT c.oid::regclass, pg_get_partkeydef(c.oid) FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'p' AND {self.USER}""",
            "partition": """SELECT i.inhrelid::regclass, i.inhparent::regclass, pg_get_expr(c.relpartbound, c.oid)
                FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid""",
            "type": f"""SELECT t.oid::regtype, t.typtype, format_type(t.typbasetype, t.typtypmod), t.typnotnull,
                (SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid)
                FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                WHERE t.typtype IN ('d', 'e') AND {self.USER}""",
        }
        for kind, sql in schema_queries.items():
            snapshot.schema.update(f"{kind}: {' | '.join(row)}" for row in self.query(sql))
        code_queries = {
            "routine": f"""SELECT p.oid::regprocedure, CASE WHEN p.prokind = 'a' THEN
                (SELECT g.aggtransfn || ' ' || g.aggfinalfn || ' ' || format_type(g.aggtranstype, NULL)
                 FROM pg_aggregate g WHERE g.aggfnoid = p.oid) ELSE pg_get_functiondef(p.oid) END
                FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE {self.USER}""",
            "trigger": "SELECT tgrelid::regclass || ' ' || tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal",
            "view": """SELECT format('%I.%I', schemaname, viewname), definition FROM pg_views
                WHERE schemaname NOT IN ('pg_catalog', 'information_schema')""",
            "materialized view": "SELECT format('%I.%I', schemaname, matviewname), definition FROM pg_matviews",
        }
        for kind, sql in code_queries.items():
            snapshot.code.update((f"{kind} {name}", definition) for name, definition in self.query(sql))
        attnames = """(SELECT string_agg(a.attname, E'\\x1d' ORDER BY k.n) FROM unnest(c.{keys}) WITH ORDINALITY k(att, n)
                       JOIN pg_attribute a ON a.attrelid = c.{rel} AND a.attnum = k.att)"""
        for name, table, parent, columns, parent_columns in self.query(f"""
                SELECT c.conname, c.conrelid::regclass, c.confrelid::regclass, {attnames.format(keys='conkey', rel='conrelid')},
                  {attnames.format(keys='confkey', rel='confrelid')} FROM pg_constraint c
                WHERE c.contype = 'f' AND c.conparentid = 0"""):
            snapshot.foreign_keys.append(ForeignKey(name, table, tuple(columns.split("\x1d")), parent,
                                                    tuple(parent_columns.split("\x1d"))))
        return snapshot

    def orphans(self, key: ForeignKey) -> int:
        return int(self.query(_orphans_sql(key, _quote_pg))[0][0])


def _quote_pg(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _orphans_sql(key: ForeignKey, quote) -> str:
    """Rows of ``key.table`` (a name ready for SQL) whose key is set but found in no row of
    its parent."""
    present = " AND ".join(f"c.{quote(column)} IS NOT NULL" for column in key.columns)
    joined = " AND ".join(f"p.{quote(p)} = c.{quote(c)}" for c, p in zip(key.columns, key.parent_columns))
    return f"SELECT count(*) FROM {key.table} c WHERE {present} AND NOT EXISTS (SELECT 1 FROM {key.parent} p WHERE {joined})"


class _Mariadb:
    OUT = ["-N", "-B", "--binary-as-hex", "--default-character-set=utf8mb4"]

    def __init__(self, server: Server):
        self.server = server

    def query(self, sql: str) -> list[list[Cell]]:
        out = run(self.server.client + [*self.OUT, self.database, "-e", sql]).stdout
        return [[None if cell == "NULL" else cell for cell in line.split("\t")] for line in out.split("\n") if line]

    def load(self, paths: list[Path]) -> Snapshot:
        self.database = self.server.new_database("roundtrip")
        script = _script(paths).replace(b"utf8mb4_0900_ai_ci", b"utf8mb4_general_ci")
        loaded = subprocess.run(self.server.client + ["--force", "--default-character-set=utf8mb4", self.database],
                                input=script, capture_output=True, timeout=TIMEOUT * 5)
        errors = [re.sub(r" at line \d+", "", line) for line in loaded.stderr.decode(errors="replace").splitlines()
                  if line.startswith("ERROR")]
        snapshot = Snapshot(errors=errors, count_orphans=self.orphans)
        here = f"TABLE_SCHEMA = '{self.database}'"
        keys: dict[str, list[str]] = {}
        for table, column in self.query(f"""SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE
                WHERE {here} AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY TABLE_NAME, ORDINAL_POSITION"""):
            keys.setdefault(table, []).append(column)
        for (table,) in self.query(f"SELECT TABLE_NAME FROM information_schema.TABLES WHERE {here} AND TABLE_TYPE = 'BASE TABLE'"):
            columns = [column for (column,) in self.query(
                f"SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE {here} AND TABLE_NAME = '{table}' ORDER BY ORDINAL_POSITION")]
            rows = [tuple(row) for row in self.query(f"SELECT * FROM {_quote_my(table)}")]
            snapshot.tables[table] = Table(columns, keys.get(table, []), len(rows), rows)
        schema_queries = {
            "table": "SELECT TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_COLLATION FROM information_schema.TABLES",
            "column": """SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT,
                EXTRA, COLLATION_NAME FROM information_schema.COLUMNS""",
            "constraint": "SELECT TABLE_NAME, CONSTRAINT_NAME, CONSTRAINT_TYPE FROM information_schema.TABLE_CONSTRAINTS",
            "key column": """SELECT TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION, COLUMN_NAME, REFERENCED_TABLE_NAME,
                REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE""",
            "referential action": """SELECT TABLE_NAME, CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE
                FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = '{db}'""",
            "check": "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS "
                     "WHERE CONSTRAINT_SCHEMA = '{db}'",
            "index": """SELECT TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME, NON_UNIQUE, INDEX_TYPE
                FROM information_schema.STATISTICS""",
            "partition": """SELECT TABLE_NAME, PARTITION_NAME, SUBPARTITION_NAME, PARTITION_METHOD, PARTITION_EXPRESSION,
                PARTITION_DESCRIPTION FROM information_schema.PARTITIONS WHERE PARTITION_NAME IS NOT NULL""",
        }
        for kind, sql in schema_queries.items():
            sql = sql.format(db=self.database) if "{db}" in sql else f"{sql} WHERE {here}" if " WHERE " not in sql else f"{sql} AND {here}"
            snapshot.schema.update(f"{kind}: {' | '.join(str(cell) for cell in row)}" for row in self.query(sql))
        code_queries = {
            "routine": f"""SELECT CONCAT(ROUTINE_TYPE, ' ', ROUTINE_NAME), CONCAT_WS(' | ', DTD_IDENTIFIER, SQL_MODE,
                ROUTINE_DEFINITION) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = '{self.database}'""",
            "routine parameters": f"""SELECT SPECIFIC_NAME, GROUP_CONCAT(CONCAT_WS(' ', PARAMETER_MODE, PARAMETER_NAME,
                DTD_IDENTIFIER) ORDER BY ORDINAL_POSITION) FROM information_schema.PARAMETERS
                WHERE SPECIFIC_SCHEMA = '{self.database}' GROUP BY SPECIFIC_NAME""",
            "trigger": f"""SELECT TRIGGER_NAME, CONCAT_WS(' | ', ACTION_TIMING, EVENT_MANIPULATION, EVENT_OBJECT_TABLE,
                ACTION_STATEMENT) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = '{self.database}'""",
            "view": f"SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = '{self.database}'",
            "event": f"SELECT EVENT_NAME, EVENT_DEFINITION FROM information_schema.EVENTS WHERE EVENT_SCHEMA = '{self.database}'",
        }
        for kind, sql in code_queries.items():
            snapshot.code.update((f"{kind} {name}", (definition or "").replace(f"`{self.database}`.", ""))
                                 for name, definition in self.query(sql))
        references: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
        for table, name, column, parent, parent_column in self.query(f"""SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME,
                REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE
                WHERE {here} AND REFERENCED_TABLE_NAME IS NOT NULL ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION"""):
            references.setdefault((table, name), []).append((column, parent, parent_column))
        for (table, name), parts in references.items():
            snapshot.foreign_keys.append(ForeignKey(name, _quote_my(table), tuple(c for c, _, _ in parts),
                                                    _quote_my(parts[0][1]), tuple(p for _, _, p in parts)))
        return snapshot

    def orphans(self, key: ForeignKey) -> int:
        return int(self.query(_orphans_sql(key, _quote_my))[0][0])


def _quote_my(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def _load_sqlite(dialect: str, paths: list[Path]) -> Snapshot:
    errors = []
    if dialect == "sqlite":
        database = sqlite3.connect(f"file:{paths[0]}?mode=ro", uri=True)
    else:
        database = sqlite3.connect(":memory:")
        statement = ""
        for line in _script(paths).decode("utf-8", errors="replace").splitlines(keepends=True):
            statement += line
            if sqlite3.complete_statement(statement):
                try:
                    database.executescript(statement)
                except sqlite3.Error as error:
                    errors.append(f"{type(error).__name__}: {error}")
                statement = ""
    snapshot = Snapshot(errors=errors, count_orphans=lambda key: database.execute(_orphans_sql(key, _quote_pg)).fetchone()[0])
    for kind, name, table, sql in database.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"):
        normalized = " ".join((sql or "").split())
        if kind in ("table", "index"):
            snapshot.schema.add(f"{kind}: {name} | {table} | {normalized}")
        else:
            snapshot.code[f"{kind} {name}"] = normalized
        if kind != "table":
            continue
        info = database.execute(f"PRAGMA table_info({_quote_pg(name)})").fetchall()
        snapshot.schema.update(f"column: {name} | {' | '.join(map(str, column))}" for column in info)
        key = [column[1] for column in sorted(info, key=lambda column: column[5]) if column[5]]
        rows = [tuple(_sqlite_cell(cell) for cell in row) for row in database.execute(f"SELECT * FROM {_quote_pg(name)}")]
        snapshot.tables[name] = Table([column[1] for column in info], key, len(rows), rows)
        references: dict[int, list[tuple]] = {}
        for reference in database.execute(f"PRAGMA foreign_key_list({_quote_pg(name)})"):
            references.setdefault(reference[0], []).append(reference)
        for number, parts in references.items():
            parent = parts[0][2]
            parent_columns = tuple(p[4] for p in parts)
            if None in parent_columns:  # REFERENCES parent without columns: its primary key
                parent_info = database.execute(f"PRAGMA table_info({_quote_pg(parent)})").fetchall()
                parent_columns = tuple(c[1] for c in sorted(parent_info, key=lambda c: c[5]) if c[5])
            snapshot.foreign_keys.append(ForeignKey(f"{name}#{number}", _quote_pg(name), tuple(p[3] for p in parts),
                                                    _quote_pg(parent), parent_columns))
    return snapshot


def _sqlite_cell(value) -> Cell:
    """A SQLite value as text that keeps its type apart: ``'a'``, ``1``, ``1.5``, ``X'00'``."""
    if value is None:
        return None
    if isinstance(value, bytes):
        return f"X'{value.hex()}'"
    return repr(value)


def _load_json(paths: list[Path]) -> Snapshot:
    """A JSON object of arrays of objects as one table per key (a top-level array as one
    table named ``""``); rows are matched by position, cells are their JSON text."""
    try:
        document = json.loads(paths[0].read_bytes())
    except ValueError as error:
        return Snapshot(errors=[f"{type(error).__name__}: {error}"])
    snapshot = Snapshot()
    tables = document if isinstance(document, dict) else {"": document}
    for name, records in tables.items():
        if not isinstance(records, list):
            snapshot.schema.add(f"value: {name} | {json.dumps(records, ensure_ascii=False, sort_keys=True)}")
            continue
        columns = list(dict.fromkeys(column for record in records if isinstance(record, dict) for column in record))
        rows = [tuple(_json_cell(record.get(column)) for column in columns) if isinstance(record, dict)
                else (_json_cell(record),) for record in records]
        snapshot.tables[name] = Table(columns, [], len(rows), rows)
        for column in columns:
            kinds = {type(record.get(column)).__name__ for record in records if isinstance(record, dict) and column in record}
            snapshot.schema.add(f"column: {name} | {column} | {', '.join(sorted(kinds))}")
    return snapshot


def _json_cell(value) -> Cell:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


# ---------------------------------------------------------------- comparison


def compare(case: DumpCase, redacted: Path, server: Server | None) -> RoundTrip:
    """Load ``case.source`` and its ``redacted`` copy into fresh databases, side by side."""
    original = load(case.dialect, case.paths(case.source), server)
    copy = load(case.dialect, case.paths(redacted), server)
    return RoundTrip(original, copy, {folded(table): {folded(column) for column in columns}
                                      for table, columns in case.personal.items()})


def folded(name: str) -> str:
    """A table or column name as personal columns are declared, so that one declaration
    fits a dump's spellings in every dialect.

    >>> folded('public."Postal_Code"'), folded("PostalCode"), folded("`postal_code`")
    ('postalcode', 'postalcode', 'postalcode')
    """
    return name.rsplit(".", 1)[-1].strip('"`').lower().replace("_", "")


def _shown(value: Cell, personal: bool, start: int = 0) -> str:
    """A cell for a failure message: masked when personal, else 40 characters from ``start``."""
    if value is None:
        return "NULL"
    if personal:
        return mask(value)
    shown = ("..." if start else "") + value[start:start + 40] + ("..." if len(value) > start + 40 else "")
    return repr(shown)


def _change(before: Cell, after: Cell) -> str:
    """``before -> after``, both from a little before their first different character.

    >>> _change("A Touching Saga of a Hunter And a Butler who must Sink a Crocodile",
    ...         "A Touching Saga of a Hunter And a Chabert who must Sink a Crocodile")
    "'...ter And a Butler who must Sink a Crocodi...' -> '...ter And a Chabert who must Sink a Crocod...'"
    """
    if before is None or after is None:
        return f"{_shown(before, False)} -> {_shown(after, False)}"
    same = next((i for i, (a, b) in enumerate(zip(before, after)) if a != b), min(len(before), len(after)))
    start = max(0, same - 10) if max(len(before), len(after)) > 40 else 0
    return f"{_shown(before, False, start)} -> {_shown(after, False, start)}"


def _first_difference(before: str | None, after: str | None) -> str:
    """The first line that differs between two definitions, for a failure message."""
    if before is None or after is None:
        return "missing" if after is None else "new"
    pairs = zip(before.splitlines() + [""], after.splitlines() + [""])
    line, (old, new) = next((n, pair) for n, pair in enumerate(pairs, 1) if pair[0] != pair[1])
    return f"definition differs at line {line}: {old.strip()[:120]!r} -> {new.strip()[:120]!r}"


@dataclass
class RoundTrip:
    original: Snapshot
    redacted: Snapshot
    personal: dict[str, set[str]]  # folded table name -> folded personal column names

    def row_count_changes(self) -> list[str]:
        before = {name: table.count for name, table in self.original.tables.items()}
        after = {name: table.count for name, table in self.redacted.tables.items()}
        return [f"{name}: {before.get(name, 'no table')} rows in the original, {after.get(name, 'no table')} redacted"
                for name in sorted(before.keys() | after.keys()) if before.get(name) != after.get(name)]

    def new_load_errors(self) -> list[str]:
        new = Counter(self.redacted.errors) - Counter(self.original.errors)
        return [f"{count} x {error[:300]}" for error, count in new.items()]

    def new_orphans(self) -> list[str]:
        problems = []
        for key in self.original.foreign_keys:
            before = self.original.count_orphans(key)
            try:
                after = self.redacted.count_orphans(key)
            except (AssertionError, sqlite3.Error) as error:
                problems.append(f"{key}: orphans cannot be counted in the redacted copy ({str(error).strip()[-200:]})")
                continue
            if after > before:
                problems.append(f"{key}: {after} rows point at no row ({before} in the original)")
        return problems

    def schema_changes(self) -> list[str]:
        return ([f"missing: {line}" for line in sorted(self.original.schema - self.redacted.schema)]
                + [f"new: {line}" for line in sorted(self.redacted.schema - self.original.schema)])

    def code_changes(self) -> list[str]:
        before, after = self.original.code, self.redacted.code
        return [f"{name}: {_first_difference(before.get(name), after.get(name))}"
                for name in sorted(before.keys() | after.keys()) if before.get(name) != after.get(name)]

    def _pairs(self):
        """(table name, columns, personal column names, [(original row, redacted row)]) of
        every table with rows on both sides; rows joined on the primary key, unless it is
        personal or missing (then on their position)."""
        for name, table in sorted(self.original.tables.items()):
            copy = self.redacted.tables.get(name)
            if table.rows is None or copy is None or copy.rows is None or copy.columns != table.columns:
                continue
            personal = self.personal.get(folded(name), set())
            key = [table.columns.index(column) for column in table.key]
            if not key or any(folded(column) in personal for column in table.key):
                yield name, table.columns, personal, list(zip(table.rows, copy.rows))
                continue
            copies = {tuple(row[i] for i in key): row for row in copy.rows}
            yield name, table.columns, personal, [(row, copies.get(tuple(row[i] for i in key))) for row in table.rows]

    def changed_non_personal(self) -> list[str]:
        problems = []
        for name, columns, personal, pairs in self._pairs():
            missing = sum(copy is None for _, copy in pairs)
            if missing:
                problems.append(f"{name}: {missing} of {len(pairs)} rows have no row of the same key in the redacted copy")
            for i, column in enumerate(columns):
                if folded(column) in personal:
                    continue
                changed = [(row[i], copy[i]) for row, copy in pairs if copy is not None and row[i] != copy[i]]
                if changed:
                    samples = ", ".join(_change(a, b) for a, b in changed[:SAMPLES])
                    problems.append(f"{name}.{column}: {len(changed)} of {len(pairs)} values changed, e.g. {samples}")
        return problems

    def personal_left(self) -> list[str]:
        """Personal columns where ``LEFT_IN_ROW_LIMIT`` or more of the values stayed in their
        row; and declared personal columns that the dump does not have (a typo)."""
        problems = []
        for name, columns, personal, pairs in self._pairs():
            indexes = [i for i, column in enumerate(columns) if folded(column) in personal]
            for i in indexes:
                values = [(row[i], copy) for row, copy in pairs if copy is not None and row[i] not in (None, "", "''", '""')]
                left = [value for value, copy in values if any(_stays(value, copy[j]) for j in indexes)]
                if values and len(left) >= LEFT_IN_ROW_LIMIT * len(values):
                    samples = ", ".join(_shown(value, True) for value in left[:SAMPLES])
                    problems.append(f"{name}.{columns[i]}: {len(left)} of {len(values)} values "
                                    f"({100 * len(left) / len(values):.1f}%) left in their row, e.g. {samples}")
        declared = {(table, column) for table, columns in self.personal.items() for column in columns}
        present = {(folded(name), folded(column)) for name, table in self.original.tables.items() for column in table.columns}
        problems.extend(f"{table}.{column}: declared personal, not in the dump"
                        for table, column in sorted(declared - present))
        return problems


def _stays(value: str, cell: Cell) -> bool:
    """Whether an original ``value`` is still in a redacted ``cell``: equal to it, or
    inside it when long enough not to be there by chance (4 characters).

    >>> _stays("Durand", "'Paul DURAND'"), _stays("Li", "Lina Roux"), _stays("Li", None)
    (True, False, False)
    """
    if cell is None:
        return False
    value, cell = value.strip("'\""), cell.strip("'\"")  # SQLite and JSON cells come quoted
    return value == cell or (len(value) >= 4 and value.lower() in cell.lower())


METHODS = ("row_count_changes", "new_load_errors", "new_orphans", "schema_changes", "code_changes",
           "changed_non_personal", "personal_left")
"""The ``RoundTrip`` checks, each returning its problems as lines (none: the check passes)."""
