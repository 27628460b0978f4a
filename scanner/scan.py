"""The scan pipeline: read -> detect -> classify -> sinks (findings, records, summary)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from scanner.classify import block_verdicts, classify_block
from scanner.detect import Detector, findings_of
from scanner.parallel import run_chunks
from scanner.models import ReadError, Record
from scanner.outputs import check_outputs, staged_file
from scanner.readers import (
    Chunk, Format, check_encoding, declared_schemas, find_input_files, known_formats, read_chunks,
)
from scanner.readers.jsonl import flatten, record_id
from scanner.readers.live_db import DatabaseOptions, TableCallback, check_drivers, is_database_url, read_database, shown_url
from scanner.readers.sources import chunked, input_position
from scanner.report import ScanSummary
from scanner.watchlist import Watchlist

RECORDS_SOURCE = "records"
"""The source name of records scanned in memory (``scan_records``) unless one is given."""
ProgressCallback = Callable[[int, int, int], None]
"""``on_progress(records_done, bytes_done, bytes_total)``, called after each chunk."""


@dataclass(frozen=True)
class ScanConfig:
    """Options of one scan (explicit, never global)."""

    format: Format | None = None
    encoding: str | None = None
    delimiter: str | None = None
    jobs: int = 1
    """Worker processes for detection (results are the same whatever the number)."""
    show_values: bool = False
    findings_path: Path | None = None
    records_path: Path | None = None
    watchlist: Watchlist | None = None
    include_hidden: bool = False
    """Read hidden files (``.name``) found in walked directories (else counted and left out)."""
    include_other: bool = False
    """Read, as text, files of walked directories whose suffix says code, documents or
    images (``readers.NOT_DATA_SUFFIXES``; else counted and left out)."""
    database: DatabaseOptions = DatabaseOptions()
    """How database URLs among the inputs are read (tables, sample, connections, timeout)."""


def _open_sink(stack: ExitStack, path: Path | None) -> TextIO | None:
    """A temporary file beside ``path``, moved onto it once the scan is done."""
    if path is None:
        return None
    return stack.enter_context(stack.enter_context(staged_file(path)).open("w", encoding="utf-8"))


def scan_paths(
    paths: Iterable[str | Path],
    config: ScanConfig = ScanConfig(),
    *,
    detector: Detector | None = None,
    on_error: Callable[[ReadError], None] | None = None,
    on_progress: ProgressCallback | None = None,
    on_table: TableCallback | None = None,
) -> ScanSummary:
    """Scan every file under ``paths``, and every database whose URL is among them
    (``postgresql://``, ``mysql://``, ``sqlite:///``: ``readers.live_db``), and return the summary.

    Findings (``config.findings_path``) and record verdicts (``config.records_path``)
    are written as JSON Lines as the scan goes, to temporary files moved into place at
    the end (none of them may be an input: ``UsageError``). Unreadable parts are counted in the
    summary and passed to ``on_error``; the scan goes on. ``on_progress`` gets the records
    scanned, the input bytes read (on disk, so compressed bytes for ``.gz``) and the total
    size of the inputs, after each chunk of records and at the end of each file; ``on_table``
    gets each database table as its reading starts, with the server's row estimate.
    """
    paths = list(paths)
    urls = [str(path) for path in paths if is_database_url(str(path))]
    paths = [path for path in paths if not is_database_url(str(path))]
    check_drivers(urls)
    if config.encoding:
        check_encoding(config.encoding)
    found = find_input_files(paths, config.include_hidden, config.include_other)
    files = found.files
    check_outputs({"findings": config.findings_path, "records": config.records_path}, paths)
    detector = detector or Detector()
    summary = ScanSummary(files=len(files), inputs=[str(p) for p in paths] + [shown_url(url) for url in urls],
                          watchlist=config.watchlist, skipped_hidden=found.hidden, skipped_not_data=found.not_data,
                          sample=config.database.sample if urls else None)
    for error in found.errors:
        summary.add_error(error)
        if on_error:
            on_error(error)
    work = ChunkScan(summary, show_values=config.show_values,
                     findings=config.findings_path is not None, records=config.records_path is not None)
    progress = FileProgress(files, on_progress)
    known = known_formats(files, config.format) if len(files) > 1 else []
    schemas, formats = declared_schemas(known, config.encoding), dict(known)
    with ExitStack() as stack:
        sinks = (_open_sink(stack, config.findings_path), _open_sink(stack, config.records_path))
        for path in files:
            progress.start_file(path)
            chunks = read_chunks(path, CHUNK_SIZE, config.format, config.encoding, config.delimiter,
                                 schemas.get(formats.get(path)))
            _scan_chunks(chunks, detector, work, config.jobs, summary, sinks, on_error,
                         on_unit=lambda: progress.chunk_done(summary.records))
            progress.end_file(summary.records)
        for url in urls:
            _scan_chunks(chunked(read_database(url, config.database, on_table), CHUNK_SIZE), detector, work,
                         config.jobs, summary, sinks, on_error, on_unit=lambda: progress.chunk_done(summary.records))
    return summary


def scan_records(
    records: Iterable[dict],
    config: ScanConfig = ScanConfig(),
    *,
    source: str = RECORDS_SOURCE,
    table: str | None = None,
    detector: Detector | None = None,
) -> ScanSummary:
    """Scan records already in memory (dicts: a row, a JSON object) and return the summary.

    Each dict is one record of table ``table`` of ``source``, read as a JSON Lines record
    is: nested objects and lists become dotted fields (``patient.nom``), booleans and
    ``None`` are left out, other values are read as text; its id is its ``id`` field, else
    its 1-based position. ``config`` is read as by ``scan_paths`` for what concerns records
    (``jobs``, ``show_values``, ``findings_path``, ``records_path``, ``watchlist``).

    >>> summary = scan_records([{"id": 1, "telephone": "06 12 34 56 78"}, {"id": 2, "telephone": ""}])
    >>> summary.records, dict(summary.entities)
    (2, {'PHONE_NUMBER': 1})
    """
    check_outputs({"findings": config.findings_path, "records": config.records_path}, [])
    detector = detector or Detector()
    summary = ScanSummary(inputs=[source], watchlist=config.watchlist)
    work = ChunkScan(summary, show_values=config.show_values,
                     findings=config.findings_path is not None, records=config.records_path is not None)
    rows = (Record(source, table, record_id(row, number), flatten(row))
            for number, row in enumerate(records, 1))
    with ExitStack() as stack:
        sinks = (_open_sink(stack, config.findings_path), _open_sink(stack, config.records_path))
        _scan_chunks(chunked(rows, CHUNK_SIZE), detector, work, config.jobs, summary, sinks)
    return summary


def _scan_chunks(
    chunks: Iterable[Chunk], detector: Detector, work: ChunkScan, jobs: int, summary: ScanSummary,
    sinks: tuple[TextIO | None, TextIO | None], on_error: Callable[[ReadError], None] | None = None,
    on_unit: Callable[[], None] = lambda: None,
) -> None:
    """Scan ``chunks`` into ``summary`` and the findings and records ``sinks``, calling
    ``on_unit()`` after each unit of chunks."""
    findings_sink, records_sink = sinks
    for errors, part in run_chunks(detector, chunked(chunks, UNIT_CHUNKS), work, jobs):
        for error in errors:
            summary.add_error(error)
            if on_error:
                on_error(error)
        summary.merge(part.summary)
        if findings_sink:
            findings_sink.write(part.findings)
        if records_sink:
            records_sink.write(part.records)
        on_unit()


@dataclass
class ChunkResult:
    """One chunk's share of the scan: its summary part and its JSON Lines."""

    summary: ScanSummary
    findings: str
    records: str


@dataclass
class ChunkScan:
    """Detect, classify and count the records of one chunk (in a worker process when
    ``--jobs`` > 1, so the parent only reads and merges)."""

    summary: ScanSummary
    show_values: bool = False
    findings: bool = False
    records: bool = False
    id_salt: bytes = field(default_factory=lambda: os.urandom(32))
    """Keys the record ids that hold an identifier: random for each scan, made in the parent
    before the workers start, so that they share it."""

    def __call__(self, detector: Detector, records: list[Record]) -> ChunkResult:
        part = self.summary.fresh()
        blocks = detector.detect_blocks(records)
        classes = [classify_block(block) for block in blocks]
        part.add_blocks(records, blocks, classes, detector.kind_of)
        findings_lines = record_lines = []
        if self.findings:
            findings_lines = [_line(f.to_dict(show_value=self.show_values, id_salt=self.id_salt))
                              for found in findings_of(records, blocks) for f in found]
        if self.records:
            record_lines = [_line(v.to_dict(show_values=self.show_values, id_salt=self.id_salt))
                            for v in block_verdicts(records, blocks, classes)]
        return ChunkResult(part, "".join(findings_lines), "".join(record_lines))


def _line(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False) + "\n"


class FileProgress:
    """Progress over a list of files, told to ``callback(records_done, bytes_done, bytes_total)``
    (a no-op without one): bytes done = sizes of the finished files + the position of the
    reader in the current one.

    >>> import sys
    >>> calls = []; progress = FileProgress([Path(sys.executable)], lambda *args: calls.append(args))
    >>> progress.start_file(Path(sys.executable)); progress.end_file(12)
    >>> calls == [(12, progress.total, progress.total)]
    True
    """

    def __init__(self, files: list[Path], callback: ProgressCallback | None) -> None:
        self.callback = callback
        self.sizes = [_size(path) for path in files] if callback else []
        self.total = sum(self.sizes)
        self.done_bytes = 0
        self.current = 0
        self.inside = 0
        self.index = -1

    def start_file(self, path: Path) -> None:
        self.index += 1
        self.current = self.sizes[self.index] if self.callback else 0
        self.inside = 0

    def chunk_done(self, records: int) -> None:
        if self.callback:
            position = input_position()  # None once the reader has closed the file
            if position is not None:
                self.inside = max(self.inside, min(position, self.current))
            self.callback(records, self.done_bytes + self.inside, self.total)

    def end_file(self, records: int) -> None:
        if self.callback:
            self.done_bytes += self.current
            self.callback(records, self.done_bytes, self.total)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


CHUNK_SIZE = 256
"""Records read ahead together; a new column's plan is decided from the chunk it first
appears in."""
UNIT_CHUNKS = 16
"""Chunks analysed together by one worker (4,096 records: bounded, memory stays flat;
big enough for spaCy to batch the notes of a dump where few rows have one, and for the
fixed costs of a unit, its columns and its partial summary, to be small per record)."""
