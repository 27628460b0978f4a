"""Reading inputs with Spark: every record (or unreadable part) of every input as one
DataFrame of items, each with its position in its file; column plans decided on the driver;
the detector of each executor process.

- **Reading, record ids.** Parquet files are read by Spark (any Hadoop-compatible URI),
  one DataFrame per file; each row's position is Spark's ``_metadata.row_index`` (its
  0-based row number in the file, whatever the split), so the record id is the ``id``
  column when present, else ``row_index + 1``, and values are rendered from the Arrow
  batches with the local reader's own functions (``plain_value``, ``flatten``). Every other
  format (CSV, JSONL, dumps...) is read inside an executor, one task per file, by the
  local reader itself (``read_records``): a CSV's encoding, delimiter, quoted multi-line
  rows, record ids and unreadable lines are those of the local engine by construction.
  Local paths are read in place (they must be visible to the executors: local mode or a
  shared file system); ``scheme://`` URIs are fetched through Spark's ``binaryFile``
  source (whole file, under 2 GiB each) into a temporary file.
- **Chunks and column plans.** Each item keeps its position in its file, so its chunk is
  ``position // CHUNK_SIZE``, as in ``scanner.scan``. The first chunk in which each column
  appears is found with one Spark aggregation; the driver collects only those chunks and
  decides the plans with ``Detector.prepare`` exactly as the local engine does; executors
  ``Detector.install`` them.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from scanner.errors import UsageError
from scanner.models import ReadError, Record
from scanner.readers import Format, InputFiles, detect_format, find_input_files

ROW_INDEX = "__vigie_row_index"
"""The column that holds a Parquet row's 0-based index in its file."""


# ---------------------------------------------------------------- inputs -> items

@dataclass(frozen=True)
class SparkInput:
    """One input file: its name in findings and reports, where Spark reads it, its kind."""

    index: int
    source: str  # the name in findings and reports: str(path) as the local engine gives it
    location: str  # a local path, or a URI Spark reads
    parquet: bool
    local: bool
    size: int = -1


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):/+")


def as_uri(path: str | Path) -> str | None:
    """The Hadoop URI named by ``path``, or None for a local path.

    ``pathlib`` collapses ``//`` (typer gives ``Path`` arguments), so it is put back.

    >>> as_uri("s3a://bucket/exports"), as_uri(Path("hdfs://nn:8020/x")), as_uri("file:///data/p.csv")
    ('s3a://bucket/exports', 'hdfs://nn:8020/x', 'file:///data/p.csv')
    >>> as_uri("exports/p.csv") is None, as_uri("C:/exports") is None
    (True, True)
    """
    text = str(path)
    match = _SCHEME.match(text)
    if not match:
        return None
    scheme = match.group(1)
    if scheme.lower() == "file":
        return "file:///" + text[match.end():]
    return f"{scheme}://{text[match.end():]}"


def _list_uri(spark, uri: str) -> list[tuple[str, int]]:
    """Files under a Hadoop-compatible URI and their sizes, recursively, sorted (hidden
    ``.``/``_`` names skipped)."""
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    path = jvm.org.apache.hadoop.fs.Path(uri)
    fs = path.getFileSystem(conf)
    if not fs.exists(path):
        raise UsageError(f"{uri}: no such file or directory")
    status = fs.getFileStatus(path)
    if not status.isDirectory():
        return [(uri, status.getLen())]
    found = []
    files = fs.listFiles(path, True)
    while files.hasNext():
        status = files.next()
        name = status.getPath()
        if not name.getName().startswith((".", "_")):
            found.append((str(name), status.getLen()))
    return sorted(found)


def find_inputs(spark, paths: list, config, skipped: InputFiles | None = None) -> list[SparkInput]:
    """The inputs to read; what the walk of local directories leaves out goes to ``skipped``."""
    inputs: list[SparkInput] = []
    for raw in paths:
        if as_uri(raw):
            for uri, size in _list_uri(spark, as_uri(raw)):
                parquet = size > 0 and (
                    config.format is Format.PARQUET or (config.format is None and uri.lower().endswith(".parquet"))
                )
                inputs.append(SparkInput(len(inputs), uri, uri, parquet, local=False, size=size))
            continue
        found = find_input_files([raw], config.include_hidden, config.include_other)
        if skipped is not None:
            skipped.errors += found.errors
            skipped.hidden += found.hidden
            skipped.not_data += found.not_data
        for path in found.files:
            chosen = config.format
            if chosen is None:
                try:
                    chosen = detect_format(path) if path.stat().st_size else None
                except Exception:  # noqa: BLE001 - the local reader reports it, in its task
                    chosen = None
            parquet = chosen is Format.PARQUET and path.suffix.lower() != ".gz"
            location = path.resolve().as_uri() if parquet else str(path)
            inputs.append(SparkInput(len(inputs), str(path), location, parquet, local=True))
    return inputs


def _item_schema():
    from pyspark.sql.types import IntegerType, LongType, StringType, StructField, StructType

    return StructType([
        StructField("file_idx", IntegerType(), False),
        StructField("source", StringType(), False),
        StructField("pos", LongType(), False),
        StructField("record", StringType(), True),
        StructField("tbl", StringType(), True),
        StructField("line", LongType(), False),  # 0: none
        StructField("fields", StringType(), True),  # JSON [[name, value], ...] in field order
        StructField("error", StringType(), True),
    ])


def _item(file_idx: int, source: str, pos: int, item: Record | ReadError) -> tuple:
    if isinstance(item, ReadError):
        return (file_idx, source, pos, None, None, item.line or 0, None, item.message)
    return (
        file_idx, item.source, pos, item.record, item.table, item.line or 0,
        json.dumps(list(item.fields.items()), ensure_ascii=False), None,
    )


def to_record(row) -> Record:
    """The Record of one item row (a pandas or Spark row of ``read_items``)."""
    table = row["tbl"]  # pandas turns a missing string into NaN
    return Record(
        source=row["source"], table=table if isinstance(table, str) else None, record=row["record"],
        fields=dict(json.loads(row["fields"])), line=int(row["line"]) or None,
    )


def read_file(config_tuple, task) -> Iterator[Record | ReadError]:
    """Executor: every item of one file, read by the local reader (``read_records``).

    ``task`` is ``(file_idx, source, location, content)``: ``content`` is None for a local
    path read in place, else the file's bytes (a remote file), read from a temporary copy
    and reported under ``source``.
    """
    from scanner.readers import read_records

    format, encoding, delimiter = config_tuple
    _, source, location, content = task
    if content is None:
        yield from read_records(location, format, encoding, delimiter)
        return
    with tempfile.TemporaryDirectory(prefix="vigie-spark-") as tmp:
        path = Path(tmp) / (location.rstrip("/").rsplit("/", 1)[-1] or "input")
        path.write_bytes(bytes(content))
        for item in read_records(path, format, encoding, delimiter):
            if isinstance(item, ReadError):
                yield ReadError(source, item.line, item.message.replace(str(path), source))
            else:
                yield Record(source, item.table, item.record, item.fields, item.line)


def _read_local(config_tuple, task) -> Iterator[tuple]:
    """Executor: every item of one file as an item row."""
    file_idx, source = task[0], task[1]
    for pos, item in enumerate(read_file(config_tuple, task)):
        yield _item(file_idx, source, pos, item)


def _parquet_rows(file_idx: int, source: str):
    """mapInArrow function: Spark's Arrow batches of one Parquet file -> items."""

    def convert(batches):
        import pyarrow as pa

        from scanner.readers.jsonl import flatten
        from scanner.readers.parquet import plain_value

        schema = _item_schema_arrow()
        for batch in batches:
            out = []
            for row in batch.to_pylist():
                index = row.pop(ROW_INDEX)
                fields = flatten({key: plain_value(value) for key, value in row.items()})
                record = Record(source, None, fields.get("id") or str(index + 1), fields)
                out.append(dict(zip(schema.names, _item(file_idx, source, index, record))))
            yield pa.RecordBatch.from_pylist(out, schema=schema)

    return convert


def _item_schema_arrow():
    import pyarrow as pa

    return pa.schema([
        ("file_idx", pa.int32()), ("source", pa.string()), ("pos", pa.int64()), ("record", pa.string()),
        ("tbl", pa.string()), ("line", pa.int64()), ("fields", pa.string()), ("error", pa.string()),
    ])


def read_parquet(spark, item: SparkInput):
    from pyspark.sql import functions as F

    frame = spark.read.parquet(item.location)
    return frame.select("*", F.col("_metadata.row_index").alias(ROW_INDEX))


def read_items(spark, inputs: list[SparkInput], config):
    """One DataFrame of every item (record or unreadable part) of every input, with its position."""
    schema = _item_schema()
    frames = [read_parquet(spark, item).mapInArrow(_parquet_rows(item.index, item.source), schema)
              for item in inputs if item.parquet]
    return union_all(spark, frames + text_file_frames(spark, inputs, config, _read_local, schema), schema)


def text_file_frames(spark, inputs: list[SparkInput], config, read: Callable[[tuple, tuple], Iterable], schema) -> list:
    """DataFrames of rows of ``schema`` from the inputs that are not Parquet, each file read
    in one task by vigie's own readers: ``read(options, (index, source, location, content))``,
    ``content`` None for a local file (read from its path), the bytes of a remote one (from
    Spark's binary reader; an empty remote file, which Spark skips, as ``b""``)."""
    text = [i for i in inputs if not i.parquet]
    options = (config.format, config.encoding, config.delimiter)
    frames = []
    local = [(i.index, i.source, i.location, None) for i in text if i.local]
    local += [(i.index, i.source, i.location, b"") for i in text if not i.local and i.size == 0]  # Spark skips empty files
    if local:
        rdd = spark.sparkContext.parallelize(local, len(local)).flatMap(lambda task: read(options, task))
        frames.append(spark.createDataFrame(rdd, schema))
    remote = {i.location: i for i in text if not i.local and i.size != 0}
    if remote:
        qualified = qualified_uris(spark, list(remote))
        blobs = spark.read.format("binaryFile").load(list(remote)).select("path", "content")

        def tasks(row):
            i = remote[qualified[row["path"]]]
            return read(options, (i.index, i.source, i.location, row["content"]))

        frames.append(spark.createDataFrame(blobs.rdd.flatMap(tasks), schema))
    return frames


def union_all(spark, frames: list, schema):
    """The rows of all ``frames`` (by column name), or an empty DataFrame of ``schema``."""
    if not frames:
        return spark.createDataFrame([], schema)
    result = frames[0]
    for frame in frames[1:]:
        result = result.unionByName(frame)
    return result


def qualified_uris(spark, uris: list[str]) -> dict[str, str]:
    """Hadoop-qualified path (as ``binaryFile`` reports it) -> the URI as listed."""
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    out = {}
    for uri in uris:
        path = jvm.org.apache.hadoop.fs.Path(uri)
        out[str(path.getFileSystem(conf).makeQualified(path))] = uri
    return out


# ---------------------------------------------------------------- column plans (driver)

def decide_plans(items, detector, chunk_size: int) -> dict:
    """Plans of every column, each decided from the first chunk it appears in (as locally)."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import ArrayType, StringType

    records = items.where(F.col("error").isNull()).withColumn("chunk", F.floor(F.col("pos") / chunk_size))
    names = F.from_json("fields", ArrayType(ArrayType(StringType())))
    firsts = (
        records.select("file_idx", "chunk", F.explode(F.transform(names, lambda pair: pair[0])).alias("name"))
        .groupBy("file_idx", "name").agg(F.min("chunk").alias("chunk"))
        .select("file_idx", "chunk").distinct().collect()
    )
    wanted = sorted({(r["file_idx"], r["chunk"]) for r in firsts})
    if not wanted:
        return {}
    keys = F.struct("file_idx", "chunk")
    chosen = F.array(*[F.struct(F.lit(f).alias("file_idx"), F.lit(c).cast("long").alias("chunk")) for f, c in wanted])
    rows = records.where(F.array_contains(chosen, keys)).orderBy("file_idx", "pos").collect()
    specs: dict = {}
    by_chunk: dict[tuple, list[Record]] = {}
    for row in rows:
        by_chunk.setdefault((row["file_idx"], row["chunk"]), []).append(to_record(row))
    for key in sorted(by_chunk):
        specs.update(detector.prepare(by_chunk[key]))
    return specs


# ---------------------------------------------------------------- executors

_executor: dict = {}
"""This executor process's detector and the run whose plans it holds."""


def executor_detector(run_id: str, specs: dict):
    """The executor process's detector (engine built once, reused by every task Spark
    gives this Python worker), with the plans ``specs`` of run ``run_id`` installed."""
    detector = _executor.get("detector")
    if detector is None:
        from scanner.detect import Detector

        detector = _executor["detector"] = Detector()
    if _executor.get("run") != run_id:
        detector.columns.clear()
        detector.install(specs)
        _executor["run"] = run_id
    return detector
