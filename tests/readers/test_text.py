"""Plain-text reader: one record per file (pieces of whole lines for a big one);
unreadable files and parts are reported, not skipped."""

import gzip
import io

import pytest

from scanner.models import ReadError, Record
from scanner.readers import read_records
from scanner.readers.text import RECORD_BYTES, read_pieces


def test_read_text_yields_whole_file_as_one_record(tmp_path):
    path = tmp_path / "courrier.txt"
    path.write_text("Cher confrère,\nje vous adresse Mme ROUX.\n", encoding="utf-8")
    [record] = read_records(path)
    assert isinstance(record, Record)
    assert record.fields == {"text": "Cher confrère,\nje vous adresse Mme ROUX.\n"}
    assert record.source == str(path)


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        (b"ligne 1\nligne 2\nn\xe9e le 3 mars\n", 3, "cannot decode byte 0xe9 at byte offset 17"),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", None, "binary file"),
    ],
)
def test_read_text_reports_unreadable_file(tmp_path, content, line, message):
    path = tmp_path / "note.txt"
    path.write_bytes(content)
    [error] = read_records(path)
    assert isinstance(error, ReadError)
    assert (error.source, error.line) == (str(path), line)
    assert message in error.message


# (content, piece size, expected (record id, line, text) of each record)
PIECE_CASES = [
    (b"Mme ROUX\nvue ce jour\n", 64, [("1", 1, "Mme ROUX\nvue ce jour\n")]),
    (b"Mme ROUX\nvue ce jour\n", 12, [("1", 1, "Mme ROUX\n"), ("2", 2, "vue ce jour\n")]),
    (b"l1\r\nl2\r\nl3\r\n", 8, [("1", 1, "l1\r\nl2\r\n"), ("3", 3, "l3\r\n")]),  # CRLF kept whole
    (b"un deux trois\nfin", 6, [("1", 1, "un "), ("1:4", 1, "deux "), ("1:9", 1, "trois\n"), ("2", 2, "fin")]),
    ("né à Sète\n".encode(), 4, [("1", 1, "né "), ("1:4", 1, "à "), ("1:6", 1, "Sèt"), ("1:9", 1, "e\n")]),
    (b"x" * 10, 4, [("1", 1, "xxxx"), ("1:5", 1, "xxxx"), ("1:9", 1, "xx")]),
]


@pytest.mark.parametrize(("content", "size", "expected"), PIECE_CASES)
def test_read_pieces_cuts_at_line_breaks_then_blanks(content, size, expected):
    records = list(read_pieces(io.BytesIO(content), "note.txt", "utf-8", size))
    assert [(r.record, r.line, r.fields["text"]) for r in records] == expected
    assert "".join(r.fields["text"] for r in records).encode() == content


def test_read_pieces_skips_only_the_unreadable_piece():
    content = b"Mme ROUX\n" + b"n\xe9e le 3 mars\n" + b"tel 06 12\n" + b"a\0b cd\n" + b"fin de note\n"
    items = list(read_pieces(io.BytesIO(content), "note.txt", "utf-8", 14))  # a line a piece
    assert [(type(i).__name__, i.line) for i in items] == [
        ("Record", 1), ("ReadError", 2), ("Record", 3), ("ReadError", 4), ("Record", 5)]
    assert "at byte offset 10 as utf-8" in items[1].message  # offset in the file, not the piece
    assert "NUL" in items[3].message


def test_read_text_splits_a_big_file_into_records_of_whole_lines(tmp_path):
    lines = [f"ligne {n}: Mme ROUX revue, état stable.\n" for n in range(1, 150_001)]  # 6 MB
    path = tmp_path / "export.txt.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.writelines(lines)
    records = list(read_records(path))
    assert len(records) == 7
    assert all(isinstance(r, Record) for r in records)
    assert all(RECORD_BYTES - 50 < len(r.fields["text"].encode()) <= RECORD_BYTES for r in records[:-1])
    for record in records:
        assert record.record == str(record.line)
        assert record.fields["text"].startswith(f"ligne {record.line}: ")
        assert record.fields["text"].endswith("\n")
    assert "".join(r.fields["text"] for r in records) == "".join(lines)


def test_read_text_with_an_unknown_encoding_gives_one_error(tmp_path):
    path = tmp_path / "note.txt"
    path.write_bytes(b"Mme ROUX\n" * 10)
    assert list(read_pieces(io.BytesIO(path.read_bytes()), str(path), "nope", 20)) == [
        ReadError(str(path), None, "unknown encoding 'nope'")]
