"""The types that flow through the pipeline: reader -> detector -> classifier -> sinks.

>>> r = Record(source="notes.jsonl", table=None, record="N1", fields={"text": "RAS"}, line=1)
>>> r.locator
'notes.jsonl, line 1'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


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

    def to_dict(self, *, show_value: bool = False) -> dict:
        """Serialisable form; the raw value only when explicitly asked."""
        data = {
            "source": self.source,
            "table": self.table,
            "record": self.record,
            "field": self.field,
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

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "table": self.table,
            "record": self.record,
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
        where = f"{self.source}, line {self.line}" if self.line is not None else self.source
        return f"{where}: {self.message}"
