"""Malformed inputs: each bad part is reported with its position, and reading goes on."""

import gzip
import subprocess
import sys
from pathlib import Path

import pytest

from scanner.models import ReadError, Record
from scanner.readers import read_records

MALFORMED = Path(__file__).resolve().parents[2] / "fixtures" / "tables" / "malformed"


def split(items):
    errors = [item for item in items if isinstance(item, ReadError)]
    records = [item for item in items if isinstance(item, Record)]
    return errors, records


@pytest.mark.parametrize(
    ("name", "kwargs", "expected_errors", "expected_records"),
    [
        ("truncated_mysql.sql", {}, [(3, "unexpected end of file")], ["1", "2", "3", "4"]),
        ("truncated_postgres.sql", {}, [(3, "line 6 is cut")], ["1", "2"]),
        ("unbalanced_quote.csv", {}, [(3, "unbalanced quote")], ["1", "3", "4"]),
        ("wrong_columns.csv", {}, [(3, "has 2 columns, the header has 3"), (4, "has 4 columns, the header has 3")],
         ["1", "4"]),
        ("cp1252_line.csv", {"encoding": "utf-8"}, [(3, "cannot decode byte 0xd4")], ["1", "2", "3"]),
        ("cp1252_line.csv", {}, [], ["1", "2", "3"]),
        ("truncated_array.json", {}, [(4, "unexpected end of file inside a JSON value")], ["1", "2"]),
        ("bad_element.json", {}, [(3, "invalid JSON")], ["1", "3"]),
        ("binary.csv", {}, [(None, "binary file, not a supported format")], []),
        ("empty.csv", {}, [(None, "empty file")], []),
    ],
)
def test_read_records_reports_malformed_input_and_goes_on(name, kwargs, expected_errors, expected_records):
    path = MALFORMED / name
    errors, records = split(list(read_records(path, **kwargs)))
    assert [(e.line, any(f in e.message for f in [m])) for e, (_, m) in zip(errors, expected_errors)] == [
        (line, True) for line, _ in expected_errors
    ], [str(e) for e in errors]
    assert len(errors) == len(expected_errors)
    assert all(e.source == str(path) for e in errors)
    assert [r.record for r in records] == expected_records


@pytest.mark.parametrize(
    ("name", "content", "expected_errors", "expected_records"),
    [
        ("unterminated.sql", b"INSERT INTO `t` VALUES (1,'a'),(2,'b')", [(1, "unexpected end of file in the INSERT")],
         ["1", "2"]),
        ("garbage.sql", b"INSERT INTO `t` VALUES (1,'a') oops;\nINSERT INTO `t` VALUES (2,'b');\n",
         [(1, "expected ',' or ';' after a row of t")], ["1", "2"]),
        ("count.sql", b"CREATE TABLE `t` (`id` int, `nom` text);\nINSERT INTO `t` VALUES (1,'a'),\n(2),(3,'c');\n",
         [(3, "row 2 of t has 1 values for 2 columns")], ["1", "3"]),
        ("select.sql", b"INSERT INTO `t` SELECT * FROM u;\nINSERT INTO `t` VALUES (1,'a');\n",
         [(1, "without VALUES")], ["1"]),
        ("copy.sql", b"-- PostgreSQL database dump\nCOPY public.t (a, b) FROM stdin;\n1\tx\n2\n3\tz\n\\.\n",
         [(4, "row 2 of t has 1 values for 2 columns")], ["1", "3"]),
        ("pg.sql", b"SET standard_conforming_strings = on;\nINSERT INTO public.t VALUES (1, E'a\\nb', 'c\\d');\n",
         [], ["1"]),
        ("latin.sql", "-- MySQL dump\nINSERT INTO `t` VALUES (1,'né');\n".encode("cp1252"),
         [(2, "cannot decode byte 0xe9 as utf-8")], ["1"]),
        ("noise.bin", bytes(range(1, 32)) * 40, [(None, "binary file")], []),
        ("broken.csv.gz", gzip.compress(b"id,nom\n" + b"".join(b"%d,%x\n" % (i, i * 7919 ** 3) for i in range(1, 20000)))[:150_000],
         [(None, "corrupt or truncated gzip stream")], None),
    ],
)
def test_read_records_reports_malformed_generated_input(tmp_path, name, content, expected_errors, expected_records):
    path = tmp_path / name
    path.write_bytes(content)
    errors, records = split(list(read_records(path)))
    assert [(e.line, m in e.message) for e, (_, m) in zip(errors, expected_errors)] == [
        (line, True) for line, _ in expected_errors
    ], [str(e) for e in errors]
    assert len(errors) == len(expected_errors), [str(e) for e in errors]
    if expected_records is not None:
        assert [r.record for r in records] == expected_records
    else:
        assert records and [r.record for r in records] == [str(i) for i in range(1, len(records) + 1)]


def test_read_records_unknown_text_content_is_one_note(tmp_path):
    path = tmp_path / "courrier.xyz"
    path.write_text("Cher confrère,\nje vous adresse Mme ROUX pour avis.\n", encoding="utf-8")
    [record] = read_records(path)
    assert isinstance(record, Record) and record.fields["text"].startswith("Cher confrère")


def test_read_csv_reports_a_late_undecodable_line(tmp_path):
    path = tmp_path / "late.csv"
    rows = "".join(f"{i},Anne-Hélène,Nîmes\n" for i in range(1, 4001))  # > the 64 KiB encoding sample
    path.write_bytes(("id,prenom,ville\n" + rows).encode() + b"4001,C\xd4TE,Lyon\n4002,ROUX,Lyon\n")
    errors, records = split(list(read_records(path)))
    assert [(e.line, "cannot decode byte 0xd4" in e.message) for e in errors] == [(4002, True)]
    assert len(records) == 4002 and records[1].fields["prenom"] == "Anne-Hélène"


def test_read_csv_unbalanced_quote_does_not_swallow_a_long_file(tmp_path, monkeypatch):
    from scanner.readers import csv_export

    monkeypatch.setattr(csv_export, "MAX_ROW_LINES", 50)
    path = tmp_path / "long.csv"
    path.write_text("id,nom\n1,\"ROUX\n" + "".join(f"{i},MARTIN\n" for i in range(2, 200)), encoding="utf-8")
    errors, records = split(list(read_records(path)))
    assert [(e.line, "still open after" in e.message) for e in errors] == [(2, True)]
    assert [r.record for r in records] == [str(i) for i in range(2, 200)]


BIG_SCRIPT = """
import resource, sys
from scanner.readers import read_records
count = errors = 0
for item in read_records(sys.argv[1]):
    if type(item).__name__ == "Record":
        count += 1
    else:
        errors += 1
usage = resource.getrusage(resource.RUSAGE_SELF)
print(count, errors, usage.ru_maxrss, usage.ru_utime + usage.ru_stime)
"""


def write_big_mysql_line(path: Path, megabytes: int) -> int:
    """One extended INSERT of ``megabytes`` MB on a single line; returns its row count."""
    note = ("Patiente vue ce jour, HTA ; dit \\'ça va\\' \\\\ voir C:\\\\dossiers\\n" * 16).encode()
    rows = 0
    with path.open("wb") as fp:
        fp.write(b"CREATE TABLE `big` (`id` int NOT NULL, `note` text, PRIMARY KEY (`id`));\nINSERT INTO `big` VALUES ")
        written = 0
        while written < megabytes << 20:
            rows += 1
            chunk = b"%s(%d,'%s')" % (b"," if rows > 1 else b"", rows, note)
            fp.write(chunk)
            written += len(chunk)
        fp.write(b";\n")
    return rows


def test_read_mysql_50mb_single_line_in_bounded_memory(tmp_path):
    path = tmp_path / "big.sql"
    rows = write_big_mysql_line(path, 50)
    baseline = subprocess.run(
        [sys.executable, "-c", BIG_SCRIPT, str(MALFORMED / "truncated_mysql.sql")],
        capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[2],
    )
    result = subprocess.run(
        [sys.executable, "-c", BIG_SCRIPT, str(path)],
        capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[2],
    )
    count, errors, max_rss_kb, cpu_seconds = (int(v) if i < 3 else float(v) for i, v in enumerate(result.stdout.split()))
    base_rss_kb = int(baseline.stdout.split()[2])
    assert (count, errors) == (rows, 0)
    assert max_rss_kb - base_rss_kb < 30 * 1024, (max_rss_kb, base_rss_kb)  # the line is 50 MB
    assert cpu_seconds < 5  # CPU, not wall time: other jobs may share the machine
