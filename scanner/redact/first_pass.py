"""The first pass of a redaction away from the run's process: detection that loses only the
record it cannot scan, and what is learnt of what is found (``learnt_of``) or the surrogates
of what is found, worked out where the records are (a worker process, a Spark executor) for
the run's process."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from scanner.detect import Detector
from scanner.models import FieldHit, Finding, Record
from scanner.persons import NIR_ENTITY_TYPES
from scanner.redact.consistency import SeenValues
from scanner.redact.fields import FieldRedactor, NirBirths
from scanner.redact.spool import pickled_entries, spool_entry, stored_findings

T = TypeVar("T")


def detect_records(detect: Callable[[list[Record]], list[list[T]]], records: list[Record]) -> list[list[T] | Exception]:
    """Each record's findings as ``detect`` gives them for a batch (``Detector.detect_batch``,
    ``Detector.detect_field_hits``), or the exception that kept it from being scanned: a
    batch that fails is retried one record at a time, so only the culprit is lost.

    >>> def picky(records):
    ...     if any(r.record == "2" for r in records): raise ValueError("bad record")
    ...     return [[] for _ in records]
    >>> detect_records(picky, [Record("f", None, n, {}) for n in "12"])
    [[], ValueError('bad record')]
    """
    try:
        return list(detect(records))
    except Exception:  # noqa: BLE001 - retried one by one: only the culprit is dropped
        results: list[list[T] | Exception] = []
        for record in records:
            try:
                results.append(detect([record])[0])
            except Exception as error:  # noqa: BLE001
                results.append(error)
        return results


def detect_and_compute_surrogates(
    detector: Detector, redactor: FieldRedactor, records: list[Record],
) -> tuple[list[list[Finding] | RuntimeError], dict]:
    """A first-pass unit detected away from the run's process (a worker, a Spark
    executor): each record's findings (or a picklable error) and the surrogates of the
    values found, handed over from ``redactor``'s cache for the run's own
    (``SurrogateCache.update``), which then redacts with look-ups, in input order.

    >>> from scanner.redact.policy import RedactionPolicy
    >>> class Phones:
    ...     def detect_batch(self, records):
    ...         return [[Finding(r.source, None, r.record, "tel", "PHONE_NUMBER", 0, 14, 1.0, "x")] for r in records]
    >>> redactor = FieldRedactor(RedactionPolicy(key=b"k" * 32))
    >>> found, surrogates = detect_and_compute_surrogates(Phones(), redactor, [Record("f", None, "1", {"tel": "06 12 34 56 78"})])
    >>> [f.entity_type for f in found[0]], len(surrogates) > 0
    (['PHONE_NUMBER'], True)
    """
    results = detect_records(detector.detect_batch, records)
    redactor.surrogates.keep_all()  # the run's process finds each one in what is handed over
    for record, findings in zip(records, results):
        if not isinstance(findings, Exception):
            try:
                redactor.redact_record(record, findings)
            except Exception:  # noqa: BLE001 - only a warm-up: the run redacts and reports
                pass
    results = [RuntimeError(str(found)) if isinstance(found, Exception) else found for found in results]
    return results, redactor.surrogates.hand_over()


@dataclass
class Learnt:
    """What the first pass keeps of a unit of records for a writer that replaces every
    finding (``learnt_of``): their spool entries, pickled where they were worked out (the
    run's process writes them as they are), and what the run learns of them, in input
    order: the birth date beside each NIR and the values seen."""

    count: int
    spooled: bytes
    births: list[tuple]
    seen: list[tuple]


BIRTH_TYPES = NIR_ENTITY_TYPES | {"DATE_TIME"}
"""The entity types that tell the birth date beside a NIR (``NirBirths``)."""


def learnt_of(births: NirBirths, seen: SeenValues, records: list[Record],
              found: list[list[FieldHit] | Exception]) -> Learnt:
    """The records' spool entries and, from those that could be scanned, what ``births`` and
    ``seen`` learn of them (``NirBirths.learnable``, ``SeenValues.learnables_of``).

    >>> from scanner.redact.policy import RedactionPolicy
    >>> row = Record("p.csv", None, "1", {"nir": "185057800608491", "ddn": "12/05/1985"})
    >>> hits = [("nir", "FR_NIR", 0, 15, 1.0, "r", None, None), ("ddn", "DATE_TIME", 0, 10, 1.0, "r", None, None)]
    >>> learnt = learnt_of(NirBirths(b"k" * 32), SeenValues(RedactionPolicy(key=b"k" * 32)), [row], [hits])
    >>> learnt.count, [birth for _, birth in learnt.births]
    (1, [datetime.date(1985, 5, 12)])
    """
    scanned = [(record, hits) for record, hits in zip(records, found) if not isinstance(hits, Exception)]
    return Learnt(len(records), pickled_entries(list(map(spool_entry, records, found))),
                  [birth for record, hits in scanned if (birth := _nir_birth(births, record, hits)) is not None],
                  seen.learnables_of(scanned))


def _nir_birth(births: NirBirths, record: Record, hits: list[FieldHit]) -> tuple | None:
    """``births.learnable`` of a record, from the findings that tell it (its NIRs and dates,
    none without a NIR)."""
    if not any(hit[1] in NIR_ENTITY_TYPES for hit in hits):
        return None
    return births.learnable(record, stored_findings(record, [hit for hit in hits if hit[1] in BIRTH_TYPES]))
