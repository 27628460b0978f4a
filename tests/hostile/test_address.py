"""Whole addresses end to end: ``vigie scan`` reports a street with its postcode and city
as one ADDRESS, masked, and ``vigie redact --verify`` replaces all of it."""

from __future__ import annotations

import json

import pytest

from tests.hostile.harness import assert_clean, assert_no_raw, scan_then_redact

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
    scan, report, redact = scan_then_redact(tmp_path, name, content, KEY)
    assert_clean(scan, 0)
    assert report["entities"].get("ADDRESS") == expected
    assert_no_raw(scan, raw)
    assert_clean(redact, 0)
    assert_no_raw(redact, raw)
