"""Parquet files, read in record batches with pyarrow (an optional dependency).

Nested values are flattened to dotted paths like JSON (a map's entries by key: ``attrs.nir``);
dates and times are ISO 8601; NULLs
are left out; binary values are kept only when they are UTF-8 text. The record id is the
``id`` column when there is one (as for CSV and JSON), else the 1-based row number.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterator
from pathlib import Path

from scanner.models import ReadError, Record
from scanner.readers.jsonl import flatten
from scanner.readers.sources import binary_to_text

BATCH_ROWS = 4096


def plain_value(value: object) -> object:
    """A pyarrow Python value as something ``flatten`` renders as text."""
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, datetime.timedelta)):
        return str(value)
    if isinstance(value, bytes):
        return binary_to_text(value)
    if isinstance(value, dict):
        return {key: plain_value(child) for key, child in value.items()}
    if isinstance(value, list):
        if is_map(value):
            return map_fields(value)
        return [plain_value(child) for child in value]
    if isinstance(value, tuple):
        return [plain_value(child) for child in value]
    return value


def is_map(value: object) -> bool:
    """Whether a pyarrow Python value is a map's: a list of ``(key, value)`` tuples (what
    ``to_pylist`` gives for a map column; lists of structs give dicts).

    >>> is_map([("nir", "263039715437514")]), is_map([]), is_map([{"k": 1}])
    (True, False, False)
    """
    return bool(value) and all(isinstance(entry, tuple) and len(entry) == 2 for entry in value)  # type: ignore[union-attr]


def map_fields(entries: list[tuple[object, object]]) -> dict[str, object] | list[object]:
    """A map as ``{key: value}`` (dotted fields ``column.key``), or, when two keys read the
    same as text, as its ``[key, value]`` pairs (``column.0.1``): no value is hidden.

    >>> map_fields([("nir", "2630"), (7, "ROUX")]), map_fields([(1, "a"), ("1", "b")])
    ({'nir': '2630', '7': 'ROUX'}, [['1', 'a'], ['1', 'b']])
    """
    keyed = {str(key): plain_value(value) for key, value in entries}
    if len(keyed) == len(entries):
        return keyed
    return [[str(key), plain_value(value)] for key, value in entries]


def read_parquet(path: Path, encoding: str | None = None) -> Iterator[Record | ReadError]:
    """Yield one record per row; a ReadError when the file or a batch cannot be read."""
    source = str(path)
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        yield ReadError(source, None, "reading Parquet needs pyarrow: pip install pyarrow")
        return
    try:
        parquet_file = pq.ParquetFile(path)
    except (pa.ArrowException, OSError, ValueError) as error:
        yield ReadError(source, None, f"cannot read Parquet file: {error}")
        return
    number = 0
    try:
        for batch in parquet_file.iter_batches(batch_size=BATCH_ROWS):
            for row in batch.to_pylist():
                number += 1
                fields = flatten({key: plain_value(value) for key, value in row.items()})
                record_id = fields.get("id")
                yield Record(source=source, table=None, record=record_id or str(number), fields=fields, line=None)
    except (pa.ArrowException, OSError, ValueError) as error:  # a corrupt row group: report, stop this file
        yield ReadError(source, None, f"cannot read Parquet data after row {number}: {error}")
    finally:
        parquet_file.close()
