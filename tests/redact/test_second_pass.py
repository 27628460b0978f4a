"""The second pass on the workers (``redact.second_pass``) fails closed as the run's process
does: a record that reads differently, or a file with more or fewer records, stops the run;
a record that cannot be redacted is dropped and reported, and the summary, the digests of
``--verify`` and the output are those of one job."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scanner.redact import pipeline
from scanner.redact.fields import FieldRedactor
from scanner.redact.pipeline import redact_path
from scanner.redact.policy import RedactionPolicy
from scanner.redact.spool import InputChanged

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
KEY = b"second-pass-test-key-0123456789abc"
ROWS = "".join(f"{n};ROY;Lucie;06 12 34 56 {n:02};lucie.roy{n:02}@example.fr\n" for n in range(1, 21))
TABLE = "id;nom;prenom;telephone;email\n" + ROWS


@pytest.fixture
def small_units(monkeypatch):
    """Units of 4 records: a table of 20 spans five, so two workers share them."""
    monkeypatch.setattr(pipeline, "CHUNK_SIZE", 2)
    monkeypatch.setattr(pipeline, "UNIT_CHUNKS", 2)


def _blanked(row: int):
    """The table with a row turned into spaces (a blank line, not a record: the same size)."""
    line = next(line for line in ROWS.splitlines() if line.startswith(f"{row};"))
    return lambda text: text.replace(f"\n{line}\n", f"\n{' ' * len(line)}\n")


@pytest.mark.parametrize("change, message", [
    (lambda text: text.replace("lucie.roy13", "lucie.roz13"), "record 13 .* reads differently"),
    (_blanked(14), "record 15 .* reads differently"),  # the records after it are read one place earlier
    (_blanked(20), "fewer records"),
])
def test_a_table_changed_between_the_passes_is_not_written(
    tmp_path, detector, monkeypatch, small_units, change, message,
):
    table = tmp_path / "patients.csv"
    table.write_text(TABLE, encoding="utf-8")
    out = tmp_path / "out.csv"
    detect_file = pipeline.RedactRun.detect_file

    def detect_then_change(run, output, spool):
        detect_file(run, output, spool)
        status = table.stat()
        changed = change(TABLE)
        assert changed != TABLE and len(changed) == len(TABLE)
        table.write_text(changed, encoding="utf-8")  # same size, time and inode: only the records tell
        os.utime(table, ns=(status.st_atime_ns, status.st_mtime_ns))

    monkeypatch.setattr(pipeline.RedactRun, "detect_file", detect_then_change)
    with pytest.raises(InputChanged, match=message):
        redact_path(table, out, RedactionPolicy(key=KEY), detector=detector, jobs=2)
    assert not out.exists() and list(tmp_path.iterdir()) == [table]


@pytest.mark.parametrize("fixture", ["tables/patients.csv", "tables/patients.jsonl"])
@pytest.mark.parametrize("verify", [False, True])
def test_the_workers_drop_and_count_records_as_the_run_process_does(
    tmp_path, detector, monkeypatch, small_units, fixture, verify,
):
    original = FieldRedactor.redact_record

    def failing(self, record, findings, widths=None):
        if record.record in ("3", "10"):
            raise ValueError("no surrogate")
        return original(self, record, findings, widths)

    monkeypatch.setattr(FieldRedactor, "redact_record", failing)
    source, runs = FIXTURES / fixture, []
    verify_file = pipeline.RedactRun.verify_file
    for jobs in (1, 2):
        digests = []

        def remembered(run, out, digests=digests):
            digests.append((set(run.digests.originals), set(run.digests.replacements)))
            return verify_file(run, out)

        monkeypatch.setattr(pipeline.RedactRun, "verify_file", remembered)
        out = tmp_path / f"{jobs}{source.suffix}"
        summary = redact_path(source, out, RedactionPolicy(key=KEY), detector=detector, verify=verify, jobs=jobs)
        runs.append((out.read_bytes(), summary.records_read, summary.records_redacted, summary.records_dropped,
                     summary.findings, summary.replacements, summary.errors, summary.residuals, digests))
    assert runs[0] == runs[1]
    assert [(error.line, error.message) for error in runs[0][6]] == [
        (line, f"record {n} cannot be redacted (no surrogate); dropped") for line, n in ((4, 3), (13, 10))
    ] if fixture.endswith(".csv") else [(3, "record 3 cannot be redacted (no surrogate); dropped"),
                                        (10, "record 10 cannot be redacted (no surrogate); dropped")]
