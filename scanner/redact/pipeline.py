"""The redaction pipeline: read -> detect (in chunks) -> redact -> same-format writer.

``redact_path(input, output, policy)`` writes a redacted copy of a file, or of a directory
tree (mirrored file by file, same relative paths), and returns a ``RedactSummary``.

Two passes: the first detects each record of every file once, keeps its findings
(``spool.FindingsSpool``, in a private staging directory) and learns the values to make
consistent over the whole run (``consistency.SeenValues``); the second re-reads each file
and writes it, each record with its findings and the occurrences of every value learned.

Fail closed, never lose data:

- the input is only ever opened read-only; ``output`` may not be the input (same path or
  same inode), nor inside an input directory, nor hold it (``scanner.outputs``); an
  existing output is refused unless ``force``;
- everything is written in a private temporary directory (mode 0700) beside ``output``
  and moved into place with ``os.replace`` at the very end: after any error (or signal
  turned into an exception), a ``strict`` abort or a failed verification, the temporary
  directory is removed and no output appears;
- a record that cannot be read or scanned is never written in clear: it is dropped,
  counted and reported (file and line) through ``on_error``; with ``strict`` the first one
  aborts the run (``RedactAborted``, exit code 3). A file that cannot be read at all gives
  no output file.
- an input file that changes between the two passes (size, modification time, inode, a
  record that reads differently) aborts the run (``spool.InputChanged``, exit code 3).

``verify`` re-reads the output with vigie's own reader and scans it with the same detector
before it is published. A finding of a redacted entity type (operator other than ``keep``) is
a residual when its value is one of the original values that were replaced (compared through
keyed digests held in memory, never the values: ``redact.verify``), or, for the ``tag``,
``mask``, ``remove`` and ``hash`` operators, when it is not one of the replacements written:
a pseudonymised NIR found again is not a residual, the original NIR found again is.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections import Counter, deque
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TypeVar

from scanner.columns import NameTrust
from scanner.detect import Detector
from scanner.errors import ScannerError
from scanner.masking import mask
from scanner.models import FieldHit, Finding, ReadError, Record, field_hits
from scanner.outputs import make_staging_dir, remove_staging
from scanner.parallel import bulk_gc, map_in_workers, run_chunks
from scanner.scan import CHUNK_SIZE, UNIT_CHUNKS, FileProgress
from scanner.readers import Format, check_encoding, read_chunks, read_records
from scanner.readers.csv_export import CsvChunk, normalize_delimiter
from scanner.readers.decoding import to_utf8
from scanner.readers.sources import chunked, guarded, open_binary, ramped
from scanner.redact.consistency import PROPAGATED, SeenValues
from scanner.redact.fields import FieldRedactor, name_role_for
from scanner.redact.first_pass import Learnt, detect_and_compute_surrogates, detect_records, learnt_of
from scanner.redact.keyed import forget_keys
from scanner.redact.planning import DUMP_FORMATS, PlannedOutput, check_paths, plan_outputs, publish
from scanner.redact.policy import RedactionPolicy
from scanner.redact.second_pass import (
    RedactedRecord, RedactWork, Tally, generalized_changes, redacted_records, sent_record,
)
from scanner.redact.spool import FindingsSpool
from scanner.redact.surrogates.dates import forget_offsets
from scanner.redact.text_windows import read_text_windows
from scanner.redact.verify import (
    Digests, DumpToolCommentsBlanked, KeptCells, RecordLines, Residual, residual_findings, value_digest,
)
from scanner.redact.writers import Unit, Writer, writer_class

T = TypeVar("T")
RedactProgressCallback = Callable[[str, int, int, int], None]
"""``on_progress(step, records_done, bytes_done, bytes_total)``, called after each chunk: step
``detecting`` and ``writing`` over the input files, ``verifying`` over the output files (twice
over those also scanned as text)."""


class RedactAborted(ScannerError):
    """``strict``: a part of the input could not be read or scanned; nothing was written."""

    exit_code = 3


@dataclass
class RedactSummary:
    """What a redaction did."""

    input: Path
    output: Path | None = None
    """The published output; None when nothing was published."""
    files: int = 0
    files_written: int = 0
    records_read: int = 0
    records_redacted: int = 0
    records_dropped: int = 0
    findings: Counter = field(default_factory=Counter)
    """Findings per entity type (all of them, ``keep`` included)."""
    replacements: Counter = field(default_factory=Counter)
    """Replaced values per entity type, in the records written."""
    errors: list[ReadError] = field(default_factory=list)
    verified: bool = False
    residuals: list[Residual] = field(default_factory=list)
    verify_errors: list[ReadError] = field(default_factory=list)
    key_is_ephemeral: bool = False
    skipped_hidden: int = 0
    """Hidden entries (``.name``) left out of the input directory (see ``include_hidden``)."""
    skipped_not_data: int = 0
    """Code, documents and images left out of the input directory (see ``include_other``)."""

    @property
    def unparsed(self) -> int:
        return len(self.errors)

    @property
    def verify_failed(self) -> bool:
        return self.verified and bool(self.residuals or self.verify_errors)


RedactChunks = Callable[[Writer, Iterator[list[Unit]]], Iterator[tuple[list[Unit], Callable[[Unit], None]]]]
"""(writer, its chunks of units) -> each chunk, in order, with the function that redacts and
emits each of its readable records."""

Detected = tuple[list, dict, Learnt | None]
"""What the first pass found in a unit of records: findings (or an exception) per record, the
surrogates computed for the run's cache, and the unit's ``Learnt`` when a worker worked it
out (the findings are then left out), else None."""
DetectUnits = Callable[["RedactRun", "PlannedOutput", Iterator[list[list[Record]]]], Iterator[tuple[list[ReadError], Detected]]]
"""How the first pass detects one file: for each unit of chunks of its readable records,
in order, ``(errors, Detected)``, as ``parallel.run_chunks`` gives them from
``RedactRun._detected_chunk`` (the default, on the run's workers); the Spark engine
computes them on its executors."""


class RedactRun:
    """One redaction: policy, detector, summary and digests shared by every file it writes."""

    def __init__(self, policy, detector, strict, verify, on_error, summary, jobs: int = 1,
                 detect_units: DetectUnits | None = None):
        self.policy = policy
        self.redactor = FieldRedactor(policy)
        self.detector = detector or Detector()
        self.strict = strict
        self.verify = verify
        self.on_error = on_error
        self.summary = summary
        self.jobs = jobs
        self.detect_units = detect_units
        self.digests = Digests(policy.key)
        self.seen = SeenValues(policy)
        self._types_kept = frozenset(t for t, name in policy.operators.items() if name == "keep")
        self._pid = os.getpid()
        self.progress = FileProgress([], None)
        self.records_done = 0

    def start_step(self, step: str, files: list[Path], on_progress: RedactProgressCallback | None) -> None:
        """Report the progress of ``step`` over ``files`` (read in this order) to ``on_progress``."""
        self.progress = FileProgress(files, partial(on_progress, step) if on_progress else None)
        self.records_done = 0

    def report(self, error: ReadError) -> None:
        self.summary.errors.append(error)
        if self.on_error:
            self.on_error(error)
        if self.strict:
            raise RedactAborted(f"{error} (--strict: aborted, no output written)")

    def _detected_chunk(self, detector: Detector, records: list[Record]) -> Detected:
        """The work of the first pass on a unit of records (``parallel.run_chunks``): each
        record's findings (or why it could not be scanned) and, in a worker process, the
        surrogates of the values found, for the parent's cache (it redacts with look-ups)."""
        if os.getpid() == self._pid:
            return detect_records(detector.detect_batch, records), {}, None
        return *detect_and_compute_surrogates(detector, self.redactor, records), None

    def _detected_only(self, detector: Detector, records: list[Record]) -> Detected:
        """The first pass's work when the second redacts on the workers: each record's
        ``_learnt``, kept by the parent in input order (it then handles no finding)."""
        return [], {}, self._learnt(records, detect_records(detector.detect_field_hits, records))

    def _learnt(self, records: list[Record], found: list[list[FieldHit] | Exception]) -> Learnt:
        """``first_pass.learnt_of`` the records with the run's NIR births and values seen."""
        return learnt_of(self.redactor.nir_births, self.seen, records, found)

    def redacts_in_workers(self, writer: Writer) -> bool:
        """Whether the second pass computes the records' new text on ``jobs`` workers."""
        return self.jobs > 1 and _replaces_every_finding(writer)

    def detect_file(self, out: PlannedOutput, spool: FindingsSpool) -> None:
        """First pass over one file: detect each readable record, keep its findings in
        ``spool`` and learn the values its redaction replaces (``SeenValues``), so that the
        second pass (``redact_file``) replaces them everywhere, before and after, and the
        birth date beside each NIR (``FieldRedactor.nir_births``), so that a NIR gets one
        surrogate in every table, with or without its birth date. What cannot be read is
        reported by the second pass."""
        writer = writer_class(out.format)(out.source, out.target, out.options)
        replaces_all = _replaces_every_finding(writer)
        if out.format in READ_AS_SCANNED and self.detect_units is None and self.redacts_in_workers(writer):
            return self._detect_as_scanned(out, spool)
        sent: deque[Unit] = deque()  # units whose records are being detected, in input order

        def record_chunks() -> Iterator[list[Record]]:
            for chunk in chunked(_units(writer), CHUNK_SIZE):
                units = [u for u in chunk if _readable_unit(u)]
                sent.extend(units)
                yield [u.record for u in units]

        try:
            work_units = ramped(record_chunks(), UNIT_CHUNKS)
            if self.detect_units is None:
                work = self._detected_only if self.redacts_in_workers(writer) else self._detected_chunk
                detected = run_chunks(self.detector, work_units, work, self.jobs)
            else:
                detected = self.detect_units(self, out, work_units)
            for _, (results, surrogates, learnt) in detected:
                self.redactor.surrogates.update(surrogates)
                units = [sent.popleft() for _ in range(len(results) if learnt is None else learnt.count)]
                self.records_done += sum(unit.counted for unit in units)
                self.progress.chunk_done(self.records_done)
                if learnt is None and replaces_all:  # detected here or by Spark: worked out here
                    learnt = self._learnt([unit.record for unit in units],
                                          [found if isinstance(found, Exception) else field_hits(found) for found in results])
                if learnt is not None:
                    self._keep(learnt, spool)
                    continue
                spool.add(list(zip((u.record for u in units), results)))
                for unit, findings in zip(units, results):
                    if isinstance(findings, Exception):
                        continue
                    self.redactor.nir_births.learn(unit.record, findings)
                    if self._may_teach(findings):
                        self._learn(writer, unit, findings)
        finally:  # the writer only read: what it may have begun to write is not the output
            writer.abort()
            out.target.unlink(missing_ok=True)

    def _detect_as_scanned(self, out: PlannedOutput, spool: FindingsSpool) -> None:
        """``detect_file`` of a file whose records the workers read as a scan does, and whose
        second pass they redact: this process only finds where rows end (``read_chunks``)."""
        chunks = (replace(chunk, with_errors=False) if isinstance(chunk, CsvChunk) else chunk
                  for chunk in read_chunks(out.source, CHUNK_SIZE, out.format, out.options.encoding, out.options.delimiter))
        for _, (_, _, learnt) in run_chunks(self.detector, ramped(chunks, UNIT_CHUNKS), self._detected_only, self.jobs):
            self.records_done += learnt.count
            self.progress.chunk_done(self.records_done)
            self._keep(learnt, spool)

    def _keep(self, learnt: Learnt, spool: FindingsSpool) -> None:
        """Keep what the first pass learnt of a unit of records: its spool entries, the NIR
        births and the values seen."""
        if learnt.count:
            spool.add_pickled(learnt.spooled, learnt.count)
        for birth in learnt.births:
            self.redactor.nir_births.remember(birth)
        self.seen.remember(learnt.seen)

    def _may_teach(self, findings: list[Finding]) -> bool:
        """Whether a record's findings hold a value of a propagated type not learned yet,
        or a name in a first-name or surname column (the two may make a full name)."""
        return any(f.entity_type in PROPAGATED and (
            not self.seen.knows(f.entity_type, f.value) or f.entity_type == "PERSON" and name_role_for(f.field)
        ) for f in findings)

    def _learn(self, writer, unit: Unit, findings: list[Finding]) -> None:
        """Learn the values a writer that places replacements itself (SQL) replaces in a record."""
        try:
            _, acted = writer.redact(unit, findings, self.redactor)
        except Exception:  # noqa: BLE001 - dropped and reported by the second pass
            return
        self.seen.learn_findings(unit.record, self.replaced(acted))

    def redact_file(self, out: PlannedOutput, redact_chunks: RedactChunks) -> bool:
        """Write the redacted copy of one file; False when nothing could be read from it.

        Units are emitted in input order; unreadable parts are reported and dropped here.
        ``redact_chunks(writer, chunks)`` gives each chunk of units with what emits each of
        its readable records: ``stored_chunks`` (the first pass's findings).
        """
        summary = self.summary
        writer = writer_class(out.format)(out.source, out.target, out.options)
        read = errors = 0
        try:
            for chunk, redact_one in redact_chunks(writer, chunked(_units(writer), CHUNK_SIZE)):
                for unit in chunk:
                    for error in unit.errors:
                        errors += 1
                        self.report(error)
                    if unit.record is None:
                        writer.emit(unit, None)
                        continue
                    read += unit.counted
                    summary.records_read += unit.counted
                    if unit.errors:
                        summary.records_dropped += unit.counted
                        writer.emit(unit, None)
                        continue
                    redact_one(unit)
                self.progress.chunk_done(summary.records_read)
            writer.close()
        except BaseException:
            writer.abort()
            raise
        if read == 0 and errors:
            out.target.unlink(missing_ok=True)
            return False
        return True

    def stored_chunks(self, spool: FindingsSpool) -> RedactChunks:
        """The ``redact_chunks`` of the second pass: each record with its first-pass findings,
        its new text computed on the run's workers when ``redacts_in_workers``, else here."""
        def redact_chunks(writer: Writer, chunks: Iterator[list[Unit]]) -> Iterator[tuple[list[Unit], Callable]]:
            if not self.redacts_in_workers(writer):
                for chunk in chunks:
                    found = iter([spool.findings(unit.record) for unit in chunk if _readable_unit(unit)])
                    yield chunk, lambda unit, found=found: self._redact(writer, unit, next(found))
                return
            sent: deque[list[Unit]] = deque()  # the units in the workers, a piece of the spool each

            def work_units() -> Iterator[RedactWork]:
                for group, piece in _spooled_groups(spool, chunks):
                    sent.append(group)
                    yield str(spool.source), piece, [sent_record(u.record, u.counted) for u in group if _readable_unit(u)]

            for redacted in map_in_workers(partial(redacted_records, self), work_units(), self.jobs):
                results, tallies = iter(redacted), []
                yield sent.popleft(), lambda unit, results=results, tallies=tallies: self._emit_redacted(
                    writer, unit, next(results), tallies)
                self._count(tallies)
        return redact_chunks

    def learnt_in(self, record: Record, findings: list[Finding]) -> list[Finding]:
        """Findings for the occurrences in ``record`` of the values the first pass learnt."""
        return self.seen.findings(record, findings, self.detector.absent_of(record.source, record.table))

    def replaced(self, findings: list[Finding]) -> list[Finding]:
        """The findings of the entity types redacted (not ``keep``)."""
        operators, kept = self.policy.operators, self._types_kept
        return [f for f in findings if f.entity_type not in kept and (
            f.entity_type in operators or self.policy.operator_for(f.entity_type) != "keep")]

    def _redact(self, writer, unit: Unit, findings: list[Finding] | Exception) -> None:
        summary, record = self.summary, unit.record
        assert record is not None
        line = record.line
        if isinstance(findings, Exception):
            return self._drop(writer, unit, f"{_what(unit)} cannot be scanned ({findings}); dropped")
        if unit.counted:
            findings = findings + self.learnt_in(record, findings)
        found = findings
        try:
            changes, findings = writer.redact(unit, findings, self.redactor)
        except Exception as error:  # noqa: BLE001 - a record that cannot be redacted is dropped
            return self._drop(writer, unit, f"{_what(unit)} cannot be redacted ({error}); dropped")
        if self.policy.generalize and unit.counted:
            generalized = generalized_changes(self.policy, record, self.replaced(found), changes)
            if self.verify:  # a date already at its level (1950-01-01 for year) is written as it was
                for text in generalized.values():
                    self.digests.add_replacement(text)
        changes = {name: text for name, text in changes.items() if text != record.fields.get(name)}
        message = writer.emit(unit, changes)
        if message:
            summary.records_dropped += unit.counted
            self.report(ReadError(record.source, line, message))
            return
        summary.findings.update(finding.entity_type for finding in findings)
        replaced = self.replaced(findings)
        summary.replacements.update(finding.entity_type for finding in replaced)
        if changes:
            summary.records_redacted += unit.counted
        if self.verify and replaced:  # what --verify looks for, and what it accepts
            for finding in replaced:
                self.digests.add(self.digests.originals, finding.value or record.fields[finding.field][finding.start:finding.end])
            self.digests.remember_replacements(self.redactor, record, findings, replaced, changes)
        if self.verify and not unit.counted:
            self._remember_kept(record, found, findings)

    def _emit_redacted(self, writer, unit: Unit, redacted: RedactedRecord, tallies: list[Tally]) -> None:
        """Write a record as a worker redacted it (``second_pass.redacted_record``); once
        written, its ``Tally`` joins ``tallies``, counted by ``_count``."""
        summary, record = self.summary, unit.record
        assert record is not None
        if isinstance(redacted, str):
            return self._drop(writer, unit, f"{_what(unit)} {redacted}; dropped")
        changes, tally, verified = redacted
        if verified is not None:
            for text in verified[0]:  # a date already at its level (1950-01-01 for year) is written as it was
                self.digests.add_replacement(text)
        message = writer.emit(unit, changes)
        if message:
            summary.records_dropped += unit.counted
            return self.report(ReadError(record.source, record.line, message))
        tallies.append(tally)
        if changes:
            summary.records_redacted += unit.counted
        if verified is not None and tally[1]:  # what --verify looks for, and what it accepts
            _, originals, replacements = verified
            for value in originals:
                self.digests.add(self.digests.originals, value)
            self.digests.remember_written(record, changes, replacements)

    def _count(self, tallies: list[Tally]) -> None:
        """Count the findings and replacements of the records written, from their ``Tally``s
        (the summary's counters get each new type in the order a record by record count gives)."""
        findings, replacements = self.summary.findings, self.summary.replacements
        for (found, replaced), records in Counter(tallies).items():
            for entity_type in found:
                findings[entity_type] += records
            for entity_type in replaced:
                replacements[entity_type] += records

    def _drop(self, writer, unit: Unit, message: str) -> None:
        """Write nothing of a record and report why (``message``)."""
        self.summary.records_dropped += unit.counted
        writer.emit(unit, None)
        self.report(ReadError(unit.record.source, unit.record.line, message))

    def _remember_kept(self, record: Record, found: list[Finding], acted: list[Finding]) -> None:
        """Remember the values of redacted types that the writer kept as written in a
        dump's statement or comment (a date in code, a partition bound): not residuals."""
        acted_values = {finding.value for finding in acted}
        for finding in found:
            value = finding.value or record.fields[finding.field][finding.start:finding.end]
            if value not in acted_values and self.policy.operator_for(finding.entity_type) != "keep":
                self.digests.add(self.digests.kept, value)

    def verify_file(self, out: PlannedOutput) -> None:
        """Re-read the output in its format and scan it, then scan it as plain text (comments,
        statements, keys: every byte, or a CSV's lines that no record was read from) for
        original values replaced elsewhere."""
        summary = self.summary
        self.progress.start_file(out.target)
        items = read_records(out.target, out.format, out.options.encoding, out.options.delimiter)
        found: set[tuple[str, bytes | None]] = set()
        kept = KeptCells()
        read_as_records = RecordLines() if out.format in CELLS_VERIFIED else None
        units = chunked(chunked(items, CHUNK_SIZE), UNIT_CHUNKS)
        for errors, records, residuals in self._residuals_in_workers(units):
            summary.verify_errors.extend(errors)
            for record, finding in residuals:
                if out.format in DUMP_FORMATS and record.table is None and not (
                    self.digests.has(self.digests.originals, finding.value)
                    and not self.digests.has(self.digests.kept, finding.value)
                ):  # a dump's statement or comment: names in it are not values (as in the text pass)
                    continue
                found.add((finding.entity_type, value_digest(self.policy.key, finding.value)))
                summary.residuals.append(Residual(
                    str(out.source), record.table, record.record, finding.field, finding.entity_type, mask(finding.value),
                ))
            for record in records:
                kept.add(record, self._kept_types(record.source, record.table))
                if read_as_records is not None:
                    read_as_records.add(record)
            self.records_done += sum(out.format not in DUMP_FORMATS or record.table is not None for record in records)
            self.progress.chunk_done(self.records_done)
        self.progress.end_file(self.records_done)
        if out.format in TEXT_VERIFIED:
            self.progress.start_file(out.target)
            self._verify_text(out, found, kept, read_as_records)
            self.progress.end_file(self.records_done)

    def _residuals_in_workers(
        self, units: Iterator[list[list[Record | ReadError]]], originals_only: bool = False,
    ) -> Iterator[tuple[list[ReadError], list[Record], list[tuple[Record, Finding]]]]:
        """For each unit of chunks of the output, in order: its ReadErrors, its records and
        their ``residual_findings``, found by ``jobs`` worker processes (which inherit the
        run's digests when they start, after the output is written)."""
        sent: deque[list[Record]] = deque()

        def remembered() -> Iterator[list[list[Record | ReadError]]]:
            for unit in units:
                sent.append([item for chunk in unit for item in chunk if isinstance(item, Record)])
                yield unit

        def residuals(detector: Detector, records: list[Record]) -> list[tuple[int, Finding]]:
            position = {id(record): i for i, record in enumerate(records)}
            return [(position[id(record)], finding) for record, finding in residual_findings(
                detector, self.policy, self.digests, records, originals_only=originals_only,
            )]

        for errors, found in run_chunks(self.detector, remembered(), residuals, self.jobs):
            records = sent.popleft()
            yield errors, records, [(records[i], finding) for i, finding in found]

    def _kept_types(self, source: str, table: str | None) -> Callable[[str], Container[str]]:
        """The entity types a column of the output keeps as they are: those it holds none of,
        and names without a cue in text about things (a film's description, "a Butler")."""
        def kept(name: str) -> Container[str]:
            plan = self.detector.columns.get((source, table, name))
            if plan is None:
                return ()
            return plan.absent | {"PERSON"} if plan.names is NameTrust.CUED else plan.absent
        return kept

    def _verify_text(
        self, out: PlannedOutput, found: set[tuple[str, bytes | None]], kept: KeptCells,
        read_as_records: RecordLines | None,
    ) -> None:
        fp, encoding = open_binary(out.target), out.options.encoding
        if out.format is not Format.SQLITE:  # a UTF-16/32 copy is read as UTF-8
            fp, encoding = to_utf8(fp, encoding)
        with fp:
            text = io.TextIOWrapper(fp, encoding=encoding or "utf-8", errors="replace", newline="")
            if out.format in DUMP_FORMATS:  # copied without a scan: not scanned now either
                text = DumpToolCommentsBlanked(text)
            if read_as_records is not None:  # every cell was scanned as a value of its column
                text = read_as_records.blanked(text)
            windows = read_text_windows(str(out.source), text)
            units = ([batch] for batch in chunked(windows, TEXT_WINDOWS_PER_BATCH))
            for _, _, residuals in self._residuals_in_workers(units, originals_only=True):
                self.progress.chunk_done(self.records_done)
                for record, finding in residuals:
                    line = record.line + record.fields["text"].count("\n", 0, finding.start)
                    seen = (finding.entity_type, value_digest(self.policy.key, finding.value))
                    if seen in found or finding.entity_type in _VERIFIED_WHERE_THEY_STAND or (
                        self.digests.has(self.digests.kept, finding.value)
                    ) or kept.holds(line, finding.entity_type, finding.value):
                        continue
                    found.add(seen)
                    self.summary.residuals.append(Residual(
                        str(out.source), None, str(line), "text", finding.entity_type, mask(finding.value), line,
                    ))


READ_AS_SCANNED = frozenset({Format.CSV})
"""Formats whose writer's records are the scan's (``readers.read_chunks``), row for row:
the first pass reads them as a scan does (``RedactRun._detect_as_scanned``)."""
_VERIFIED_WHERE_THEY_STAND = frozenset({"DATE_TIME"})
"""Entity types the text pass leaves to the records' pass: the same day is often a person's
date in one column (shifted) and a bookkeeping date in another (kept), so a date found again
as text is no leak by itself."""
TEXT_VERIFIED = frozenset({Format.TEXT, Format.JSONL, Format.JSON, Format.CSV, *DUMP_FORMATS, Format.SQLITE})
"""Outputs ``--verify`` also scans as plain text (Parquet pages are compressed: not text)."""
CELLS_VERIFIED = frozenset({Format.CSV})
"""Outputs whose rows hold nothing but cells (and delimiters, quotes, line breaks), which the
records' pass scans with their column: their text pass scans only the lines no record was
read from (the header, a line the reader skipped), not each cell again without its column."""
TEXT_WINDOWS_PER_BATCH = 16


def redact_path(
    input: str | Path,
    output: str | Path,
    policy: RedactionPolicy,
    *,
    format: Format | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    strict: bool = False,
    verify: bool = False,
    force: bool = False,
    include_hidden: bool = False,
    include_other: bool = False,
    detector: Detector | None = None,
    on_error: Callable[[ReadError], None] | None = None,
    on_progress: RedactProgressCallback | None = None,
    jobs: int = 1,
    detect_units: DetectUnits | None = None,
) -> RedactSummary:
    """Write a redacted copy of ``input`` (file or directory) to ``output``; see the module doc.

    Hidden files and folders (``.name``) of an input directory are left out and counted
    (``RedactSummary.skipped_hidden``) unless ``include_hidden``; so are its code, documents
    and images (``readers.NOT_DATA_SUFFIXES``, ``RedactSummary.skipped_not_data``: nothing
    unscanned is copied) unless ``include_other``, which redacts them as text. ``jobs``
    worker processes detect as in a scan, then compute the redacted records of the files
    whose writer replaces every finding as a table's field (``RedactRun.redacts_in_workers``:
    all but dumps and SQLite databases); the output does not depend on it. ``on_progress``
    is told how each step goes (``RedactProgressCallback``). ``detect_units`` runs the
    detection of the first pass elsewhere (the Spark engine)."""
    input, output = Path(input), Path(output)
    check_paths(input, output, force)
    if encoding:
        check_encoding(encoding)
    if delimiter is not None:
        delimiter = normalize_delimiter(delimiter)
    summary = RedactSummary(input=input, key_is_ephemeral=policy.key_is_ephemeral, verified=verify)
    run = RedactRun(policy, detector, strict, verify, on_error, summary, jobs, detect_units)

    staging_dir = make_staging_dir(output)
    staging = staging_dir if input.is_dir() else staging_dir / output.name
    spool_dir = Path(tempfile.mkdtemp(prefix=".vigie-findings-", dir=staging_dir))  # removed before publishing
    try:
        detected = []
        planned = list(plan_outputs(input, staging, format, encoding, delimiter, run, include_hidden, include_other))
        run.start_step("detecting", [out.source for out in planned], on_progress)
        for number, out in enumerate(planned):
            run.progress.start_file(out.source)
            spool = _readable(run, out, lambda: _detected(run, out, spool_dir / f"{number}.findings"))
            if spool is not None:
                detected.append((out, spool))
            run.progress.end_file(run.records_done)
        outputs = []
        run.start_step("writing", [out.source for out, _ in detected], on_progress)
        for out, spool in detected:
            run.progress.start_file(out.source)
            if _readable(run, out, lambda: _written(run, out, spool)):
                outputs.append(out)
            run.progress.end_file(summary.records_read)
        _remove(spool_dir)
        summary.files_written = len(outputs)
        if verify:
            run.start_step("verifying", [out.target for out in outputs for _ in range(1 + (out.format in TEXT_VERIFIED))],
                           on_progress)
            for out in outputs:
                run.verify_file(out)
        if summary.verify_failed or (not input.is_dir() and not outputs):
            return summary
        publish(staging, output)
        summary.output = output
        return summary
    finally:
        _remove(staging_dir)
        forget_keys()  # nothing of the key nor of a person stays in memory after the run
        forget_offsets()


def _detected(run: RedactRun, out: PlannedOutput, path: Path) -> FindingsSpool:
    spool = FindingsSpool(path, out.source)
    try:
        with bulk_gc(PASS_YOUNG_OBJECTS):
            run.detect_file(out, spool)
    finally:
        spool.close()
    return spool


def _written(run: RedactRun, out: PlannedOutput, spool: FindingsSpool) -> bool:
    with bulk_gc(PASS_YOUNG_OBJECTS):
        written = run.redact_file(out, run.stored_chunks(spool))
    spool.finish()
    return written


PASS_YOUNG_OBJECTS = 1_000_000
"""The collector's young generation during a pass (``parallel.bulk_gc``): the records and
findings of the chunks in flight stay alive for a while, and at 100,000 the run's process
traversed them again and again (100,000 rows: 80 collections, a third of its own time)."""


def _readable(run: RedactRun, out: PlannedOutput, step: Callable[[], T]) -> T | None:
    """``step()`` (a pass over ``out.source``), with an input that cannot be opened
    (permission denied, vanished since the walk) reported and left out; any other OSError
    ends the run."""
    try:
        return step()
    except OSError as error:
        if error.filename is None or Path(os.fsdecode(error.filename)) != out.source:
            raise
        run.report(ReadError(str(out.source), None, f"{error.strerror or error}; file left out"))
        return None


_remove = remove_staging


def _spooled_groups(spool: FindingsSpool, chunks: Iterator[list[Unit]]) -> Iterator[tuple[list[Unit], bytes]]:
    """The units of a file read again, in groups of as many readable ones as each piece of
    ``spool`` holds entries for, with that piece; what follows the last piece, in chunks
    with an empty piece (``checked_entries`` fails on any record there)."""
    units = (unit for chunk in chunks for unit in chunk)
    for count, piece in spool.pieces():
        if not count:
            continue
        group = []
        for unit in units:
            group.append(unit)
            if _readable_unit(unit):
                count -= 1
                if not count:
                    break
        yield group, piece
    for chunk in chunked(units, CHUNK_SIZE):
        yield chunk, b""


def _replaces_every_finding(writer: Writer) -> bool:
    """Whether ``writer`` replaces every finding as a table's field (not a dump's nor SQLite's)."""
    return type(writer).redact is Writer.redact


def _what(unit: Unit) -> str:
    """How a unit's record is named in the report of a record dropped."""
    return f"record {unit.record.record}" if unit.counted else "SQL text"


def _readable_unit(unit: Unit) -> bool:
    """Whether a unit is a record read without errors (one with findings in the spool)."""
    return unit.record is not None and not unit.errors


def _units(writer) -> Iterator[Unit]:
    """The writer's units, ended by an unreadable part if the gzip stream under the input
    turns out corrupt or truncated (what was read before it is redacted and written)."""
    for item in guarded(writer.units(), writer.source):
        yield Unit(errors=[item]) if isinstance(item, ReadError) else item
