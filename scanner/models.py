"""The types that flow through the pipeline: reader -> detector -> classifier -> sinks.

>>> r = Record(source="notes.jsonl", table=None, record="N1", fields={"text": "RAS"}, line=1)
>>> r.locator
'notes.jsonl, line 1'
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple

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

    def __reduce__(self):
        """Pickled as its fields in order: a third of the time and two thirds of the bytes of
        a dataclass's state (findings cross to and from worker processes by the million).

        >>> import pickle
        >>> f = Finding("p.csv", None, "7", "nom", "PERSON", 0, 4, 0.9, "r", value="ROUX")
        >>> g = pickle.loads(pickle.dumps(f)); g == f and g.value == "ROUX"
        True
        """
        return Finding, (self.source, self.table, self.record, self.field, self.entity_type, self.start, self.end,
                         self.score, self.recognizer, self.category, self.qualifier, self.value)

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


class Hit(NamedTuple):
    """A result in compact form, in the order of ``Finding``'s fields from ``entity_type``:
    what a detector found in one cell, without where the cell is.

    A tuple with field names: it unpacks, compares and pickles as a plain tuple. It takes
    0.3 µs to build against 0.03 and, unlike a plain tuple, stays tracked by the garbage
    collector; a scan measured no slower for it.

    >>> hit = Hit("FR_NIR", 0, 15, 1.0, "FrNirRecognizer")
    >>> hit.entity_type, hit.end - hit.start, hit.category
    ('FR_NIR', 15, None)
    """

    entity_type: str
    start: int
    end: int
    score: float
    recognizer: str
    category: str | None = None
    qualifier: str | None = None


FieldHit = tuple
"""A finding without its record: ``(field, *hit)``, its field's name then the ``Hit``'s
entity type, offsets, score, recognizer, category and qualifier (its value is the field's
text at those offsets)."""


def field_hits(findings: list[Finding]) -> list[FieldHit]:
    """Findings as ``FieldHit`` tuples (their values left out: the fields' text at their offsets).

    >>> field_hits([Finding("c.csv", None, "1", "nom", "PERSON", 0, 5, 0.9, "r", value="Lucie")])
    [('nom', 'PERSON', 0, 5, 0.9, 'r', None, None)]
    """
    return [(f.field, f.entity_type, f.start, f.end, f.score, f.recognizer, f.category, f.qualifier) for f in findings]


@dataclass(slots=True)
class Block:
    """The records of a batch from one table, column by column: ``cells[j][i]`` is the value
    of field ``names[j]`` in record ``rows[i]`` of the batch (None when the record lacks the
    field), and ``hits[j][i]`` its hits (filled by ``Detector.detect_blocks``).

    ``names`` come in the order the fields first appear. A record that lists its fields in
    another order has the columns of its fields, in its own order, in ``orders`` (by row
    of the block). ``field_lists`` holds each distinct list of fields of the block's
    records, with the first row (of the batch) that has it.

    >>> block = Block("a.csv", None, ["nom", "cp"], [0], cells=[["ROUX"], ["-"]])
    >>> block.hits = [[(Hit("PERSON", 0, 4, 0.85, "column"),)], [()]]
    >>> [(f.field, f.entity_type, f.value) for f in block.findings(Record("a.csv", None, "7", {}), 0)]
    [('nom', 'PERSON', 'ROUX')]
    """

    source: str
    table: str | None
    names: list[str] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    orders: dict[int, list[int]] = field(default_factory=dict)
    field_lists: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)
    cells: list[list[str | None]] = field(default_factory=list)
    hits: list[list[tuple[Hit, ...]]] = field(default_factory=list)

    def place(self, row: int, names: tuple[str, ...]) -> list[int] | None:
        """Take the list of fields ``names``, first seen in record ``row`` of the batch (its
        new fields become the last columns); the columns of its fields in its order, or None
        when that is the block's order."""
        self.field_lists.append((row, names))
        positions = {name: j for j, name in enumerate(self.names)}
        for name in names:
            if name not in positions:
                positions[name] = len(self.names)
                self.names.append(name)
        columns = [positions[name] for name in names]
        return None if all(a < b for a, b in zip(columns, columns[1:])) else columns

    def findings(self, record: Record, i: int, only: Container[str] | None = None) -> list[Finding]:
        """The findings of ``record``, row ``i`` of the block, in its field order (in the
        fields ``only`` if given)."""
        source, table, number = self.source, self.table, record.record
        findings = []
        for j in self.orders.get(i, range(len(self.names))):
            hits, name = self.hits[j][i], self.names[j]
            if hits and (only is None or name in only):
                text = self.cells[j][i]
                findings.extend([
                    Finding(source, table, number, name, entity_type, start, end, score,
                            recognizer, category, qualifier, text[start:end])
                    for entity_type, start, end, score, recognizer, category, qualifier in hits
                ])
        return findings


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
