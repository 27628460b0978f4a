"""Live databases (``vigie scan postgresql://... mysql://... sqlite:///...``): a live scan
equals the scan of a dump of the same database; a SELECT-only role can scan; unreachable
servers, bad credentials, tables without rights and connections lost mid-table are reported."""

from __future__ import annotations

import gc
import json
import os
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from scanner.errors import UsageError
from scanner.models import ReadError, Record
from scanner.readers import live_db, read_records
from scanner.readers.live_db import DatabaseOptions, read_database
from scanner.scan import ScanConfig, scan_paths
from tests.redact.servers import TIMEOUT, Server, run

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "tables"
PG_DUMP, MY_DUMP = FIXTURES / "dump_postgres_full.sql", FIXTURES / "dump_mysql_full.sql"


def _load_postgres(server: Server, database: str, dump: Path = PG_DUMP) -> str:
    run(server.client + ["-d", "postgres", "-c", f'DROP DATABASE IF EXISTS "{database}"'])
    run(server.client + ["-d", "postgres", "-c", f'CREATE DATABASE "{database}"'])
    loaded = subprocess.run(server.client + ["-d", database, "-v", "ON_ERROR_STOP=1", "-f", "-"],
                            input=dump.read_bytes(), capture_output=True, timeout=TIMEOUT)
    assert loaded.returncode == 0, loaded.stderr.decode(errors="replace")
    return server.url(database)


def _load_mariadb(server: Server, database: str, dump: Path = MY_DUMP) -> str:
    run(server.client + ["-e", f"DROP DATABASE IF EXISTS `{database}`; CREATE DATABASE `{database}` CHARACTER SET utf8mb4"])
    sql = dump.read_bytes().replace(b"utf8mb4_0900_ai_ci", b"utf8mb4_general_ci")
    loaded = subprocess.run(server.client + [database], input=sql, capture_output=True, timeout=TIMEOUT)
    assert loaded.returncode == 0, loaded.stderr.decode(errors="replace")
    return server.url(database)


def _dump(server: Server, database: str, tmp_path: Path) -> Path:
    """A plain dump of ``database`` made by the server's own dump tool."""
    if not server.dumper:
        pytest.skip(f"no dump tool for {server.dialect}")
    path = tmp_path / f"{database}.sql"
    dumped = subprocess.run([*server.dumper, database], capture_output=True, timeout=TIMEOUT)
    assert dumped.returncode == 0, dumped.stderr.decode(errors="replace")
    path.write_bytes(dumped.stdout)
    return path


def _table_records(items) -> list[tuple]:
    """Table rows as comparable tuples (a dump's other text, table None, has no live counterpart)."""
    return sorted((r.table, r.record, tuple(sorted(r.fields.items())))
                  for r in items if isinstance(r, Record) and r.table is not None)


def _scan(tmp_path: Path, source: str, detector, name: str) -> tuple[dict, list[dict], list[dict]]:
    findings, records = tmp_path / f"{name}.findings.jsonl", tmp_path / f"{name}.records.jsonl"
    summary = scan_paths([source], ScanConfig(jobs=1, findings_path=findings, records_path=records,
                                              show_values=True), detector=detector)
    lines = [[json.loads(line) for line in path.read_text().splitlines()] for path in (findings, records)]
    return summary.to_report(), *lines


def _tables_only(report: dict, found: list[dict], verdicts: list[dict]) -> tuple:
    """What a live scan and a dump scan share: the table sources' figures, findings and
    record classes of table rows, the source name aside."""
    sources = [{**entry, "source": None} for entry in report["sources"] if entry["table"] is not None]
    rows = [{**item, "source": None} for item in found if item["table"] is not None]
    classes = [{**item, "source": None} for item in verdicts if item.get("table") is not None]
    key = lambda item: json.dumps(item, sort_keys=True)  # noqa: E731
    return sources, sorted(rows, key=key), sorted(classes, key=key)


@pytest.mark.db
@pytest.mark.parametrize(("server_fixture", "load"), [
    ("postgres_server", _load_postgres),
    ("mariadb_server", _load_mariadb),
])
def test_live_records_equal_the_dump_records(request, tmp_path, server_fixture, load):
    server = request.getfixturevalue(server_fixture)
    url = load(server, "live_equal")
    dump = _dump(server, "live_equal", tmp_path)
    live = list(read_database(url))
    assert not [item for item in live if isinstance(item, ReadError)]
    assert _table_records(live) == _table_records(read_records(dump))


@pytest.mark.db
@pytest.mark.slow
@pytest.mark.parametrize(("server_fixture", "load"), [
    ("postgres_server", _load_postgres),
    ("mariadb_server", _load_mariadb),
])
def test_live_scan_equals_the_dump_scan(request, tmp_path, detector, server_fixture, load):
    server = request.getfixturevalue(server_fixture)
    url = load(server, "live_scan")
    dump = _dump(server, "live_scan", tmp_path)
    live_report, live_findings, live_classes = _scan(tmp_path, url, detector, "live")
    dump_report, dump_findings, dump_classes = _scan(tmp_path, str(dump), detector, "dump")
    assert live_report["inputs"] == [url.replace(":@", "@")] and live_report["records"]["unparsed"] == 0
    assert live_findings and live_classes
    assert _tables_only(live_report, live_findings, live_classes) == _tables_only(dump_report, dump_findings, dump_classes)


@pytest.mark.db
def test_a_select_only_role_can_scan_postgres(postgres_server):
    url = _load_postgres(postgres_server, "live_role")
    psql = postgres_server.client + ["-d", "live_role", "-v", "ON_ERROR_STOP=1", "-c"]
    run(postgres_server.client + ["-d", "postgres", "-c", "DROP ROLE IF EXISTS lecteur; CREATE ROLE lecteur LOGIN"])
    run(psql + ["GRANT USAGE ON SCHEMA public TO lecteur; GRANT SELECT ON ALL TABLES IN SCHEMA public TO lecteur"])
    as_reader = postgres_server.url("live_role", user="lecteur")
    assert _table_records(read_database(as_reader)) == _table_records(read_database(url))


@pytest.mark.db
def test_a_select_only_user_can_scan_mariadb(mariadb_server):
    url = _load_mariadb(mariadb_server, "live_role")
    run(mariadb_server.client + ["-e", "DROP USER IF EXISTS lecteur@localhost; CREATE USER lecteur@localhost "
                                 "IDENTIFIED BY 'l3cteur'; GRANT SELECT ON live_role.* TO lecteur@localhost"])
    as_reader = mariadb_server.url("live_role", user="lecteur", password="l3cteur")
    assert _table_records(read_database(as_reader)) == _table_records(read_database(url))


@pytest.mark.db
def test_a_table_without_rights_is_skipped_and_listed(postgres_server):
    _load_postgres(postgres_server, "live_rights")
    run(postgres_server.client + ["-d", "postgres", "-c", "DROP ROLE IF EXISTS partiel; CREATE ROLE partiel LOGIN"])
    run(postgres_server.client + ["-d", "live_rights", "-c", "GRANT USAGE ON SCHEMA public TO partiel; "
                                  "GRANT SELECT ON public.patients TO partiel"])
    items = list(read_database(postgres_server.url("live_rights", user="partiel"), DatabaseOptions(include=("public.*",))))
    errors = [item.message for item in items if isinstance(item, ReadError)]
    assert {item.table for item in items if isinstance(item, Record)} == {"patients"}
    assert errors and all("permission denied" in message and message.endswith("; skipped") for message in errors)
    assert any("table consultations_2024_01:" in message for message in errors)


@pytest.mark.db
def test_wrong_password_and_unknown_server_are_one_line_errors_without_the_password(mariadb_server, tmp_path):
    _load_mariadb(mariadb_server, "live_creds")
    run(mariadb_server.client + ["-e", "DROP USER IF EXISTS scan@localhost; CREATE USER scan@localhost IDENTIFIED BY 'bon'"])
    cases = [
        mariadb_server.url("live_creds", user="scan", password="Mauvais-S3cret"),
        f"postgresql://scan:Mauvais-S3cret@/cabinet?host={tmp_path}",  # no server on that socket
        f"mysql://scan:Mauvais-S3cret@/cabinet?unix_socket={tmp_path}/none.sock",
    ]
    for url in cases:
        items = list(read_database(url, DatabaseOptions(statement_timeout=5)))
        assert len(items) == 1 and isinstance(items[0], ReadError), url
        message = items[0].message
        assert message.startswith("cannot connect to ") and "\n" not in message and "Mauvais" not in message
        assert items[0].source == url.replace(":Mauvais-S3cret", "") and "Mauvais" not in items[0].source


def _kill_reader(server: Server) -> None:
    """End the scanning connection from the server's side once a record was read."""
    if server.dialect == "postgres":
        run(server.client + ["-d", "postgres", "-c",
                             "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'vigie'"])
    else:
        listed = run(server.client + ["-N", "-B", "-e", "SELECT ID FROM information_schema.PROCESSLIST "
                                                        "WHERE INFO LIKE 'SELECT `n`%'"]).stdout.split()
        for ident in listed:
            run(server.client + ["-e", f"KILL {ident}"])


@pytest.mark.db
@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")  # a cut result closes quietly
@pytest.mark.parametrize("server_fixture", ["postgres_server", "mariadb_server"])
def test_a_connection_lost_mid_table_reports_the_table_as_partial(request, monkeypatch, server_fixture):
    server = request.getfixturevalue(server_fixture)
    monkeypatch.setattr(live_db, "BATCH", 50)
    if server.dialect == "postgres":
        run(server.client + ["-d", "postgres", "-c", 'DROP DATABASE IF EXISTS "live_lost"'])
        run(server.client + ["-d", "postgres", "-c", 'CREATE DATABASE "live_lost"'])
        run(server.client + ["-d", "live_lost", "-c", "CREATE TABLE grande AS SELECT n, 'note ' || n AS texte "
                                                      "FROM generate_series(1, 20000) AS n"])
    else:
        run(server.client + ["-e", "DROP DATABASE IF EXISTS live_lost; CREATE DATABASE live_lost; "
                                   "SET max_recursive_iterations = 100000; "
                                   "CREATE TABLE live_lost.grande AS WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL "
                                   "SELECT n + 1 FROM s WHERE n < 20000) SELECT n, CONCAT('note ', n) AS texte FROM s"])
    items = read_database(server.url("live_lost"), DatabaseOptions(max_connections=1))
    assert isinstance(next(items), Record)
    _kill_reader(server)
    rest = list(items)
    gc.collect()  # a cut PyMySQL result must not fail when collected ("Exception ignored" on stderr)
    errors = [item for item in rest if isinstance(item, ReadError)]
    assert len(errors) == 1 and "table grande:" in errors[0].message and "rows read" in errors[0].message
    assert any(cause in errors[0].message for cause in ("Lost connection", "terminating connection"))
    assert sum(isinstance(item, Record) for item in rest) < 20000 - 1


def _sqlite(tmp_path: Path) -> Path:
    path = tmp_path / "cabinet.db"
    db = sqlite3.connect(path)
    db.executescript("CREATE TABLE patients (id INTEGER PRIMARY KEY, nom TEXT, telephone TEXT);"
                     "CREATE TABLE journal (id INTEGER PRIMARY KEY, message TEXT);")
    db.executemany("INSERT INTO patients VALUES (?, ?, ?)", [(n, f"Patient {n}", "06 12 34 56 78") for n in range(1, 51)])
    db.execute("INSERT INTO journal VALUES (1, 'connexion')")
    db.commit()
    db.close()
    return path


@pytest.mark.parametrize(("options", "tables", "records"), [
    (DatabaseOptions(), {"patients", "journal"}, 51),
    (DatabaseOptions(include=("patients",)), {"patients"}, 50),
    (DatabaseOptions(exclude=("main.jour*",)), {"patients"}, 50),
    (DatabaseOptions(sample=10), {"patients", "journal"}, 11),
    (DatabaseOptions(max_connections=1, sample=100), {"patients", "journal"}, 51),
])
def test_sqlite_url_tables_patterns_and_sample(tmp_path, options, tables, records):
    path = _sqlite(tmp_path)
    read = [item for item in read_database(f"sqlite:///{path}", options) if isinstance(item, Record)]
    assert {record.table for record in read} == tables and len(read) == records
    read_keys = {(record.table, record.record) for record in read}
    assert _table_records(read) == _table_records(r for r in read_records(path) if (r.table, r.record) in read_keys)


def test_sqlite_url_is_read_only(tmp_path):
    path = _sqlite(tmp_path)
    before = path.read_bytes()
    list(read_database(f"sqlite:///{path}"))
    assert path.read_bytes() == before and not list(tmp_path.glob("*-journal")) and not list(tmp_path.glob("*-wal"))


def test_the_report_shows_the_url_without_password_and_states_the_sample(tmp_path, cli_runner, cli_app):
    path = _sqlite(tmp_path)
    report = tmp_path / "report.json"
    result = cli_runner.invoke(cli_app, ["scan", f"sqlite:///{path}", str(FIXTURES / "patients.csv"),
                                         "--sample", "5", "--report", str(report), "-q", "-j", "1"])
    assert result.exit_code == 0, result.output
    written = json.loads(report.read_text())
    assert written["inputs"] == [str(FIXTURES / "patients.csv"), f"sqlite:///{path}"]
    assert written["sample"] == {"rows_per_table": 5, "method": "random"}
    assert {entry["table"] for entry in written["sources"]} >= {"patients", "journal"}


@pytest.mark.parametrize(("url", "message"), [
    ("postgresql://scan:pw@db.local/cabinet", "needs psycopg; install the database drivers: pip install 'vigie[db]'"),
    ("mysql://scan:pw@db.local/cabinet", "needs PyMySQL; install the database drivers: pip install 'vigie[db]'"),
])
def test_a_database_url_without_its_driver_exits_2_with_the_install_hint(monkeypatch, cli_runner, cli_app, url, message):
    import builtins

    real_import = builtins.__import__

    def without_drivers(name, *args, **kwargs):
        if name.split(".")[0] in ("psycopg", "pymysql"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_drivers)
    result = cli_runner.invoke(cli_app, ["scan", url, "-q"])
    assert result.exit_code == 2
    assert message in result.output and "pw" not in result.output.replace(message, "")
    with pytest.raises(UsageError):
        live_db.check_drivers([url])


@pytest.mark.db
@pytest.mark.parametrize(("server_fixture", "load"), [
    ("postgres_server", _load_postgres),
    ("mariadb_server", _load_mariadb),
])
def test_connections_sample_and_progress(request, server_fixture, load):
    url = load(request.getfixturevalue(server_fixture), "live_options")
    started = []
    one = list(read_database(url, DatabaseOptions(max_connections=1), on_table=lambda *table: started.append(table)))
    assert list(read_database(url, DatabaseOptions(max_connections=3))) == one  # same records, same order
    tables = {record.table for record in one}
    assert [name for _, name, _ in started] == sorted(tables, key=[r.table for r in one].index)
    assert {source for source, _, _ in started} == {url} and any(estimate for _, _, estimate in started)
    sampled = [item for item in read_database(url, DatabaseOptions(sample=3)) if isinstance(item, Record)]
    per_table = {table: sum(record.table == table for record in sampled) for table in tables}
    assert set(per_table.values()) <= {1, 2, 3} and max(per_table.values()) == 3
    rows = lambda records: {(r.table, tuple(sorted(r.fields.items()))) for r in records if isinstance(r, Record)}  # noqa: E731
    assert rows(sampled) <= rows(one)  # ids aside: a table without a key numbers the rows it reads


@pytest.mark.db
def test_a_locked_table_times_out_and_is_skipped(postgres_server):
    url = _load_postgres(postgres_server, "live_lock")
    holder = subprocess.Popen(postgres_server.client + ["-d", "live_lock", "-c",
                                                        "BEGIN; LOCK TABLE public.patients; SELECT pg_sleep(8); COMMIT"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1.5)
        items = list(read_database(url, DatabaseOptions(include=("patients", "documents"), statement_timeout=1)))
    finally:
        holder.wait(timeout=30)
    errors = [item.message for item in items if isinstance(item, ReadError)]
    assert len(errors) == 1 and "table patients: canceling statement due to statement timeout; skipped" in errors[0]
    assert {item.table for item in items if isinstance(item, Record)} == {"documents"}


@pytest.mark.db
def test_passwords_from_mysql_pwd_and_the_prompt(mariadb_server, monkeypatch, tmp_path, cli_runner, cli_app):
    _load_mariadb(mariadb_server, "live_pwd")
    run(mariadb_server.client + ["-e", "DROP USER IF EXISTS scan@localhost; CREATE USER scan@localhost "
                                 "IDENTIFIED BY 'Pr0mpt-S3cret'; GRANT SELECT ON live_pwd.* TO scan@localhost"])
    url = mariadb_server.url("live_pwd", user="scan")
    monkeypatch.setenv("MYSQL_PWD", "Pr0mpt-S3cret")
    assert not [item for item in read_database(url) if isinstance(item, ReadError)]
    monkeypatch.delenv("MYSQL_PWD")
    report = tmp_path / "report.json"
    result = cli_runner.invoke(cli_app, ["scan", url, "--password-prompt", "--include", "prescriptions", "--report",
                                         str(report), "-q", "-j", "1"], input="Pr0mpt-S3cret\n")
    assert result.exit_code == 0, result.output
    assert "Pr0mpt" not in result.output and "Pr0mpt" not in report.read_text()
    assert json.loads(report.read_text())["records"]["total"] > 0


@pytest.mark.db
@pytest.mark.parametrize(("server_fixture", "schema"), [
    ("postgres_server", "CREATE TABLE patients (id int PRIMARY KEY, nom text, "
                        "nom_majuscules text GENERATED ALWAYS AS (upper(nom)) STORED, actif boolean, photo bytea);"
                        "INSERT INTO patients (id, nom, actif, photo) VALUES (1, 'Durand', true, 'Mme Durand'), "
                        "(2, NULL, false, '\\x89504e47')"),
    ("mariadb_server", "CREATE TABLE patients (id int PRIMARY KEY, nom varchar(20), "
                       "nom_majuscules varchar(20) AS (UPPER(nom)) VIRTUAL, sexe enum('F','M'), photo blob);"
                       "INSERT INTO patients (id, nom, sexe, photo) VALUES (1, 'Durand', 'F', 'Mme Durand'), "
                       "(2, NULL, 'M', x'89504e4700')"),
])
def test_generated_boolean_enum_and_binary_columns_read_as_in_the_dump(request, tmp_path, server_fixture, schema):
    server = request.getfixturevalue(server_fixture)
    if server.dialect == "postgres":
        run(server.client + ["-d", "postgres", "-c", 'DROP DATABASE IF EXISTS "live_types"'])
        run(server.client + ["-d", "postgres", "-c", 'CREATE DATABASE "live_types"'])
        run(server.client + ["-d", "live_types", "-v", "ON_ERROR_STOP=1", "-c", schema])
    else:
        run(server.client + ["-e", "DROP DATABASE IF EXISTS live_types; CREATE DATABASE live_types"])
        run(server.client + ["live_types", "-e", schema])
    live = _table_records(read_database(server.url("live_types")))
    assert live == _table_records(read_records(_dump(server, "live_types", tmp_path)))
    # pg_dump leaves generated values out, mariadb-dump writes them; booleans and enums are never personal
    assert {name for _, _, fields in live for name, _ in fields} <= {"id", "nom", "photo", "nom_majuscules"}


def test_a_database_url_with_the_spark_engine_is_a_usage_error(tmp_path, cli_runner, cli_app):
    pytest.importorskip("pyspark")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("no Java runtime for --engine spark")
    result = cli_runner.invoke(cli_app, ["scan", f"sqlite:///{_sqlite(tmp_path)}", "--engine", "spark", "-q"])
    assert result.exit_code == 2 and "database URLs are read with --engine local only" in result.output


HOSTILE_URLS = [
    # (url, exit code): no server listens on port 1, so each ends before any login
    ("postgresql://u@127.0.0.1:1/db?pass%77ord=S3cretPw", 3),  # libpq reads the key as password
    ("postgresql://u@127.0.0.1:1/db?sslmode=disable&PASSWD=S3cretPw", 3),
    ("postgresql://u:S3cret%41Pw%zz@127.0.0.1:1/db", 3),  # a valid and an invalid escape
    ("postgresql://u:S3cret%00Pw@127.0.0.1:1/db", 3),
    ("postgresql://u@127.0.0.1:1/db?password=S3cret%41Pw%zz", 3),
    ("postgresql://u:S3c@retPw@127.0.0.1:1/db", 3),  # an unencoded @: the last one ends the password
    ("postgresql://u:S3cretPw@[::1:1/db", 2),  # unclosed IPv6 bracket
    ("mysql://u:S3cretPw@127.0.0.1:1/db?charset=bogus", 2),
    ("mysql://u@127.0.0.1:1/db?passwd=S3cretPw", 3),
    ("mysql://u:S3c@retPw@127.0.0.1:1/db", 3),
]


@pytest.mark.parametrize(("url", "code"), HOSTILE_URLS, ids=[url for url, _ in HOSTILE_URLS])
def test_a_hostile_url_never_shows_its_password(tmp_path, cli_runner, cli_app, url, code):
    pytest.importorskip("psycopg" if url.startswith("postgresql") else "pymysql")
    report, html = tmp_path / "report.json", tmp_path / "report.html"
    result = cli_runner.invoke(cli_app, ["scan", url, "-q", "-j", "1", "--statement-timeout", "2",
                                         "--report", str(report), "--html", str(html)])
    assert result.exit_code == code, result.output
    assert not isinstance(result.exception, (ValueError, AttributeError))
    written = [result.output, getattr(result, "stderr", "")] + [p.read_text() for p in (report, html) if p.exists()]
    for text in written:
        for part in ("S3cret", "S3c@", "retPw", "%41Pw", "APw"):
            assert part not in text
