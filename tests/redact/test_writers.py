"""Same-format writers: every fixture format round-trips through vigie's own readers.

The fixture-wide tests run the real pipeline once per file (French engine, default
policy, ``verify=True``); the small tests drive one writer directly with hand-made changes.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from scanner.models import ReadError, Record
from scanner.readers import Format, read_records
from scanner.redact.consistency import SeenValues
from scanner.redact.pipeline import redact_path
from scanner.redact.policy import RedactionPolicy
from scanner.redact.writers import WriteOptions, writer_class

ROOT = Path(__file__).resolve().parents[2] / "fixtures"
TABLES = ROOT / "tables"
KEY = b"writers-test-key-0123456789abcdef"
FORMATS = {
    "patients.csv": Format.CSV, "patients.tsv": Format.CSV, "patients_cp1252.csv": Format.CSV,
    "patients.jsonl": Format.JSONL, "patients.jsonl.gz": Format.JSONL, "patients.json": Format.JSON,
    "dump_mysql.sql": Format.MYSQL, "dump_postgres.sql": Format.POSTGRES,
    "patients.sqlite": Format.SQLITE, "patients.parquet": Format.PARQUET, "notes.jsonl": Format.JSONL,
}


def fixture_path(name: str) -> Path:
    return ROOT / name if name == "notes.jsonl" else TABLES / name


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def records_of(path: Path, format: Format | None = None) -> tuple[list[Record], list[ReadError]]:
    items = list(read_records(path, format))
    return [i for i in items if isinstance(i, Record)], [i for i in items if isinstance(i, ReadError)]


@pytest.fixture(scope="module")
def redacted(tmp_path_factory, detector):
    """Every fixture redacted once (verified), with the input hashes before and after."""
    out_dir = tmp_path_factory.mktemp("redacted")
    results = {}
    for name in FORMATS:
        source = fixture_path(name)
        before = sha256(source)
        summary = redact_path(source, out_dir / name, RedactionPolicy(key=KEY), detector=detector, verify=True)
        results[name] = (source, out_dir / name, summary, before, sha256(source))
    return results


@pytest.mark.parametrize("name", list(FORMATS))
def test_writer_round_trips_fixture(name, redacted, detector):
    source, output, summary, before, after = redacted[name]
    assert before == after, "the input was modified"
    assert summary.output == output and output.exists()
    assert summary.errors == [] and summary.records_dropped == 0
    assert summary.verified and not summary.verify_failed, summary.residuals[:5]
    originals, no_errors = records_of(source)
    copies, errors = records_of(output, FORMATS[name])
    assert errors == [] and no_errors == []
    dump_text = [r for r in originals if FORMATS[name] in (Format.MYSQL, Format.POSTGRES) and r.table is None]
    assert summary.records_read == len(originals) - len(dump_text) and len(originals) == len(copies)
    assert [(r.table, r.record) for r in copies] == [(r.table, r.record) for r in originals]
    assert [set(r.fields) for r in copies] == [set(r.fields) for r in originals]
    findings = detector.detect_batch(originals)
    changed_fields = 0
    for original, copy, found in zip(originals, copies, findings):
        detected = {f.field for f in found}
        for field, text in original.fields.items():
            if field not in detected:
                assert copy.fields[field] == text, (original.record, field)
            elif copy.fields[field] != text:
                changed_fields += 1
    assert changed_fields > 0


def test_free_text_notes_keep_everything_but_the_spans(redacted, detector):
    source, output, summary, *_ = redacted["notes.jsonl"]
    originals, _ = records_of(source)
    copies, _ = records_of(output)
    policy = RedactionPolicy(key=KEY)
    detected, seen = detector.detect_batch(originals), SeenValues(policy)
    for original, found in zip(originals, detected):  # a name found in one note is replaced in all
        seen.learn_findings(original, [f for f in found if policy.operator_for(f.entity_type) != "keep"])
    for original, copy, found in zip(originals, copies, detected):
        found = found + seen.findings(original, found)
        text, new = original.fields["text"], copy.fields["text"]
        spans = sorted((f.start, f.end) for f in found if policy.operator_for(f.entity_type) != "keep")
        position, cursor = 0, 0
        for start, end in spans + [(len(text), len(text))]:
            if start < cursor:
                cursor = max(cursor, end)
                continue
            piece = text[cursor:start]
            found_at = new.find(piece, position)
            assert found_at >= 0, (original.record, piece)
            position = found_at + len(piece)
            cursor = end


@pytest.mark.parametrize("name", ["patients.csv", "patients.tsv", "patients_cp1252.csv"])
def test_csv_writer_keeps_header_line_endings_and_encoding(name, redacted):
    source, output, *_ = redacted[name]
    raw_in, raw_out = source.read_bytes(), output.read_bytes()
    assert raw_out.splitlines()[0] == raw_in.splitlines()[0]
    assert raw_out.count(b"\r\n") == raw_in.count(b"\r\n")
    assert raw_out.count(b"\n") == raw_in.count(b"\n")
    if "cp1252" in name:
        raw_out.decode("cp1252")
        with pytest.raises(UnicodeDecodeError):
            raw_out.decode("utf-8")


def test_jsonl_writer_keeps_key_order_and_types(redacted):
    source, output, *_ = redacted["patients.jsonl"]
    for a, b in zip(source.read_text().splitlines(), output.read_text().splitlines()):
        left, right = json.loads(a), json.loads(b)
        assert list(left) == list(right)
        assert [type(v) for v in left.values()] == [type(v) for v in right.values()]


def test_gzip_input_gives_gzip_output(redacted):
    _, output, *_ = redacted["patients.jsonl.gz"]
    assert output.read_bytes()[:2] == b"\x1f\x8b"
    assert len(gzip.decompress(output.read_bytes()).splitlines()) == 40


@pytest.mark.parametrize("name", ["dump_mysql.sql", "dump_postgres.sql"])
def test_dump_writer_copies_non_data_statements_unchanged(name, redacted):
    source, output, *_ = redacted[name]
    lines_in, lines_out = source.read_bytes().split(b"\n"), output.read_bytes().split(b"\n")
    assert len(lines_in) == len(lines_out)
    data = (b"INSERT", b"(") if name == "dump_mysql.sql" else (b"INSERT",)
    in_copy = False
    for a, b in zip(lines_in, lines_out):
        if a.startswith(b"COPY "):
            in_copy = True
        elif a == b"\\.":
            in_copy = False
        elif not in_copy and not a.startswith(data):
            assert a == b
    if name == "dump_postgres.sql":
        assert b"NEW.note := 'modifi\xc3\xa9; voir ''journal''';" in output.read_bytes()


def test_sqlite_writer_keeps_schema_and_storage_classes(redacted):
    source, output, *_ = redacted["patients.sqlite"]
    a = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    b = sqlite3.connect(output)
    schema = "SELECT type, name, sql FROM sqlite_master ORDER BY rowid"
    assert a.execute(schema).fetchall() == b.execute(schema).fetchall()
    for table in ("patients", "consultations"):
        columns = [row[1] for row in a.execute(f"PRAGMA table_info({table})")]
        types = f"SELECT {', '.join(f'typeof({c})' for c in columns)} FROM {table} ORDER BY rowid"
        assert a.execute(types).fetchall() == b.execute(types).fetchall()
    assert a.execute("SELECT scan FROM consultations WHERE scan IS NOT NULL").fetchall() == \
        b.execute("SELECT scan FROM consultations WHERE scan IS NOT NULL").fetchall()


def test_parquet_writer_keeps_schema(redacted):
    import pyarrow.parquet as pq

    source, output, *_ = redacted["patients.parquet"]
    assert pq.read_schema(source).equals(pq.read_schema(output))
    assert pq.ParquetFile(output).metadata.num_rows == 40


# ---------------------------------------------------------------- one writer, hand-made changes


def rewrite(path: Path, format: Format, change, tmp_path: Path, **options) -> tuple[bytes, list[str], list[ReadError]]:
    """Drive one writer: ``change(record)`` gives the changes (None drops the record)."""
    target = tmp_path / ("out" + path.suffix)
    writer = writer_class(format)(path, target, WriteOptions(**options))
    messages, errors = [], []
    for unit in writer.units():
        errors.extend(unit.errors)
        if unit.record is None or unit.errors:
            writer.emit(unit, None)
            continue
        if not unit.counted:  # a dump's statement or comment text: copied as it is
            writer.emit(unit, {})
            continue
        message = writer.emit(unit, change(unit.record))
        if message:
            messages.append(message)
    writer.close()
    return target.read_bytes(), messages, errors


def test_csv_writer_quotes_only_the_changed_cells(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes('id;nom;note\r\n1;"ROUX";"vu; né"\r\n2;DUPONT;RAS\r\n'.encode("cp1252"))
    out, _, _ = rewrite(path, Format.CSV, lambda r: {"nom": "LÉA; \"X\""} if r.record == "2" else {"nom": "MOREAU"}, tmp_path)
    assert out == 'id;nom;note\r\n1;"MOREAU";"vu; né"\r\n2;"LÉA; ""X""";RAS\r\n'.encode("cp1252")


def test_csv_writer_keeps_bom(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes("\ufeffid,nom\n1,ROUX\n".encode("utf-8"))
    out, _, _ = rewrite(path, Format.CSV, lambda r: {"nom": "ÉLIE"}, tmp_path)
    assert out == "\ufeffid,nom\n1,ÉLIE\n".encode("utf-8")


def test_json_writer_drops_objects_with_repeated_keys(tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_text('{"id": 1, "nom": "ROUX", "nom": "X"}\n{"id": 2, "p": {"nom": "ROUX"}, "n": 1.5}\n')
    out, _, errors = rewrite(path, Format.JSONL, lambda r: {"p.nom": "MOREAU"}, tmp_path)
    assert out == b'{"id": 2, "p": {"nom": "MOREAU"}, "n": 1.5}\n'
    assert [e.line for e in errors] == [1]


MYSQL = b"""CREATE TABLE `p` (`id` int NOT NULL, `nom` varchar(40), `doc` blob, PRIMARY KEY (`id`));
INSERT INTO `p` VALUES (1,'O\\'BRIEN',_binary 'Mme O\\'BRIEN'),(2,'BAD'),(3,'ROUX',0x524F5558);
INSERT INTO `p` VALUES (4,'BAD');
INSERT INTO `p` VALUES (5,CONCAT('DU','PONT'),NULL),(6,'MARTIN',NULL),(8,LOWER('DUPONT'),NULL);
UPDATE `p` SET nom = 'SECRET' WHERE id = 1;
INSERT INTO `p` VALUES (7,'PETIT',NULL);
"""


def test_mysql_writer_replaces_tokens_and_cuts_bad_rows(tmp_path):
    path = tmp_path / "d.sql"
    path.write_bytes(MYSQL)

    def change(record):
        return {name: text.replace("BRIEN", "NEIL").replace("ROUX", "MOREAU").replace("DUPONT", "X") for name, text in record.fields.items() if name != "id"}

    out, messages, errors = rewrite(path, Format.MYSQL, change, tmp_path)
    assert out == (
        b"CREATE TABLE `p` (`id` int NOT NULL, `nom` varchar(40), `doc` blob, PRIMARY KEY (`id`));\n"
        b"INSERT INTO `p` VALUES (1,'O\\'NEIL',_binary 'Mme O\\'NEIL'),(3,'MOREAU',0x4D4F52454155);\n"
        b"\n"
        b"INSERT INTO `p` VALUES (5,'X',NULL),(6,'MARTIN',NULL);\n"
        b"\n"
        b"INSERT INTO `p` VALUES (7,'PETIT',NULL);\n"
    )
    assert len(messages) == 1 and "expression" in messages[0]
    assert any("UPDATE" in e.message for e in errors) and sum("values for 3 columns" in e.message for e in errors) == 2
    copies, problems = records_of(tmp_path / "out.sql", Format.MYSQL)
    assert problems == [] and [r.record for r in copies] == ["1", "3", "5", "6", "7"]


POSTGRES = b"""CREATE TABLE public.p (id integer, nom text);
COPY public.p (id, nom) FROM stdin;
1\tROUX\\tfils
2
3\tC:\\\\dossiers ROUX
\\.
INSERT INTO public.p VALUES (4, E'ROUX\\\\n'), (5, 'ROUX');
INSERT INTO public.p SELECT 6, 'ROUX';
COPY public.p (id, nom) FROM stdin;
7\tROUX
8\tPE"""


def test_postgres_writer_rewrites_copy_cells_and_closes_truncated_copy(tmp_path):
    path = tmp_path / "d.sql"
    path.write_bytes(POSTGRES)
    out, messages, errors = rewrite(
        path, Format.POSTGRES, lambda r: {n: t.replace("ROUX", "MO'REAU") for n, t in r.fields.items() if n == "nom"}, tmp_path,
    )
    assert out == (
        b"CREATE TABLE public.p (id integer, nom text);\n"
        b"COPY public.p (id, nom) FROM stdin;\n"
        b"1\tMO'REAU\\tfils\n"
        b"3\tC:\\\\dossiers MO'REAU\n"
        b"\\.\n"
        b"INSERT INTO public.p VALUES (4, E'MO''REAU\\\\n'), (5, 'MO''REAU');\n"
        b"\n"
        b"COPY public.p (id, nom) FROM stdin;\n"
        b"7\tMO'REAU\n"
        b"\\.\n"
    )
    assert messages == []
    assert [e.line for e in errors] == [4, 8, 9]
    copies, problems = records_of(tmp_path / "out.sql", Format.POSTGRES)
    assert problems == [] and [r.fields["nom"] for r in copies][:2] == ["MO'REAU\tfils", "C:\\dossiers MO'REAU"]


NATIONAL_LITERALS = [  # (row of a PostgreSQL script, surrogate, row written back)
    (b"(1, N'ROUX')", "MO'REAU", b"(1, N'MO''REAU')"),
    (b"(1, N'ROUX')", "C:\\ROUX", b"(1, N'C:\\ROUX')"),  # never NE'..'
    (b"(1, n'ROUX')", "C:\\ROUX", b"(1, n'C:\\ROUX')"),
    (b"(1, N'RO''UX')", "C:\\MO'REAU", b"(1, N'C:\\MO''REAU')"),
    (b"(1, 'ROUX')", "C:\\ROUX", b"(1, E'C:\\\\ROUX')"),  # a plain literal: E'..' whatever the settings
    (b"(1, E'ROUX')", "C:\\ROUX", b"(1, E'C:\\\\ROUX')"),
]


@pytest.mark.parametrize(("row", "surrogate", "expected"), NATIONAL_LITERALS)
def test_postgres_writer_keeps_national_literals_valid(tmp_path, row, surrogate, expected):
    path = tmp_path / "d.sql"
    path.write_bytes(b"CREATE TABLE p (id int, nom text);\nINSERT INTO p VALUES " + row + b";\n")
    out, messages, errors = rewrite(path, Format.POSTGRES, lambda r: {"nom": surrogate}, tmp_path)
    assert out == b"CREATE TABLE p (id int, nom text);\nINSERT INTO p VALUES " + expected + b";\n"
    assert messages == errors == []
    copies, problems = records_of(tmp_path / "out.sql", Format.POSTGRES)
    assert problems == [] and [r.fields["nom"] for r in copies] == [surrogate]


QUOTE_STYLES = [  # (row of a MySQL script, surrogate, row written back)
    (b"(1,N'O''NEIL')", "L'HERMITE", b"(1,N'L''HERMITE')"),
    (b"(1,'D''ARC')", "L'HER\\MITE\n", b"(1,'L''HER\\\\MITE\\n')"),
    (b"(1,'D\\'ARC')", "L'HERMITE", b"(1,'L\\'HERMITE')"),  # mysqldump's style stays
    (b"(1,'ROUX')", "L'HERMITE", b"(1,'L\\'HERMITE')"),  # no quote to go by: mysqldump's
]


@pytest.mark.parametrize(("row", "surrogate", "expected"), QUOTE_STYLES)
def test_mysql_writer_keeps_the_quote_style_of_each_literal(tmp_path, row, surrogate, expected):
    path = tmp_path / "d.sql"
    path.write_bytes(b"CREATE TABLE `p` (id int, nom text);\nINSERT INTO `p` VALUES " + row + b";\n")
    out, messages, errors = rewrite(path, Format.MYSQL, lambda r: {"nom": surrogate}, tmp_path)
    assert out == b"CREATE TABLE `p` (id int, nom text);\nINSERT INTO `p` VALUES " + expected + b";\n"
    assert messages == errors == []
    copies, problems = records_of(tmp_path / "out.sql", Format.MYSQL)
    assert problems == [] and [r.fields["nom"] for r in copies] == [surrogate]
