"""The scan pipeline: read -> detect -> classify -> sinks (findings, records, summary)."""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from scanner.classify import verdict
from scanner.detect import Detector
from scanner.errors import UsageError
from scanner.models import Finding, ReadError, RecordVerdict
from scanner.readers import Format, iter_input_files, read_records
from scanner.report import ScanSummary


@dataclass(frozen=True)
class ScanConfig:
    """Options of one scan (explicit, never global)."""

    format: Format | None = None
    encoding: str | None = None
    delimiter: str | None = None
    show_values: bool = False
    findings_path: Path | None = None
    records_path: Path | None = None


def _check_encoding(encoding: str) -> None:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise UsageError(f"unknown encoding {encoding!r}") from None


def _open_sink(stack: ExitStack, path: Path | None) -> TextIO | None:
    return stack.enter_context(path.open("w", encoding="utf-8")) if path else None


def _write_line(sink: TextIO | None, obj: dict) -> None:
    if sink is not None:
        sink.write(json.dumps(obj, ensure_ascii=False) + "\n")


def scan_paths(
    paths: Iterable[str | Path],
    config: ScanConfig = ScanConfig(),
    *,
    detector: Detector | None = None,
    on_record: Callable[[RecordVerdict, list[Finding]], None] | None = None,
    on_error: Callable[[ReadError], None] | None = None,
) -> ScanSummary:
    """Scan every file under ``paths`` and return the summary.

    Findings (``config.findings_path``) and record verdicts (``config.records_path``)
    are written as JSON Lines as the scan goes. Unreadable parts are counted in the
    summary and passed to ``on_error``; the scan goes on.
    """
    if config.encoding:
        _check_encoding(config.encoding)
    files = list(iter_input_files(paths))
    detector = detector or Detector()
    summary = ScanSummary(files=len(files))
    with ExitStack() as stack:
        findings_sink = _open_sink(stack, config.findings_path)
        records_sink = _open_sink(stack, config.records_path)
        for path in files:
            for chunk in _chunks(read_records(path, config.format, config.encoding, config.delimiter)):
                records = [item for item in chunk if not isinstance(item, ReadError)]
                findings_per_record = iter(detector.detect_batch(records))
                for item in chunk:
                    if isinstance(item, ReadError):
                        summary.add_error(item)
                        if on_error:
                            on_error(item)
                        continue
                    findings = next(findings_per_record)
                    record_verdict = verdict(item, findings)
                    summary.add(findings, record_verdict)
                    for finding in findings:
                        _write_line(findings_sink, finding.to_dict(show_value=config.show_values))
                    _write_line(records_sink, record_verdict.to_dict())
                    if on_record:
                        on_record(record_verdict, findings)
    return summary


CHUNK_SIZE = 256
"""Records read ahead and analysed together (bounded: memory stays flat)."""


def _chunks(items: Iterable, size: int = CHUNK_SIZE) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
