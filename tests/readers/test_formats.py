"""Every table format yields the same patient records; formats are detected by content."""

import gzip
import importlib.util
import sqlite3
from pathlib import Path

import pytest

from scanner.models import ReadError, Record
from scanner.readers import Format, detect_format, read_records

TABLES = Path(__file__).resolve().parents[2] / "fixtures" / "tables"


def _generator():
    spec = importlib.util.spec_from_file_location("generate_tables", TABLES / "generate_tables.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GENERATOR = _generator()
PATIENTS = GENERATOR.build_patients()
EXPECTED = {str(row["id"]): {k: str(v) for k, v in row.items() if v is not None} for row in PATIENTS}


def records_of(path, table=None, **kwargs):
    items = list(read_records(path, **kwargs))
    errors = [item for item in items if isinstance(item, ReadError)]
    assert errors == []
    return [item for item in items if isinstance(item, Record) and item.table == table]


@pytest.mark.parametrize(
    ("name", "table", "line_based"),
    [
        ("patients.csv", None, True),
        ("patients_cp1252.csv", None, True),
        ("patients.tsv", None, True),
        ("patients.json", None, True),
        ("patients.jsonl", None, True),
        ("patients.jsonl.gz", None, True),
        ("dump_mysql.sql", "patients", True),
        ("dump_postgres.sql", "patients", True),
        ("patients.sqlite", "patients", False),
        ("patients.parquet", None, False),
    ],
)
def test_read_records_same_patients_in_every_format(name, table, line_based):
    if name.endswith(".parquet"):
        pytest.importorskip("pyarrow")
    records = records_of(TABLES / name, table)
    assert [r.record for r in records] == list(EXPECTED)
    assert {r.record: r.fields for r in records} == EXPECTED
    assert all(r.source == str(TABLES / name) for r in records)
    lines = [r.line for r in records]
    if line_based:
        assert all(isinstance(line, int) for line in lines) and lines == sorted(lines)
    else:
        assert set(lines) == {None}


def test_generator_is_deterministic(tmp_path):
    GENERATOR.main(tmp_path)
    for name in ("patients.csv", "patients_cp1252.csv", "dump_mysql.sql", "dump_postgres.sql", "patients.jsonl.gz",
                 "dump_mysql_full.sql", "dump_postgres_full.sql"):
        assert (tmp_path / name).read_bytes() == (TABLES / name).read_bytes(), name


def test_read_mysql_all_tables_keys_and_binary_values():
    items = records_of(TABLES / "dump_mysql.sql", "consultations")
    assert len(items) == 60 and items[0].record == "1" and set(items[0].fields) == {"id", "patient_id", "date", "motif"}
    documents = {r.record: r.fields for r in records_of(TABLES / "dump_mysql.sql", "documents")}
    assert documents["1"]["contenu"].startswith("Compte rendu : Mme D'ANGELO")
    assert "\nRAS." in documents["1"]["contenu"]
    assert documents["2"]["contenu"] == "Courrier pédiatrie"  # 0x... hex literal of UTF-8 text
    assert "contenu" not in documents["3"] and "contenu" not in documents["4"]  # PNG bytes, NULL


def test_read_mysql_line_is_the_row_line():
    consultations = records_of(TABLES / "dump_mysql.sql", "consultations")
    text = (TABLES / "dump_mysql.sql").read_text(encoding="utf-8").splitlines()
    assert text[consultations[0].line - 1].startswith("(1,")


def test_read_postgres_schemas_copy_escapes_and_inserts():
    journal = records_of(TABLES / "dump_postgres.sql", "audit.journal")
    assert [(r.record, r.fields["action"]) for r in journal] == [("1", "lecture dossier 3"), ("2", "export CSV\tpatients")]
    consultations = records_of(TABLES / "dump_postgres.sql", "consultations")
    assert [r.record for r in consultations] == [str(i) for i in range(1, 61)]
    expected = {str(c["id"]): c["motif"] for c in GENERATOR.build_consultations(PATIENTS)}
    assert {r.record: r.fields["motif"] for r in consultations} == expected


def test_read_postgres_without_key_in_tail_uses_row_number(tmp_path):
    path = tmp_path / "dump.sql"
    path.write_bytes(b"COPY public.t (id, nom) FROM stdin;\n10\tROUX\n20\tMARTIN\n\\.\n")
    assert [r.record for r in read_records(path)] == ["1", "2"]


def test_read_sqlite_never_modifies_the_database(tmp_path):
    path = tmp_path / "p.sqlite"
    path.write_bytes((TABLES / "patients.sqlite").read_bytes())
    before = path.read_bytes()
    consultations = records_of(path, "consultations")
    assert len(consultations) == 60 and "scan" not in consultations[0].fields  # a PNG BLOB is skipped
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.sqlite"]


def test_read_sqlite_without_primary_key_uses_row_number(tmp_path):
    path = tmp_path / "t.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE t (nom TEXT, note BLOB)")
    db.execute("INSERT INTO t VALUES ('ROUX', CAST('né le 3 mars' AS BLOB)), (NULL, NULL)")
    db.commit()
    db.close()
    assert [(r.record, r.fields) for r in read_records(path)] == [("1", {"nom": "ROUX", "note": "né le 3 mars"}), ("2", {})]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("dump.txt", b"-- MySQL dump 10.13\n\nCREATE TABLE `p` (`id` int);\n", Format.MYSQL),
        ("export.csv", b"INSERT INTO `p` VALUES (1,'a');\n", Format.MYSQL),
        ("backup.sql", b"--\n-- PostgreSQL database dump\n--\nSET client_encoding = 'UTF8';\n", Format.POSTGRES),
        ("data.json", b"COPY public.p (id, nom) FROM stdin;\n1\tROUX\n\\.\n", Format.POSTGRES),
        ("export.sql", b"SET standard_conforming_strings = on;\n", Format.POSTGRES),
        ("plain.sql", b"INSERT INTO patients VALUES (1, 'ROUX');\n", Format.MYSQL),
        ("patients.txt", b"id;nom;ville\r\n1;ROUX;Lyon\r\n2;MARTIN;Paris\r\n", Format.CSV),
        ("patients.dat", "nom\tprénom\nROUX\tAnne\n".encode("cp1252"), Format.CSV),
        ("a.csv", b'[{"id": 1}]', Format.JSON),
        ("a.txt", b'{\n  "id": 1\n}\n', Format.JSON),
        ("a.json", b'{"id": 1}\n{"id": 2}\n', Format.JSONL),
        ("export", b"SQLite format 3\x00" + b"\x00" * 100, Format.SQLITE),
        ("export.csv", b"PAR1\x15\x04\x15\x00", Format.PARQUET),
        ("note.csv", b"Patient vu ce jour, RAS.\nA revoir dans un mois, bilan.\n", Format.CSV),
        ("note.dat", b"Patient vu ce jour, RAS.\nA revoir dans un mois, bilan sanguin.\n", Format.TEXT),
        ("empty.sql", b"", Format.MYSQL),
    ],
)
def test_detect_format_by_content_first(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    assert detect_format(path) == expected


def test_detect_format_looks_inside_gzip(tmp_path):
    path = tmp_path / "export.gz"
    path.write_bytes(gzip.compress(b"id,nom\n1,ROUX\n"))
    assert detect_format(path) == Format.CSV
    assert [(r.record, r.fields) for r in read_records(path)] == [("1", {"id": "1", "nom": "ROUX"})]
    dump = tmp_path / "dump_mysql.sql.gz"
    dump.write_bytes(gzip.compress((TABLES / "dump_mysql.sql").read_bytes()))
    assert len(records_of(dump, "patients")) == 40


def test_read_records_explicit_format_and_delimiter(tmp_path):
    path = tmp_path / "export.txt"
    path.write_bytes(b"nom|ville\nROUX|Lyon\n")
    assert [r.fields for r in read_records(path, delimiter="|")] == [{"nom": "ROUX", "ville": "Lyon"}]
    assert [r.fields for r in read_records(path, format=Format.CSV, delimiter=";")] == [{"nom|ville": "ROUX|Lyon"}]
    assert [r.fields for r in read_records(path, format=Format.TEXT)] == [{"text": "nom|ville\nROUX|Lyon\n"}]
