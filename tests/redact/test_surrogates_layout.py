"""``scanner.redact.surrogates`` is a package of one module per entity family, each small
enough to read, and the dispatcher builds each entity type with its family's function."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from scanner.redact import surrogates
from scanner.redact.surrogates import SURROGATES, surrogate

KEY = bytes(range(32))
PACKAGE = Path(surrogates.__file__).parent
MAX_LINES = 400

FAMILIES = [
    # entity type, family module, builder, a synthetic value
    ("FR_NIR", "nir", "surrogate_nir", "1 85 05 78 006 084 91"),
    ("FR_INS", "nir", "surrogate_ins", "185057800608491"),
    ("FR_RPPS", "health_ids", "surrogate_rpps", "10000000009"),
    ("FR_ADELI", "health_ids", "surrogate_adeli", "751234567"),
    ("FR_FINESS", "health_ids", "surrogate_finess", "75 071 218 4"),
    ("FR_PATIENT_ID", "health_ids", "surrogate_patient_id", "2003H847569"),
    ("PERSON", "people", "surrogate_person", "Mme Marie-Claire LE GOFF"),
    ("EMAIL_ADDRESS", "people", "surrogate_email", "camille.roux@orange.fr"),
    ("ADDRESS", "places", "surrogate_address", "12 rue des Lilas, 69003 Lyon"),
    ("PHONE_NUMBER", "phones", "surrogate_phone", "+33 (0)6 12 34 56 78"),
    ("DATE_TIME", "dates", "surrogate_date", "12/03/2020"),
    ("FR_CNI", "documents", "surrogate_cni", "8806 923 10285"),
    ("FR_PASSPORT", "documents", "surrogate_passport", "12 AB 34567"),
    ("FR_RESIDENCE_PERMIT", "documents", "surrogate_residence_permit", "7501234567"),
    ("FR_DRIVING_LICENCE", "documents", "surrogate_driving_licence", "88 06 75 123456"),
    ("FR_TAX_ID", "business", "surrogate_tax_id", "30 23 217 600 053"),
    ("FR_SIREN", "business", "surrogate_siren", "552 008 443"),
    ("FR_SIRET", "business", "surrogate_siret", "732 829 320 00074"),
    ("FR_VAT", "business", "surrogate_vat", "FR 40 303 265 045"),
    ("IBAN_CODE", "business", "surrogate_iban", "FR76 3000 6000 0112 3456 7890 189"),
    ("CREDIT_CARD", "business", "surrogate_credit_card", "4970 1012 3456 7893"),
    ("IP_ADDRESS", "network", "surrogate_ip_address", "192.168.1.24"),
    ("URL", "network", "surrogate_url", "https://www.ameli.fr/assure/compte?id=42"),
]


@pytest.mark.parametrize(("entity_type", "family", "builder", "value"), FAMILIES,
                         ids=[row[0] for row in FAMILIES])
def test_each_entity_type_is_built_by_its_family_module(entity_type, family, builder, value):
    build = getattr(importlib.import_module(f"scanner.redact.surrogates.{family}"), builder)
    assert surrogate(entity_type, value, KEY) == build(value, KEY)
    assert getattr(surrogates, builder) is build  # still importable from the package


def test_every_entity_type_has_a_family():
    assert sorted(SURROGATES) == sorted(row[0] for row in FAMILIES)


@pytest.mark.parametrize("module", sorted(p.name for p in PACKAGE.glob("*.py")))
def test_no_surrogate_module_is_too_long_to_read(module):
    assert len((PACKAGE / module).read_text(encoding="utf-8").splitlines()) <= MAX_LINES
