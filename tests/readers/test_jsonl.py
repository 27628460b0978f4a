"""JSON Lines reader: records, ids, flattening, and bad lines reported with their number."""

import pytest

from scanner.models import ReadError, Record
from scanner.readers import Format, detect_format, read_records


def read(tmp_path, content: bytes, name="notes.jsonl", **kwargs):
    path = tmp_path / name
    path.write_bytes(content)
    return list(read_records(path, **kwargs))


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"id": "N1", "text": "RAS"}\n', [("N1", {"id": "N1", "text": "RAS"})]),
        (b'{"text": "sans id"}\n{"text": "deux"}\n', [("1", {"text": "sans id"}), ("2", {"text": "deux"})]),
        (b'\n\n{"id": 42, "text": "x"}\n', [("42", {"id": "42", "text": "x"})]),
        ('\ufeff{"id": "B", "text": "bom"}\n'.encode(), [("B", {"id": "B", "text": "bom"})]),
        (b'{"id": "C", "p": {"nom": "ROUX", "tel": ["0612345678"]}, "ok": true, "n": null}',
         [("C", {"id": "C", "p.nom": "ROUX", "p.tel.0": "0612345678"})]),
    ],
)
def test_read_jsonl_yields_records(tmp_path, content, expected):
    records = read(tmp_path, content)
    assert [(r.record, r.fields) for r in records] == expected
    assert all(isinstance(r, Record) for r in records)


@pytest.mark.parametrize(
    ("content", "bad_line", "message"),
    [
        (b'{"id": 1, "text": "ok"}\n{"id": 2, "text": \n{"id": 3, "text": "ok"}\n', 2, "invalid JSON"),
        (b'{"id": 1, "text": "ok"}\n["not", "an", "object"]\n{"id": 3}\n', 2, "expected a JSON object"),
        (b'{"id": 1, "text": "ok"}\n{"id": 2, "text": "n\xe9 le"}\n{"id": 3}\n', 2, "cannot decode byte 0xe9"),
        (b'{"id": 1, "text": "\\ud83d\\ude00 ok"}\n{"id": 2, "text": "VIH \\udc80"}\n{"id": 3}\n', 2, "lone surrogate"),
        (b'{"id": 1}\n{"id": 2, "p": {"\\ud800": "x"}}\n{"id": 3, "t": "\\u00e9\\uD83D\\uDE00"}\n', 2, "lone surrogate"),
    ],
)
def test_read_jsonl_reports_bad_line_and_goes_on(tmp_path, content, bad_line, message):
    items = read(tmp_path, content)
    errors = [i for i in items if isinstance(i, ReadError)]
    records = [i for i in items if isinstance(i, Record)]
    assert len(errors) == 1 and errors[0].line == bad_line and message in errors[0].message
    assert [r.record for r in records] == ["1", "3"]


def test_read_jsonl_decodes_with_given_encoding(tmp_path):
    [record] = read(tmp_path, '{"id": 1, "text": "née le 3 mars"}\n'.encode("cp1252"), encoding="cp1252")
    assert record.fields["text"] == "née le 3 mars"


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("export.dat", b'{"id": 1}\n', Format.JSONL),
        ("note.txt", b"Patient vu ce jour.", Format.TEXT),
        ("notes.jsonl", b"", Format.JSONL),
        ("courrier", b"Cher confrere,", Format.TEXT),
    ],
)
def test_detect_format_by_content_then_suffix(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    assert detect_format(path) == expected


def test_a_lone_surrogate_is_an_error_of_its_element_in_a_json_array(tmp_path):
    """A string no encoder can write (a lone surrogate escape) skips its record, with its
    line; the file's other records are scanned."""
    items = read(tmp_path, b'[\n{"id": 1, "t": "ok"},\n{"id": 2, "t": "\\udc80"},\n{"id": 3, "t": "\\ud83d\\ude00"}\n]\n', name="p.json")
    assert [(i.line, "lone surrogate" in i.message) for i in items if isinstance(i, ReadError)] == [(3, True)]
    assert [(r.record, r.fields["t"]) for r in items if isinstance(r, Record)] == [("1", "ok"), ("3", "\U0001f600")]
