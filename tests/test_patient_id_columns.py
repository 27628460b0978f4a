"""A column named for a hospital patient or stay number makes its bare numbers FR_PATIENT_ID."""

import pytest

from scanner.detect import Detector
from scanner.models import Record


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"ipp": "8004512367"}, {("ipp", "FR_PATIENT_ID", "8004512367")}),
        ({"IPP": "2003H847569"}, {("IPP", "FR_PATIENT_ID", "2003H847569")}),
        ({"nda": "95012345"}, {("nda", "FR_PATIENT_ID", "95012345")}),
        ({"num_dossier": "120456789"}, {("num_dossier", "FR_PATIENT_ID", "120456789")}),
        ({"numeroSejour": "1204UZO201"}, {("numeroSejour", "FR_PATIENT_ID", "1204UZO201")}),
        ({"no_examen": "20231207"}, {("no_examen", "FR_PATIENT_ID", "20231207")}),
        # Row ids and codes of other columns are not patient numbers.
        ({"id": "8004512367"}, set()),
        ({"commande_id": "120456789"}, set()),
        ({"montant": "125000"}, set()),
        ({"ipp": "12345"}, set()),  # too short
        ({"ipp": "185057800608491"}, {("ipp", "FR_NIR", "185057800608491")}),  # a NIR typed there
    ],
)
def test_patient_id_columns_lend_their_name_as_cue(detector, fields, expected):
    fresh = Detector(detector.analyzer)  # column kinds are cached per detector
    [findings] = fresh.detect_batch([Record(source="t.csv", table="sejours", record="1", fields=fields)])
    assert {(f.field, f.entity_type, fields[f.field][f.start : f.end]) for f in findings} == expected
