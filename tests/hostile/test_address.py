"""Whole addresses end to end: ``vigie scan`` reports a street with its postcode and city
as one ADDRESS, masked, and ``vigie redact --verify`` replaces all of it."""

from __future__ import annotations

import json

import pytest

from tests.hostile.harness import assert_clean, assert_no_raw, run_vigie

KEY = "00112233445566778899aabbccddeeff"

CASES = [
    # (id, file name, content, ADDRESS findings, raw parts that must not survive)
    ("upper_case_commas", "cr.txt", "Patient : M. Paul Roche\n17 AVENUE GABRIEL PERI, 94400, VILLEJUIF\nVu ce jour.\n",
     1, ["GABRIEL PERI", "94400", "VILLEJUIF"]),
    ("flat_and_district", "n.jsonl",
     json.dumps({"id": 1, "texte": "Domicile : 9 rue Charles Floquet, APPT 188, 75011 PARIS 11. Vu ce jour."}) + "\n",
     1, ["Charles Floquet", "APPT 188", "75011"]),
    ("city_after_cue", "lettre.txt", "Mme Roux, domiciliée à Landerneau, 29800, est suivie pour une HTA.\n",
     1, ["Landerneau", "29800"]),
]


@pytest.mark.parametrize(("name", "content", "expected", "raw"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_whole_addresses_are_reported_masked_and_redacted(tmp_path, name, content, expected, raw):
    source = tmp_path / "in" / name
    source.parent.mkdir()
    source.write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    scan = run_vigie(["scan", source, "--findings", out / "f.jsonl", "--report", out / "report.json", "--jobs", "1"],
                     outputs=out)
    assert_clean(scan, 0)
    assert json.loads((out / "report.json").read_text())["entities"].get("ADDRESS") == expected
    assert_no_raw(scan, raw)
    redacted = tmp_path / "redacted"
    redacted.mkdir()
    redact = run_vigie(["redact", source, "--output", redacted / name, "--verify"], outputs=redacted,
                       env={"VIGIE_KEY": KEY})
    assert_clean(redact, 0)
    assert_no_raw(redact, raw)
