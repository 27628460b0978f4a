"""Hospital patient and stay numbers end to end: ``vigie scan`` reports them as FR_PATIENT_ID,
masked, and ``vigie redact --verify`` leaves none in clear, in notes and in columns."""

from __future__ import annotations

import json

import pytest

from tests.hostile.harness import assert_clean, assert_no_raw, scan_then_redact

KEY = "00112233445566778899aabbccddeeff"
IPP, NDA, DOSSIER = "8004512367", "2003H847569", "120456789"

CASES = [
    # (id, file name, content, FR_PATIENT_ID findings)
    ("note", "cr.txt", f"Patient vu en consultation.\nIPP : {IPP} - NDA : {NDA}\nN° de dossier {DOSSIER}\n", 3),
    ("jsonl_text", "n.jsonl", json.dumps({"id": 1, "texte": f"Admis (IPP {IPP}), n° de séjour {NDA}."}) + "\n", 2),
    ("csv_columns", "s.csv", f"id,ipp,num_dossier,service\n1,{IPP},{DOSSIER},cardiologie\n2,{NDA},{DOSSIER},neurologie\n", 4),
]


@pytest.mark.parametrize(("name", "content", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_patient_ids_are_reported_masked_and_redacted(tmp_path, name, content, expected):
    scan, report, redact = scan_then_redact(tmp_path, name, content, KEY)
    assert_clean(scan, 0)
    assert report["entities"].get("FR_PATIENT_ID") == expected
    assert_no_raw(scan, [IPP, NDA, DOSSIER])
    assert_clean(redact, 0)
    assert_no_raw(redact, [IPP, NDA, DOSSIER])
