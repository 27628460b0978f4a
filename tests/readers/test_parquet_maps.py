"""Parquet map columns: read as dotted fields by key (scan), rewritten in place (redact)."""

from __future__ import annotations

import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from scanner.models import ReadError, Record  # noqa: E402
from scanner.readers import read_records  # noqa: E402
from scanner.redact.pipeline import redact_path  # noqa: E402
from scanner.redact.policy import RedactionPolicy  # noqa: E402
from tests.hostile.harness import nir_with_key  # noqa: E402

NIR = nir_with_key("2630397154375")

CASES = [  # (name, arrow type, value of row 1, field where the NIR is read)
    ("string keys", pa.map_(pa.string(), pa.string()), [("nir", NIR), ("ville", "Lyon")], "attrs.nir"),
    ("integer keys", pa.map_(pa.int32(), pa.string()), [(3, "x"), (7, NIR)], "attrs.7"),
    ("keys that read the same", pa.map_(pa.string(), pa.string()), [("nir", "x"), ("nir", NIR)], "attrs.1.1"),
    ("map in a struct", pa.struct([("m", pa.map_(pa.string(), pa.string()))]), {"m": [("nir", NIR)]}, "attrs.m.nir"),
    ("list of maps", pa.list_(pa.map_(pa.string(), pa.string())), [[("a", "x")], [("nir", NIR)]], "attrs.1.nir"),
]


def write(path, arrow_type, value):
    table = pa.table({"id": [1, 2], "attrs": pa.array([value, None], type=arrow_type)})
    pq.write_table(table, path)
    return table


@pytest.mark.parametrize(("arrow_type", "value", "field"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_map_columns_are_read_as_fields(tmp_path, arrow_type, value, field):
    path = tmp_path / "p.parquet"
    write(path, arrow_type, value)
    items = list(read_records(path))
    assert not [i for i in items if isinstance(i, ReadError)]
    first = [i for i in items if isinstance(i, Record)][0]
    assert first.fields[field] == NIR


@pytest.mark.parametrize(("arrow_type", "value", "field"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_map_columns_are_redacted_in_place(tmp_path, detector, arrow_type, value, field):
    source = tmp_path / "in" / "p.parquet"
    source.parent.mkdir()
    before = write(source, arrow_type, value)
    target = tmp_path / "p.parquet"
    redact_path(source, target, RedactionPolicy(key=b"k" * 32), detector=detector, verify=True)
    after = pq.read_table(target)
    assert after.schema == before.schema and after.num_rows == 2
    assert NIR not in str(after.to_pylist())
    [first] = [r for r in read_records(target) if isinstance(r, Record) and r.record == "1"]
    assert field in first.fields and first.fields[field] != NIR
