"""One string at a time: ``analyze_text`` and ``redact_text`` of the public API (``scanner``).

A string is read as a plain-text note is (one record, field ``text``), or as a cell of
column ``field`` when one is given: ``analyze_text(cell, field="num_secu")`` checks it as
``vigie scan`` checks that column of a table.
"""

from __future__ import annotations

from scanner.detect import Detector
from scanner.models import Finding, Record
from scanner.redact.consistency import SeenValues
from scanner.redact.fields import FieldRedactor
from scanner.redact.policy import RedactionPolicy

TEXT_SOURCE = "text"
"""The source name of the findings of a string."""
TEXT_FIELD = "text"
"""The field of a string given without ``field``: that of a plain-text note."""


def analyze_text(text: str, *, field: str | None = None) -> list[Finding]:
    """The findings in ``text``, in reading order (``Finding.value`` is the raw text).

    >>> [(f.entity_type, f.value) for f in analyze_text("Rappeler au 06 12 34 56 78.")]
    [('PHONE_NUMBER', '06 12 34 56 78')]
    """
    return _analyzed(_record(text, field), Detector())


def redact_text(text: str, policy: RedactionPolicy, *, field: str | None = None) -> str:
    """``text`` redacted as ``vigie redact`` redacts a note holding it (or a cell of column
    ``field``), with ``policy``'s operators and key: the same key gives the same pseudonyms.

    >>> policy = RedactionPolicy(key=b"k" * 32, operators={"PHONE_NUMBER": "tag"})
    >>> redact_text("Rappeler au 06 12 34 56 78.", policy)
    'Rappeler au <PHONE_NUMBER>.'
    """
    record, detector = _record(text, field), Detector()
    findings = _analyzed(record, detector)
    redactor, seen = FieldRedactor(policy), SeenValues(policy)
    # as vigie redact does over a file: a value replaced once is replaced wherever it recurs
    seen.learn_findings(record, [f for f in findings if policy.operator_for(f.entity_type) != "keep"])
    findings = findings + seen.findings(record, findings, detector.absent_of(record.source, record.table))
    return redactor.redact_record(record, findings).get(field or TEXT_FIELD, text)


def _record(text: str, field: str | None) -> Record:
    return Record(TEXT_SOURCE, None, "1", {field or TEXT_FIELD: text}, line=1)


def _analyzed(record: Record, detector: Detector) -> list[Finding]:
    return detector.detect_batch([record])[0]
