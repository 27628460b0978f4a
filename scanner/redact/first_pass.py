"""The first pass of a redaction away from the run's process: detection that loses only the
record it cannot scan, and the surrogates of what is found, worked out where the records are
(a worker process, a Spark executor) for the run's cache."""

from __future__ import annotations

from scanner.detect import Detector
from scanner.models import Finding, Record
from scanner.redact.fields import FieldRedactor


def detect_records(detector: Detector, records: list[Record]) -> list[list[Finding] | Exception]:
    """Each record's findings, or the exception that kept it from being scanned: a batch
    that fails is retried one record at a time, so only the culprit is lost.

    >>> class Picky:
    ...     def detect_batch(self, records):
    ...         if any(r.record == "2" for r in records): raise ValueError("bad record")
    ...         return [[] for _ in records]
    >>> detect_records(Picky(), [Record("f", None, n, {}) for n in "12"])
    [[], ValueError('bad record')]
    """
    try:
        return list(detector.detect_batch(records))
    except Exception:  # noqa: BLE001 - retried one by one: only the culprit is dropped
        results: list[list[Finding] | Exception] = []
        for record in records:
            try:
                results.append(detector.detect_batch([record])[0])
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
    results = detect_records(detector, records)
    for record, findings in zip(records, results):
        if not isinstance(findings, Exception):
            try:
                redactor.redact_record(record, findings)
            except Exception:  # noqa: BLE001 - only a warm-up: the run redacts and reports
                pass
    results = [RuntimeError(str(found)) if isinstance(found, Exception) else found for found in results]
    return results, redactor.surrogates.hand_over()
