"""A redacted dump's values fit their columns: varchar(n) lengths, ENUM/SET members, numbers.

Synthetic dumps (names, cities and numbers invented); the ``db`` tests load the redacted
copy into real PostgreSQL and MariaDB servers (fixtures of ``test_db_reload``).
"""

from __future__ import annotations

import io
import re
import sqlite3
import subprocess

import pytest

from scanner.readers.mysql_dump import MYSQL, read_mysql
from scanner.readers.postgres_dump import read_postgres
from scanner.readers.sql_dump import Lexer
from scanner.readers.sql_types import ColumnType, column_type
from scanner.readers.sqlite_db import read_sqlite
from scanner.redact.pipeline import redact_path
from scanner.redact.policy import RedactionPolicy
from tests.redact.servers import TIMEOUT
from tests.redact.servers import run as _run

KEY = b"typed-columns-test-key-0123456789abcdef"

MYSQL_DUMP = """-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
CREATE TABLE `clients` (
  `id` int NOT NULL,
  `nom` varchar(12) NOT NULL,
  `ville` varchar(8) DEFAULT NULL,
  `medecin` enum('Martin','Bernard','Petit') DEFAULT NULL,
  `contacts` set('Dupont','Durand') DEFAULT NULL,
  `remise` real DEFAULT NULL,
  `fret` decimal(12,2) DEFAULT NULL,
  `code_client` bigint DEFAULT NULL,
  `actif` tinyint(1) DEFAULT NULL,
  `tel` varchar(20) DEFAULT NULL,
  PRIMARY KEY (`id`)
);
INSERT INTO `clients` VALUES (1,'Jean Dupont','Paris','Martin','Dupont,Durand',0.05,0612345678,0147200000,1,'06 12 34 56 78'),\
(2,'Marie Durand','Lyon','Bernard','Durand',0.15,33.50,0612345679,0,'01 47 20 00 00'),\
(3,'Paul Petit','Nice','Petit','Dupont',0.0612345678,0147200001,0612345670,1,'06 98 76 54 32');
"""

POSTGRES_DUMP = """--
-- PostgreSQL database dump
--

SET standard_conforming_strings = on;
CREATE TABLE public.clients (
    id integer NOT NULL,
    nom character varying(12) NOT NULL,
    ville character varying(8),
    cp character(5),
    remise real,
    fret numeric(12,2),
    code_client bigint,
    actif boolean,
    tel text
);
COPY public.clients (id, nom, ville, cp, remise, fret, code_client, actif, tel) FROM stdin;
1\tJean Dupont\tParis\t75011\t0.05\t0612345678\t0147200000\tt\t06 12 34 56 78
2\tMarie Durand\tLyon\t69003\t0.15\t33.50\t0612345679\tf\t01 47 20 00 00
\\.

INSERT INTO public.clients VALUES (3, 'Paul Petit', 'Nice', '06000', 0.0612345678, 0147200001, 0612345670, true, '06 98 76 54 32');
"""


def _tokens(sql: bytes):
    return list(iter(Lexer(io.BytesIO(sql), MYSQL).next_token, None))


@pytest.mark.parametrize("declared, expected", [
    (b"varchar(15) NOT NULL", ColumnType("text", 15)),
    (b"char(5) CHARACTER SET latin1", ColumnType("text", 5)),
    (b"CHAR NOT NULL", ColumnType("text", 1)),
    (b"char NOT NULL DEFAULT 'F'", ColumnType("text", 1)),
    (b"NVARCHAR(70)", ColumnType("text", 70)),
    (b"character varying(40) DEFAULT 'x'", ColumnType("text", 40)),
    (b"character varying", ColumnType("text")),
    (b"character varying(20)[] NOT NULL", ColumnType("other")),
    (b"varchar(20) ARRAY", ColumnType("other")),
    (b"char[]", ColumnType("other")),
    (b"text", ColumnType("other")),
    (b"enum('a','b') DEFAULT 'a'", ColumnType("choice")),
    (b"set('x','y')", ColumnType("choice")),
    (b"real DEFAULT '0'", ColumnType("number")),
    (b"decimal(10,2)", ColumnType("number")),
    (b"double precision", ColumnType("number")),
    (b"int(11) unsigned", ColumnType("number")),
    (b"tinyint(1)", ColumnType("number")),
    (b"boolean", ColumnType("boolean")),
    (b"longblob", ColumnType("other")),
    (b"bytea", ColumnType("other")),
    (b"timestamp without time zone", ColumnType("other")),
])
def test_column_type_from_create_table(declared, expected):
    assert column_type(_tokens(declared)) == expected


def _redact(tmp_path, detector, name: str, text: str):
    source = tmp_path / name
    source.write_text(text)
    output = tmp_path / f"redacted_{name}"
    summary = redact_path(source, output, RedactionPolicy(key=KEY), detector=detector)
    assert summary.output == output and summary.records_dropped == 0 and summary.unparsed == 0
    return source, output


_UNCHANGED = ("id", "medecin", "contacts", "remise", "fret", "code_client", "actif")
_LENGTHS = {"nom": 12, "ville": 8, "cp": 5}


@pytest.mark.parametrize("name, text, read", [
    ("typed_mysql.sql", MYSQL_DUMP, read_mysql),
    ("typed_postgres.sql", POSTGRES_DUMP, read_postgres),
])
def test_redacted_values_fit_their_columns(tmp_path, detector, name, text, read):
    source, output = _redact(tmp_path, detector, name, text)
    before = {r.record: r.fields for r in read(source)}
    after = {r.record: r.fields for r in read(output)}
    assert after.keys() == before.keys()
    for record, fields in after.items():
        assert fields["nom"] != before[record]["nom"] and fields["tel"] != before[record]["tel"]
        for column in _UNCHANGED:
            assert fields.get(column) == before[record].get(column), (record, column)
        for column, length in _LENGTHS.items():
            assert len(fields.get(column, "")) <= length, (record, column, fields[column])


def _sqlite_database(tmp_path):
    path = tmp_path / "typed.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE clients (id INTEGER PRIMARY KEY, nom NVARCHAR(12), ville VARCHAR(8), remise REAL,"
               " fret NUMERIC(12,2), code_client INTEGER, actif BOOLEAN, tel TEXT)")
    db.executemany("INSERT INTO clients VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [
        (1, "Jean Dupont", "Paris", 0.05, 612345678, 147200000, 1, "06 12 34 56 78"),
        (2, "Marie Durand", "Lyon", 0.15, 33.5, 612345679, 0, "01 47 20 00 00"),
        (3, "Paul Petit", "Nice", 0.0612345678, 147200001, 612345670, 1, "06 98 76 54 32"),
    ])
    db.commit()
    db.close()
    return path


def test_redacted_sqlite_values_fit_their_declared_types(tmp_path, detector):
    source = _sqlite_database(tmp_path)
    output = tmp_path / "redacted.sqlite"
    summary = redact_path(source, output, RedactionPolicy(key=KEY), detector=detector)
    assert summary.output == output and summary.records_dropped == 0
    before = {r.record: r.fields for r in read_sqlite(source)}
    after = {r.record: r.fields for r in read_sqlite(output)}
    for record, fields in after.items():
        assert fields["nom"] != before[record]["nom"] and fields["tel"] != before[record]["tel"]
        for column in ("remise", "fret", "code_client", "actif"):
            assert fields[column] == before[record][column], (record, column)
        assert len(fields["nom"]) <= 12 and len(fields["ville"]) <= 8, fields


@pytest.mark.db
def test_redacted_typed_postgres_dump_loads(postgres, tmp_path, detector):  # noqa: F811 - fixture
    _, output = _redact(tmp_path, detector, "typed_postgres.sql", POSTGRES_DUMP)
    _run(postgres + ["-d", "postgres", "-c", "CREATE DATABASE typed"])
    loaded = subprocess.run(postgres + ["-d", "typed", "-v", "ON_ERROR_STOP=1", "-f", "-"],
                            input=output.read_bytes(), capture_output=True, timeout=TIMEOUT)
    assert loaded.returncode == 0, loaded.stderr.decode(errors="replace")
    rows = _run(postgres + ["-d", "typed", "-t", "-A", "-c",
                            "SELECT remise, fret, code_client FROM public.clients ORDER BY id"]).stdout.split()
    assert rows == ["0.05|612345678.00|147200000", "0.15|33.50|612345679", "0.061234567|147200001.00|612345670"]


@pytest.mark.db
def test_redacted_typed_mysql_dump_loads(mariadb, tmp_path, detector):  # noqa: F811 - fixture
    _, output = _redact(tmp_path, detector, "typed_mysql.sql", MYSQL_DUMP)
    _run(mariadb + ["-e", "CREATE DATABASE typed CHARACTER SET utf8mb4"])
    strict = b"SET sql_mode = 'STRICT_ALL_TABLES';\n"
    loaded = subprocess.run(mariadb + ["typed"], input=strict + output.read_bytes(), capture_output=True, timeout=TIMEOUT)
    assert loaded.returncode == 0, loaded.stderr.decode(errors="replace")
    rows = _run(mariadb + ["-N", "-B", "typed", "-e",
                           "SELECT medecin, contacts, fret, code_client FROM clients ORDER BY id"]).stdout
    assert re.split(r"\s+", rows.strip()) == [
        "Martin", "Dupont,Durand", "612345678.00", "147200000",
        "Bernard", "Durand", "33.50", "612345679",
        "Petit", "Dupont", "147200001.00", "612345670",
    ]
