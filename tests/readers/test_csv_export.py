"""CSV details: multi-line rows keep their first line, BOM and CRLF, quoting, sniffing."""

import pytest

from scanner.models import ReadError, Record
from scanner.readers import read_records
from scanner.readers.csv_export import quote_state


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
