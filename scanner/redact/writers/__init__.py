"""Same-format writers: each reads its input as ``Unit``s and writes the redacted copy.

A writer owns the reading of its input (through the readers' own functions) so that it
knows exactly which bytes, lines or rows each record came from, and which unreadable part
belongs to which record. The pipeline drives it:

- ``units()`` yields every part of the input in order: a ``Unit`` with a ``record`` to
  scan and redact, or without one (structure, or an unreadable part with its ``errors``);
- ``redact(unit, findings, redactor)`` gives the new text of a record's fields (a writer
  that rewrites parts of its input itself, such as SQL statements, works out where here);
- ``emit(unit, changes)`` writes a unit: ``changes`` (field -> new text, possibly empty)
  for a record to keep, ``None`` to drop it; it returns a message when the writer itself
  had to drop the record (a value it cannot rewrite in place);
- ``close()`` finishes the output; ``abort()`` releases everything after a failure.

Fail closed: a unit with ``errors`` and a ``record`` is dropped by the pipeline, never
copied through; what a reader could not read is never written.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from scanner.models import Finding, ReadError, Record
from scanner.readers import Format
from scanner.readers.decoding import WideWriter, open_decoded, resolve_wide
from scanner.readers.sources import open_binary
from scanner.readers.sql_dump import Table

if TYPE_CHECKING:
    from scanner.redact.fields import FieldRedactor


@dataclass
class Unit:
    """One part of an input file: a record to redact, or structure / an unreadable part."""

    record: Record | None = None
    errors: list[ReadError] = field(default_factory=list)
    payload: object = None
    counted: bool = True
    """False for text scanned outside the records (a dump's statements and comments): it is
    redacted like a record but not counted as one."""


@dataclass(frozen=True)
class WriteOptions:
    """How to read the input (as ``scan`` does) and write the copy."""

    encoding: str | None = None
    delimiter: str | None = None
    compress: bool = False
    """Write the output gzip-compressed (the input was)."""
    rename: Callable[[Sequence[str]], list[str]] | None = None
    """Replaces the identifiers in names that must stay unique (a CSV header, the keys of one
    JSON object): ``FieldRedactor.redact_names``; None keeps names as they are."""
    tables: Mapping[str, Table] = field(default_factory=dict)
    """For a dump: the tables declared in the run's other files (``readers.declared_schemas``)."""


class Writer:
    """Base class: reads ``path`` as units, writes the redacted copy to ``target``."""

    def __init__(self, path: Path, target: Path, options: WriteOptions = WriteOptions()) -> None:
        self.path = path
        self.source = str(path)
        self.target = target
        self.options = options
        self.written = 0
        """Records written so far."""
        self._out: BinaryIO | None = None

    # -- output stream helpers (text formats)
    @property
    def out(self) -> BinaryIO:
        if self._out is None:
            if self.options.compress:
                raw = self.target.open("xb")
                self._raw = raw
                self._out = gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0)  # type: ignore[assignment]
            else:
                self._out = self.target.open("xb")
        return self._out

    def units(self) -> Iterator[Unit]:  # pragma: no cover - abstract
        raise NotImplementedError

    def redact(self, unit: Unit, findings: list[Finding], redactor: FieldRedactor) -> tuple[dict[str, str], list[Finding]]:
        """The new text of each field of ``unit.record`` that has findings, and the findings
        replaced (by default all of them, through ``FieldRedactor.redact_record``); a writer
        that rewrites parts of its input itself (SQL statements) places them here."""
        assert unit.record is not None
        return redactor.redact_record(unit.record, findings), findings

    def emit(self, unit: Unit, changes: dict[str, str] | None) -> str | None:  # pragma: no cover - abstract
        raise NotImplementedError

    def close(self) -> None:
        """Finish the output (flush, close)."""
        self.out  # an input without any record still gives an (empty) output
        self._close_stream()

    def abort(self) -> None:
        """Release the output after a failure (the pipeline removes the file)."""
        try:
            self._close_stream()
        except Exception:  # noqa: BLE001 - best effort on the failure path
            pass

    def _close_stream(self) -> None:
        if self._out is not None:
            self._out.close()
            if self.options.compress:
                self._raw.close()
            self._out = None


class WideOutput(Writer):
    """A writer whose UTF-8 output is re-encoded in the input's UTF-16/32 (``wide``)."""

    wide: str | None = None

    def _open(self) -> tuple[object, str] | ReadError:
        """The input as ``open_decoded`` gives it; ``wide`` set for the output."""
        with open_binary(self.path) as fp:
            self.wide = resolve_wide(self.options.encoding, fp.read(64))
        return open_decoded(self.path, self.wide or self.options.encoding or "utf-8")

    @property
    def out(self):  # noqa: ANN201 - a binary stream
        out = Writer.out.fget(self)  # type: ignore[attr-defined]
        if self.wide and not isinstance(out, WideWriter):
            out = self._out = WideWriter(out, self.wide)
        return out


def writer_class(format: Format) -> type[Writer]:
    """The writer for an input format."""
    from scanner.redact.writers import csv_writer, json_writer, parquet_writer, sql_dialects, sqlite_writer, text

    return {
        Format.TEXT: text.TextWriter,
        Format.JSONL: json_writer.JsonlWriter,
        Format.JSON: json_writer.JsonArrayWriter,
        Format.CSV: csv_writer.CsvWriter,
        Format.MYSQL: sql_dialects.MysqlDumpWriter,
        Format.POSTGRES: sql_dialects.PostgresDumpWriter,
        Format.SQLITE_SCRIPT: sql_dialects.SqliteScriptWriter,
        Format.SQLITE: sqlite_writer.SqliteWriter,
        Format.PARQUET: parquet_writer.ParquetWriter,
    }[format]
