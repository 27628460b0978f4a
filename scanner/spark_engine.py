"""``--engine spark``: the same scan (and redaction) as the local engine, run by Spark.

pyspark is imported lazily, only here: vigie works without it, and ``--engine spark`` then
stops with exit code 2 and "install vigie[spark]".

How the results stay identical to the local engine's:

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
- **Chunks and column plans.** Each item (record or unreadable part) keeps its position in
  its file, so its chunk is ``position // CHUNK_SIZE``, as in ``scanner.scan``. The first
  chunk in which each column appears is found with one Spark aggregation; the driver
  collects only those chunks and decides the plans with ``Detector.prepare`` exactly as the
  local engine does, then broadcasts them; executors ``Detector.install`` them.
- **Detection.** Records are grouped by ``(file, chunk)`` (``applyInPandas``), so every
  chunk is analysed as one ``detect_batch`` call, as locally. The analyzer engine is built
  once per executor Python process (module-level cache; Spark reuses Python workers).
- **Report.** Each record's contribution is computed in the executor with the public
  ``ScanSummary.add`` on a one-record summary (so the rules are the report's own), turned
  into additive facts (class, entities, categories, free text, table and column figures,
  watchlist hits, masked examples with their position, the person key), and summed by
  Spark in one aggregation; distinct persons are counted by Spark (``count`` of the
  distinct keyed hashes; the per-run HMAC salt is broadcast). The driver only fills a
  ``ScanSummary`` with the totals, so ``to_report()`` is the local one.
- **Findings / records JSONL** are written by the driver from the per-record results in
  file and record order (``toLocalIterator``): the same lines in the same order.
"""

from __future__ import annotations

import gc
import json
import os
import re
import shutil
import sys
import tempfile
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from scanner.errors import UsageError
from scanner.models import Finding, ReadError, Record, RecordClass
from scanner.readers import Format, InputFiles, detect_format, find_input_files
from scanner.report import ColumnStats, ScanSummary, TableStats

INSTALL_HINT = "the Spark engine needs pyspark: install vigie[spark] (pip install 'vigie[spark]')"
JAVA_HINT = (
    "the Spark engine needs a Java runtime (17 or later): none at {where}; install one "
    "(e.g. apt-get install default-jre-headless) or set JAVA_HOME"
)
ROW_INDEX = "__vigie_row_index"


class Engine(str, Enum):
    """Where detection runs."""

    local = "local"
    spark = "spark"


class SparkUnavailable(UsageError):
    """``--engine spark`` without pyspark or without Java (exit code 2)."""


@dataclass(frozen=True)
class SparkOptions:
    """``--spark-master`` and the ``--spark-conf KEY=VALUE`` pairs."""

    master: str = "local[*]"
    conf: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_cli(cls, master: str | None, conf: Iterable[str] | None) -> SparkOptions:
        """Parse the CLI options; a pair without ``=`` is a usage error.

        >>> SparkOptions.from_cli(None, ["spark.sql.shuffle.partitions=4"])
        SparkOptions(master='local[*]', conf=(('spark.sql.shuffle.partitions', '4'),))
        >>> SparkOptions.from_cli("local[2]", ["oops"])
        Traceback (most recent call last):
        scanner.errors.UsageError: --spark-conf 'oops': expected KEY=VALUE
        """
        pairs = []
        for item in conf or ():
            key, sep, value = item.partition("=")
            if not sep or not key.strip():
                raise UsageError(f"--spark-conf {item!r}: expected KEY=VALUE")
            pairs.append((key.strip(), value))
        return cls(master or "local[*]", tuple(pairs))


DEFAULT_CONF = {
    "spark.sql.session.timeZone": "UTC",  # Parquet timestamps render as the local reader's
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
}


def _pyspark():
    try:
        import pyspark  # noqa: F401
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkUnavailable(INSTALL_HINT) from None
    return SparkSession


def find_java() -> str:
    """The ``java`` Spark's launcher runs: ``$JAVA_HOME/bin/java`` when JAVA_HOME is set,
    else the one on PATH; SparkUnavailable when there is none."""
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        java = os.path.join(java_home, "bin", "java")
        if os.path.isfile(java) and os.access(java, os.X_OK):
            return java
        raise SparkUnavailable(JAVA_HINT.format(where=f"$JAVA_HOME/bin/java ({java})"))
    java = shutil.which("java")
    if java is None:
        raise SparkUnavailable(JAVA_HINT.format(where="JAVA_HOME (not set) or on PATH"))
    return java


def require_spark() -> None:
    """Stop with SparkUnavailable (exit code 2) unless pyspark and Java are there: checked
    before any work, since without them Spark fails only once its session starts."""
    _pyspark()
    find_java()


def get_spark(options: SparkOptions = SparkOptions()):
    """A SparkSession for ``options`` (an existing active session is reused as it is)."""
    SparkSession = _pyspark()
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    find_java()
    if options.master.startswith("local"):
        # local workers must run this interpreter (the one that has vigie installed)
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.master(options.master).appName("vigie")
    given = dict(options.conf)
    for key, value in {**DEFAULT_CONF, **given}.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


# ---------------------------------------------------------------- inputs -> items

@dataclass(frozen=True)
class _Input:
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


def _inputs(spark, paths: list, config, skipped: InputFiles | None = None) -> list[_Input]:
    """The inputs to read; what the walk of local directories leaves out goes to ``skipped``."""
    inputs: list[_Input] = []
    for raw in paths:
        if as_uri(raw):
            for uri, size in _list_uri(spark, as_uri(raw)):
                parquet = size > 0 and (
                    config.format is Format.PARQUET or (config.format is None and uri.lower().endswith(".parquet"))
                )
                inputs.append(_Input(len(inputs), uri, uri, parquet, local=False, size=size))
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
            inputs.append(_Input(len(inputs), str(path), location, parquet, local=True))
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


def _to_record(row) -> Record:
    table = row["tbl"]  # pandas turns a missing string into NaN
    return Record(
        source=row["source"], table=table if isinstance(table, str) else None, record=row["record"],
        fields=dict(json.loads(row["fields"])), line=int(row["line"]) or None,
    )


def _read_local(config_tuple, task) -> Iterator[tuple]:
    """Executor: every item of one file, read by the local reader (``read_records``)."""
    from scanner.readers import read_records

    format, encoding, delimiter = config_tuple
    file_idx, source, location, content = task
    if content is None:
        items = read_records(location, format, encoding, delimiter)
        for pos, item in enumerate(items):
            yield _item(file_idx, source, pos, item)
        return
    with tempfile.TemporaryDirectory(prefix="vigie-spark-") as tmp:
        path = Path(tmp) / (location.rstrip("/").rsplit("/", 1)[-1] or "input")
        path.write_bytes(bytes(content))
        for pos, item in enumerate(read_records(path, format, encoding, delimiter)):
            if isinstance(item, ReadError):
                item = ReadError(source, item.line, item.message.replace(str(path), source))
            else:
                item = Record(source, item.table, item.record, item.fields, item.line)
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


def _read_parquet(spark, item: _Input):
    from pyspark.sql import functions as F

    frame = spark.read.parquet(item.location)
    return frame.select("*", F.col("_metadata.row_index").alias(ROW_INDEX))


def read_items(spark, inputs: list[_Input], config):
    """One DataFrame of every item (record or unreadable part) of every input, with its position."""
    schema = _item_schema()
    frames = []
    for item in inputs:
        if item.parquet:
            frames.append(_read_parquet(spark, item).mapInArrow(_parquet_rows(item.index, item.source), schema))
    text = [i for i in inputs if not i.parquet]
    options = (config.format, config.encoding, config.delimiter)
    local = [(i.index, i.source, i.location, None) for i in text if i.local]
    local += [(i.index, i.source, i.location, b"") for i in text if not i.local and i.size == 0]  # Spark skips empty files
    if local:
        rdd = spark.sparkContext.parallelize(local, len(local)).flatMap(lambda task: _read_local(options, task))
        frames.append(spark.createDataFrame(rdd, schema))
    remote = {i.location: i for i in text if not i.local and i.size != 0}
    if remote:
        qualified = _qualified(spark, list(remote))
        blobs = spark.read.format("binaryFile").load(list(remote)).select("path", "content")

        def tasks(row):
            i = remote[qualified[row["path"]]]
            return _read_local(options, (i.index, i.source, i.location, row["content"]))

        frames.append(spark.createDataFrame(blobs.rdd.flatMap(tasks), schema))
    if not frames:
        return spark.createDataFrame([], schema)
    result = frames[0]
    for frame in frames[1:]:
        result = result.unionByName(frame)
    return result


def _qualified(spark, uris: list[str]) -> dict[str, str]:
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
        by_chunk.setdefault((row["file_idx"], row["chunk"]), []).append(_to_record(row))
    for key in sorted(by_chunk):
        specs.update(detector.prepare(by_chunk[key]))
    return specs


# ---------------------------------------------------------------- executors

@dataclass(frozen=True)
class _Job:
    """What every executor needs, broadcast once per run."""

    id: str
    specs: dict
    salt: bytes
    watchlist: object = None
    show_values: bool = False


_executor: dict = {}


def executor_detector(job: _Job):
    """The executor process's detector (engine built once), with ``job``'s plans installed."""
    detector = _executor.get("detector")
    if detector is None:
        from scanner.detect import Detector

        detector = _executor["detector"] = Detector()
        gc.freeze()  # the engine lives as long as this executor process: out of the collector's work
    if _executor.get("job") != job.id:
        detector.columns.clear()
        detector.install(job.specs)
        _executor["job"] = job.id
    return detector


def _facts(record: Record, findings: list[Finding], verdict, kind_of, job: _Job, file_idx: int, pos: int) -> list:
    """The record's share of the report, from a one-record ``ScanSummary`` (the report's own rules)."""
    from scanner.persons import PersonCounter

    one = ScanSummary(watchlist=job.watchlist, persons=PersonCounter(job.salt))
    one.add(findings, verdict, record, kind_of)
    order = [file_idx, pos, 0]
    facts = [("class", None, None, verdict.record_class.value, None, None, 1, order)]
    facts += [("category", None, None, c, None, None, 1, order) for c in verdict.categories]
    facts += [("entity", None, None, k, None, None, n, order) for k, n in one.entities.items()]
    facts += [("finding_category", None, None, k, None, None, n, order) for k, n in one.findings_by_category.items()]
    facts += [("example", None, None, k, None, v, 1, order) for k, v in one.examples.items()]
    facts.append(("free_text", None, None, None, None, None, one.free_text_records, order))
    facts.append(("free_text_sensitive", None, None, None, None, None, one.free_text_sensitive, order))
    for method, n in one.persons.by_method.items():
        facts.append(("person", None, None, method, None, None, n, order))
    facts += [("person_key", None, None, str(key), None, None, 1, order) for key in one.persons.keys]
    facts += [("watch", None, None, str(i), None, None, n, order) for i, n in one.watch_hits.items()]
    for (source, table), stats in one.tables.items():
        facts.append(("table", source, table, None, None, None, stats.records, order))
        facts.append(("table_sensitive", source, table, None, None, None, stats.sensitive, order))
        for i, (name, column) in enumerate(stats.columns.items()):
            at = [file_idx, pos, i]
            facts.append(("column", source, table, name, None, column.kind, column.rows, at))
            facts.append(("column_sensitive", source, table, name, None, None, column.sensitive_rows, at))
            facts += [("column_finding", source, table, name, k, None, n, at) for k, n in column.findings.items()]
    return [dict(zip(FACT_FIELDS, fact)) for fact in facts]


def _detect_chunk(job_bc):
    """applyInPandas function: one chunk of one file -> one row per record."""

    def detect(frame):
        import pandas as pd

        from scanner.classify import verdict as verdict_of

        job = job_bc.value
        detector = executor_detector(job)
        frame = frame.sort_values("pos")
        records = [_to_record(row) for row in frame.to_dict("records")]
        out = {"file_idx": [], "pos": [], "findings": [], "verdict": [], "facts": []}
        for (file_idx, pos), record, findings in zip(
            zip(frame["file_idx"], frame["pos"]), records, detector.detect_batch(records)
        ):
            record_verdict = verdict_of(record, findings)
            kind_of = detector.kind_of(record.source, record.table)
            out["file_idx"].append(int(file_idx))
            out["pos"].append(int(pos))
            out["findings"].append("".join(
                json.dumps(f.to_dict(show_value=job.show_values, id_salt=job.salt), ensure_ascii=False) + "\n" for f in findings
            ))
            out["verdict"].append(json.dumps(record_verdict.to_dict(show_values=job.show_values, id_salt=job.salt), ensure_ascii=False) + "\n")
            out["facts"].append(json.dumps(_facts(record, findings, record_verdict, kind_of, job, int(file_idx), int(pos)), ensure_ascii=False))
        return pd.DataFrame(out, columns=list(out))

    return detect


def _result_schema():
    from pyspark.sql.types import IntegerType, LongType, StringType, StructField, StructType

    return StructType([
        StructField("file_idx", IntegerType(), False), StructField("pos", LongType(), False),
        StructField("findings", StringType(), False), StructField("verdict", StringType(), False),
        StructField("facts", StringType(), False),
    ])


FACT_FIELDS = ("kind", "source", "tbl", "name", "sub", "text", "value", "at")


def _fact_schema():
    from pyspark.sql.types import ArrayType, LongType, StringType, StructField, StructType

    return ArrayType(StructType([
        StructField(name, StringType(), True) for name in ("kind", "source", "tbl", "name", "sub", "text")
    ] + [StructField("value", LongType(), True), StructField("at", ArrayType(LongType()), True)]))


# ---------------------------------------------------------------- aggregation (Spark) -> summary

def aggregate(results):
    """Sum the facts of every record in Spark: one row per (kind, source, table, name, sub)."""
    from pyspark.sql import functions as F

    facts = results.select(F.explode(F.from_json("facts", _fact_schema())).alias("f")).select("f.*")
    return facts.groupBy("kind", "source", "tbl", "name", "sub").agg(
        F.sum("value").alias("value"), F.min(F.struct("at", "text")).alias("first"),
    )


class _CountedPersons:
    """Distinct persons counted by Spark, with the interface the report reads."""

    def __init__(self, distinct: int, keyed_records: int, by_method: dict[str, int]) -> None:
        from scanner.persons import PersonCounter

        self._counter = PersonCounter(b"\0" * 32)
        self._counter.keyed_records = keyed_records
        self._counter.by_method = dict(by_method)
        self.distinct = distinct
        self.keyed_records = keyed_records
        self.by_method = self._counter.by_method

    @property
    def duplicates(self) -> int:
        return self.keyed_records - self.distinct

    @property
    def method(self) -> str:
        return self._counter.method


def fill_summary(summary: ScanSummary, totals) -> dict[str, int]:
    """Put Spark's totals into ``summary`` (``totals``: the collected rows of ``aggregate``
    without the person keys); return the keyed records per person-key method."""
    examples, columns, by_method = {}, [], {}
    for row in totals:
        kind, name, value = row["kind"], row["name"], int(row["value"] or 0)
        if kind == "class":
            summary.classes[RecordClass(name)] += value
            summary.records += value
        elif kind == "category":
            summary.categories[name] += value
        elif kind == "entity":
            summary.entities[name] += value
        elif kind == "finding_category":
            summary.findings_by_category[name] += value
        elif kind == "example":
            examples[name] = (row["first"]["at"], row["first"]["text"])
        elif kind == "free_text":
            summary.free_text_records += value
        elif kind == "free_text_sensitive":
            summary.free_text_sensitive += value
        elif kind == "person":
            by_method[name] = value
        elif kind == "watch":
            summary.watch_hits[int(name)] += value
        elif kind in ("table", "table_sensitive"):
            table = summary.tables.setdefault((row["source"], row["tbl"]), TableStats())
            if kind == "table":
                table.records += value
            else:
                table.sensitive += value
        elif kind.startswith("column"):
            columns.append(row)
    for entity, (_, masked) in sorted(examples.items(), key=lambda kv: kv[1][0]):
        summary.examples[entity] = masked
    firsts = {(r["source"], r["tbl"], r["name"]): r["first"] for r in columns if r["kind"] == "column"}
    for key in sorted(firsts, key=lambda k: list(firsts[k]["at"])):
        table = summary.tables.setdefault(key[:2], TableStats())
        table.columns[key[2]] = ColumnStats(kind=firsts[key]["text"])
    for row in columns:
        column = summary.tables.setdefault((row["source"], row["tbl"]), TableStats()).columns.setdefault(row["name"], ColumnStats())
        value = int(row["value"] or 0)
        if row["kind"] == "column":
            column.rows += value
        elif row["kind"] == "column_sensitive":
            column.sensitive_rows += value
        elif value:
            column.findings[row["sub"]] += value
    return by_method


# ---------------------------------------------------------------- the scan

def scan_paths_spark(
    paths: Iterable[str | Path],
    config=None,
    options: SparkOptions = SparkOptions(),
    *,
    spark=None,
    analyzer=None,
    on_error: Callable[[ReadError], None] | None = None,
) -> ScanSummary:
    """``scanner.scan.scan_paths`` run by Spark: the same summary, findings and records."""
    from scanner.readers import check_encoding
    from scanner.scan import CHUNK_SIZE, ScanConfig

    config = config or ScanConfig()
    spark = spark or get_spark(options)
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    from scanner.detect import Detector
    from scanner.engine import get_analyzer

    paths = list(paths)
    if config.encoding:
        check_encoding(config.encoding)
    skipped = InputFiles()
    inputs = _inputs(spark, paths, config, skipped)
    summary = ScanSummary(files=len(inputs), inputs=[str(p) for p in paths], watchlist=config.watchlist,
                          skipped_hidden=skipped.hidden, skipped_not_data=skipped.not_data)
    for error in skipped.errors:
        summary.add_error(error)
        if on_error:
            on_error(error)
    items = read_items(spark, inputs, config)
    detector = Detector(analyzer or get_analyzer())
    specs = decide_plans(items, detector, CHUNK_SIZE)
    job = _Job(uuid.uuid4().hex, specs, os.urandom(32), config.watchlist, config.show_values)
    job_bc = spark.sparkContext.broadcast(job)
    results = (
        items.where(F.col("error").isNull())
        .withColumn("chunk", F.floor(F.col("pos") / CHUNK_SIZE))
        .groupBy("file_idx", "chunk")
        .applyInPandas(_detect_chunk(job_bc), _result_schema())
        .persist(StorageLevel.MEMORY_AND_DISK)
    )
    try:
        totals = aggregate(results).persist(StorageLevel.MEMORY_AND_DISK)
        try:
            by_method = fill_summary(summary, totals.where(F.col("kind") != "person_key").collect())
            persons = totals.where(F.col("kind") == "person_key").count()
        finally:
            totals.unpersist()
        summary.persons = _CountedPersons(persons, sum(by_method.values()), by_method)
        errors = items.where(F.col("error").isNotNull()).orderBy("file_idx", "pos").collect()
        for row in errors:
            error = ReadError(row["source"], int(row["line"]) or None, row["error"])
            summary.add_error(error)
            if on_error:
                on_error(error)
        if config.findings_path or config.records_path:
            _write_lines(results, config.findings_path, config.records_path)
    finally:
        results.unpersist()
        job_bc.unpersist()
    return summary


def _write_lines(results, findings_path: Path | None, records_path: Path | None) -> None:
    findings = findings_path.open("w", encoding="utf-8") if findings_path else None
    records = records_path.open("w", encoding="utf-8") if records_path else None
    try:
        for row in results.select("file_idx", "pos", "findings", "verdict").orderBy("file_idx", "pos").toLocalIterator():
            if findings:
                findings.write(row["findings"])
            if records:
                records.write(row["verdict"])
    finally:
        for sink in (findings, records):
            if sink:
                sink.close()


# ---------------------------------------------------------------- redaction

STATUS = "__vigie_status"
FACTS = "__vigie_facts"


@dataclass(frozen=True)
class _RedactJob:
    """Plans, policy and whether replacements are remembered for ``--verify``."""

    id: str
    specs: dict
    policy: object
    verify: bool = False


def _executor_redactor(job: _RedactJob):
    cached = _executor.get("redactor")
    if cached is None or cached[0] != job.id:
        from scanner.redact.fields import FieldRedactor

        cached = _executor["redactor"] = (job.id, FieldRedactor(job.policy))
    return cached[1]


def redact_one(job: _RedactJob, record: Record, findings: list[Finding]) -> tuple[dict | None, str | None]:
    """``(changes, None)`` for a record the pipeline would write, ``(None, message)`` to drop it."""
    redactor = _executor_redactor(job)
    try:
        changes = redactor.redact_record(record, findings)
    except Exception as error:  # noqa: BLE001 - as the pipeline: a record that cannot be redacted is dropped
        return None, f"record {record.record} cannot be redacted ({error}); dropped"
    return {name: text for name, text in changes.items() if text != record.fields.get(name)}, None


def redaction_facts(job: _RedactJob, record: Record, findings: list[Finding], changes: dict) -> dict:
    """Counts and keyed digests of one written record, as ``redact.pipeline`` keeps them."""
    from scanner.redact.fields import person_key_for
    from scanner.redact.pipeline import _value_digest

    policy = job.policy
    replaced = [f for f in findings if policy.operator_for(f.entity_type) != "keep"]
    originals, replacements = set(), set()
    for finding in replaced:
        value = finding.value or record.fields[finding.field][finding.start:finding.end]
        originals.add(_value_digest(policy.key, value))
    if job.verify and replaced:
        redactor = _executor_redactor(job)
        person_key = person_key_for(record, findings)
        for finding in replaced:
            text = record.fields[finding.field]
            new = redactor.redact_text(text, [finding], person_key, field=finding.field)
            piece = new[finding.start:len(new) - (len(text) - finding.end)]
            replacements.update(_value_digest(policy.key, v) for v in (piece, *piece.split()))
    return {
        "findings": dict(Counter(f.entity_type for f in findings)),
        "replacements": dict(Counter(f.entity_type for f in replaced)),
        "redacted": int(bool(changes)),
        "originals": sorted(d.hex() for d in originals if d),
        "replaced": sorted(d.hex() for d in replacements if d),
    }


def _redact_facts_schema():
    from pyspark.sql.types import ArrayType, LongType, MapType, StringType, StructField, StructType

    return StructType([
        StructField("findings", MapType(StringType(), LongType())),
        StructField("replacements", MapType(StringType(), LongType())),
        StructField("redacted", LongType()),
        StructField("originals", ArrayType(StringType())),
        StructField("replaced", ArrayType(StringType())),
    ])


def _redact_parquet_rows(job_bc, source: str, chunk_size: int):
    """mapInArrow function: rows of one Parquet file -> the same rows redacted, in order
    (chunks of ``chunk_size`` rows within each Spark partition), plus status and facts."""

    def run(batches):
        import pyarrow as pa

        from scanner.readers.jsonl import flatten
        from scanner.readers.parquet import plain_value
        from scanner.redact.writers.parquet_writer import _set, _Unfit

        job = job_bc.value
        detector = executor_detector(job)

        def convert(rows, schema):
            records = []
            for row in rows:
                index = row.pop(ROW_INDEX)
                fields = flatten({key: plain_value(value) for key, value in row.items()})
                records.append(Record(source, None, fields.get("id") or str(index + 1), fields))
            out = []
            for row, record, findings in zip(rows, records, detector.detect_batch(records)):
                changes, message = redact_one(job, record, findings)
                new = dict(row)
                if changes is not None:
                    try:
                        for path, text in changes.items():
                            head, *rest = path.split(".")
                            if head not in new:
                                raise _Unfit
                            new[head] = _set(new[head], rest, text)
                    except (_Unfit, ValueError, ArithmeticError):
                        message = f"{source}, record {record.record}: a redacted value no longer fits its Parquet type; row dropped"
                if message is not None:
                    out.append({**{k: None for k in row}, STATUS: message, FACTS: None})
                else:
                    out.append({**new, STATUS: None, FACTS: json.dumps(redaction_facts(job, record, findings, changes))})
            return pa.RecordBatch.from_pylist(out, schema=schema)

        pending, schema = [], None
        for batch in batches:
            if schema is None:
                data = batch.schema.remove(batch.schema.get_field_index(ROW_INDEX))
                data = pa.schema([f.with_nullable(True) for f in data])
                schema = data.append(pa.field(STATUS, pa.string())).append(pa.field(FACTS, pa.string()))
            pending.extend(batch.to_pylist())
            while len(pending) >= chunk_size:
                chunk, pending = pending[:chunk_size], pending[chunk_size:]
                yield convert(chunk, schema)
        if pending:
            yield convert(pending, schema)

    return run


def _redaction_totals(summary, redacted) -> tuple[list, set, set]:
    """Fill the pipeline's summary from the redacted rows; return the original / replacement digests."""
    from pyspark.sql import functions as F

    facts = redacted.select(STATUS, F.from_json(FACTS, _redact_facts_schema()).alias("f"))
    dropped = facts.where(F.col(STATUS).isNotNull()).select(STATUS).collect()
    counts = facts.agg(F.count(F.lit(1)).alias("n"), F.sum("f.redacted").alias("redacted")).collect()[0]
    summary.records_read += counts["n"]
    summary.records_redacted += int(counts["redacted"] or 0)
    summary.records_dropped += len(dropped)
    for name in ("findings", "replacements"):
        for row in facts.select(F.explode(f"f.{name}")).groupBy("key").agg(F.sum("value").alias("n")).collect():
            getattr(summary, name)[row["key"]] += int(row["n"])
    digests = []
    for name in ("originals", "replaced"):
        rows = facts.select(F.explode(f"f.{name}").alias("d")).distinct().collect()
        digests.append({bytes.fromhex(r["d"]) for r in rows})
    return dropped, digests[0], digests[1]


def _verify_chunk(job_bc, source_name: str):
    """applyInPandas function: residuals of one chunk of the output (as ``pipeline.verify_file``)."""

    def verify(frame):
        import pandas as pd

        from scanner.masking import mask
        from scanner.redact.pipeline import _Digests, residual_findings

        job = job_bc.value
        detector = executor_detector(job)
        frame = frame.sort_values("pos")
        records = [_to_record(row) for row in frame.to_dict("records")]
        digests = _Digests(job.policy.key, *job.digests)
        out = [
            (source_name, record.table, record.record, finding.field, finding.entity_type, mask(finding.value))
            for record, finding in residual_findings(detector, job.policy, digests, records)
        ]
        return pd.DataFrame(out, columns=["source", "tbl", "record", "field", "entity_type", "masked"])

    return verify


@dataclass(frozen=True)
class _VerifyJob:
    id: str
    specs: dict
    policy: object
    digests: tuple


def verify_output(spark, files: list[Path], source_name: str, policy, digests, detector, summary, config=None) -> None:
    """Re-scan the written output with Spark (read as ``config`` says: format, encoding,
    delimiter); residuals and unreadable parts go to ``summary``."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import StringType, StructField, StructType

    from scanner.redact.pipeline import Residual
    from scanner.scan import CHUNK_SIZE, ScanConfig

    config = config or ScanConfig()
    inputs = _inputs(spark, files, config)
    items = read_items(spark, inputs, config)
    job = _VerifyJob(uuid.uuid4().hex, decide_plans(items, detector, CHUNK_SIZE), policy, digests)
    job_bc = spark.sparkContext.broadcast(job)
    schema = StructType([StructField(n, StringType(), True) for n in ("source", "tbl", "record", "field", "entity_type", "masked")])
    try:
        for row in items.where(F.col("error").isNotNull()).orderBy("file_idx", "pos").collect():
            summary.verify_errors.append(ReadError(row["source"], int(row["line"]) or None, row["error"]))
        residuals = (
            items.where(F.col("error").isNull()).withColumn("chunk", F.floor(F.col("pos") / CHUNK_SIZE))
            .groupBy("file_idx", "chunk").applyInPandas(_verify_chunk(job_bc, source_name), schema).collect()
        )
    finally:
        job_bc.unpersist()
    summary.residuals.extend(Residual(r["source"], r["tbl"], r["record"], r["field"], r["entity_type"], r["masked"]) for r in residuals)


# ---------------------------------------------------------------- redaction: CSV

def _redact_csv_schema():
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    return StructType([
        StructField("pos", LongType(), False), StructField("line", LongType(), False),
        StructField("record", StringType(), True), StructField("check", StringType(), True),
        StructField("changes", StringType(), True), StructField("message", StringType(), True),
        StructField("facts", StringType(), True),
    ])


def _fields_check(record: Record) -> str:
    import hashlib

    return hashlib.sha256(json.dumps(list(record.fields.items()), ensure_ascii=False).encode()).hexdigest()


def _redact_csv_chunk(job_bc):
    """applyInPandas function: one chunk of a CSV file -> per record the changed cells (or
    why it is dropped) and its share of the summary; the driver writes the file."""

    def run(frame):
        import pandas as pd

        job = job_bc.value
        detector = executor_detector(job)
        frame = frame.sort_values("pos")
        records = [_to_record(row) for row in frame.to_dict("records")]
        try:
            found = list(detector.detect_batch(records))
        except Exception:  # noqa: BLE001 - as the pipeline: retried one by one, only the culprit is dropped
            found = []
            for record in records:
                try:
                    found.append(detector.detect_batch([record])[0])
                except Exception as error:  # noqa: BLE001
                    found.append(error)
        out = []
        for pos, record, findings in zip(frame["pos"], records, found):
            changes = message = facts = None
            if isinstance(findings, Exception):
                message = f"record {record.record} cannot be scanned ({findings}); dropped"
            else:
                changes, message = redact_one(job, record, findings)
                if changes is not None:
                    facts = json.dumps(redaction_facts(job, record, findings, changes))
                    changes = json.dumps(changes, ensure_ascii=False)
            out.append((int(pos), record.line or 0, record.record, _fields_check(record), changes, message, facts))
        return pd.DataFrame(out, columns=["pos", "line", "record", "check", "changes", "message", "facts"])

    return run


def _write_csv_output(run, out, results: Iterator) -> bool:
    """``pipeline._Run.redact_file`` for a CSV whose records were redacted by Spark: the
    local CSV writer reads the input as units and writes them in order, each record with
    the changes computed for it (matched by line; a mismatch aborts, nothing is written)."""
    from scanner.errors import ScannerError

    summary = run.summary
    ahead = None

    def result_for(record: Record):
        nonlocal ahead
        while True:
            if ahead is None:
                ahead = next(results, None)
            if ahead is None or ahead["line"] > (record.line or 0):
                raise ScannerError(f"{record.source}, line {record.line}: no Spark result for record {record.record}; nothing written")
            row, ahead = ahead, None
            if row["line"] == (record.line or 0):
                if row["record"] != record.record or row["check"] != _fields_check(record):
                    raise ScannerError(f"{record.source}, line {record.line}: Spark read record {record.record} differently; nothing written")
                return row
            # else: a record the writer drops (its line did not decode): skipped

    def emit(writer, unit) -> None:
        record = unit.record
        row = result_for(record)
        if row["message"] is not None:
            summary.records_dropped += 1
            writer.emit(unit, None)
            run.report(ReadError(record.source, record.line, row["message"]))
            return
        message = writer.emit(unit, json.loads(row["changes"]))
        if message:
            summary.records_dropped += 1
            run.report(ReadError(record.source, record.line, message))
            return
        facts = json.loads(row["facts"])
        summary.findings.update(facts["findings"])
        summary.replacements.update(facts["replacements"])
        summary.records_redacted += facts["redacted"]
        run.digests.originals.update(bytes.fromhex(d) for d in facts["originals"])
        run.digests.replacements.update(bytes.fromhex(d) for d in facts["replaced"])

    return run.redact_file(out, lambda writer, records: lambda unit: emit(writer, unit))


def _redact_csv_spark(input: Path, output: Path, policy, *, format, encoding, delimiter, strict, verify, force,
                      options, spark, analyzer, on_error):
    """``redact_path`` for one CSV file: detection and redaction by Spark executors, the
    file written by the driver with the local CSV writer (byte for byte the local output)."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    from scanner.detect import Detector
    from scanner.engine import get_analyzer
    from scanner.readers import check_encoding
    from scanner.readers.csv_export import normalize_delimiter
    from scanner.redact.pipeline import RedactSummary, _check_paths, _plan, _publish, _remove, _Run
    from scanner.scan import CHUNK_SIZE, ScanConfig

    _check_paths(input, output, force)
    if encoding:
        check_encoding(encoding)
    if delimiter is not None:
        delimiter = normalize_delimiter(delimiter)
    summary = RedactSummary(input=input, key_is_ephemeral=policy.key_is_ephemeral, verified=verify)
    detector = Detector(analyzer or get_analyzer())
    run = _Run(policy, detector, strict, verify, on_error, summary)
    fd, name = tempfile.mkstemp(prefix=f".{output.name}.vigie-", suffix=".tmp", dir=output.parent)
    os.close(fd)
    staging = Path(name)
    staging.unlink()  # the writer creates it exclusively
    job_bc = results = None
    try:
        outs = list(_plan(input, staging, format, encoding, delimiter, run))
        if not outs:
            return summary
        (out,) = outs
        if out.format is not Format.CSV:
            raise UsageError(f"{input}: --engine spark redacts CSV and Parquet files only (this is {out.format.value}); use the local engine")
        spark = spark or get_spark(options)
        config = ScanConfig(format=Format.CSV, encoding=encoding, delimiter=delimiter)
        items = read_items(spark, _inputs(spark, [input], config), config)
        specs = decide_plans(items, detector, CHUNK_SIZE)
        job_bc = spark.sparkContext.broadcast(_RedactJob(uuid.uuid4().hex, specs, policy, verify))
        results = (
            items.where(F.col("error").isNull()).withColumn("chunk", F.floor(F.col("pos") / CHUNK_SIZE))
            .groupBy("file_idx", "chunk").applyInPandas(_redact_csv_chunk(job_bc), _redact_csv_schema())
            .persist(StorageLevel.MEMORY_AND_DISK)
        )
        if not _write_csv_output(run, out, results.orderBy("pos").toLocalIterator()):
            return summary
        summary.files_written = 1
        if verify:
            digests = (run.digests.originals, run.digests.replacements)
            verify_output(spark, [staging], str(input), policy, digests, detector, summary, config)
        if summary.verify_failed:
            return summary
        _publish(staging, output)
        summary.output = output
        return summary
    finally:
        if summary.output is None:
            _remove(staging)
        if results is not None:
            results.unpersist()
        if job_bc is not None:
            job_bc.unpersist()


def redact_path_spark(
    input: str | Path,
    output: str | Path,
    policy,
    *,
    format: Format | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    strict: bool = False,
    verify: bool = False,
    force: bool = False,
    options: SparkOptions = SparkOptions(),
    spark=None,
    analyzer=None,
    on_error: Callable[[ReadError], None] | None = None,
):
    """``redact.pipeline.redact_path`` for one Parquet or CSV file, run by Spark.

    Parquet: the output is a directory of Parquet part files written by Spark (rows in
    input order, part by part; same column types as Spark reads the input, and the same
    names but for an identifier in a top-level column name, replaced as its value would be),
    published under ``output`` only when everything (and ``verify``) succeeded.

    CSV: executors detect and compute each record's redacted cells (same column plans as
    the scan, decided on the driver); the driver writes the one output file in input order
    with the local CSV writer, so the bytes are those of the local engine.
    """
    require_spark()  # exit code 2 and what to install without pyspark or Java
    from pyspark import StorageLevel

    from scanner.detect import Detector
    from scanner.engine import get_analyzer
    from scanner.redact.fields import FieldRedactor
    from scanner.redact.pipeline import RedactAborted, RedactSummary, _check_paths
    from scanner.scan import CHUNK_SIZE, ScanConfig

    input, output = Path(input), Path(output)
    if input.is_file() and format is not Format.PARQUET:
        try:
            guessed = format or (detect_format(input) if input.stat().st_size else None)
        except Exception:  # noqa: BLE001 - the local planning reports it
            guessed = None
        if guessed is None or guessed is Format.CSV or (guessed is Format.TEXT and delimiter is not None):
            return _redact_csv_spark(
                input, output, policy, format=format, encoding=encoding, delimiter=delimiter, strict=strict,
                verify=verify, force=force, options=options, spark=spark, analyzer=analyzer, on_error=on_error,
            )
    if force and output.is_dir() and not output.is_symlink():  # a previous Spark output (a directory)
        if input.resolve().is_relative_to(output.resolve()):
            raise UsageError(f"{output}: the output may not contain the input")
    else:
        _check_paths(input, output, force)
    if input.is_dir():
        raise UsageError(f"{input}: --engine spark redacts one Parquet file; use the local engine for a directory")
    chosen = format or detect_format(input)
    if chosen is not Format.PARQUET:
        raise UsageError(f"{input}: --engine spark redacts CSV and Parquet files only (this is {chosen.value}); use the local engine")
    spark = spark or get_spark(options)
    summary = RedactSummary(input=input, key_is_ephemeral=policy.key_is_ephemeral, verified=verify)
    summary.files = 1
    detector = Detector(analyzer or get_analyzer())
    config = ScanConfig(format=chosen, encoding=encoding, delimiter=delimiter)
    (source,) = _inputs(spark, [input], config)
    specs = decide_plans(read_items(spark, [source], config), detector, CHUNK_SIZE)
    job_bc = spark.sparkContext.broadcast(_RedactJob(uuid.uuid4().hex, specs, policy, verify))
    frame = _read_parquet(spark, source)
    from pyspark.sql.types import StringType, StructField, StructType

    data_fields = [StructField(f.name, f.dataType, True) for f in frame.schema.fields if f.name != ROW_INDEX]
    schema = StructType(data_fields + [StructField(STATUS, StringType(), True), StructField(FACTS, StringType(), True)])
    redacted = frame.mapInArrow(_redact_parquet_rows(job_bc, source.source, CHUNK_SIZE), schema).persist(StorageLevel.MEMORY_AND_DISK)
    staging = output.parent / f".{output.name}.vigie-{uuid.uuid4().hex[:8]}"
    try:
        dropped, originals, replacements = _redaction_totals(summary, redacted)
        for row in dropped:
            error = ReadError(str(input), None, row[STATUS])
            summary.errors.append(error)
            if on_error:
                on_error(error)
            if strict:
                raise RedactAborted(f"{error} (--strict: aborted, no output written)")
        from pyspark.sql import functions as F

        kept = redacted.where(F.col(STATUS).isNull()).drop(STATUS, FACTS)
        names = [field.name for field in data_fields]  # an identifier in a column name: as its value would be
        kept.toDF(*FieldRedactor(policy).redact_names(names)).write.parquet(staging.resolve().as_uri())
        summary.files_written = 1
        if verify:
            parts = sorted(p for p in staging.iterdir() if p.suffix == ".parquet" and not p.name.startswith((".", "_")))
            verify_output(spark, parts, str(input), policy, (originals, replacements), detector, summary)
        if summary.verify_failed:
            shutil.rmtree(staging, ignore_errors=True)
            return summary
        if output.exists() and force:
            shutil.rmtree(output) if output.is_dir() else output.unlink()
        os.replace(staging, output)
        summary.output = output
        return summary
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        redacted.unpersist()
        job_bc.unpersist()
