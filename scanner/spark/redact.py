"""``vigie redact --engine spark``: one Parquet or CSV file redacted by Spark executors.

Parquet: executors detect and redact the rows of their partitions (Arrow batches) and Spark
writes the output directory. CSV: executors detect and compute each record's redacted
cells (same column plans as the scan, decided on the driver); the driver writes the one
output file in input order with the local pipeline's CSV writer, so the bytes are those of
the local engine. ``--verify`` re-scans the output with Spark against the keyed digests
the local pipeline keeps (``redact.pipeline.Digests``).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from scanner.errors import UsageError
from scanner.models import Finding, ReadError, Record
from scanner.readers import Format, detect_format
from scanner.spark.inputs import (
    ROW_INDEX, decide_plans, executor_detector, find_inputs, read_items, read_parquet, to_record,
)
from scanner.spark.session import SparkOptions, get_spark, require_spark


STATUS = "__vigie_status"
FACTS = "__vigie_facts"


@dataclass(frozen=True)
class RedactJob:
    """Plans, policy and whether replacements are remembered for ``--verify``."""

    id: str
    specs: dict
    policy: object
    verify: bool = False


_executor_redactor_of: dict = {}
"""This executor process's field redactor, by run."""


def _executor_redactor(job: RedactJob):
    cached = _executor_redactor_of.get("redactor")
    if cached is None or cached[0] != job.id:
        from scanner.redact.fields import FieldRedactor

        cached = _executor_redactor_of["redactor"] = (job.id, FieldRedactor(job.policy))
    return cached[1]


def redact_one(job: RedactJob, record: Record, findings: list[Finding]) -> tuple[dict | None, str | None]:
    """``(changes, None)`` for a record the pipeline would write, ``(None, message)`` to drop it."""
    redactor = _executor_redactor(job)
    try:
        changes = redactor.redact_record(record, findings)
    except Exception as error:  # noqa: BLE001 - as the pipeline: a record that cannot be redacted is dropped
        return None, f"record {record.record} cannot be redacted ({error}); dropped"
    return {name: text for name, text in changes.items() if text != record.fields.get(name)}, None


def redaction_facts(job: RedactJob, record: Record, findings: list[Finding], changes: dict) -> dict:
    """Counts and keyed digests of one written record, kept by the local pipeline's own
    ``Digests`` (so ``--verify`` accepts the same replacements on both engines)."""
    from scanner.redact.pipeline import Digests

    policy = job.policy
    replaced = [f for f in findings if policy.operator_for(f.entity_type) != "keep"]
    digests = Digests(policy.key)
    for finding in replaced:
        digests.add(digests.originals, finding.value or record.fields[finding.field][finding.start:finding.end])
    if job.verify and replaced:
        digests.remember_replacements(_executor_redactor(job), record, findings, replaced, changes)
    return {
        "findings": dict(Counter(f.entity_type for f in findings)),
        "replacements": dict(Counter(f.entity_type for f in replaced)),
        "redacted": int(bool(changes)),
        "originals": sorted(d.hex() for d in digests.originals),
        "replaced": sorted(d.hex() for d in digests.replacements),
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
        from scanner.redact.writers.parquet_writer import redacted_row, unfit_message

        job = job_bc.value
        detector = executor_detector(job.id, job.specs)

        def convert(rows, schema):
            records = []
            for row in rows:
                index = row.pop(ROW_INDEX)
                fields = flatten({key: plain_value(value) for key, value in row.items()})
                records.append(Record(source, None, fields.get("id") or str(index + 1), fields))
            out = []
            for row, record, findings in zip(rows, records, detector.detect_batch(records)):
                changes, message = redact_one(job, record, findings)
                new = row
                if changes is not None:
                    new = redacted_row(row, changes)
                    if new is None:
                        message = unfit_message(source, record.record)
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
        from scanner.redact.pipeline import Digests, residual_findings

        job = job_bc.value
        detector = executor_detector(job.id, job.specs)
        frame = frame.sort_values("pos")
        records = [to_record(row) for row in frame.to_dict("records")]
        digests = Digests(job.policy.key, *job.digests)
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
    inputs = find_inputs(spark, files, config)
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
        detector = executor_detector(job.id, job.specs)
        frame = frame.sort_values("pos")
        records = [to_record(row) for row in frame.to_dict("records")]
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
    """``pipeline.RedactRun.redact_file`` for a CSV whose records were redacted by Spark: the
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
    from scanner.outputs import remove_staging
    from scanner.redact.pipeline import RedactRun, RedactSummary, check_paths, plan_outputs, publish
    from scanner.scan import CHUNK_SIZE, ScanConfig

    check_paths(input, output, force)
    if encoding:
        check_encoding(encoding)
    if delimiter is not None:
        delimiter = normalize_delimiter(delimiter)
    summary = RedactSummary(input=input, key_is_ephemeral=policy.key_is_ephemeral, verified=verify)
    detector = Detector(analyzer or get_analyzer())
    run = RedactRun(policy, detector, strict, verify, on_error, summary)
    fd, name = tempfile.mkstemp(prefix=f".{output.name}.vigie-", suffix=".tmp", dir=output.parent)
    os.close(fd)
    staging = Path(name)
    staging.unlink()  # the writer creates it exclusively
    job_bc = results = None
    try:
        outs = list(plan_outputs(input, staging, format, encoding, delimiter, run))
        if not outs:
            return summary
        (out,) = outs
        if out.format is not Format.CSV:
            raise UsageError(f"{input}: --engine spark redacts CSV and Parquet files only (this is {out.format.value}); use the local engine")
        spark = spark or get_spark(options)
        config = ScanConfig(format=Format.CSV, encoding=encoding, delimiter=delimiter)
        items = read_items(spark, find_inputs(spark, [input], config), config)
        specs = decide_plans(items, detector, CHUNK_SIZE)
        job_bc = spark.sparkContext.broadcast(RedactJob(uuid.uuid4().hex, specs, policy, verify))
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
        publish(staging, output)
        summary.output = output
        return summary
    finally:
        if summary.output is None:
            remove_staging(staging)
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
    from scanner.redact.pipeline import RedactAborted, RedactSummary, check_paths
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
        check_paths(input, output, force)
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
    (source,) = find_inputs(spark, [input], config)
    specs = decide_plans(read_items(spark, [source], config), detector, CHUNK_SIZE)
    job_bc = spark.sparkContext.broadcast(RedactJob(uuid.uuid4().hex, specs, policy, verify))
    frame = read_parquet(spark, source)
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
