"""The types that flow through the pipeline: reader -> detector -> classifier -> sinks.

>>> r = Record(source="notes.jsonl", table=None, record="N1", fields={"text": "RAS"}, line=1)
>>> r.locator
'notes.jsonl, line 1'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from scanner.masking import mask_name, shown_record_id


@dataclass(slots=True)
class Record:
    """One unit of input: a note, a JSON line, a table row.

    Treat a record as read-only: it is not a frozen dataclass because a dump makes
    millions of them and a frozen one costs twice as much to build; it pickles as its
    constructor's arguments (half the bytes, twice as fast to load in a worker).
    """

    source: str
    table: str | None
    record: str
    fields: dict[str, str]
    line: int | None = None

    def __reduce__(self):
        return Record, (self.source, self.table, self.record, self.fields, self.line)

    @property
    def locator(self) -> str:
        """Human-readable position for error messages."""
        where = self.source if self.table is None else f"{self.source} [{self.table}]"
        return f"{where}, line {self.line}" if self.line is not None else where


@dataclass(slots=True)
class Finding:
    """One detected span inside one field of one record.

    ``value`` is the raw text: it lives in memory only (redaction, ``--show-values``)
    and is never serialised by default. Treat a finding as read-only: it is not a frozen
    dataclass only because a dump makes millions of them and a frozen one costs ten
    times more to build (3.5 µs against 0.4).
    """

    source: str
    table: str | None
    record: str
    field: str
    entity_type: str
    start: int
    end: int
    score: float
    recognizer: str
    category: str | None = None
    qualifier: str | None = None
    value: str = field(default="", repr=False, compare=False)

    def to_dict(self, *, show_value: bool = False, id_salt: bytes | None = None) -> dict:
        """Serialisable form; the raw value, and names and record ids as they are, only when
        explicitly asked: else identifiers in names are masked and a record id that is one
        is keyed with ``id_salt`` (``masking.shown_record_id``).

        >>> f = Finding("p_0612345678.csv", None, "263039715437514", "nir", "FR_NIR", 0, 15, 1.0, "r")
        >>> d = f.to_dict(id_salt=b"k"); d["source"], d["record"]
        ('p_061*****78.csv', 'h:7f980bb9a5cd')
        """
        shown = (lambda name: name) if show_value else mask_name
        data = {
            "source": shown(self.source),
            "table": None if self.table is None else shown(self.table),
            "record": self.record if show_value else shown_record_id(self.record, id_salt),
            "field": shown(self.field),
            "entity_type": self.entity_type,
            "start": self.start,
            "end": self.end,
            "score": round(self.score, 4),
            "recognizer": self.recognizer,
            "category": self.category,
            "qualifier": self.qualifier,
        }
        if show_value:
            data["value"] = self.value
        return data


class RecordClass(str, Enum):
    """How exposed a record is, from worst to least."""

    SENSITIVE = "sensitive"
    ADMINISTRATIVE = "administrative"
    NONE = "none"


@dataclass(slots=True)
class RecordVerdict:
    """The classification of one record (read-only, one per record: not frozen, see
    ``Record``)."""

    source: str
    table: str | None
    record: str
    record_class: RecordClass
    categories: tuple[str, ...] = ()

    def __reduce__(self):
        return RecordVerdict, (self.source, self.table, self.record, self.record_class, self.categories)

    def to_dict(self, *, show_values: bool = False, id_salt: bytes | None = None) -> dict:
        """Serialisable form, names and record id shown as by ``Finding.to_dict``."""
        shown = (lambda name: name) if show_values else mask_name
        return {
            "source": shown(self.source),
            "table": None if self.table is None else shown(self.table),
            "record": self.record if show_values else shown_record_id(self.record, id_salt),
            "class": self.record_class.value,
            "categories": list(self.categories),
        }


@dataclass(frozen=True)
class ReadError:
    """A part of the input that could not be read, with where it is."""

    source: str
    line: int | None
    message: str

    def __str__(self) -> str:
        """Where and what, identifiers in either masked (``masking.mask_name``).

        >>> str(ReadError("0612345678.sql", 3, "table t_263039715437514: bad row"))
        '061*****78.sql, line 3: table t_263**********14: bad row'
        """
        where = f"{self.source}, line {self.line}" if self.line is not None else self.source
        return mask_name(f"{where}: {self.message}")
