"""Parquet files: the same schema (types, metadata), batch by batch, redacted values.

Rows are read in batches as ``scan`` reads them; a changed value goes back at its dotted
path (``adresse.ville``, ``tels.0``, a map's ``attrs.nir``) with its original type when the surrogate still reads
as one (an integer, a date); a value whose surrogate no longer fits its column type
cannot be written: its row is dropped and reported. The compression of the input's
first column is kept. An identifier (NIR, phone, e-mail...) in a column or struct field
name is replaced as its value would be (``WriteOptions.rename``), in the schema metadata
too.
"""

from __future__ import annotations

import datetime
import decimal
import re
from collections.abc import Iterator

from scanner.models import ReadError, Record
from scanner.readers.jsonl import flatten
from scanner.readers.parquet import BATCH_ROWS, is_map, map_fields, plain_value
from scanner.redact.writers import Unit, Writer
from scanner.redact.writers.json_writer import renamed_keys

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
    if is_map(value) and isinstance(map_fields(value), dict):  # type: ignore[arg-type]
        entries = list(value)  # type: ignore[call-overload]
        for i, (key, child) in enumerate(entries):
            if str(key) == head:
                entries[i] = (key, _set(child, rest, text))
                return entries
        raise _Unfit
    if isinstance(value, tuple):  # a map entry, by position (keys that read the same)
        return tuple(_set(list(value), path, text))  # type: ignore[arg-type]
    if isinstance(value, dict) and head in value:
        return {**value, head: _set(value[head], rest, text)}
    if isinstance(value, list) and head.isdigit() and int(head) < len(value):
        copy = list(value)
        copy[int(head)] = _set(copy[int(head)], rest, text)
        return copy
    raise _Unfit


def redacted_row(row: dict, changes: dict[str, str]) -> dict | None:
    """``row`` with each changed field (a dotted path) replaced by its redacted text, typed
    as the value it replaces; None when one no longer fits its Parquet type.

    >>> redacted_row({"id": 7, "nom": "ROUX", "adresse": {"ville": "Lyon"}}, {"nom": "LEROY", "adresse.ville": "Paris"})
    {'id': 7, 'nom': 'LEROY', 'adresse': {'ville': 'Paris'}}
    >>> redacted_row({"age": 41}, {"age": "quarante et un"}) is None
    True
    """
    new = dict(row)
    try:
        for path, text in changes.items():
            head, *rest = path.split(".")
            if head not in new:
                raise _Unfit
            new[head] = _set(new[head], rest, text)
    except (_Unfit, ValueError, decimal.InvalidOperation):
        return None
    return new


def unfit_message(source: str, record: str) -> str:
    """Why a row whose redacted values no longer fit is dropped."""
    return f"{source}, record {record}: a redacted value no longer fits its Parquet type; row dropped"


def _renamed_type(data_type, rename):
    """``data_type`` with the field names of its structs (nested in lists too) renamed."""
    import pyarrow as pa

    if pa.types.is_struct(data_type):
        fields = [data_type.field(i) for i in range(data_type.num_fields)]
        names = rename([f.name for f in fields])
        return pa.struct([f.with_name(n).with_type(_renamed_type(f.type, rename)) for f, n in zip(fields, names)])
    if pa.types.is_list(data_type) or pa.types.is_large_list(data_type):
        value = data_type.value_field
        value = value.with_type(_renamed_type(value.type, rename))
        return pa.list_(value) if pa.types.is_list(data_type) else pa.large_list(value)
    return data_type


def renamed_schema(schema, rename):
    """``schema`` with the identifiers in its column and struct field names replaced
    (``rename``: a list of names -> their new names), and in its metadata (the pandas
    metadata names the columns), or None when no name changes.

    >>> import pyarrow as pa
    >>> schema = pa.schema([("id", pa.int64()), ("p", pa.struct([("a_1", pa.string())]))], metadata={"m": "a_1"})
    >>> new = renamed_schema(schema, lambda names: [n.replace("_1", "_X") for n in names])
    >>> new.field("p").type, new.metadata
    (StructType(struct<a_X: string>), {b'm': b'a_X'})
    """
    import pyarrow as pa

    renamed: dict[str, str] = {}

    def recorded(names: list[str]) -> list[str]:
        new = rename(names)
        renamed.update((old, n) for old, n in zip(names, new) if old != n)
        return new

    names = recorded(schema.names)
    fields = [f.with_name(n).with_type(_renamed_type(f.type, recorded)) for f, n in zip(schema, names)]
    if not renamed:
        return None
    metadata = {}
    for key, value in (schema.metadata or {}).items():
        for old in sorted(renamed, key=len, reverse=True):
            value = value.replace(old.encode("utf-8"), renamed[old].encode("utf-8"))
        metadata[key] = value
    return pa.schema(fields, metadata=metadata or None)


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
        self.out_schema = renamed_schema(self.schema, self.options.rename) if self.options.rename else None
        self.sink = pq.ParquetWriter(self.target, self.out_schema or self.schema, compression=compression)
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
        row = redacted_row(unit.payload, changes)  # type: ignore[arg-type]
        if row is None:
            return unfit_message(self.source, unit.record.record)
        if self.out_schema is not None:
            row = renamed_keys(row, self.options.rename)[0]
        self.rows.append(row)
        self.written += 1
        return None

    def _flush(self) -> None:
        import pyarrow as pa

        if self.rows:
            self.sink.write_table(pa.Table.from_pylist(self.rows, schema=self.out_schema or self.schema))
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
