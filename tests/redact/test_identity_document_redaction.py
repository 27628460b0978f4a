"""Redaction of the INS and identity documents: valid numbers of the same layout, keyed, the
same in a column and in a note, and ``--verify`` passes."""

import csv
import json

import pytest

from scanner.identifiers import cni, driving_licence, nir, passport, residence_permit
from scanner.redact.pipeline import redact_path
from scanner.redact.policy import RedactionPolicy
from scanner.redact.surrogates import surrogate

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))


def shape(text):
    return "".join("9" if c.isdigit() else "A" if c.isalpha() else c for c in text)


@pytest.mark.parametrize(
    ("entity_type", "value", "is_valid", "kept"),
    [
        ("FR_INS", "1 85 05 78 006 084 91", nir.is_valid, "1 85 "),  # sex, year (month shifted like dates)
        ("FR_INS", "785057800608482", nir.is_valid, "785"),  # a NIA stays a NIA
        ("FR_CNI", "8806 923 10285", cni.is_valid, ""),
        ("FR_CNI", "X4RTBPFW4", cni.is_valid, ""),
        ("FR_CNI", "01122A100042", cni.is_valid, ""),
        ("FR_PASSPORT", "12 AB 34567", passport.is_valid, ""),
        ("FR_PASSPORT", "12ab34567", passport.is_valid, ""),
        ("FR_RESIDENCE_PERMIT", "7501234567", residence_permit.is_valid, "75"),
        ("FR_RESIDENCE_PERMIT", "93 12 34 56 78", residence_permit.is_valid, "93 "),
        ("FR_DRIVING_LICENCE", "88 06 75 123456", driving_licence.is_valid, "88 "),
        ("FR_DRIVING_LICENCE", "13AB123456789", driving_licence.is_valid, ""),
    ],
)
def test_surrogates_are_valid_numbers_of_the_same_layout(entity_type, value, is_valid, kept):
    new = surrogate(entity_type, value, KEY)
    assert new != value and shape(new) == shape(value) and new.startswith(kept)
    assert is_valid(new)
    assert surrogate(entity_type, value, KEY) == new
    assert surrogate(entity_type, value, OTHER_KEY) != new
    assert [c.islower() for c in new] == [c.islower() for c in value]  # letter case kept


def test_laminated_cni_keeps_its_office_and_licence_its_department():
    assert surrogate("FR_CNI", "8806 923 10285", KEY)[5:8] == "923"
    assert surrogate("FR_DRIVING_LICENCE", "880675123456", KEY)[4:6] == "75"


def test_ins_gets_the_surrogate_of_the_nir_it_is():
    assert surrogate("FR_INS", "185057800608491", KEY) == surrogate("FR_NIR", "185057800608491", KEY)


ROWS = [
    {"nom": "ROUX", "matricule_ins": "185057800608491", "num_cni": "880692310285", "passeport": "12AB34567",
     "num_titre_sejour": "7501234567", "permis_conduire": "13AB123456789",
     "note": "CNI n° 880692310285, passeport 12AB34567. INS 185057800608491 (OID 1.2.250.1.213.1.4.8)."},
    {"nom": "MARTIN", "matricule_ins": "263039715437514", "num_cni": "X4RTBPFW4", "passeport": "05CD98765",
     "num_titre_sejour": "0312345678", "permis_conduire": "880675123456",
     "note": "Titre de séjour n° 0312345678 et permis de conduire 880675123456 présentés."},
]
COLUMNS = ["matricule_ins", "num_cni", "passeport", "num_titre_sejour", "permis_conduire"]


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "identites.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(ROWS[0]))
        writer.writeheader()
        writer.writerows(ROWS)
    return path


def test_redaction_of_identity_documents_passes_verify(source, tmp_path, detector):
    output = tmp_path / "out.csv"
    summary = redact_path(source, output, RedactionPolicy(key=KEY), detector=detector, verify=True)
    assert not summary.verify_failed
    text = output.read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    for before, after in zip(ROWS, rows):
        for column in COLUMNS:
            assert after[column] != before[column] and shape(after[column]) == shape(before[column])
            assert before[column] not in text
            if before[column] in before["note"]:
                assert after[column] in after["note"]  # the same surrogate in the note


def test_redaction_of_an_ins_in_a_note_passes_verify(tmp_path, detector):
    source = tmp_path / "notes.jsonl"
    note = "Identité qualifiée : INS 1 85 05 78 006 084 91, OID 1.2.250.1.213.1.4.8 ; CNI n° X4RTBPFW4."
    source.write_text(json.dumps({"id": "1", "text": note}, ensure_ascii=False) + "\n", encoding="utf-8")
    output = tmp_path / "out.jsonl"
    summary = redact_path(source, output, RedactionPolicy(key=KEY), detector=detector, verify=True)
    assert not summary.verify_failed
    redacted = json.loads(output.read_text(encoding="utf-8"))["text"]
    assert "1 85 05 78 006 084 91" not in redacted and "X4RTBPFW4" not in redacted
    assert "OID 1.2.250.1.213.1.4.8" in redacted  # the OID is no personal data
