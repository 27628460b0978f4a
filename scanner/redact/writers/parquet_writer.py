"""Parquet files: the same schema (types, metadata), batch by batch, redacted values.

Rows are read in batches as ``scan`` reads them; a changed value goes back at its dotted
path (``adresse.ville``, ``tels.0``) with its original type when the surrogate still reads
as one (an integer, a date); a value whose surrogate no longer fits its column type
cannot be written: its row is dropped and reported. The compression of the input's
first column is kept.
"""

from __future__ import annotations

import datetime
import decimal
import re
from collections.abc import Iterator

from scanner.models import ReadError, Record
from scanner.readers.jsonl import flatten
from scanner.readers.parquet import BATCH_ROWS, plain_value
from scanner.redact.writers import Unit, Writer

_INT = re.compile(r"-?(?:0|[1-9]\d*)")


def writer_compression(codec: str) -> str:
    """The ``ParquetWriter`` name of a column chunk's codec, as the file metadata gives it.

    >>> writer_compression("UNCOMPRESSED"), writer_compression("ZSTD")
    ('none', 'zstd')
    """
    return "none" if codec == "UNCOMPRESSED" else codec.lower()


class _Unfit(ValueError):
    pass


def _typed(text: str, old: object) -> object:
    if isinstance(old, str):
        return text
    if isinstance(old, bool):
        raise _Unfit
    if isinstance(old, int):
        if _INT.fullmatch(text):
            return int(text)
        raise _Unfit
    if isinstance(old, float):
        return float(text)
    if isinstance(old, datetime.datetime):
        return datetime.datetime.fromisoformat(text)
    if isinstance(old, datetime.date):
        return datetime.date.fromisoformat(text)
    if isinstance(old, datetime.time):
        return datetime.time.fromisoformat(text)
    if isinstance(old, decimal.Decimal):
        return decimal.Decimal(text)
    if isinstance(old, bytes):
        return text.encode("utf-8")
    raise _Unfit


def _set(value: object, path: list[str], text: str) -> object:
    """``value`` with the leaf at ``path`` replaced (containers copied as needed)."""
    if not path:
        return _typed(text, value)
    head, rest = path[0], path[1:]
    if isinstance(value, dict) and head in value:
        return {**value, head: _set(value[head], rest, text)}
    if isinstance(value, list) and head.isdigit() and int(head) < len(value):
        copy = list(value)
        copy[int(head)] = _set(copy[int(head)], rest, text)
        return copy
    raise _Unfit


class ParquetWriter(Writer):
    def units(self) -> Iterator[Unit]:
        import pyarrow as pa
        import pyarrow.parquet as pq

        source = self.source
        try:
            self.file = pq.ParquetFile(self.path)
        except (pa.ArrowException, OSError, ValueError) as error:
            yield Unit(errors=[ReadError(source, None, f"cannot read Parquet file: {error}")])
            return
        self.schema = self.file.schema_arrow
        metadata = self.file.metadata
        compression = "snappy"
        if metadata.num_row_groups and metadata.num_columns:
            compression = writer_compression(metadata.row_group(0).column(0).compression)
        self.sink = pq.ParquetWriter(self.target, self.schema, compression=compression)
        self.rows: list[dict] = []
        number = 0
        try:
            for batch in self.file.iter_batches(batch_size=BATCH_ROWS):
                for row in batch.to_pylist():
                    number += 1
                    fields = flatten({key: plain_value(value) for key, value in row.items()})
                    record_id = fields.get("id")
                    yield Unit(Record(source=source, table=None, record=record_id or str(number), fields=fields, line=None), payload=row)
                yield Unit(payload="flush")
        except (pa.ArrowException, OSError, ValueError) as error:
            yield Unit(errors=[ReadError(source, None, f"cannot read Parquet data after row {number}: {error}; rest left out")])

    def emit(self, unit: Unit, changes: dict[str, str] | None) -> str | None:
        if unit.payload == "flush":
            self._flush()
            return None
        if unit.record is None or changes is None:
            return None
        row = dict(unit.payload)  # type: ignore[arg-type]
        try:
            for path, text in changes.items():
                head, *rest = path.split(".")
                if head not in row:
                    raise _Unfit
                row[head] = _set(row[head], rest, text)
        except (_Unfit, ValueError, decimal.InvalidOperation):
            return f"{self.source}, record {unit.record.record}: a redacted value no longer fits its Parquet type; row dropped"
        self.rows.append(row)
        self.written += 1
        return None

    def _flush(self) -> None:
        import pyarrow as pa

        if self.rows:
            self.sink.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def close(self) -> None:
        if not hasattr(self, "sink"):
            return
        self._flush()
        self.sink.close()
        self.file.close()

    def abort(self) -> None:
        for name in ("sink", "file"):
            obj = getattr(self, name, None)
            if obj is not None:
                try:
                    obj.close()
                except Exception:  # noqa: BLE001 - best effort on the failure path
                    pass
