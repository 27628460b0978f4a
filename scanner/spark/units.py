"""Inputs as units of records for Spark: what a local worker gets, made by the executors.

A unit row holds up to ``UNIT_SIZE`` consecutive items (records and unreadable parts) of
one file, pickled together, with the position of its first item and the column names it
is the first to show (with their chunk). Nothing is serialised per record:

- **Parquet** is read by Spark, range-partitioned on the row index (so that every core
  gets a contiguous share, even of a file with a single row group) and handed to Python
  as Arrow record batches (``mapInArrow``); each batch becomes records column by column
  with the local reader's own rendering (``plain_value``, ``flatten``).
- **Other formats** (CSV, JSONL, dumps...) are read in an executor, one task per file, by
  the local reader itself (``inputs.read_file``): line numbers, record ids and unreadable
  lines are the local engine's by construction.

The unit rows are then dealt round-robin over the cores and kept (memory, then disk): the
driver decides the column plans from the first chunk each column appears in (as the local
engine does), and the scan job reads the same units.
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Iterable, Iterator

from scanner.models import ReadError, Record
from scanner.scan import CHUNK_SIZE, UNIT_CHUNKS
from scanner.spark.inputs import ROW_INDEX, SparkInput, read_file, read_parquet, text_file_frames, union_all

UNIT_SIZE = CHUNK_SIZE * UNIT_CHUNKS
"""Items of one file analysed together by one task: a local worker's unit."""


def units_schema():
    """Spark schema of the unit rows."""
    from pyspark.sql.types import BinaryType, IntegerType, LongType, StringType, StructField, StructType

    return StructType([
        StructField("file_idx", IntegerType(), False),
        StructField("pos", LongType(), False),  # position of the first item in its file
        StructField("count", IntegerType(), False),
        StructField("items", BinaryType(), False),  # pickled list of Record | ReadError
        StructField("firsts", StringType(), False),  # JSON [[name, chunk], ...] first seen here
    ])


class UnitMaker:
    """Groups the positioned items of one file (or of a contiguous part of it) into unit
    rows, cut where a local worker's unit ends, noting each column's first chunk.

    >>> maker = UnitMaker(3)
    >>> rows = list(maker.rows([(0, Record("a.csv", None, "1", {"nom": "Roux"})), (1, ReadError("a.csv", 3, "bad"))]))
    >>> [(row[0], row[1], row[2], row[4]) for row in rows]
    [(3, 0, 2, '[["nom", 0]]')]
    """

    def __init__(self, file_idx: int) -> None:
        self.file_idx = file_idx
        self.seen: set[str] = set()

    def rows(self, positioned: Iterable[tuple[int, Record | ReadError]]) -> Iterator[tuple]:
        """One unit row per run of consecutive items of the same unit."""
        items: list[Record | ReadError] = []
        firsts: list[tuple[str, int]] = []
        start = unit = -1
        for pos, item in positioned:
            if items and (pos // UNIT_SIZE != unit or pos != start + len(items)):
                yield self._row(start, items, firsts)
                items, firsts = [], []
            if not items:
                start, unit = pos, pos // UNIT_SIZE
            items.append(item)
            if isinstance(item, Record):
                for name in item.fields.keys() - self.seen:
                    self.seen.add(name)
                    firsts.append((name, pos // CHUNK_SIZE))
        if items:
            yield self._row(start, items, firsts)

    def _row(self, start: int, items: list, firsts: list) -> tuple:
        return (self.file_idx, start, len(items), pickle.dumps(items, protocol=pickle.HIGHEST_PROTOCOL),
                json.dumps(sorted(firsts), ensure_ascii=False))


def arrow_records(batch, source: str) -> Iterator[tuple[int, Record]]:
    """The records of one Arrow batch of a Parquet file (its ``ROW_INDEX`` column included),
    rendered as the local Parquet reader does, with their row index.

    >>> import pyarrow as pa
    >>> batch = pa.RecordBatch.from_pydict({"nom": ["Roux", None], "age": [41, 7], ROW_INDEX: [0, 1]})
    >>> [(i, r.record, r.fields) for i, r in arrow_records(batch, "p.parquet")]
    [(0, '1', {'nom': 'Roux', 'age': '41'}), (1, '2', {'age': '7'})]
    """
    import pyarrow as pa

    from scanner.readers.jsonl import flatten
    from scanner.readers.parquet import plain_value

    names = [name for name in batch.schema.names if name != ROW_INDEX]
    text = [pa.types.is_string(batch.schema.field(name).type) or pa.types.is_large_string(batch.schema.field(name).type)
            for name in names]
    columns = [batch.column(name).to_pylist() for name in names]
    for index, values in zip(batch.column(ROW_INDEX).to_pylist(), zip(*columns)):
        fields: dict[str, str] = {}
        for name, is_text, value in zip(names, text, values):
            if value is None:
                continue
            if is_text:
                fields[name] = value
            else:  # as flatten() renders the whole row: a scalar under its name, nested paths below it
                fields.update(flatten(plain_value(value), name))
        yield index, Record(source, None, fields.get("id") or str(index + 1), fields)


def _parquet_units(file_idx: int, source: str):
    """mapInArrow function: Arrow batches of one Parquet file, in row order -> unit rows."""

    def convert(batches):
        import pyarrow as pa

        schema = _units_schema_arrow()
        maker = UnitMaker(file_idx)
        positioned = (pair for batch in batches for pair in arrow_records(batch, source))
        for row in maker.rows(positioned):
            yield pa.RecordBatch.from_pylist([dict(zip(schema.names, row))], schema=schema)

    return convert


def _units_schema_arrow():
    import pyarrow as pa

    return pa.schema([("file_idx", pa.int32()), ("pos", pa.int64()), ("count", pa.int32()),
                      ("items", pa.binary()), ("firsts", pa.string())])


def _file_units(options, task) -> Iterator[tuple]:
    """Executor: the unit rows of one non-Parquet file, read by the local reader."""
    return UnitMaker(task[0]).rows(enumerate(read_file(options, task)))


def read_units(spark, inputs: list[SparkInput], config):
    """Every item of every input as unit rows, spread over the cores (not yet cached)."""
    parallelism = max(1, spark.sparkContext.defaultParallelism)
    schema = units_schema()
    frames = []
    for item in inputs:
        if item.parquet:
            rows = read_parquet(spark, item).repartitionByRange(2 * parallelism, ROW_INDEX)
            rows = rows.sortWithinPartitions(ROW_INDEX)
            frames.append(rows.mapInArrow(_parquet_units(item.index, item.source), schema))
    frames += text_file_frames(spark, inputs, config, _file_units, schema)
    return union_all(spark, frames, schema).repartition(2 * parallelism)


def unit_items(blob: bytes) -> list[Record | ReadError]:
    """The items of one unit row.

    >>> unit_items(pickle.dumps([ReadError("a.csv", 2, "bad")]))
    [ReadError(source='a.csv', line=2, message='bad')]
    """
    return pickle.loads(blob)


def decide_unit_plans(units, detector) -> dict:
    """Plans of every column, each decided from the first chunk it appears in (as locally):
    the driver collects the names each unit shows first, then only the units holding those
    chunks."""
    from pyspark.sql import functions as F

    rows = units.select("file_idx", "pos", "count", "firsts").collect()
    first_chunk: dict[tuple[int, str], int] = {}
    for row in rows:
        for name, chunk in json.loads(row["firsts"]):
            key = (row["file_idx"], name)
            first_chunk[key] = min(chunk, first_chunk.get(key, chunk))
    wanted = sorted({(file_idx, chunk) for (file_idx, _), chunk in first_chunk.items()})
    if not wanted:
        return {}
    needed = sorted({
        (row["file_idx"], row["pos"]) for row in rows for file_idx, chunk in wanted
        if row["file_idx"] == file_idx and row["pos"] < (chunk + 1) * CHUNK_SIZE and chunk * CHUNK_SIZE < row["pos"] + row["count"]
    })
    chosen = F.array(*[F.struct(F.lit(f).alias("file_idx"), F.lit(p).cast("long").alias("pos")) for f, p in needed])
    picked = units.where(F.array_contains(chosen, F.struct("file_idx", "pos"))).select("file_idx", "pos", "items").collect()
    by_chunk: dict[tuple[int, int], list[Record]] = {}
    for row in sorted(picked, key=lambda row: (row["file_idx"], row["pos"])):
        for pos, item in enumerate(unit_items(row["items"]), start=row["pos"]):
            if isinstance(item, Record):
                by_chunk.setdefault((row["file_idx"], pos // CHUNK_SIZE), []).append(item)
    specs: dict = {}
    for key in wanted:
        specs.update(detector.prepare(by_chunk.get(key, [])))
    return specs
