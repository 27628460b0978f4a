"""``vigie redact`` reports its progress step by step, as ``vigie scan`` does.

The library tells ``on_progress(step, records, bytes_done, bytes_total)``; the CLI draws one
transient bar per step on a terminal's stderr, and nothing on a stderr that is not one.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from scanner.cli import output
from scanner.cli.output import ScanProgress
from scanner.redact.pipeline import redact_path
from scanner.redact.policy import RedactionPolicy

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
KEY = b"redact-progress-key-0123456789abcd"


def _steps(calls: list[tuple]) -> list[str]:
    return [step for i, (step, *_) in enumerate(calls) if i == 0 or calls[i - 1][0] != step]


@pytest.mark.parametrize(
    "fixture, verify, steps, verified_passes",
    [
        ("tables/patients.csv", True, ["detecting", "writing", "verifying"], 2),  # records, then text
        ("tables/dump_postgres.sql", True, ["detecting", "writing", "verifying"], 2),
        ("tables/patients.parquet", True, ["detecting", "writing", "verifying"], 1),  # not scanned as text
        ("notes", False, ["detecting", "writing"], 0),  # a directory of 5 notes
        ("notes.jsonl", False, ["detecting", "writing"], 0),
    ],
)
def test_redaction_reports_each_step_up_to_its_size(fixture, verify, steps, verified_passes, tmp_path, detector):
    source = FIXTURES / fixture
    calls: list[tuple] = []
    out = tmp_path / source.name
    summary = redact_path(source, out, RedactionPolicy(key=KEY), verify=verify, detector=detector,
                          on_progress=lambda *args: calls.append(args))
    assert summary.output == out
    assert _steps(calls) == steps
    read = sum(p.stat().st_size for p in ([source] if source.is_file() else source.rglob("*")) if p.is_file())
    written = sum(p.stat().st_size for p in ([out] if out.is_file() else out.rglob("*")) if p.is_file())
    last = {step: args for step, *args in calls}
    assert last["detecting"] == [summary.records_read, read, read]
    assert last["writing"] == [summary.records_read, read, read]
    if verify:
        assert last["verifying"] == [summary.records_read, verified_passes * written, verified_passes * written]
    assert all(done <= total for _, _, done, total in calls)


def _drawn(monkeypatch, terminal: bool) -> str:
    stderr = io.StringIO()
    monkeypatch.setattr(output, "err_console", Console(file=stderr, force_terminal=terminal, width=120))
    with ScanProgress() as progress:
        progress.step("detecting", 10, 50, 100)
        progress.step("detecting", 20, 100, 100)
        progress.step("writing", 20, 100, 100)
    return stderr.getvalue()


@pytest.mark.parametrize("terminal, shown", [(True, ["detecting", "writing", "20 records"]), (False, [])])
def test_the_cli_draws_a_bar_per_step_on_a_terminal_only(terminal, shown, monkeypatch):
    drawn = _drawn(monkeypatch, terminal)
    assert all(text in drawn for text in shown)
    assert bool(drawn) is terminal
