"""Plain-text reader: one record per file; unreadable files are reported, not skipped."""

import pytest

from scanner.models import ReadError, Record
from scanner.readers import read_records


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
