"""``--verify`` reads the comment lines pg_dump and mysqldump write as the writer does.

The writer copies them byte for byte without scanning them (``DUMP_TOOL_COMMENT``: object
names, versions, the dump date); the plain-text pass of ``--verify`` scanned them and
failed the run when a row held the same value, as a consultation of the day of the dump
does: ``-- Dump completed on 2024-06-11`` with a row dated 2024-06-11 left no output
(``pg_dump --verbose`` writes ``-- Started on`` and ``-- Completed on`` lines alike).
"""

from __future__ import annotations

import pytest

from scanner.redact.pipeline import redact_path
from scanner.redact.policy import RedactionPolicy

KEY = b"verify-comments-test-key-0123456789abcdef"
MYSQL_TABLE = (
    "CREATE TABLE `consultations` (`id` int NOT NULL, `nom` varchar(40), `prenom` varchar(40),"
    " `date_consultation` {type} NOT NULL, PRIMARY KEY (`id`));\n"
    "INSERT INTO `consultations` VALUES (1,'LEFEBVRE','Jeanne','{value}'),(2,'MARTIN','Paul','2024-03-02');\n"
)
POSTGRES_TABLE = (
    "SET standard_conforming_strings = on;\n"
    "CREATE TABLE public.consultations (id integer, nom text, prenom text, date_consultation {type});\n"
    "COPY public.consultations (id, nom, prenom, date_consultation) FROM stdin;\n"
    "1\tLEFEBVRE\tJeanne\t{value}\n2\tMARTIN\tPaul\t2024-03-02\n\\.\n"
)


@pytest.mark.parametrize("head, table, tail, column_type, value", [
    ("-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n", MYSQL_TABLE,
     "\n-- Dump completed on 2024-06-11 10:00:00\n", "date", "2024-06-11"),
    ("-- MariaDB dump 10.19  Distrib 10.11.6-MariaDB, for debian-linux-gnu (x86_64)\n", MYSQL_TABLE,
     "\n-- Dump completed on 2024-06-11 10:00:00\n", "datetime", "2024-06-11 10:00:00"),
    ("-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n", MYSQL_TABLE,
     "\n-- Dump completed on 2024-06-11  9:05:31\n", "date", "2024-06-11"),
    ("--\n-- PostgreSQL database dump\n--\n\n-- Dumped from database version 15.8\n"
     "-- Started on 2024-06-11 10:00:00 UTC\n\n-- TOC entry 215 (class 1259 OID 16390)\n-- Dependencies: 5\n", POSTGRES_TABLE,
     "\n-- Completed on 2024-06-11 10:00:01 UTC\n\n--\n-- PostgreSQL database dump complete\n--\n\n", "date", "2024-06-11"),
])
def test_verify_accepts_dump_tool_comments_copied_as_they_are(tmp_path, detector, head, table, tail, column_type, value):
    source, output = tmp_path / "dump.sql", tmp_path / "redacted.sql"
    source.write_text(head + table.format(type=column_type, value=value) + tail, encoding="utf-8")
    summary = redact_path(source, output, RedactionPolicy(key=KEY), detector=detector, verify=True)
    assert not summary.verify_failed, summary.residuals
    redacted = output.read_text(encoding="utf-8")
    assert redacted.endswith(tail) and f"'{value}'" not in redacted and f"\t{value}\n" not in redacted
