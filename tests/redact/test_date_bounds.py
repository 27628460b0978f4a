"""Shifted dates stay inside their range partition and CHECK bounds; a dump's rows follow
the schema of another file of the same run.

Synthetic dumps (names and dates invented), in PostgreSQL and MySQL syntax.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest

from scanner.readers.mysql_dump import MYSQL
from scanner.readers.postgres_dump import POSTGRES
from scanner.readers.sql_dump import declared_tables
from scanner.redact.pipeline import redact_path
from scanner.redact.policy import RedactionPolicy
from scanner.scan import ScanConfig, scan_paths

KEY = b"date-bounds-test-key-0123456789abcdef"
D = dt.date

PG_PARTITIONS = b"""
CREATE TABLE public.visite (id integer, patient varchar(40), vue_le timestamp without time zone)
PARTITION BY RANGE (vue_le);
CREATE TABLE public.visite_2021_03 (id integer, patient varchar(40), vue_le timestamp without time zone);
ALTER TABLE ONLY public.visite ATTACH PARTITION public.visite_2021_03
    FOR VALUES FROM ('2021-03-01 00:00:00') TO ('2021-04-01 00:00:00');
CREATE TABLE public.visite_2021_04 PARTITION OF public.visite FOR VALUES FROM ('2021-04-01') TO (MAXVALUE);
CREATE TABLE public.visite_autres PARTITION OF public.visite DEFAULT;
"""
MYSQL_PARTITIONS = b"""CREATE TABLE `sejour` (
  `id` int NOT NULL,
  `entree` date NOT NULL
) ENGINE=InnoDB
/*!50500 PARTITION BY RANGE  COLUMNS(entree)
(PARTITION p2019 VALUES LESS THAN ('2020-01-01') ENGINE = InnoDB,
 PARTITION p2020 VALUES LESS THAN ('2021-01-01') ENGINE = InnoDB) */;
CREATE TABLE `naissance` (`id` int, `le` date) PARTITION BY RANGE (YEAR(le))
(PARTITION p0 VALUES LESS THAN (1990), PARTITION p1 VALUES LESS THAN (2000));
"""
CHECKS = b"""
CREATE TABLE public.rdv (
    id integer,
    le date CHECK (le >= '2022-01-01'::date),
    fin date,
    CONSTRAINT fin_2022 CHECK (((fin >= '2022-01-01'::date) AND (fin < '2023-01-01'::date)))
);
CREATE TABLE public.cure (id integer, debut date);
ALTER TABLE public.cure ADD CONSTRAINT debut_mars CHECK (debut BETWEEN '2020-03-01' AND '2020-03-31');
CREATE TABLE public.libre (id integer, d date CHECK (d > '2020-01-01' OR d IS NULL));
"""


@pytest.mark.parametrize("dump, dialect, table, column, expected", [
    (PG_PARTITIONS, POSTGRES, "visite_2021_03", "vue_le", [(D(2021, 3, 1), D(2021, 3, 31))]),
    (PG_PARTITIONS, POSTGRES, "visite_2021_04", "vue_le", [(D(2021, 4, 1), None)]),
    (PG_PARTITIONS, POSTGRES, "visite_autres", "vue_le", [(None, D(2021, 2, 28))]),
    (PG_PARTITIONS, POSTGRES, "visite", "vue_le", []),  # through the parent: the default takes any day
    (MYSQL_PARTITIONS, MYSQL, "sejour", "entree", [(None, D(2020, 12, 31))]),
    (MYSQL_PARTITIONS, MYSQL, "naissance", "le", [(None, D(1999, 12, 31))]),
    (CHECKS, POSTGRES, "rdv", "le", [(D(2022, 1, 1), None)]),
    (CHECKS, POSTGRES, "rdv", "fin", [(D(2022, 1, 1), D(2022, 12, 31))]),
    (CHECKS, POSTGRES, "cure", "debut", [(D(2020, 3, 1), D(2020, 3, 31))]),
    (CHECKS, POSTGRES, "libre", "d", []),  # OR: not one range, no bound
])
def test_date_ranges_from_partitions_and_checks(dump, dialect, table, column, expected):
    tables = declared_tables(io.BytesIO(dump), dialect)
    assert [(r.first, r.last) for r in tables[table].date_ranges(column)] == expected


PG_DUMP = """--
-- PostgreSQL database dump
--
SET standard_conforming_strings = on;
""" + PG_PARTITIONS.decode() + CHECKS.decode() + """
COPY public.visite_2021_03 (id, patient, vue_le) FROM stdin;
1\tJean Dupont\t2021-03-02 09:15:00
2\tMarie Durand\t2021-03-30 17:40:00
\\.
COPY public.visite_2021_04 (id, patient, vue_le) FROM stdin;
3\tPaul Petit\t2021-04-01 08:00:00
\\.
COPY public.visite_autres (id, patient, vue_le) FROM stdin;
4\tLuc Moreau\t2021-02-27 11:00:00
\\.
INSERT INTO public.rdv VALUES (1, '2022-01-03', '2022-12-30');
INSERT INTO public.cure VALUES (1, '2020-03-15');
"""
MYSQL_DUMP = "-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n" + MYSQL_PARTITIONS.decode() + """
INSERT INTO `sejour` VALUES (1,'2020-12-29'),(2,'2019-06-01');
INSERT INTO `naissance` VALUES (1,'1999-12-20');
"""
IN_RANGE = {
    ("visite_2021_03", "1"): (D(2021, 3, 1), D(2021, 3, 31)), ("visite_2021_03", "2"): (D(2021, 3, 1), D(2021, 3, 31)),
    ("visite_2021_04", "3"): (D(2021, 4, 1), D(9999, 12, 31)), ("visite_autres", "4"): (D(1, 1, 1), D(2021, 2, 28)),
    ("rdv", "1"): (D(2022, 1, 1), D(2022, 12, 31)), ("cure", "1"): (D(2020, 3, 1), D(2020, 3, 31)),
    ("sejour", "1"): (D(1, 1, 1), D(2020, 12, 31)), ("sejour", "2"): (D(1, 1, 1), D(2020, 12, 31)),
    ("naissance", "1"): (D(1, 1, 1), D(1999, 12, 31)),
}
_ROW = re.compile(r"^(?:COPY public\.(?P<copy>\w+)|INSERT INTO [`\w.]*?(?P<insert>\w+)`? VALUES)", re.M)


def _dates_by_row(text: str) -> dict[tuple[str, str], list[D]]:
    """Every ISO date of each row, by (table, id), from a dump written as above."""
    found: dict[tuple[str, str], list[D]] = {}
    table = None
    for line in text.splitlines():
        if match := _ROW.match(line):
            table = match["copy"] or match["insert"]
        for row in re.findall(r"\((\d+),([^)]*)\)", line) if line.startswith("INSERT") else (
                [tuple(line.split("\t", 1))] if "\t" in line and table else []):
            days = [D(*map(int, m)) for m in re.findall(r"(\d{4})-(\d{2})-(\d{2})", row[1])]
            found[(table, row[0])] = days
    return found


@pytest.mark.parametrize("name, text", [("partitions.sql", PG_DUMP), ("partitions_mysql.sql", MYSQL_DUMP)])
def test_shifted_dates_stay_in_their_ranges(tmp_path, detector, name, text):
    source, output = tmp_path / name, tmp_path / f"redacted_{name}"
    source.write_text(text)
    summary = redact_path(source, output, RedactionPolicy(key=KEY), detector=detector)
    assert summary.records_dropped == 0
    before, after = _dates_by_row(text), _dates_by_row(output.read_text())
    checked = 0
    for row, (first, last) in IN_RANGE.items():
        if row in before:
            assert after[row] != before[row], f"{row}: dates not shifted"
            assert all(first <= day <= last for day in after[row]), f"{row}: {after[row]} outside {first}..{last}"
            checked += 1
    assert checked >= 2
    bounds = re.findall(r"(?:FROM|TO|THAN|CHECK|BETWEEN) \(?'[^']*'", text)
    assert bounds and all(bound in output.read_text() for bound in bounds)  # schema kept as written


SCHEMA = """--
-- PostgreSQL database dump
--
CREATE TABLE public.patient (
    id integer NOT NULL,
    first_name character varying(45) NOT NULL,
    last_name character varying(45) NOT NULL,
    remise numeric(4,2)
);
"""
DATA = """--
-- PostgreSQL database dump
--
INSERT INTO public.patient VALUES (1, 'Jean', 'Dupont', 0.05);
INSERT INTO public.patient VALUES (2, 'Marie', 'Durand', 0.15);
COPY public.patient FROM stdin;
3\tPaul\tLefebvre\t0.25
\\.
"""


def _schema_and_data(tmp_path):
    folder = tmp_path / "dump"
    folder.mkdir()
    (folder / "a-data.sql").write_text(DATA)  # the data file comes first
    (folder / "b-schema.sql").write_text(SCHEMA)
    return folder


def test_rows_follow_the_schema_of_another_file_in_redact(tmp_path, detector):
    folder = _schema_and_data(tmp_path)
    output = tmp_path / "out"
    summary = redact_path(folder, output, RedactionPolicy(key=KEY), detector=detector)
    assert summary.records_dropped == 0
    data = (output / "a-data.sql").read_text()
    for name in ("Dupont", "Durand", "Lefebvre"):
        assert name not in data
    for number in ("0.05", "0.15", "0.25"):
        assert number in data


def test_rows_follow_the_schema_of_another_file_in_scan(tmp_path, detector):
    folder = _schema_and_data(tmp_path)
    findings = tmp_path / "findings.jsonl"
    scan_paths([folder], ScanConfig(findings_path=findings), detector=detector)
    fields = {line.split('"field": "')[1].split('"')[0] for line in findings.read_text().splitlines()
              if '"table": "patient"' in line}
    assert "last_name" in fields and not any(f.startswith("column_") for f in fields)


USER_TYPES = b"""
CREATE TYPE public.medecin AS ENUM ('Martin', 'Bernard');
CREATE DOMAIN public.code_postal AS character varying(5);
CREATE DOMAIN public.jour_2020 AS date CONSTRAINT en_2020 CHECK (VALUE >= '2020-01-01' AND VALUE <= '2020-12-31');
CREATE DOMAIN annee AS integer CHECK (VALUE >= 1901);
CREATE TABLE public.suivi (
    id integer, referent public.medecin, referents medecin[], cp public.code_postal, le public.jour_2020, an annee
);
"""


@pytest.mark.parametrize("column, kind, length, ranges", [
    ("referent", "choice", None, []),
    ("referents", "choice", None, []),
    ("cp", "text", 5, []),
    ("le", "other", None, [(D(2020, 1, 1), D(2020, 12, 31))]),
    ("an", "number", None, []),
])
def test_domains_and_enum_types(column, kind, length, ranges):
    table = declared_tables(io.BytesIO(USER_TYPES), POSTGRES)["suivi"]
    assert (table.types[column].kind, table.types[column].length) == (kind, length)
    assert [(r.first, r.last) for r in table.date_ranges(column)] == ranges


def test_enum_type_values_are_not_rewritten(tmp_path, detector):
    source, output = tmp_path / "suivi.sql", tmp_path / "out.sql"
    source.write_text("--\n-- PostgreSQL database dump\n--\n" + USER_TYPES.decode()
                      + "INSERT INTO public.suivi VALUES (1, 'Martin', '{Martin,Bernard}', '75011', '2020-12-30', 1990);\n")
    redact_path(source, output, RedactionPolicy(key=KEY), detector=detector)
    row = output.read_text().splitlines()[-1]
    assert "'Martin', '{Martin,Bernard}'" in row
    assert re.search(r"'2020-\d\d-\d\d'", row)


def test_scan_leaves_out_boolean_and_enum_columns(tmp_path, detector):
    source, findings = tmp_path / "medecins.sql", tmp_path / "findings.jsonl"
    source.write_text("-- MySQL dump 10.13\nCREATE TABLE `m` (`id` int, `nom` varchar(40), "
                      "`referent` enum('Martin','Bernard'), `equipe` set('Dupont','Durand'), `actif` bit(1), "
                      "`photo` blob);\nINSERT INTO `m` VALUES (1,'Jean Dupont','Martin','Dupont,Durand',b'1',"
                      "'Jean Dupont 06 12 34 56 78');\n")
    scan_paths([source], ScanConfig(findings_path=findings), detector=detector)
    fields = {line.split('"field": "')[1].split('"')[0] for line in findings.read_text().splitlines()}
    assert "nom" in fields and not fields & {"referent", "equipe", "actif"}
    assert "photo" in fields  # text in a BLOB is redacted, so it is reported


LICENCE = "".join(f"-- Licence du jeu d'essai, ligne {i} : texte sans rien de SQL dedans.\n" for i in range(160))


@pytest.mark.parametrize("body, expected", [
    ('CREATE TABLE "patient" ("id" SERIAL, "nom" text);\nINSERT INTO "patient" VALUES (1, E\'Jean\');\n', "postgres"),
    ("SET client_encoding = 'UTF8';\n" * 40 + "CREATE TABLE t (id int);\nCOPY t (id) FROM stdin;\n1\n\\.\n", "postgres"),
    ("CREATE TABLE `patient` (`id` int, `nom` text);\nINSERT INTO `patient` VALUES (1, 'Jean');\n", "mysql"),
    ("CREATE TABLE [patient] (id INTEGER PRIMARY KEY AUTOINCREMENT, nom TEXT);\n", "sqlite-script"),
])
def test_dialect_found_after_a_long_head_of_comments(tmp_path, body, expected):
    from scanner.readers import SNIFF_BYTES, detect_format

    source = tmp_path / "script.sql"
    source.write_text(LICENCE + body)
    assert len(LICENCE.encode()) > SNIFF_BYTES
    assert detect_format(source).value == expected
