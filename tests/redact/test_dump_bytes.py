"""What is not a row value is copied byte for byte: BLOB bytes and routine bodies.

A binary column dumped without ``--hex-blob`` (PNG bytes as an escaped literal) is read
as bytes: its row is kept, the bytes are not scanned as text and come out unchanged. A
``mysqldump --routines --triggers`` file keeps every routine, trigger and event body
whatever ``DELIMITER`` is in force. The same dumps load into MariaDB (``-m db``), before
and after redaction, with the same rows, routines, triggers and BLOB bytes.
"""

from __future__ import annotations

import subprocess

import pytest

from scanner.models import ReadError, Record
from scanner.readers import Format, read_records
from scanner.redact.pipeline import redact_path
from scanner.redact.policy import RedactionPolicy
from tests.redact.servers import TIMEOUT
from tests.redact.servers import run as _run

KEY = b"dump-bytes-test-key-0123456789abcdef"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa"
"""The first bytes of a PNG file: not UTF-8 (0x89), NUL bytes, a Ctrl-Z."""
HASH = b"\xe9\x8f\xc4'\\\xb2\xd7\x91\xa0\x85\xee\xf3\x9d\x8b\x92\xc1"
"""A 16-byte digest in a BINARY(16) column: not UTF-8, and no NUL to tell it from text."""


def mysql_escaped(data: bytes) -> bytes:
    """``data`` as mysqldump writes a string literal without ``--hex-blob``."""
    for plain, escaped in ((b"\\", b"\\\\"), (b"'", b"\\'"), (b"\0", b"\\0"), (b"\n", b"\\n"),
                           (b"\r", b"\\r"), (b"\x1a", b"\\Z"), (b'"', b'\\"')):
        data = data.replace(plain, escaped)
    return b"'" + data + b"'"


HEAD = (
    b"-- MariaDB dump 10.19  Distrib 10.11.6-MariaDB, for debian-linux-gnu (x86_64)\n"
    b"/*!40101 SET NAMES utf8mb4 */;\n"
    b"/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;\n"
    b"CREATE TABLE `patient` (\n  `id` int NOT NULL,\n  `nom` varchar(40) DEFAULT NULL,\n"
    b"  `prenom` varchar(40) DEFAULT NULL,\n  `photo` mediumblob,\n  `empreinte` binary(16) DEFAULT NULL,\n"
    b"  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n"
    b"CREATE TABLE `journal` (`id` int NOT NULL AUTO_INCREMENT, `patient_id` int, `note` varchar(80),"
    b" PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n"
)
BLOB_FORMS = [  # (name, photo literal, empreinte literal)
    ("escaped literals", mysql_escaped(PNG), mysql_escaped(HASH)),
    ("_binary introducer", b"_binary " + mysql_escaped(PNG), b"_binary " + mysql_escaped(HASH)),
    ("0x hex", b"0x" + PNG.hex().upper().encode(), b"0x" + HASH.hex().encode()),
    ("X'' hex", b"X'" + PNG.hex().encode() + b"'", b"X'" + HASH.hex().encode() + b"'"),
]
ROUTINES = (
    b"DELIMITER ;;\n"
    b"CREATE DEFINER=`root`@`localhost` FUNCTION `nb_visites`(p_id INT) RETURNS int(11)\n"
    b"    READS SQL DATA\nBEGIN\n  DECLARE n INT DEFAULT 0;\n"
    b"  SELECT COUNT(*) INTO n FROM journal WHERE patient_id = p_id;\n"
    b"  IF n > 100 THEN\n    RETURN 100;\n  END IF;\n  RETURN n;\nEND ;;\nDELIMITER ;\n"
    b"DELIMITER ;;\n"
    b"CREATE DEFINER=`root`@`localhost` PROCEDURE `archiver`(IN p_max INT)\nBEGIN\n"
    b"  DECLARE i INT DEFAULT 0;\n  boucle: LOOP\n    SET i = i + 1;\n"
    b"    IF i > p_max THEN\n      LEAVE boucle;\n    END IF;\n  END LOOP boucle;\n"
    b"  INSERT INTO journal (patient_id, note) SELECT id, 'archive' FROM patient WHERE id <= p_max;\n"
    b"END ;;\nDELIMITER ;\n"
    b"DELIMITER //\n"
    b"CREATE PROCEDURE `compter`(OUT total INT)\nBEGIN\n  SELECT COUNT(*) INTO total FROM patient;\nEND //\n"
    b"DELIMITER ;\n"
    b"DELIMITER $$\n"
    b"CREATE FUNCTION `double_id`(x INT) RETURNS int DETERMINISTIC\nBEGIN\n  RETURN x * 2;\nEND$$\n"
    b"DELIMITER ;\n"
    b"/*!50003 SET @saved_sql_mode = @@sql_mode */ ;\n"
    b"DELIMITER ;;\n"
    b"/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER `patient_ai` AFTER INSERT ON"
    b" `patient` FOR EACH ROW BEGIN\n  INSERT INTO journal (patient_id, note) VALUES (NEW.id, 'creation');\n"
    b"END */;;\nDELIMITER ;\n"
    b"DELIMITER ;;\n"
    b"CREATE TRIGGER `patient_bu` BEFORE UPDATE ON `patient` FOR EACH ROW\nBEGIN\n"
    b"  IF NEW.nom IS NULL THEN\n    SET NEW.nom = OLD.nom;\n  END IF;\nEND ;;\nDELIMITER ;\n"
)
PEOPLE = [(1, b"Dupont", b"Jean"), (2, b"Martin", b"Claire"), (3, b"Bernard", b"Luc")]


def blob_dump(photo: bytes, empreinte: bytes) -> bytes:
    rows = b",".join(b"(%d,'%s','%s',%s,%s)" % (i, nom, prenom, photo, empreinte) for i, nom, prenom in PEOPLE)
    return HEAD + b"INSERT INTO `patient` VALUES " + rows + b",(4,'Petit','Anne',NULL,NULL);\n" + ROUTINES


def routine_bodies(dump: bytes) -> bytes:
    return dump[dump.index(b"DELIMITER ;;"):]


def read(path, fmt=Format.MYSQL) -> tuple[list[Record], list[ReadError]]:
    items = list(read_records(path, fmt))
    return [i for i in items if isinstance(i, Record)], [i for i in items if isinstance(i, ReadError)]


@pytest.mark.parametrize(("photo", "empreinte"), [pytest.param(p, e, id=n) for n, p, e in BLOB_FORMS])
def test_blob_rows_are_read_as_rows_and_bytes_are_not_text(tmp_path, photo, empreinte):
    path = tmp_path / "d.sql"
    path.write_bytes(blob_dump(photo, empreinte))
    records, errors = read(path)
    rows = [r for r in records if r.table == "patient"]
    assert errors == []
    assert [r.record for r in rows] == ["1", "2", "3", "4"]
    assert all("photo" not in r.fields and "empreinte" not in r.fields for r in rows)
    assert rows[0].fields == {"id": "1", "nom": "Dupont", "prenom": "Jean"}


@pytest.mark.parametrize(
    ("columns", "literal"),
    [
        pytest.param(b"(`id` int, `nom` varchar(40))", "'n\xe9e'".encode("latin-1"), id="latin-1 text"),
        pytest.param(b"(`id` int, `nom` text)", "'Hélène'".encode("cp1252"), id="cp1252 text"),
    ],
)
def test_undecodable_text_outside_a_binary_column_is_still_reported(tmp_path, columns, literal):
    path = tmp_path / "d.sql"
    path.write_bytes(b"CREATE TABLE `t` " + columns + b";\nINSERT INTO `t` VALUES (1," + literal + b");\n")
    _, errors = read(path)
    assert [e.message for e in errors] == ["t, column 'nom': cannot decode byte 0xe9 as utf-8, replaced by U+FFFD"]


def redact(tmp_path, dump: bytes, detector):
    source, output = tmp_path / "in.sql", tmp_path / "out.sql"
    source.write_bytes(dump)
    summary = redact_path(source, output, RedactionPolicy(key=KEY), detector=detector)
    return source, output, summary


@pytest.mark.parametrize(("photo", "empreinte"), [pytest.param(p, e, id=n) for n, p, e in BLOB_FORMS])
def test_redaction_keeps_blob_bytes_and_routine_bodies(tmp_path, detector, photo, empreinte):
    dump = blob_dump(photo, empreinte)
    _, output, summary = redact(tmp_path, dump, detector)
    out = output.read_bytes()
    assert summary.records_dropped == 0 and summary.unparsed == 0
    assert out.count(photo) == dump.count(photo) == 3 and out.count(empreinte) == 3
    assert routine_bodies(out) == routine_bodies(dump)
    assert b"'Dupont'" not in out and b"'Claire'" not in out


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"DELIMITER ;;\nCREATE PROCEDURE `p`()\nBEGIN\n  DECLARE n INT;\n  IF n IS NULL THEN SET n = 1; END IF;\nEND ;;\n"
                     b"DELIMITER ;\n", id="procedure ;;"),
        pytest.param(b"DELIMITER //\nCREATE FUNCTION `f`() RETURNS INT\nBEGIN\n  IF 1 THEN RETURN 1; END IF;\n"
                     b"  RETURN 0;\nEND//\nDELIMITER ;\n", id="function //"),
        pytest.param(b"DELIMITER $$\nCREATE PROCEDURE `p`()\nBEGIN\n  l: LOOP LEAVE l; END LOOP l;\nEND$$\n"
                     b"DELIMITER ;\n", id="procedure $$"),
        pytest.param(b"DELIMITER ;;\n/*!50106 CREATE*/ /*!50117 DEFINER=`root`@`localhost`*/ /*!50106 EVENT `purge`"
                     b" ON SCHEDULE EVERY 1 DAY DO BEGIN\n  DELETE FROM t WHERE id < 0;\nEND */ ;;\nDELIMITER ;\n",
                     id="event"),
        pytest.param(b"DELIMITER $$\n/*!50003 CREATE*/ /*!50003 TRIGGER `tr` AFTER DELETE ON `t` FOR EACH ROW BEGIN\n"
                     b"  DELETE FROM t2 WHERE id = OLD.id;\nEND */ $$\nDELIMITER ;\n", id="trigger in a comment, $$"),
        pytest.param(b"DELIMITER ;;\nCREATE TRIGGER `tr` BEFORE INSERT ON `t` FOR EACH ROW\nBEGIN\n"
                     b"  DECLARE n INT;\n  INSERT INTO t2 SELECT NEW.id;\nEND ;;\nDELIMITER ;\n", id="trigger with INSERT SELECT"),
    ],
)
def test_routine_bodies_are_one_statement_copied_as_is(tmp_path, detector, body):
    rows = b"CREATE TABLE `t` (`id` int);\nINSERT INTO `t` VALUES (1),(2);\n"
    dump = rows + body + b"INSERT INTO `t` VALUES (3);\n"
    _, output, summary = redact(tmp_path, dump, detector)
    assert output.read_bytes() == dump
    assert summary.unparsed == 0 and summary.records_read == 3


# ---------------------------------------------------------------- MariaDB


def _load(client: list[str], database: str, dump: bytes) -> dict[str, list[str]]:
    _run(client + ["-e", f"CREATE DATABASE {database} CHARACTER SET utf8mb4"])
    loaded = subprocess.run(client + [database], input=dump, capture_output=True, timeout=TIMEOUT)
    assert loaded.returncode == 0, loaded.stderr.decode(errors="replace")
    queries = {
        "rows": "SELECT (SELECT count(*) FROM patient), (SELECT count(*) FROM journal)",
        "blobs": "SELECT id, HEX(photo), HEX(empreinte) FROM patient ORDER BY id",
        "routines": "SELECT ROUTINE_NAME, ROUTINE_TYPE, ROUTINE_DEFINITION FROM information_schema.ROUTINES"
                    f" WHERE ROUTINE_SCHEMA = '{database}' ORDER BY ROUTINE_NAME",
        "triggers": "SELECT TRIGGER_NAME, ACTION_STATEMENT FROM information_schema.TRIGGERS"
                    f" WHERE TRIGGER_SCHEMA = '{database}' ORDER BY TRIGGER_NAME",
    }
    return {name: _run(client + ["-N", "-B", database, "-e", q]).stdout.splitlines() for name, q in queries.items()}


@pytest.mark.db
@pytest.mark.parametrize(("photo", "empreinte"), [pytest.param(p, e, id=n) for n, p, e in BLOB_FORMS[:2]])
def test_redacted_dump_with_blobs_and_routines_loads_like_the_original(tmp_path, detector, mariadb, photo, empreinte):
    source, output, _ = redact(tmp_path, blob_dump(photo, empreinte), detector)
    original, redacted = _load(mariadb, "original", source.read_bytes()), _load(mariadb, "redacted", output.read_bytes())
    assert redacted == original
    assert original["rows"] == ["4\t0"] and len(original["routines"]) == 4 and len(original["triggers"]) == 2
    assert original["blobs"][0] == f"1\t{PNG.hex().upper()}\t{HASH.hex().upper()}"
