"""Record classification: a small pure rules table, no Presidio.

A record is ``sensitive`` when any finding reveals health or other GDPR art. 9
data (a diagnosis, a procedure, a medication, a religion...), whatever its qualifier: a
negated or hypothetical diagnosis, or one about a relative, is still health
data. It is ``administrative`` when it holds identity or contact data only,
and ``none`` when nothing was found.

>>> from scanner.models import Finding
>>> f = lambda t, c=None: Finding("s", None, "1", "text", t, 0, 1, 1.0, "r", c)
>>> classify([f("FR_NIR"), f("DIAGNOSIS", "hiv_sti")])
(<RecordClass.SENSITIVE: 'sensitive'>, ('hiv_sti',))
>>> classify([f("PHONE_NUMBER")])
(<RecordClass.ADMINISTRATIVE: 'administrative'>, ())
>>> classify([])
(<RecordClass.NONE: 'none'>, ())
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter

from scanner.models import Block, Finding, Record, RecordClass, RecordVerdict

SENSITIVE_ENTITIES = frozenset({"DIAGNOSIS", "PROCEDURE", "MEDICATION", "SENSITIVE_TRAIT"})
"""Entity types that make a record sensitive (GDPR art. 9 special categories). A finding
of another type with a category makes it sensitive too: a psychiatric facility
(``HEALTH_FACILITY`` with ``mental_health``) reveals health care, a hospital alone does not."""


def is_sensitive(entity_type: str, category: str | None) -> bool:
    """Whether a finding of ``entity_type`` with ``category`` makes its record sensitive.

    >>> is_sensitive("HEALTH_FACILITY", None), is_sensitive("HEALTH_FACILITY", "mental_health")
    (False, True)
    """
    return entity_type in SENSITIVE_ENTITIES or category is not None


def classify(findings: Iterable[Finding]) -> tuple[RecordClass, tuple[str, ...]]:
    """The class of a record and the sorted special categories it reveals."""
    findings = list(findings)
    if not findings:
        return RecordClass.NONE, ()
    categories = {f.category for f in findings if f.category}
    categories = tuple(sorted(categories)) if categories else ()
    if not any(is_sensitive(f.entity_type, f.category) for f in findings):
        return RecordClass.ADMINISTRATIVE, categories
    return RecordClass.SENSITIVE, categories


def verdict(record: Record, findings: Iterable[Finding]) -> RecordVerdict:
    """The classification of ``record`` given all of its findings."""
    record_class, categories = classify(findings)
    return RecordVerdict(record.source, record.table, record.record, record_class, categories)


HIT_ENTITY_TYPE, HIT_CATEGORY = attrgetter("entity_type"), attrgetter("category")
"""The entity type and the category of a hit (``scanner.models.Hit``)."""


@dataclass(slots=True)
class BlockClasses:
    """The classes of the records of a ``Block``, by row of the block: ``classify`` of each."""

    found: list[bool]
    """Rows with at least one finding."""
    sensitive: set[int]
    sensitive_columns: dict[int, set[int]]
    """For each column that holds a sensitive finding, the rows where it does."""
    categories: dict[int, tuple[str, ...]]
    """The special categories of the rows that reveal some."""

    def record_class(self, i: int) -> RecordClass:
        if i in self.sensitive:
            return RecordClass.SENSITIVE
        return RecordClass.ADMINISTRATIVE if self.found[i] else RecordClass.NONE


def classify_block(block: Block) -> BlockClasses:
    """``classify`` for every record of ``block`` at once, from its hits column by column:
    only a column that holds a sensitive finding or a category is looked at row by row.

    >>> from scanner.models import Hit
    >>> block = Block("s", None, ["tel", "note"], [0, 1, 2])
    >>> block.hits = [[(Hit("PHONE_NUMBER", 0, 14, 1.0, "r"),), (), ()],
    ...               [(), (Hit("DIAGNOSIS", 0, 3, 0.9, "t", "hiv_sti"),), ()]]
    >>> classes = classify_block(block)
    >>> [classes.record_class(i).value for i in range(3)], classes.categories
    (['administrative', 'sensitive', 'none'], {1: ('hiv_sti',)})
    """
    rows = len(block.rows)
    found = list(map(any, zip(*block.hits))) if block.hits else [False] * rows
    sensitive_columns: dict[int, set[int]] = {}
    categories: dict[int, set[str]] = {}
    for j, column in enumerate(block.hits):
        flat = list(chain.from_iterable(column))
        if SENSITIVE_ENTITIES.isdisjoint(map(HIT_ENTITY_TYPE, flat)) and not any(map(HIT_CATEGORY, flat)):
            continue
        for i, hits in enumerate(column):
            for hit in hits:
                if is_sensitive(hit.entity_type, hit.category):
                    sensitive_columns.setdefault(j, set()).add(i)
                if hit.category:
                    categories.setdefault(i, set()).add(hit.category)
    sensitive = set().union(*sensitive_columns.values())
    return BlockClasses(found, sensitive, sensitive_columns, {i: tuple(sorted(c)) for i, c in categories.items()})


def block_verdicts(records: list[Record], blocks: list[Block], classes: list[BlockClasses]) -> list[RecordVerdict]:
    """The verdict of each record, in record order, from the classes of its block."""
    verdicts: list[RecordVerdict] = [None] * len(records)  # type: ignore[list-item]
    for block, block_classes in zip(blocks, classes):
        for i, row in enumerate(block.rows):
            record = records[row]
            verdicts[row] = RecordVerdict(record.source, record.table, record.record,
                                          block_classes.record_class(i), block_classes.categories.get(i, ()))
    return verdicts
