"""Counters over a scan and the JSON report built from them (pure, no terminal output).

The report (``schema_version`` 2) sizes the exposure: records per class, findings per
entity type and per category, distinct persons and duplicates (keyed hashes only, see
``scanner.persons``), free-text records, per source/table/column figures, watchlist hits
by line number, masked examples and unreadable parts. No raw value is ever stored.
"""

from __future__ import annotations

import json
from importlib import metadata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from scanner.classify import SENSITIVE_ENTITIES
from scanner.columns import ColumnKind
from scanner.masking import mask
from scanner.models import Finding, ReadError, Record, RecordClass, RecordVerdict
from scanner.persons import PersonCounter, name_tokens, person_material, row_name
from scanner.watchlist import Watchlist

SCHEMA_VERSION = 2

FAIL_ON = {
    "any": (RecordClass.SENSITIVE, RecordClass.ADMINISTRATIVE),
    "administrative": (RecordClass.SENSITIVE, RecordClass.ADMINISTRATIVE),
    "sensitive": (RecordClass.SENSITIVE,),
}
"""``--fail-on`` level -> record classes that meet it ("any" = any finding at all)."""

KindOf = Callable[[str], "ColumnKind | None"]


def vigie_version() -> str:
    """The installed vigie version ("unknown" when run from a bare checkout)."""
    try:
        return metadata.version("vigie")
    except metadata.PackageNotFoundError:
        return "unknown"


def _no_kind(field: str) -> ColumnKind | None:
    return None


def share(part: int, whole: int) -> float:
    """``part / whole`` rounded to 4 places, 0.0 for an empty whole."""
    return round(part / whole, 4) if whole else 0.0


@dataclass
class ColumnStats:
    """One column (field) of one source and table."""

    kind: str | None = None
    rows: int = 0  # records where the field has a non-blank value
    sensitive_rows: int = 0  # records where this field holds a health or art. 9 finding
    findings: Counter = field(default_factory=Counter)


@dataclass
class TableStats:
    """One table of one source (``table`` is None for flat files)."""

    records: int = 0
    sensitive: int = 0
    columns: dict[str, ColumnStats] = field(default_factory=dict)
    free_text: set[str] = field(default_factory=set)  # names of its free-text columns


def _add_columns(table: TableStats, fields: dict[str, str], kind_of: KindOf) -> None:
    """Start the stats of the fields ``table`` has not seen yet, in field order."""
    for name in fields:
        if name not in table.columns:
            kind = kind_of(name)
            table.columns[name] = ColumnStats(kind=kind.value if kind else None)
            if kind is ColumnKind.FREE_TEXT:
                table.free_text.add(name)


@dataclass
class ScanSummary:
    """Everything the report says, accumulated record by record."""

    files: int = 0
    records: int = 0
    classes: Counter = field(default_factory=Counter)
    entities: Counter = field(default_factory=Counter)
    categories: Counter = field(default_factory=Counter)
    findings_by_category: Counter = field(default_factory=Counter)
    errors: list[ReadError] = field(default_factory=list)
    examples: dict[str, str] = field(default_factory=dict)
    persons: PersonCounter = field(default_factory=PersonCounter)
    free_text_records: int = 0
    free_text_sensitive: int = 0
    tables: dict[tuple[str, str | None], TableStats] = field(default_factory=dict)
    watchlist: Watchlist | None = None
    watch_hits: Counter = field(default_factory=Counter)
    inputs: list[str] = field(default_factory=list)

    def add(
        self,
        findings: list[Finding],
        verdict: RecordVerdict,
        record: Record | None = None,
        kind_of: KindOf = _no_kind,
    ) -> None:
        """Count one scanned record (``kind_of`` gives the column kind of a field)."""
        if record is None:
            self._count_findings([findings], [verdict])
        else:
            self.add_records([record], [findings], [verdict], lambda source, table: kind_of)

    def add_records(
        self,
        records: list[Record],
        findings: list[list[Finding]],
        verdicts: list[RecordVerdict],
        kinds: Callable[[str, str | None], KindOf],
    ) -> None:
        """Count scanned records: the same figures as ``add`` on each in turn, gathered per
        call (one counter update for all the records, not one increment per field).
        ``kinds(source, table)`` gives the ``kind_of`` of a table; ``verdicts`` are those
        of ``classify.verdict`` for the records and their findings."""
        self._count_findings(findings, verdicts)
        tables: dict[tuple[str, str | None], tuple[TableStats, KindOf, list, list, list]] = {}
        for record, found, verdict in zip(records, findings, verdicts):
            key = (record.source, record.table)
            counts = tables.get(key)
            if counts is None:
                counts = tables[key] = (self._table(key), kinds(*key), [], [], [])
            table, kind_of, filled, by_entity, sensitive_fields = counts
            sensitive = verdict.record_class is RecordClass.SENSITIVE
            table.records += 1
            table.sensitive += sensitive
            fields = record.fields
            columns = table.columns
            if not columns.keys() >= fields.keys():
                _add_columns(table, fields, kind_of)
            filled.extend([name for name, value in fields.items() if value and not value.isspace()])  # value.strip()
            if found:
                pairs = [(f.field, f.entity_type) for f in found]
                missing = [name for name, _ in pairs if name not in columns]  # a finding on a field the record lacks
                if missing:
                    _add_columns(table, dict.fromkeys(missing, ""), _no_kind)
                by_entity.extend(pairs)
                if sensitive:
                    sensitive_fields.extend({f.field for f in found if f.entity_type in SENSITIVE_ENTITIES})
            if table.free_text and any(fields.get(name, "").strip() for name in table.free_text):
                self.free_text_records += 1
                self.free_text_sensitive += sensitive
            material = person_material(record, found, kind_of)
            if material:
                self.persons.add(*material)
            if self.watchlist is not None:
                self._add_watch(record, found, kind_of)
        for table, _, filled, by_entity, sensitive_fields in tables.values():
            columns = table.columns
            for name, rows in Counter(filled).items():
                columns[name].rows += rows
            for (name, entity_type), count in Counter(by_entity).items():
                columns[name].findings[entity_type] += count
            for name, rows in Counter(sensitive_fields).items():
                columns[name].sensitive_rows += rows

    def _count_findings(self, findings: list[list[Finding]], verdicts: list[RecordVerdict]) -> None:
        self.records += len(verdicts)
        self.classes.update([verdict.record_class for verdict in verdicts])
        categorized = [found for found, verdict in zip(findings, verdicts) if verdict.categories]
        if categorized:  # only findings in free text have a category: few records
            self.categories.update([category for verdict in verdicts for category in verdict.categories])
            self.findings_by_category.update([f.category for found in categorized for f in found if f.category])
        entity_types = [f.entity_type for found in findings for f in found]
        self.entities.update(entity_types)
        missing = set(entity_types) - self.examples.keys()
        for found in findings:  # the first finding of each new type gives its masked example
            if not missing:
                break
            for finding in found:
                if finding.entity_type in missing:
                    missing.discard(finding.entity_type)
                    self.examples[finding.entity_type] = mask(finding.value)

    def _table(self, key: tuple[str, str | None]) -> TableStats:
        table = self.tables.get(key)
        if table is None:
            table = self.tables[key] = TableStats()
        return table

    def fresh(self) -> ScanSummary:
        """An empty summary for a part of this scan (same watchlist, same person keys)."""
        return ScanSummary(watchlist=self.watchlist, persons=self.persons.fresh())

    def merge(self, part: ScanSummary) -> None:
        """Add a part made by ``fresh``: the same figures as if its records were added here.

        Parts must be merged in input order (the first masked example of each type is kept).
        """
        self.records += part.records
        for mine, theirs in ((self.classes, part.classes), (self.entities, part.entities),
                             (self.categories, part.categories), (self.watch_hits, part.watch_hits),
                             (self.findings_by_category, part.findings_by_category)):
            mine.update(theirs)
        for entity_type, example in part.examples.items():
            self.examples.setdefault(entity_type, example)
        self.persons.merge(part.persons)
        self.free_text_records += part.free_text_records
        self.free_text_sensitive += part.free_text_sensitive
        self.errors.extend(part.errors)
        for key, theirs in part.tables.items():
            table = self.tables.setdefault(key, TableStats())
            table.records += theirs.records
            table.sensitive += theirs.sensitive
            table.free_text |= theirs.free_text
            for name, column in theirs.columns.items():
                mine = table.columns.setdefault(name, ColumnStats(kind=column.kind))
                mine.rows += column.rows
                mine.sensitive_rows += column.sensitive_rows
                mine.findings.update(column.findings)

    def _add_watch(self, record: Record, findings: list[Finding], kind_of: KindOf) -> None:
        from scanner.identifiers import nir

        nirs = {nir.compact(f.value) for f in findings if f.entity_type == "FR_NIR"}
        names = [name_tokens(f.value) for f in findings if f.entity_type == "PERSON"]
        row = row_name(record, kind_of)
        if row:
            names.append(name_tokens(row))
        for index in self.watchlist.match(nirs, names):
            self.watch_hits[index] += 1

    def add_error(self, error: ReadError) -> None:
        """Count one part of the input that could not be read."""
        self.errors.append(error)

    @property
    def unparsed(self) -> int:
        return len(self.errors)

    def meets(self, fail_on: str | None) -> bool:
        """Whether the ``--fail-on`` threshold is met."""
        if fail_on is None:
            return False
        return any(self.classes[c] for c in FAIL_ON[fail_on])

    def sources_report(self) -> list[dict]:
        """Per source and table: records, sensitive share, and per column figures."""
        out = []
        for (source, table_name), table in sorted(self.tables.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
            out.append({
                "source": source,
                "table": table_name,
                "records": table.records,
                "sensitive": table.sensitive,
                "sensitive_share": share(table.sensitive, table.records),
                "columns": [
                    {
                        "column": name,
                        "kind": column.kind,
                        "rows": column.rows,
                        "findings": dict(sorted(column.findings.items())),
                        "sensitive_rows": column.sensitive_rows,
                        "sensitive_share": share(column.sensitive_rows, column.rows),
                    }
                    for name, column in table.columns.items()
                ],
            })
        return out

    def watchlist_report(self) -> list[dict] | None:
        if self.watchlist is None:
            return None
        return [{"line": e.line, "records": self.watch_hits[i]} for i, e in enumerate(self.watchlist.entries)]

    def to_report(self) -> dict:
        """The JSON report (schema documented in the README)."""
        return {
            "schema_version": SCHEMA_VERSION,
            "vigie_version": vigie_version(),
            "inputs": list(self.inputs),
            "files": self.files,
            "records": {
                "total": self.records,
                **{c.value: self.classes[c] for c in RecordClass},
                "unparsed": self.unparsed,
            },
            "entities": dict(sorted(self.entities.items())),
            "findings_by_category": dict(sorted(self.findings_by_category.items())),
            "categories": dict(sorted(self.categories.items())),
            "persons": {
                "distinct": self.persons.distinct,
                "method": self.persons.method,
                "keyed_records": self.persons.keyed_records,
            },
            "duplicates": self.persons.duplicates,
            "free_text": {"records": self.free_text_records, "sensitive": self.free_text_sensitive},
            "sources": self.sources_report(),
            "watchlist": self.watchlist_report(),
            "examples": dict(sorted(self.examples.items())),
            "errors": [
                {"source": e.source, "line": e.line, "message": e.message} for e in self.errors
            ],
        }


def write_report(summary: ScanSummary, path: str | Path) -> None:
    """Write the JSON report to ``path``."""
    Path(path).write_text(
        json.dumps(summary.to_report(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
