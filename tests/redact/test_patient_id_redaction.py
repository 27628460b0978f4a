"""Redaction of hospital patient and stay numbers: same shape, keyed, the same in a column and in a note."""

import csv

import pytest

from scanner.redact.pipeline import redact_path
from scanner.redact.policy import RedactionPolicy

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))
ROWS = [
    {"ipp": "8004512367", "nda": "2003H847569", "observation": "Admis sous l'IPP 8004512367, NDA : 2003H847569."},
    {"ipp": "5012348765", "nda": "1187654321", "observation": "N° de dossier 5012348765, sortie J3."},
]


def shape(text):
    return "".join("9" if c.isdigit() else "A" if c.isalpha() else c for c in text)


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "sejours.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(ROWS[0]))
        writer.writeheader()
        writer.writerows(ROWS)
    return path


def redacted_rows(source, output, key, detector):
    redact_path(source, output, RedactionPolicy(key=key), detector=detector)
    with output.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_patient_ids_get_same_shape_surrogates_in_columns_and_notes(source, tmp_path, detector):
    rows = redacted_rows(source, tmp_path / "out.csv", KEY, detector)
    for before, after in zip(ROWS, rows):
        for column in ("ipp", "nda"):
            assert shape(after[column]) == shape(before[column])
            assert after[column] != before[column]
            assert before[column] not in after["observation"]
    assert rows[0]["ipp"] in rows[0]["observation"] and rows[0]["nda"] in rows[0]["observation"]
    assert rows[1]["ipp"] in rows[1]["observation"]  # the same number as a file number


def test_patient_id_surrogates_are_keyed(source, tmp_path, detector):
    first = redacted_rows(source, tmp_path / "a.csv", KEY, detector)
    again = redacted_rows(source, tmp_path / "b.csv", KEY, detector)
    other = redacted_rows(source, tmp_path / "c.csv", OTHER_KEY, detector)
    assert first == again
    assert [row["ipp"] for row in other] != [row["ipp"] for row in first]
