"""Counters over a scan and the JSON report built from them (pure, no terminal output).

The report (``schema_version`` 2) sizes the exposure: records per class, findings per
entity type and per category, distinct persons and duplicates (keyed hashes only, see
``scanner.persons``), free-text records, per source/table/column figures, watchlist hits
by line number, masked examples and unreadable parts. No raw value is ever stored: an
identifier in a file, table or column name or in an error message is masked too.
"""

from __future__ import annotations

import json
from importlib import metadata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from scanner.classify import HIT_CATEGORY, HIT_ENTITY_TYPE, SENSITIVE_ENTITIES, BlockClasses, is_sensitive
from scanner.columns import ColumnKind
from scanner.identifiers import nir
from scanner.masking import mask, mask_name
from scanner.models import Block, Finding, ReadError, Record, RecordClass, RecordVerdict
from scanner.persons import NIR_ENTITY_TYPES, PersonCounter, name_tokens, person_material, row_name
from scanner.watchlist import Watchlist

SCHEMA_VERSION = 2

FAIL_ON = {
    "any": (RecordClass.SENSITIVE, RecordClass.ADMINISTRATIVE),
    "administrative": (RecordClass.SENSITIVE, RecordClass.ADMINISTRATIVE),
    "sensitive": (RecordClass.SENSITIVE,),
}
"""``--fail-on`` level -> record classes that meet it ("any" = any finding at all)."""

KindOf = Callable[[str], "ColumnKind | None"]

CLASS_LEGEND = {
    "sensitive": "reveals health or other special-category data (diagnosis, drug, procedure, religion...)",
    "administrative": "identity or contact data only (name, NIR, phone, address, dates...)",
    "none": "nothing found",
}
"""What each record class means, for the terminal summary and the HTML report."""


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


def _add_columns(table: TableStats, names: Iterable[str], kind_of: KindOf) -> None:
    """Start the stats of the fields ``table`` has not seen yet, in field order."""
    for name in names:
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
    skipped_hidden: int = 0
    """Hidden entries (``.name``) left out of walked directories."""
    skipped_not_data: int = 0
    """Files of walked directories left out as code, documents or images (not data)."""
    sample: int | None = None
    """Rows read per database table (``--sample``), None for every row."""

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
                    _add_columns(table, missing, _no_kind)
                by_entity.extend(pairs)
                if sensitive:
                    sensitive_fields.extend({f.field for f in found if is_sensitive(f.entity_type, f.category)})
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

    def add_blocks(
        self,
        records: list[Record],
        blocks: list[Block],
        classes: list[BlockClasses],
        kinds: Callable[[str, str | None], KindOf],
    ) -> None:
        """Count scanned records given column by column (``Detector.detect_blocks``, with
        ``classify.classify_block`` of each block): the same figures as ``add_records``
        with their findings and verdicts, worked out a column at a time."""
        examples: dict[str, tuple[int, int, str]] = {}  # the first (row, column, value) of each new type
        field_lists = sorted((row, block.source, block.table, names) for block in blocks for row, names in block.field_lists)
        for _, source, table_name, names in field_lists:  # new fields, in record order
            table = self._table((source, table_name))
            if not table.columns.keys() >= set(names):
                _add_columns(table, names, kinds(source, table_name))
        for block, block_classes in zip(blocks, classes):
            key = (block.source, block.table)
            table, kind_of = self._table(key), kinds(*key)
            rows, sensitive = len(block.rows), block_classes.sensitive
            found = sum(block_classes.found)
            self.records += rows
            for record_class, count in ((RecordClass.SENSITIVE, len(sensitive)),
                                        (RecordClass.ADMINISTRATIVE, found - len(sensitive)),
                                        (RecordClass.NONE, rows - found)):
                if count:
                    self.classes[record_class] += count
            self.categories.update(chain.from_iterable(block_classes.categories.values()))
            table.records += rows
            table.sensitive += len(sensitive)
            nir_columns = []  # the structured columns that hold a NIR, in field order
            for j, (name, cells, column) in enumerate(zip(block.names, block.cells, block.hits)):
                stats = table.columns[name]
                filled = list(filter(None, cells))  # neither missing (None) nor empty
                stats.rows += len(filled) - sum(map(str.isspace, filled))
                flat = list(chain.from_iterable(column))
                if not flat:
                    continue
                counts = Counter(map(HIT_ENTITY_TYPE, flat))
                stats.findings.update(counts)
                self.entities.update(counts)
                if not NIR_ENTITY_TYPES.isdisjoint(counts) and kind_of(name) is not ColumnKind.FREE_TEXT:
                    nir_columns.append((cells, column))
                if any(map(HIT_CATEGORY, flat)):
                    self.findings_by_category.update([hit.category for hit in flat if hit.category])
                stats.sensitive_rows += len(block_classes.sensitive_columns.get(j, ()))
                for entity_type in counts.keys() - self.examples.keys():
                    i, hit = next((i, hit) for i, hits in enumerate(column) for hit in hits if hit.entity_type == entity_type)
                    place = block.orders[i].index(j) if i in block.orders else j  # in the record's field order
                    first = (block.rows[i], place, cells[i][hit.start:hit.end])
                    if entity_type not in examples or first < examples[entity_type]:
                        examples[entity_type] = first
            free_text = [cells for name, cells in zip(block.names, block.cells) if name in table.free_text]
            if free_text:
                written = {i for cells in free_text for i, text in enumerate(cells) if text and not text.isspace()}
                self.free_text_records += len(written)
                self.free_text_sensitive += len(written & sensitive)
            self._add_persons(records, block, nir_columns, kind_of)
        for entity_type, (_, _, value) in examples.items():
            self.examples[entity_type] = mask(value)

    def _add_persons(self, records: list[Record], block: Block, nir_columns: list, kind_of: KindOf) -> None:
        """The person keys of a block's records: ``person_material`` of each, the NIR of a
        structured column read column by column (``nir_columns``: its cells and hits, in
        field order), the other records one by one."""
        material: list[tuple[str, str] | None] = [None] * len(block.rows)
        for cells, column in nir_columns:
            for i, hits in enumerate(column):
                if hits and material[i] is None:
                    first = hits[0]  # the cell's only hit, usually
                    if first.entity_type in NIR_ENTITY_TYPES and first.end > first.start:
                        value = cells[i][first.start:first.end]
                    else:
                        value = next((v for hit in hits if hit.entity_type in NIR_ENTITY_TYPES
                                      and (v := cells[i][hit.start:hit.end])), "")
                    if value:
                        material[i] = ("nir", "nir:" + nir.compact(value))
        for i in block.orders:  # which NIR comes first depends on the record's own field order
            material[i] = None
        # Without a NIR in a structured column, person_material only looks at free text.
        free_text = {n for n in block.names if kind_of(n) is ColumnKind.FREE_TEXT}
        for i, row in enumerate(block.rows):
            if material[i] is None or self.watchlist is not None:
                record = records[row]
                findings = block.findings(record, i, None if self.watchlist is not None or i in block.orders else free_text)
                if material[i] is None:
                    material[i] = person_material(record, findings, kind_of)
                if self.watchlist is not None:
                    self._add_watch(record, findings, kind_of)
        self.persons.add_all(list(filter(None, material)))

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
        nirs = {nir.compact(f.value) for f in findings if f.entity_type in NIR_ENTITY_TYPES}
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
                "source": mask_name(source),
                "table": None if table_name is None else mask_name(table_name),
                "records": table.records,
                "sensitive": table.sensitive,
                "sensitive_share": share(table.sensitive, table.records),
                "columns": [
                    {
                        "column": mask_name(name),
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
            "inputs": [mask_name(path) for path in self.inputs],
            "files": self.files,
            "skipped_hidden": self.skipped_hidden,
            "skipped_not_data": self.skipped_not_data,
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
                {"source": mask_name(e.source), "line": e.line, "message": mask_name(e.message)} for e in self.errors
            ],
            **({"sample": {"rows_per_table": self.sample, "method": "random"}} if self.sample is not None else {}),
        }


def makes_sensitive(column: dict) -> bool:
    """Whether a column of ``sources_report`` is one that makes records sensitive: it holds
    health or art. 9 findings, or it is free text with findings.

    >>> makes_sensitive({"kind": "free_text", "findings": {"PERSON": 2}, "sensitive_rows": 0})
    True
    >>> makes_sensitive({"kind": "structured", "findings": {"FR_NIR": 9}, "sensitive_rows": 0})
    False
    """
    return bool(column["findings"]) and (
        column["sensitive_rows"] > 0 or column["kind"] == "free_text"
        or not SENSITIVE_ENTITIES.isdisjoint(column["findings"])
    )


def ranked_columns(sources: list[dict]) -> list[tuple[dict, dict]]:
    """The ``(source, column)`` pairs of ``sources_report`` with findings, most relevant
    first: the columns that make records sensitive (``makes_sensitive``) by sensitive rows,
    then the others (identity, contact) by findings; ties keep the sources' order.

    >>> col = lambda name, kind, findings, sensitive: {"column": name, "kind": kind, "findings": findings,
    ...                                                "sensitive_rows": sensitive}
    >>> sources = [{"columns": [col("nir", "structured", {"FR_NIR": 90}, 0), col("motif", "free_text", {"DIAGNOSIS": 3}, 3),
    ...                         col("id", None, {}, 0)]},
    ...            {"columns": [col("observation", "free_text", {"DIAGNOSIS": 8}, 8)]}]
    >>> [column["column"] for _, column in ranked_columns(sources)]
    ['observation', 'motif', 'nir']
    """
    pairs = [(source, column) for source in sources for column in source["columns"] if column["findings"]]
    return sorted(pairs, key=lambda pair: (
        not makes_sensitive(pair[1]), -pair[1]["sensitive_rows"], -sum(pair[1]["findings"].values()),
    ))


def next_steps(report: dict, written: Iterable[str] = ()) -> list[str]:
    """What to do after this scan, fitted to what it found; ``written`` are the output
    options already given (``--html``, ``--findings``...).

    >>> next_steps({"records": {"sensitive": 0, "administrative": 0, "unparsed": 0}})
    ['nothing to redact: no personal data found']
    >>> for step in next_steps({"records": {"sensitive": 2, "administrative": 1, "unparsed": 1}}, ["--html"]):
    ...     print(step)
    list every finding (record, column, position; masked): vigie scan ... --findings findings.jsonl
    redact with a key (consistent pseudonyms): vigie keygen vigie.key, then vigie redact INPUT --output OUT --key-file vigie.key
    see the unreadable parts: vigie scan ... --report report.json (its errors list)
    """
    records = report["records"]
    written = set(written)
    if not records.get("sensitive") and not records.get("administrative"):
        return ["nothing to redact: no personal data found"]
    steps = []
    if "--html" not in written:
        steps.append("see every table and column, shareable (masked): vigie scan ... --html report.html")
    if "--findings" not in written:
        steps.append("list every finding (record, column, position; masked): vigie scan ... --findings findings.jsonl")
    steps.append("redact with a key (consistent pseudonyms): vigie keygen vigie.key, "
                 "then vigie redact INPUT --output OUT --key-file vigie.key")
    if records.get("unparsed") and "--report" not in written:
        steps.append("see the unreadable parts: vigie scan ... --report report.json (its errors list)")
    return steps


def write_report(summary: ScanSummary, path: str | Path) -> None:
    """Write the JSON report to ``path``."""
    Path(path).write_text(
        json.dumps(summary.to_report(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
