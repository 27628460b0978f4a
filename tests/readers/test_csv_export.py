"""CSV details: multi-line rows keep their first line, BOM and CRLF, quoting, sniffing."""

import pytest

from scanner.models import ReadError, Record
from scanner.readers import read_records
from scanner.errors import UsageError
from scanner.readers.csv_export import normalize_delimiter, quote_state


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('\ufeffid;nom;note\r\n1;ROUX;"ligne 1\nligne 2\n""cité"""\r\n2;MARTIN;\r\n'.encode(),
         [("1", 2, {"id": "1", "nom": "ROUX", "note": 'ligne 1\nligne 2\n"cité"'}), ("2", 5, {"id": "2", "nom": "MARTIN"})]),
        ("nom\tville\nD'ANGELO\t\"Aix, Marseille\"\n\nPETIT\tLyon\n".encode("cp1252"),
         [("1", 2, {"nom": "D'ANGELO", "ville": "Aix, Marseille"}), ("2", 4, {"nom": "PETIT", "ville": "Lyon"})]),
        (b'a|b\n1|x"y"z\n2|"q"\n', [("1", 2, {"a": "1", "b": 'x"y"z'}), ("2", 3, {"a": "2", "b": "q"})]),
        (b"id,id,\n1,2,3\n", [("1", 2, {"id": "1", "id_2": "2", "column_3": "3"})]),
    ],
)
def test_read_csv_rows_lines_and_fields(tmp_path, content, expected):
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    items = list(read_records(path))
    assert all(isinstance(item, Record) for item in items), [str(i) for i in items]
    assert [(r.record, r.line, r.fields) for r in items] == expected


@pytest.mark.parametrize(
    ("line", "in_quotes", "expected"),
    [('1,"a', False, True), ('1,a"b', False, False), ('x"",2', True, True), ('fin", ok', True, False),
     ('"a""b",c', False, False), ('"', False, True), ('a;"b', False, False)],
)
def test_quote_state_follows_csv_rules(line, in_quotes, expected):
    assert quote_state(line, in_quotes, ",") is expected


def test_read_csv_decode_error_keeps_the_row_with_replacement(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(b"id,nom\n1,C\xd4TE\n")
    error, record = read_records(path, encoding="utf-8")
    assert isinstance(error, ReadError) and error.line == 2 and "replaced by U+FFFD" in error.message
    assert record.fields["nom"] == "C\ufffdTE"


def test_read_json_pretty_printed_objects_stream(tmp_path):
    path = tmp_path / "export.json"
    path.write_text('{\n  "id": "A",\n  "nom": "ROUX"\n}\n{\n  "nom": "MARTIN"\n}\n', encoding="utf-8")
    assert [(r.record, r.line, r.fields) for r in read_records(path)] == [
        ("A", 1, {"id": "A", "nom": "ROUX"}), ("2", 5, {"nom": "MARTIN"}),
    ]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_plain_cells_are_what_csv_reads(delimiter):
    """The one-line fast path gives csv.reader's cells, or leaves the line to it (quotes,
    carriage returns inside the line): random lines with blanks, NULs, accents and
    Unicode line separators."""
    import csv
    import random

    from scanner.readers.csv_export import plain_cells

    rng = random.Random(delimiter)
    alphabet = ["a", "1", " ", delimiter, ",", ";", "\t", '"', "\r", "\x00", "é", "\u2028", "\x0b", "\x85"]
    taken = 0
    for _ in range(5000):
        line = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) + rng.choice(["", "\n", "\r\n", "\r\r\n"])
        cells = plain_cells(line, delimiter)
        if cells is None or not line.strip():  # blank lines are skipped before
            continue
        taken += 1
        assert cells == next(csv.reader([line], delimiter=delimiter, quotechar='"'), []), repr(line)
    assert taken > 1000


def test_read_csv_stray_carriage_return_is_an_error_on_its_line(tmp_path):
    """A carriage return inside an unquoted field cannot be read by csv: the row is
    reported (file, line) and skipped, the others are read; quoted, it is kept."""
    path = tmp_path / "export.csv"
    path.write_bytes(b'id,nom,note\n1,ROUX,a\rb\n2,MARTIN,"c\rd"\n3,"PETIT",e\rf\n4,LEROY,ok\n')
    items = list(read_records(path))
    errors = [(e.line, e.message) for e in items if isinstance(e, ReadError)]
    assert errors == [(2, "unreadable row: a carriage return inside an unquoted field; row skipped"),
                      (4, "unreadable row: a carriage return inside an unquoted field; row skipped")]
    assert [(r.record, r.fields.get("note")) for r in items if isinstance(r, Record)] == [("2", "c\rd"), ("4", "ok")]


def test_an_unreadable_row_keeps_its_number_in_scan_and_redact(tmp_path):
    """Without an ``id`` column a record is named by its data row: an unreadable row is a
    row all the same, for the scan and for the redaction (their record ids agree)."""
    from scanner.redact.writers.csv_writer import CsvWriter

    path = tmp_path / "export.csv"
    path.write_bytes(b'nom,note\nROUX,a\rb\nMARTIN,ok\nPETIT,"x\ny"\nLEROY,fin\n')
    scanned = [(r.record, r.line) for r in read_records(path) if isinstance(r, Record)]
    assert scanned == [("2", 3), ("3", 4), ("4", 6)]
    units = CsvWriter(path, tmp_path / "out.csv").units()
    redacted = [(u.record.record, u.record.line) for u in units if u.record is not None]
    assert redacted == scanned


@pytest.mark.parametrize(
    ("content", "line"),
    [
        (b"id,nom,no\rte\n1,ROUX,Jean\n2,MARTIN,Paul\n", 1),  # a carriage return in the header
        (b'id,nom,"note\n1,ROUX,Jean\n2,MARTIN,Paul\n', 1),  # a quote opened in the header, never closed
        (b"id,nom,note\r1,ROUX,Jean\r2,MARTIN,Paul\r", 1),  # old Mac line endings
        (b"\n\nid,nom,no\rte\n1,ROUX,Jean\n", 3),
    ],
)
def test_read_csv_unreadable_header_skips_the_file(tmp_path, content, line):
    """A header row that cannot be read ends the file with an error: the next row is never
    taken for the header (its values would become column names in the report)."""
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    items = list(read_records(path))
    assert all(isinstance(item, ReadError) for item in items), items
    assert (items[-1].line, items[-1].message) == (line, "the header row cannot be read; file skipped")
    assert not any("ROUX" in item.message or "MARTIN" in item.message for item in items)


@pytest.mark.parametrize("quoted", [False, True])
def test_read_csv_long_note_is_read_quoted_or_not(tmp_path, quoted):
    """A 200,000-character field (over csv's default limit) is read either way."""
    note = "suivi " * 33_334
    path = tmp_path / "export.csv"
    path.write_text(f'id,note\n1,{chr(34) + note + chr(34) if quoted else note}\n2,ok\n', encoding="utf-8")
    items = list(read_records(path))
    assert [(r.record, len(r.fields["note"])) for r in items] == [("1", len(note)), ("2", 2)]


def test_an_unknown_encoding_is_a_read_error_for_the_file(tmp_path):
    from scanner.readers import Format

    path = tmp_path / "export.csv"
    path.write_bytes(b"id,nom\n1,ROUX\n")
    assert [str(item) for item in read_records(path, Format.CSV, "klingon")] == [f"{path}: unknown encoding 'klingon'"]


@pytest.mark.parametrize(
    ("given", "expected"),
    [(";", ";"), ("|", "|"), ("tab", "\t"), ("\\t", "\t"), ("TSV", "\t"), (",", ",")],
)
def test_normalize_delimiter_accepts_separators(given, expected):
    assert normalize_delimiter(given) == expected


@pytest.mark.parametrize("given", ["\n", "\r", '"', "\0", "a", "7", ";;", "", "\r\n"])
def test_normalize_delimiter_refuses_what_cannot_separate_cells(given):
    with pytest.raises(UsageError, match="--delimiter cannot be"):
        normalize_delimiter(given)
