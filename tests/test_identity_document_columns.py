"""Columns of identity documents and INS: the header lends its label, an INS column (by its
header or by a column of INS OIDs beside it) makes its NIRs FR_INS."""

import pytest

from scanner.detect import Detector
from scanner.models import Record

OID = "1.2.250.1.213.1.4.8"


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"num_cni": "880692310285"}, {("num_cni", "FR_CNI", "880692310285")}),
        ({"cni": "X4RTBPFW4"}, {("cni", "FR_CNI", "X4RTBPFW4")}),
        ({"numeroPasseport": "12AB34567"}, {("numeroPasseport", "FR_PASSPORT", "12AB34567")}),
        ({"num_titre_sejour": "7501234567"}, {("num_titre_sejour", "FR_RESIDENCE_PERMIT", "7501234567")}),
        ({"agdref": "9312345678"}, {("agdref", "FR_RESIDENCE_PERMIT", "9312345678")}),
        ({"permis_conduire": "13AB123456789"}, {("permis_conduire", "FR_DRIVING_LICENCE", "13AB123456789")}),
        ({"no_permis": "880675123456"}, {("no_permis", "FR_DRIVING_LICENCE", "880675123456")}),
        # an INS by its header, or by the OID column of its table
        ({"matricule_ins": "185057800608491"}, {("matricule_ins", "FR_INS", "185057800608491")}),
        ({"nir": "185057800608491", "oid": OID}, {("nir", "FR_INS", "185057800608491")}),
        ({"identifier.0.system": f"urn:oid:{OID}", "identifier.0.value": "185057800608491"},
         {("identifier.0.value", "FR_INS", "185057800608491")}),
        # no label, no finding; a stay number stays a patient number; a NIR without OID stays a NIR
        ({"montant": "880692310285"}, set()),
        ({"reference": "12AB34567"}, set()),
        ({"num_sejour": "7501234567"}, {("num_sejour", "FR_PATIENT_ID", "7501234567")}),
        ({"nir": "185057800608491", "oid": "1.2.250.1.71.4.2.1"}, {("nir", "FR_NIR", "185057800608491")}),
        ({"code_insee": "185057800608491"}, {("code_insee", "FR_NIR", "185057800608491")}),
        ({"oid": OID}, set()),
    ],
)
def test_identity_document_columns(detector, fields, expected):
    fresh = Detector(detector.analyzer)  # column plans are cached per detector
    [findings] = fresh.detect_batch([Record(source="t.csv", table="patients", record="1", fields=fields)])
    assert {(f.field, f.entity_type, fields[f.field][f.start : f.end]) for f in findings} == expected
