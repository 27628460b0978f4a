"""Record classification: a small pure rules table, no Presidio.

A record is ``sensitive`` when any finding reveals health or other GDPR art. 9
data (a diagnosis, a medication, a religion...), whatever its qualifier: a
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

from scanner.models import Finding, Record, RecordClass, RecordVerdict

SENSITIVE_ENTITIES = frozenset({"DIAGNOSIS", "MEDICATION", "SENSITIVE_TRAIT"})
"""Entity types that make a record sensitive (GDPR art. 9 special categories)."""


def classify(findings: Iterable[Finding]) -> tuple[RecordClass, tuple[str, ...]]:
    """The class of a record and the sorted special categories it reveals."""
    findings = list(findings)
    if not findings:
        return RecordClass.NONE, ()
    categories = {f.category for f in findings if f.category}
    categories = tuple(sorted(categories)) if categories else ()
    if SENSITIVE_ENTITIES.isdisjoint([f.entity_type for f in findings]):
        return RecordClass.ADMINISTRATIVE, categories
    return RecordClass.SENSITIVE, categories


def verdict(record: Record, findings: Iterable[Finding]) -> RecordVerdict:
    """The classification of ``record`` given all of its findings."""
    record_class, categories = classify(findings)
    return RecordVerdict(record.source, record.table, record.record, record_class, categories)
