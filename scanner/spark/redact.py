"""``vigie redact --engine spark``: the local redaction run, its first pass detected by Spark.

One Parquet or CSV file goes through ``redact.pipeline.redact_path`` itself: the same
paths check, staging, two passes, summary and publishing as the local engine. Only the
detection of the first pass runs on the executors: each chunk of the file (as Spark reads
it, ``spark.inputs``) is detected with the local core (``first_pass.detect_and_compute_surrogates``,
the column plans decided on the driver as the scan does), and comes back with the
surrogates of the values found. The driver reads the file with the local writer, matches
each record to its findings, learns across rows in input order (NIR birth dates, values
seen: ``RedactRun.detect_file``) and writes the output with look-ups in the surrogate
cache: the output is the local engine's, byte for byte. ``--verify`` is the local run's
(``RedactRun.verify_file``, on the driver where the output is written: its records, then its
text pass), so both engines give the same verdict.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from scanner.errors import ScannerError, UsageError
from scanner.models import ReadError, Record
from scanner.readers import Format
from scanner.spark.inputs import decide_plans, executor_detector, find_inputs, read_items, to_record
from scanner.spark.session import SparkOptions, get_spark, require_spark

if TYPE_CHECKING:
    from scanner.redact.pipeline import Detected

SPARK_FORMATS = (Format.CSV, Format.PARQUET)


@dataclass(frozen=True)
class DetectJob:
    """What the executors need to detect one file: its column plans and the policy."""

    id: str
    specs: dict
    policy: object


_executor_redactor_of: dict = {}
"""This executor process's field redactor, by run."""


def _executor_redactor(job: DetectJob):
    cached = _executor_redactor_of.get("redactor")
    if cached is None or cached[0] != job.id:
        from scanner.redact.fields import FieldRedactor

        cached = _executor_redactor_of["redactor"] = (job.id, FieldRedactor(job.policy))
    return cached[1]


def record_check(record: Record) -> str:
    """What tells that the driver's reader and Spark read a record alike (its fields, in order).

    >>> record_check(Record("f", None, "1", {"a": "x"})) == record_check(Record("f", None, "1", {"a": "y"}))
    False
    """
    return hashlib.sha256(json.dumps(list(record.fields.items()), ensure_ascii=False).encode()).hexdigest()


def _detected_schema():
    from pyspark.sql.types import BinaryType, LongType, StructField, StructType

    return StructType([StructField("chunk", LongType(), False), StructField("detected", BinaryType(), False)])


def _detect_chunk(job_bc):
    """applyInPandas function: one chunk of the file -> one row holding, pickled, each
    record's position, line, id, check and findings (or the error that kept it from being
    scanned), and the surrogates computed for them."""

    def run(frame):
        import pandas as pd

        from scanner.redact.first_pass import detect_and_compute_surrogates

        job = job_bc.value
        frame = frame.sort_values("pos")
        records = [to_record(row) for row in frame.to_dict("records")]
        detector = executor_detector(job.id, job.specs)
        results, surrogates = detect_and_compute_surrogates(detector, _executor_redactor(job), records)
        entries = [(record.line or 0, record.record, record_check(record), found) for record, found in zip(records, results)]
        chunk = int(frame["chunk"].iloc[0])
        return pd.DataFrame([(chunk, pickle.dumps((entries, surrogates)))], columns=["chunk", "detected"])

    return run


class SparkDetection:
    """``pipeline.DetectUnits`` for ``redact_path``, run by Spark."""

    def __init__(self, options: SparkOptions, spark=None) -> None:
        self.options = options
        self._spark = spark

    @property
    def spark(self):
        if self._spark is None:
            self._spark = get_spark(self.options)
        return self._spark

    def detect_units(self, run, out, work_units: Iterator[list[list[Record]]]) -> Iterator[tuple[list, Detected]]:
        """For each unit of the driver's records, their findings computed by the executors
        (matched by line, id and check: a record read differently aborts the run)."""
        from pyspark import StorageLevel
        from pyspark.sql import functions as F

        from scanner.scan import CHUNK_SIZE, ScanConfig

        if out.format not in SPARK_FORMATS:
            raise UsageError(f"{out.source}: --engine spark redacts CSV and Parquet files only (this is {out.format.value}); use the local engine")
        spark = self.spark
        config = ScanConfig(format=out.format, encoding=out.options.encoding, delimiter=out.options.delimiter)
        items = read_items(spark, find_inputs(spark, [out.source], config), config)
        specs = decide_plans(items, run.detector, CHUNK_SIZE)
        run.detector.install(specs)
        job_bc = spark.sparkContext.broadcast(DetectJob(uuid.uuid4().hex, specs, run.policy))
        detected = (
            items.where(F.col("error").isNull()).withColumn("chunk", F.floor(F.col("pos") / CHUNK_SIZE))
            .groupBy("file_idx", "chunk").applyInPandas(_detect_chunk(job_bc), _detected_schema())
            .persist(StorageLevel.MEMORY_AND_DISK)
        )
        try:
            detected.count()  # every chunk detected in parallel; the driver then reads them in order
            yield from matched_findings(work_units, detected.orderBy("chunk").toLocalIterator())
        finally:
            detected.unpersist()
            job_bc.destroy()  # its pickle holds the key: not left in Spark's files


def matched_findings(work_units: Iterator[list[list[Record]]], chunks: Iterator) -> Iterator[tuple[list, Detected]]:
    """Each unit's findings from Spark's detected chunks (in position order); a record the
    driver's writer drops (a line it cannot decode) is skipped on the Spark side."""
    entries: Iterator = iter(())
    surrogates: dict = {}

    def next_entry():
        nonlocal entries
        while True:
            entry = next(entries, None)
            if entry is not None:
                return entry
            row = next(chunks, None)
            if row is None:
                return None
            found, computed = pickle.loads(row["detected"])
            entries = iter(found)
            surrogates.update(computed)

    for unit in work_units:
        results = []
        for record in (record for chunk in unit for record in chunk):
            entry = next_entry()
            while entry is not None and entry[0] < (record.line or 0):
                entry = next_entry()
            if entry is None or entry[0] > (record.line or 0):
                raise ScannerError(f"{record.source}, line {record.line}: no Spark result for record {record.record}; nothing written")
            _, record_id, check, found = entry
            if record_id != record.record or check != record_check(record):
                raise ScannerError(f"{record.source}, record {record.record}: Spark read it differently; nothing written")
            results.append(found)
        yield [], (results, surrogates.copy(), None)  # the driver learns from the findings
        surrogates.clear()


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
    """``redact.pipeline.redact_path`` for one Parquet or CSV file, its first pass detected
    by Spark executors (``verify`` is the local run's, on this machine's cores): the same
    output file as the local engine's, with the same summary."""
    require_spark()  # exit code 2 and what to install without pyspark or Java
    from scanner.detect import Detector
    from scanner.engine import get_analyzer
    from scanner.parallel import default_jobs
    from scanner.redact.pipeline import redact_path

    if Path(input).is_dir():
        raise UsageError(f"{input}: --engine spark redacts one Parquet or CSV file; use the local engine for a directory")
    detection = SparkDetection(options, spark)
    return redact_path(
        input, output, policy, format=format, encoding=encoding, delimiter=delimiter, strict=strict, verify=verify,
        force=force, detector=Detector(analyzer or get_analyzer()), on_error=on_error,
        detect_units=detection.detect_units, jobs=default_jobs(),
    )
