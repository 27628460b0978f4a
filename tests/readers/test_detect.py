"""Format and encoding detection: notes that start like JSON or SQL stay notes, real
exports are detected as before, UTF-16/32 files are text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from scanner.readers import Format, detect_format, read_records
from scanner.models import ReadError

REPO = Path(__file__).resolve().parents[2]
REALDATA = REPO.parent.parent / "shared" / "realdata"
if not REALDATA.exists():
    REALDATA = Path("/work/shared/realdata")

NOTE = "Patient vu ce jour, Mme Anne ROUX, née le 3 mars 1961.\nRAS, à revoir dans un mois.\n"


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        # notes whose first characters look like JSON or SQL
        ("cr.txt", "[CR du 12/03] " + NOTE, Format.TEXT),
        ("urgent.txt", "{Urgent} Rappeler Mme ROUX.\n" + NOTE, Format.TEXT),
        ("begin.txt", "Begin consultation: M. Paul DURAND, 45 ans.\n" + NOTE, Format.TEXT),
        ("set.txt", "Set de pansements posé; " + NOTE, Format.TEXT),
        ("update", "Update; le patient rappelle. Insert du compte rendu.\n", Format.TEXT),
        ("drop.txt", "DROP de tension artérielle;\nà surveiller.\n", Format.TEXT),
        ("liste.txt", "[1] Doliprane\n[2] Kardegic\n", Format.TEXT),
        ("accolade", '{"id": 1} puis texte libre.\n' + NOTE, Format.TEXT),
        ("semicolons.txt", "CREATE TABLE patients (id int);\nPatient vu ce jour; RAS.\n", Format.TEXT),
        # real shapes keep their format, whatever the suffix
        ("notes.txt", '{"id": 1, "text": "RAS"}\n{"id": 2, "text": "vu"}\n', Format.JSONL),
        ("notes.txt", '[\n  {"id": 1, "text": "RAS"},\n  {"id": 2}\n]\n', Format.JSON),
        ("notes.txt", '{\n  "id": 1,\n  "patient": {"nom": "ROUX"}\n}\n', Format.JSON),
        ("dump.txt", "DROP TABLE IF EXISTS p;\nCREATE TABLE p (id int, nom text);\nINSERT INTO p VALUES (1,'a');\n", Format.MYSQL),
        ("dump.txt", "BEGIN;\nINSERT INTO p VALUES (1, 'ROUX');\nCOMMIT;\n", Format.MYSQL),
        ("dump.txt", "INSERT INTO p VALUES (1, 'ROUX')", Format.MYSQL),  # one statement, no ';'
        ("dump", 'INSERT INTO "p" VALUES (1);\nCOPY public.p (id) FROM stdin;\n2\n\\.\n', Format.POSTGRES),
        ("notes.jsonl", "{Urgent} pas du JSON\n", Format.JSONL),  # the suffix decides what the content leaves open
        ("note.sql", "Patient vu ce jour.\n", Format.MYSQL),
    ],
)
def test_detect_format_needs_more_than_a_first_character(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert detect_format(path) == expected


def test_a_note_starting_with_a_bracket_is_scanned_as_one_note(tmp_path):
    path = tmp_path / "cr.txt"
    path.write_text("[CR du 12/03] " + NOTE, encoding="utf-8")
    [record] = read_records(path)
    assert not isinstance(record, ReadError) and record.fields["text"].startswith("[CR du 12/03]")


def test_a_long_first_json_line_is_json(tmp_path):
    path = tmp_path / "long.jsonl"
    path.write_text(json.dumps({"id": 1, "text": NOTE * 400}) + "\n", encoding="utf-8")
    assert detect_format(path) in (Format.JSON, Format.JSONL)
    assert [r.record for r in read_records(path)] == ["1"]


@pytest.mark.parametrize(
    ("name", "content", "encoding", "expected"),
    [
        ("export.txt", "nom\tprénom\tville\r\nROUX\tAnne\tLyon\r\nDURAND\tPaul\tParis\r\n", "utf-16", Format.CSV),
        ("export.csv", "nom;prénom\r\nROUX;Anne\r\n", "utf-16-le", Format.CSV),
        ("export.csv", "nom;prénom\r\nROUX;Anne\r\n", "utf-16-be", Format.CSV),
        ("note.txt", NOTE, "utf-16", Format.TEXT),
        ("note.dat", "[CR du 12/03] " + NOTE, "utf-16-le", Format.TEXT),
        ("notes.dat", '{"id": 1, "text": "RAS"}\n{"id": 2}\n', "utf-32", Format.JSONL),
        ("notes.dat", '[{"id": 1}]\n', "utf-32-le", Format.JSON),
        ("dump.dat", "-- MySQL dump 10.13\nINSERT INTO `p` VALUES (1);\n", "utf-16", Format.MYSQL),
    ],
)
def test_detect_format_reads_utf16_and_utf32(tmp_path, name, content, encoding, expected):
    path = tmp_path / name
    path.write_bytes(content.encode(encoding))
    assert detect_format(path) == expected


TODAY = [  # (path under the repository or the realdata set, format detected before issue 16)
    ("fixtures/notes.jsonl", Format.JSONL),
    ("fixtures/notes/note_01.txt", Format.TEXT),
    ("fixtures/tables/dump_mysql.sql", Format.MYSQL),
    ("fixtures/tables/dump_postgres.sql", Format.POSTGRES),
    ("fixtures/tables/patients.csv", Format.CSV),
    ("fixtures/tables/patients.tsv", Format.CSV),
    ("fixtures/tables/patients_cp1252.csv", Format.CSV),
    ("fixtures/tables/patients.json", Format.JSON),
    ("fixtures/tables/patients.jsonl", Format.JSONL),
    ("fixtures/tables/patients.jsonl.gz", Format.JSONL),
    ("fixtures/tables/patients.parquet", Format.PARQUET),
    ("fixtures/tables/patients.sqlite", Format.SQLITE),
    ("fixtures/tables/malformed/bad_element.json", Format.JSON),
    ("fixtures/tables/malformed/truncated_array.json", Format.JSON),
    ("fixtures/tables/malformed/truncated_mysql.sql", Format.MYSQL),
    ("fixtures/tables/malformed/truncated_postgres.sql", Format.POSTGRES),
    ("fixtures/tables/malformed/unbalanced_quote.csv", Format.CSV),
    ("fixtures/tables/malformed/wrong_columns.csv", Format.CSV),
    ("fixtures/tables/malformed/cp1252_line.csv", Format.CSV),
    ("realdata:dumps/chinook/ChinookData.json", Format.JSON),
    ("realdata:dumps/chinook/Chinook_MySql.sql", Format.MYSQL),
    ("realdata:dumps/chinook/Chinook_PostgreSql.sql", Format.POSTGRES),  # MYSQL before issue 18
    ("realdata:dumps/chinook/Chinook_Sqlite.sql", Format.SQLITE_SCRIPT),  # MYSQL before issue 18
    ("realdata:dumps/chinook/Chinook_Sqlite.sqlite", Format.SQLITE),
    ("realdata:dumps/pagila/pagila-data.sql", Format.POSTGRES),
    ("realdata:dumps/pagila/pagila-schema.sql", Format.POSTGRES),
    ("realdata:text/eds_pseudo_dev.jsonl", Format.JSONL),
    ("realdata:text/mantra_fr.jsonl", Format.JSONL),
    ("realdata:text/quaero_train_dev.jsonl", Format.JSON),  # a first line longer than the head
]


@pytest.mark.parametrize(("where", "expected"), TODAY, ids=[where for where, _ in TODAY])
def test_real_exports_are_detected_as_before(where, expected):
    if where.startswith("realdata:"):
        path = REALDATA / where.removeprefix("realdata:")
        if not path.exists():
            pytest.skip(f"{path} is absent (the realdata development set is not here)")
    else:
        path = REPO / where
    assert detect_format(path) == expected


SCRIPT_HEADS = [  # (head of a SQL script without a dump header, dialect)
    (b"\\c chinook;\nCREATE TABLE album (album_id INT NOT NULL);\nINSERT INTO album VALUES (1, N'Rock');\n",
     Format.POSTGRES),
    (b"CREATE TABLE p (id INT);\nINSERT INTO p (id, nom) VALUES (1, N'Jeanne d''Arc');\n", Format.POSTGRES),
    (b"CREATE TABLE p (id SERIAL PRIMARY KEY, nom TEXT);\nINSERT INTO p VALUES (1, 'Durand');\n", Format.POSTGRES),
    (b"SET search_path = sante, public;\nINSERT INTO p VALUES (1, 'Durand');\n", Format.POSTGRES),
    (b"INSERT INTO p VALUES (1, '2021-03-02'::date, 'Durand');\n", Format.POSTGRES),
    (b"INSERT INTO p VALUES (1, E'Rue de l\\'Eglise');\n", Format.POSTGRES),
    (b'CREATE TABLE "Patient" (id int);\nINSERT INTO "Patient" VALUES (1);\n', Format.POSTGRES),
    (b"INSERT INTO sante.\"Patient\" VALUES (1);\n", Format.POSTGRES),
    (b"CREATE TABLE p (id int);\nCOPY p (id) FROM stdin;\n1\n\\.\n", Format.POSTGRES),
    (b"CREATE TABLE `p` (id int) ENGINE=InnoDB;\nINSERT INTO `p` VALUES (1, N'Rock');\n", Format.MYSQL),
    (b"/*!40101 SET NAMES utf8 */;\nINSERT INTO p VALUES (1, 'Durand');\n", Format.MYSQL),
    (b"CREATE TABLE p (id int) ENGINE = MyISAM;\nINSERT INTO p VALUES (1, N'Rock');\n", Format.MYSQL),
    (b"INSERT INTO p VALUES (1, N'O\\'Brien');\n", Format.MYSQL),
    (b"LOCK TABLES p WRITE;\nINSERT INTO p VALUES (1, 'Durand');\nUNLOCK TABLES;\n", Format.MYSQL),
    (b"CREATE TABLE p (id int);\nINSERT INTO p VALUES (1, 'Durand');\n", Format.MYSQL),  # plain: MySQL rules
    # marks inside literals and comments are not marks
    (b"-- uses SERIAL and ::casts\nINSERT INTO p VALUES (1, 'Vitamine E', 'a::b \"x\"');\n", Format.MYSQL),
    (b"/* `old` */\nINSERT INTO p VALUES (1, N'Rock');\n", Format.POSTGRES),
    (b"DROP TABLE IF EXISTS [Album];\nCREATE TABLE [Album] ([AlbumId] INTEGER NOT NULL);\n", Format.SQLITE_SCRIPT),
    (b"INSERT INTO [Artist] ([ArtistId], [Name]) VALUES (1, N'AC/DC');\n", Format.SQLITE_SCRIPT),
    (b"PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\nCREATE TABLE p(id INTEGER);\nCOMMIT;\n", Format.SQLITE_SCRIPT),
    (b'BEGIN TRANSACTION;\nCREATE TABLE "p"(id INTEGER PRIMARY KEY AUTOINCREMENT);\nCOMMIT;\n', Format.SQLITE_SCRIPT),
    (b"BEGIN TRANSACTION;\nCREATE TABLE p (id int);\nINSERT INTO p VALUES (1, 'a');\nCOMMIT;\n", Format.SQLITE_SCRIPT),
    (b"BEGIN TRANSACTION;\nCREATE TABLE p (id SERIAL, t int[]);\nINSERT INTO p VALUES (1, '{1}');\nCOMMIT;\n",
     Format.POSTGRES),
    (b"CREATE TABLE p (id int, t int[]);\nINSERT INTO p VALUES (1, ARRAY[1, 2]::int[]);\n", Format.POSTGRES),
    (b"INSERT INTO p VALUES (1, 'voir [Dossier] et [Nom]');\n", Format.MYSQL),
]


@pytest.mark.parametrize(("head", "expected"), SCRIPT_HEADS)
def test_sql_script_dialect_is_read_from_its_content(tmp_path, head, expected):
    path = tmp_path / "script.sql"
    path.write_bytes(head)
    assert detect_format(path) == expected


@pytest.mark.parametrize(("head", "message"), [
    pytest.param(b"PGDMP\x01\x0e\x00\x04\x08\x01\x01\x01" + bytes(64), "pg_dump archive (custom format): convert it to SQL first", id="pg_dump-Fc"),
    pytest.param(b"\x00\x01\x02\x03binary" + bytes(64), "binary file, not a supported format", id="other"),
])
def test_a_binary_input_is_refused_with_what_to_do(tmp_path, head, message):
    """A ``pg_dump -Fc`` archive is named, with the command that makes it a plain SQL dump."""
    from scanner.errors import UnreadableFileError

    path = tmp_path / "base.dump"
    path.write_bytes(head)
    with pytest.raises(UnreadableFileError, match=re.escape(message)):
        detect_format(path)
