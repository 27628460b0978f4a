"""``vigie scan --engine spark``: the local scan's own chunk work, run by Spark executors.

The items of each file come as unit rows (``scanner.spark.units``: up to a local worker's
unit of consecutive records, pickled together, straight from Arrow batches for Parquet).
Each unit is handed, in an executor, to ``ChunkScan`` (the function a local worker calls on
its unit) with the executor's detector (engine built once per executor process, plans
decided on the driver and installed): out comes one compact partial summary and the unit's
JSON Lines. The driver merges the partial summaries in input order with
``ScanSummary.merge``, as the local engine merges its workers', and writes the findings and
records files in input order: the same report and the same lines.
"""

from __future__ import annotations

import os
import pickle
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from scanner.models import ReadError, Record
from scanner.parallel import bulk_gc
from scanner.persons import PersonCounter
from scanner.readers import InputFiles, check_encoding
from scanner.report import ScanSummary
from scanner.scan import ChunkResult, ChunkScan, ScanConfig
from scanner.spark.inputs import executor_detector, find_inputs
from scanner.spark.session import SparkOptions, get_spark
from scanner.spark.units import decide_unit_plans, read_units, unit_items
from scanner.watchlist import Watchlist


@dataclass(frozen=True)
class ScanJob:
    """What every executor needs, broadcast once per run: the column plans and the options
    of the chunk work, with the run's salts (a ``PersonCounter`` never pickles its own)."""

    id: str
    specs: dict
    person_salt: bytes
    id_salt: bytes
    watchlist: Watchlist | None = None
    show_values: bool = False
    findings: bool = False
    records: bool = False

    def chunk_scan(self) -> ChunkScan:
        """The local worker's work on a unit, counting persons with the run's keys."""
        template = ScanSummary(watchlist=self.watchlist, persons=PersonCounter(self.person_salt))
        return ChunkScan(template, self.show_values, self.findings, self.records, self.id_salt)


def scan_unit(job: ScanJob, records: list[Record]) -> ChunkResult:
    """One unit of records scanned by this process's executor detector, as a local worker does.

    >>> job = ScanJob("doctest", {}, person_salt=bytes(32), id_salt=bytes(32))
    >>> scan_unit(job, [Record("a.csv", None, "1", {"telephone": "06 12 34 56 78"})]).summary.entities
    Counter({'PHONE_NUMBER': 1})
    """
    with bulk_gc():  # as around a local worker's units
        return job.chunk_scan()(executor_detector(job.id, job.specs), records)


def _scan_units(job_bc):
    """mapPartitions function: unit rows -> ``((file_idx, pos), (part, findings, records))``
    each, ``part`` its pickled partial summary and unreadable parts, then its JSON Lines."""

    def scan(rows):
        for row in rows:
            items = unit_items(row["items"])
            errors = [item for item in items if isinstance(item, ReadError)]
            result = scan_unit(job_bc.value, [item for item in items if isinstance(item, Record)])
            part = pickle.dumps((result.summary, errors), protocol=pickle.HIGHEST_PROTOCOL)
            yield (row["file_idx"], row["pos"]), (part, result.findings, result.records)

    return scan


def scan_paths_spark(
    paths: Iterable[str | Path],
    config: ScanConfig | None = None,
    options: SparkOptions = SparkOptions(),
    *,
    spark=None,
    analyzer=None,
    on_error: Callable[[ReadError], None] | None = None,
) -> ScanSummary:
    """``scanner.scan.scan_paths`` run by Spark: the same summary, findings and records."""
    from pyspark import StorageLevel

    from scanner.detect import Detector
    from scanner.engine import get_analyzer

    config = config or ScanConfig()
    paths = list(paths)
    if config.encoding:
        check_encoding(config.encoding)
    spark = spark or get_spark(options)
    skipped = InputFiles()
    inputs = find_inputs(spark, paths, config, skipped)
    person_salt = os.urandom(32)
    summary = ScanSummary(files=len(inputs), inputs=[str(p) for p in paths], watchlist=config.watchlist,
                          persons=PersonCounter(person_salt),
                          skipped_hidden=skipped.hidden, skipped_not_data=skipped.not_data)
    for error in skipped.errors:
        summary.add_error(error)
        if on_error:
            on_error(error)
    units = read_units(spark, inputs, config).persist(StorageLevel.MEMORY_AND_DISK)  # read once
    job_bc = results = None
    try:
        specs = decide_unit_plans(units, Detector(analyzer or get_analyzer()))
        job = ScanJob(uuid.uuid4().hex, specs, person_salt, os.urandom(32), config.watchlist, config.show_values,
                      findings=config.findings_path is not None, records=config.records_path is not None)
        job_bc = spark.sparkContext.broadcast(job)
        # an RDD, not mapInArrow: Arrow would hand a task all its units at once
        results = units.rdd.mapPartitions(_scan_units(job_bc)).persist(StorageLevel.MEMORY_AND_DISK)
        for _, blob in sorted(results.map(lambda unit: (unit[0], unit[1][0])).collect()):
            part, errors = pickle.loads(blob)
            for error in errors:
                summary.add_error(error)
                if on_error:
                    on_error(error)
            summary.merge(part)
        if config.findings_path or config.records_path:
            _write_lines(results, config.findings_path, config.records_path)
    finally:
        for cached in (results, units):
            if cached is not None:
                cached.unpersist()
        if job_bc is not None:
            job_bc.destroy()  # its pickle holds the run's salts: not left in Spark's files
    return summary


def _write_lines(results, findings_path: Path | None, records_path: Path | None) -> None:
    """The units' JSON Lines, in input order, into the findings and records files."""
    findings = findings_path.open("w", encoding="utf-8") if findings_path else None
    records = records_path.open("w", encoding="utf-8") if records_path else None
    try:
        ordered = results.map(lambda unit: (unit[0], unit[1][1:])).sortByKey()
        for _, (findings_lines, records_lines) in ordered.toLocalIterator():
            if findings:
                findings.write(findings_lines)
            if records:
                records.write(records_lines)
    finally:
        for sink in (findings, records):
            if sink:
                sink.close()
