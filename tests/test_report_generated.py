"""The generated dump (benchmarks/generate_dump.py): the report equals truth.json, figure by figure."""

import json
from collections import Counter

import pytest

from benchmarks.generate_dump import PHRASES, generate
from scanner.models import Record
from scanner.scan import ScanConfig, scan_paths

ROWS = 400
FIGURES = ["records", "entities", "findings_by_category", "categories", "persons", "duplicates", "free_text"]


def test_every_note_phrase_gives_exactly_its_declared_findings(detector):
    records = [Record("gen.csv", None, str(i), {"notes": text}) for i, (text, _) in enumerate(PHRASES)]
    for (text, declared), findings in zip(PHRASES, detector.detect_batch(records)):
        got = Counter((f.entity_type, f.category) for f in findings)
        assert got == Counter(declared), text


@pytest.mark.parametrize(("fmt", "jobs"), [("csv", 1), ("mysql", 1), ("postgres", 1), ("csv", 2)])
def test_report_matches_generated_truth(fmt, jobs, detector, tmp_path):
    path, truth = generate(tmp_path, ROWS, notes_share=0.35, fmt=fmt, dup_share=0.1, seed=7)
    assert json.loads((tmp_path / "truth.json").read_text()) == truth
    assert truth["duplicates"] > 0 and truth["free_text"]["sensitive"] > 0
    report = scan_paths([path], ScanConfig(jobs=jobs), detector=detector).to_report()
    for figure in FIGURES:
        assert report[figure] == truth[figure], figure
    [source] = report["sources"]
    assert source["table"] == truth["table"] and source["records"] == ROWS
    columns = {c["column"]: c for c in source["columns"]}
    for name, expected in truth["columns"].items():
        for key, value in expected.items():
            assert columns[name][key] == value, (name, key)


def test_generator_is_seeded_and_streams_rare_notes(tmp_path):
    _, first = generate(tmp_path / "a", 2000, notes_share=0.01, fmt="csv", seed=1)
    _, second = generate(tmp_path / "b", 2000, notes_share=0.01, fmt="csv", seed=1)
    assert first["free_text"] == second["free_text"]
    assert (tmp_path / "a" / "patients.csv").read_bytes() == (tmp_path / "b" / "patients.csv").read_bytes()
    assert 0 < first["free_text"]["records"] < 60
    assert first["persons"]["distinct"] + first["duplicates"] == 2000
