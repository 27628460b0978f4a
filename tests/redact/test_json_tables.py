"""JSON documents of tables (a top-level object of arrays of objects), and the international
phone numbers and y/m/d dates found in their cells: read as one table per key, redacted
in the same shape and the same formats.

Synthetic data (Faker, seeded); the Chinook test reads ``../shared/realdata/dumps``
beside the repository (or under ``VIGIE_REALDATA``) and is skipped without it.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest
from faker import Faker

from scanner.models import ReadError, Record
from scanner.readers import Format, detect_format, read_records
from scanner.readers.sources import MAX_FIELDS
from scanner.redact.dates import shift_date
from scanner.redact.pipeline import redact_path
from scanner.redact.policy import RedactionPolicy
from scanner.redact.surrogates import surrogate_phone

KEY = b"json-tables-test-key-0123456789ab"
REALDATA = Path(os.environ.get("VIGIE_REALDATA") or Path(__file__).resolve().parents[3] / "shared" / "realdata")
CHINOOK = REALDATA / "dumps" / "chinook"


def _records(path: Path) -> tuple[list[Record], list[ReadError]]:
    items = list(read_records(path))
    return [i for i in items if isinstance(i, Record)], [i for i in items if isinstance(i, ReadError)]


def _people(count: int, seed: int) -> list[dict]:
    fake = Faker("en_US")
    fake.seed_instance(seed)
    return [
        {"PersonId": i, "FirstName": fake.first_name(), "LastName": fake.last_name(),
         "Phone": f"+1 ({fake.numerify('2##')}) {fake.numerify('2##')}-{fake.numerify('####')}",
         "BirthDate": fake.date_of_birth().strftime("%Y/%-m/%-d"), "Total": round(fake.pyfloat(2, 2, True), 2)}
        for i in range(1, count + 1)
    ]


@pytest.mark.parametrize(
    "document, tables",
    [
        ({"Person": _people(3, 1), "Genre": [{"GenreId": 1, "Name": "Jazz"}]}, {"Person": 3, "Genre": 1}),
        ({"Person": _people(2, 2), "Empty": []}, {"Person": 2}),
        ({"patients": [{"id": "P7", "nom": "ROUX"}]}, {"patients": 1}),
    ],
)
@pytest.mark.parametrize("indent", [2, 4])
def test_document_of_tables_is_read_as_one_table_per_key(tmp_path, document, tables, indent):
    path = tmp_path / "db.json"
    path.write_text(json.dumps(document, indent=indent, ensure_ascii=False))
    records, errors = _records(path)
    assert errors == [] and detect_format(path) is Format.JSON
    assert Counter(r.table for r in records) == tables
    first = records[0]
    assert first.fields == {k: str(v) for k, v in next(iter(document.values()))[0].items()}
    lines = path.read_text().splitlines()
    assert all(lines[r.line - 1].strip() == "{" for r in records)  # each row's line: where it starts


@pytest.mark.parametrize(
    "document, reason",
    [
        ({"id": 1, "tel": [{"n": "06"}]}, "a scalar beside the array: one record"),
        ({"a": [{"x": 1}, 2]}, "an array that is not only objects: one record"),
        ({"a": [], "b": []}, "no row at all: one record"),
    ],
)
def test_other_objects_stay_one_record(tmp_path, document, reason):
    path = tmp_path / "one.json"
    path.write_text(json.dumps(document))
    records, errors = _records(path)
    assert errors == [] and [r.table for r in records] == [None], reason


def test_field_limit_still_refuses_one_huge_object(tmp_path):
    path = tmp_path / "huge.json"
    path.write_text(json.dumps({"meta": 1, "rows": [{"v": i} for i in range(MAX_FIELDS + 1)]}))
    records, errors = _records(path)
    assert records == [] and len(errors) == 1 and "more than 10,000" in errors[0].message


def test_field_limit_is_per_row_in_a_document_of_tables(tmp_path):
    path = tmp_path / "tables.json"
    path.write_text(json.dumps({"T": [{"v": i} for i in range(MAX_FIELDS + 1)]}))
    records, errors = _records(path)
    assert len(records) == MAX_FIELDS + 1 and errors == []


def test_document_of_tables_is_redacted_in_the_same_shape(tmp_path, detector):
    document = {"Person": _people(6, 3), "Genre": [{"GenreId": 1, "Name": "Jazz"}], "Empty": []}
    path, out = tmp_path / "db.json", tmp_path / "db.redacted.json"
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    summary = redact_path(path, out, RedactionPolicy(key=KEY), detector=detector, verify=True)
    assert summary.errors == [] and summary.records_dropped == 0 and summary.records_read == 7
    copy = json.loads(out.read_text())
    assert list(copy) == list(document) and {k: len(v) for k, v in copy.items()} == {"Person": 6, "Genre": 1, "Empty": 0}
    assert out.read_text() == json.dumps(copy, indent=2, ensure_ascii=False) + "\n"  # the input's layout
    assert copy["Genre"] == document["Genre"]
    for before, after in zip(document["Person"], copy["Person"]):
        assert list(after) == list(before) and after["PersonId"] == before["PersonId"] and after["Total"] == before["Total"]
        assert after["Phone"] != before["Phone"] and re.sub(r"\d", "0", after["Phone"]) == re.sub(r"\d", "0", before["Phone"])
        assert after["BirthDate"] != before["BirthDate"] and re.fullmatch(r"\d{4}/\d{1,2}/\d{1,2}", after["BirthDate"])
        if re.search(r"/\d(?!\d)", before["BirthDate"]):  # a one-digit day or month: unpadded
            assert "/0" not in after["BirthDate"]


def test_unchanged_document_of_tables_is_copied_byte_for_byte(tmp_path, detector):
    path, out = tmp_path / "db.json", tmp_path / "db.redacted.json"
    path.write_bytes(b'{ "Genre" : [ {"GenreId": 1, "Name": "Jazz"},\n  {"GenreId": 2, "Name": "Blues"} ] }\n')
    summary = redact_path(path, out, RedactionPolicy(key=KEY), detector=detector)
    assert summary.errors == [] and out.read_bytes() == path.read_bytes()


@pytest.mark.parametrize(
    "column, value, found",
    [
        ("Phone", "+1 (780) 428-9482", "+1 (780) 428-9482"),
        ("Fax", "+55 (12) 3923-5566", "+55 (12) 3923-5566"),
        ("Phone", "+54 (0)11 4311 4333", "+54 (0)11 4311 4333"),
        ("Phone", "+61 (02) 9332 3633", "+61 (02) 9332 3633"),
        ("Phone", "+49 030 26550280", "+49 030 26550280"),
        ("Phone", "+33 6 12 34 56 78", "+33 6 12 34 56 78"),
        ("Phone", "(780) 428-9482", "(780) 428-9482"),
        ("BirthDate", "1962/2/18", "1962/2/18"),
        ("date_naissance", "18/2/1962", "18/2/1962"),
        # not phones: prices, quantities, ids, durations, sizes
        ("Total", "1.98", None),
        ("UnitPrice", "0.99", None),
        ("Quantity", "12", None),
        ("InvoiceId", "412", None),
        ("Milliseconds", "343719", None),
        ("Bytes", "11170334", None),
        ("Composer", "Angus Young (1955)", None),
    ],
)
def test_cells_international_phones_and_ymd_dates(detector, column, value, found):
    record = Record(source="db.json", table="T", record="1", fields={column: value}, line=1)
    hits = [(f.entity_type, value[f.start:f.end]) for f in detector.detect(record)
            if f.entity_type in ("PHONE_NUMBER", "DATE_TIME")]
    if found is None:
        assert not any(entity == "PHONE_NUMBER" for entity, _ in hits), hits
    else:
        assert [text for _, text in hits] == [found]


@pytest.mark.parametrize(
    "value",
    ["+1 (780) 428-9482", "(780) 428-9482", "+55 (12) 3923-5555", "+54 (0)11 4311 4333", "+49 030 26550280",
     "+44 020 7707 0707", "+39 06 39733434", "+46 08-651 52 52", "+351 (213) 466-111"],
)
def test_foreign_phone_surrogate_keeps_country_area_code_and_layout(value):
    new = surrogate_phone(value, KEY)
    assert new != value and re.sub(r"\d", "0", new) == re.sub(r"\d", "0", value)
    assert new.split(")")[0] == value.split(")")[0] if "(" in value else new[:7] == value[:7]
    assert surrogate_phone(value, KEY) == new


@pytest.mark.parametrize(
    "value, shape",
    [("1962/2/18", r"\d{4}/[1-9]\d?/[1-9]\d?"), ("18/2/1962", r"[1-9]\d?/[1-9]\d?/\d{4}"),
     ("12/3/2020", r"[1-9]\d?/[1-9]\d?/\d{4}"), ("1962/02/18", r"\d{4}/\d\d/\d\d"), ("18/02/1962", r"\d\d/\d\d/\d{4}")],
)
@pytest.mark.parametrize("days", [-300, 40, 200])
def test_dates_keep_their_padding(value, shape, days):
    assert re.fullmatch(shape, shift_date(value, days))


@pytest.mark.skipif(not CHINOOK.is_dir(), reason=f"no Chinook dumps at {CHINOOK} (../shared/realdata beside the repository, or VIGIE_REALDATA)")
def test_chinook_json_rows_per_table_equal_the_sql_dumps():
    records, errors = _records(CHINOOK / "ChinookData.json")
    sqlite, _ = _records(CHINOOK / "Chinook_Sqlite.sqlite")
    assert errors == []
    assert Counter(r.table for r in records) == Counter(r.table for r in sqlite)
    assert len(records) == 15_607


def test_row_with_a_lone_surrogate_is_refused_alone(tmp_path):
    path = tmp_path / "db.json"
    path.write_text('{\n "T": [\n  {"a": "ok"},\n  {"a": "\\udc80"}\n ]\n}\n')
    records, errors = _records(path)
    assert [r.fields for r in records] == [{"a": "ok"}] and [e.line for e in errors] == [4]
