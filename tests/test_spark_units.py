"""Unit rows of the Spark engine: records rendered from Arrow batches as the local Parquet
reader renders them, and items grouped as a local worker's units (no Spark needed)."""

from __future__ import annotations

import datetime
import decimal
import json

import pytest
from faker import Faker

from scanner.models import ReadError, Record
from scanner.readers.parquet import read_parquet
from scanner.spark.units import UNIT_SIZE, UnitMaker, arrow_records, unit_items

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

fake = Faker("fr_FR")
Faker.seed(19)
NAMES = [fake.last_name() for _ in range(3)]
PHONES = [fake.phone_number() for _ in range(3)]

COLUMNS = {
    "text with nulls": pa.array([NAMES[0], None, ""], pa.string()),
    "large text": pa.array(NAMES, pa.large_string()),
    "integer id": pa.array([41, None, 7], pa.int64()),
    "float": pa.array([1.5, float("nan"), None], pa.float64()),
    "boolean (left out)": pa.array([True, False, None], pa.bool_()),
    "date": pa.array([datetime.date(1985, 5, 7), None, datetime.date(2001, 1, 2)], pa.date32()),
    "timestamp": pa.array([datetime.datetime(2026, 3, 1, 8, 30), None, None], pa.timestamp("us")),
    "decimal": pa.array([decimal.Decimal("12.50"), None, decimal.Decimal("0.01")], pa.decimal128(5, 2)),
    "binary text": pa.array([PHONES[0].encode(), b"\xff\xfe", None], pa.binary()),
    "struct": pa.array([{"nom": NAMES[0], "tel": PHONES[0]}, None, {"nom": None, "tel": PHONES[2]}],
                       pa.struct([("nom", pa.string()), ("tel", pa.string())])),
    "map": pa.array([[("tel", PHONES[1])], None, [("1", "a"), ("2", NAMES[2])]], pa.map_(pa.string(), pa.string())),
    "list": pa.array([[PHONES[0], PHONES[1]], [], None], pa.list_(pa.string())),
    "list of structs": pa.array([[{"nom": NAMES[1]}], None, [{"nom": None}]], pa.list_(pa.struct([("nom", pa.string())]))),
}


@pytest.mark.parametrize("name", list(COLUMNS))
@pytest.mark.parametrize("id_column", [None, pa.array(["P1", "", None], pa.string())], ids=["no id", "text id"])
def test_arrow_records_render_rows_as_the_local_parquet_reader(tmp_path, name, id_column):
    """Each column type, beside another column of the same name prefix (``name.nom``
    collides with a struct's child on purpose), reads the same as locally."""
    columns = {name: COLUMNS[name], f"{name}.nom": pa.array(NAMES, pa.string())}
    if id_column is not None:
        columns = {"id": id_column, **columns}
    table = pa.table(columns)
    path = tmp_path / "t.parquet"
    pq.write_table(table, path)
    local = list(read_parquet(path))
    batch = pa.table(columns).append_column("__vigie_row_index", pa.array([0, 1, 2], pa.int64())).to_batches()[0]
    mine = [record for _, record in arrow_records(batch, str(path))]
    assert mine == local


def _positions(*runs: tuple[int, int]) -> list[tuple[int, Record | ReadError]]:
    return [(pos, Record("p.csv", None, str(pos + 1), {"nom": NAMES[pos % 3]})) for start, n in runs
            for pos in range(start, start + n)]


@pytest.mark.parametrize("positioned, pieces", [
    (_positions((0, 10)), [(0, 10)]),
    (_positions((0, UNIT_SIZE + 5)), [(0, UNIT_SIZE), (UNIT_SIZE, 5)]),  # cut where a local unit ends
    (_positions((UNIT_SIZE - 96, 201)), [(UNIT_SIZE - 96, 96), (UNIT_SIZE, 105)]),  # a range-partition's share
    (_positions((0, 3), (10, 2)), [(0, 3), (10, 2)]),  # not consecutive: two rows
    ([(0, ReadError("p.csv", 2, "bad")), *_positions((1, 2))], [(0, 3)]),  # unreadable parts travel in place
])
def test_unit_rows_follow_local_units(positioned, pieces):
    rows = list(UnitMaker(4).rows(iter(positioned)))
    assert [(row[1], row[2]) for row in rows] == pieces
    assert all(row[0] == 4 for row in rows)
    assert [item for row in rows for item in unit_items(row[3])] == [item for _, item in positioned]


def test_unit_rows_name_each_column_once_with_its_first_chunk():
    positioned = [
        (0, Record("n.jsonl", None, "1", {"nom": NAMES[0]})),
        (1, Record("n.jsonl", None, "2", {"nom": NAMES[1], "telephone": PHONES[0]})),
        (300, Record("n.jsonl", None, "301", {"nir": "x", "nom": NAMES[2]})),
        (UNIT_SIZE + 1, Record("n.jsonl", None, "u", {"telephone": PHONES[1], "note": "RAS"})),
    ]
    rows = list(UnitMaker(0).rows(iter(positioned)))
    assert [json.loads(row[4]) for row in rows] == [
        [["nom", 0], ["telephone", 0]],
        [["nir", 1]],  # row 300 is in chunk 1; "nom" was seen before
        [["note", UNIT_SIZE // 256]],
    ]
