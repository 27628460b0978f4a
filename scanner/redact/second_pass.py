"""The second pass of a redaction on worker processes (``RedactRun.redacts_in_workers``).

The run's process reads the input again and writes it; a worker, forked after the first
pass (it knows the values learnt, the surrogates computed, the NIR birth dates), is sent
each unit of records with the spool's piece of that unit as the first pass wrote it
(``FindingsSpool.pieces``), checks that every record reads as it did (``InputChanged``),
and sends back what the run's process needs to write and count each record, no more: the
fields whose text changes, the entity types found and replaced and, with ``verify``, the
texts whose digests ``--verify`` keeps.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scanner.generalize import generalized_fields
from scanner.models import Finding, Record
from scanner.redact.spool import checked_entries, stored_findings
from scanner.redact.verify import replacements_written

if TYPE_CHECKING:
    from scanner.redact.pipeline import RedactRun
    from scanner.redact.policy import RedactionPolicy

SentRecord = tuple[str, "str | None", str, dict[str, str], "int | None", bool]
"""A record as it is sent to a worker: its constructor's arguments (as ``Record.__reduce__``
gives them, without a call per record) and whether it counts as one (``Unit.counted``)."""


def sent_record(record: Record, counted: bool) -> SentRecord:
    """A record as it is sent to a worker (``redacted_records`` makes it a record again).

    >>> sent_record(Record("c.csv", None, "1", {"nom": "Roy"}, 2), True)
    ('c.csv', None, '1', {'nom': 'Roy'}, 2, True)
    """
    return record.source, record.table, record.record, record.fields, record.line, counted


RedactWork = tuple[str, bytes, list[SentRecord]]
"""A unit of records sent to a worker: the input file's name, the spool's piece of the
unit and its readable records."""

Verified = tuple[list[str], list[str], list[str]]
"""What ``--verify`` keeps of a record redacted: the generalized texts (kept even if the
record is then dropped), the original values replaced and the ``replacements_written``."""

Tally = tuple[tuple[str, ...], tuple[str, ...]]
"""The entity types of a record's findings and of those replaced, in order: one object for
the records of a unit that have the same (pickled once, counted per tally by the run)."""

Redacted = tuple[dict[str, str], Tally, Verified | None]
"""A record redacted: the new text of each field that changes, its ``Tally`` and with
``verify`` its ``Verified``."""

RedactedRecord = Redacted | str
"""A record redacted, or why it cannot be (``"cannot be scanned (...)"``)."""


def redacted_records(run: RedactRun, work: RedactWork) -> list[RedactedRecord]:
    """The ``RedactedRecord`` of each record of a unit, in order (on a worker of ``run``)."""
    source, piece, sent = work
    records = [Record(*arguments[:-1]) for arguments in sent]
    tallies: dict[Tally, Tally] = {}
    redacted = []
    for record, arguments, stored in zip(records, sent, checked_entries(source, records, piece)):
        result = redacted_record(run, record, arguments[-1], stored)
        if not isinstance(result, str):
            changes, tally, verified = result
            result = changes, tallies.setdefault(tally, tally), verified
        redacted.append(result)
    return redacted


def redacted_record(run: RedactRun, record: Record, counted: bool, stored: list[tuple] | str) -> RedactedRecord:
    """One record redacted with its findings as the spool stores them, and the values
    learnt by the run that occur in it when it counts as a record."""
    if isinstance(stored, str):
        return f"cannot be scanned ({stored})"
    try:
        findings = stored_findings(record, stored)
        found = findings + run.learnt_in(record, findings) if counted else findings
        changes = run.redactor.redact_record(record, found)
        replaced = run.replaced(found)
        written = replacements_written(run.redactor, record, found, replaced) if run.verify else []
    except Exception as error:  # noqa: BLE001 - the record is dropped and reported by the run
        return f"cannot be redacted ({error})"
    generalized = {}
    if run.policy.generalize and counted:
        generalized = generalized_changes(run.policy, record, replaced, changes)
    fields = record.fields
    changes = {name: text for name, text in changes.items() if text != fields.get(name)}
    verified = None
    if run.verify:
        originals = [finding.value or fields[finding.field][finding.start:finding.end] for finding in replaced]
        verified = list(generalized.values()), originals, written
    return changes, (tuple([f.entity_type for f in found]), tuple([f.entity_type for f in replaced])), verified


def generalized_changes(
    policy: RedactionPolicy, record: Record, replaced: list[Finding], changes: dict[str, str],
) -> dict[str, str]:
    """The fields ``policy.generalize`` rewrites in a record redacted (``replaced``, giving
    ``changes``), added to ``changes`` too."""
    redacted_types: dict[str, set[str]] = {}
    for finding in replaced:
        redacted_types.setdefault(finding.field, set()).add(finding.entity_type)
    generalized = generalized_fields(record.fields, policy.generalize, redacted_types, changes)
    changes.update(generalized)
    return generalized
