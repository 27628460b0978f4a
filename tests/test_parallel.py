"""`--jobs`: the same findings, in the same order, whatever the number of workers."""

from pathlib import Path

import pytest

from scanner.detect import Detector
from scanner.parallel import detect_chunks
from scanner.readers import read_records
from scanner.scan import _chunks

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def findings_with(analyzer, path, jobs, chunk_size):
    detector = Detector(analyzer)
    found = []
    for chunk, findings_lists in detect_chunks(detector, _chunks(read_records(path), chunk_size), jobs):
        found.extend(f.to_dict(show_value=True) for findings in findings_lists for f in findings)
    return found


@pytest.mark.parametrize(
    ("path", "chunk_size"),
    [
        (FIXTURES / "notes.jsonl", 16),
        (FIXTURES / "tables" / "dump_mysql.sql", 7),
        (FIXTURES / "tables" / "patients_cp1252.csv", 5),
    ],
)
def test_jobs_1_and_2_give_identical_findings(analyzer, path, chunk_size):
    one = findings_with(analyzer, path, 1, chunk_size)
    two = findings_with(analyzer, path, 2, chunk_size)
    assert one and one == two


def test_scan_cli_jobs_2_writes_same_findings_file(cli_runner, cli_app, tmp_path):
    outputs = []
    for jobs in ("1", "2"):
        findings = tmp_path / f"f{jobs}.jsonl"
        result = cli_runner.invoke(cli_app, ["scan", str(FIXTURES / "tables" / "patients.csv"), "-q", "--jobs", jobs, "--findings", str(findings)])
        assert result.exit_code == 0, result.output
        outputs.append(findings.read_text())
    assert outputs[0] == outputs[1] and outputs[0]
