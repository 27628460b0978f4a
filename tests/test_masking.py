"""Names and record ids: which hold an identifier, how they are shown, what stays as is."""

from __future__ import annotations

import pytest

from stdnum import luhn

from scanner.identifiers import tax_id, vat
from scanner.masking import mask_name, masked_excerpt, shown_record_id, typed_identifier_spans
from tests.hostile.harness import nir_with_key

NIR = nir_with_key("2630397154375")
CARD = "498259791907483" + luhn.calc_check_digit("498259791907483")  # Visa
SIREN = "98762328" + luhn.calc_check_digit("98762328")
SIRET = SIREN + "0007" + luhn.calc_check_digit(SIREN + "0007")
TAX_ID = "3141592653" + tax_id.calc_check_digits("3141592653")
VAT = "FR" + vat.calc_check_digits(SIREN) + SIREN

NAMES = [
    # (name, entity types found, shown)
    (f"patients_{NIR}.csv", ["FR_NIR"], "patients_263**********14.csv"),
    ("2 63 03 97 154 375 14", ["FR_NIR"], "2 63 ** ** *** *** 14"),
    ("exports/0612345678/notes.jsonl", ["PHONE_NUMBER"], "exports/061*****78/notes.jsonl"),
    ("contact.+33 6 12 34 56 78", ["PHONE_NUMBER"], "contact.+33 6 ** ** ** 78"),
    ("camille.roux@orange.fr", ["EMAIL_ADDRESS"], "c******.****@o*****.fr"),
    ("rpps_10000000017", ["FR_RPPS"], "rpps_100******17"),
    ("FR7630006000011234567890189", ["IBAN_CODE"], "FR7**********************89"),
    (f"cb {CARD}", ["CREDIT_CARD"], f"cb 498***********{CARD[-2:]}"),
    (f"cb_{CARD[:4]} {CARD[4:8]} {CARD[8:12]} {CARD[12:]}.jsonl", ["CREDIT_CARD"], f"cb_498* **** **** **{CARD[-2:]}.jsonl"),
    (f"SIRET {SIRET}", ["FR_SIRET"], f"SIRET 987*********{SIRET[-2:]}"),
    (f"detail.{SIRET}", ["FR_SIRET"], f"detail.987*********{SIRET[-2:]}"),
    (f"siren_{SIREN}", ["FR_SIREN"], f"siren_987****{SIREN[-2:]}"),
    (f"nif {TAX_ID}", ["FR_TAX_ID"], "nif 314********" + TAX_ID[-2:]),
    (f"tva_{VAT}", ["FR_VAT"], f"tva_{VAT[:3]}********{VAT[-2:]}"),
    (f"tva {VAT[:4]} {SIREN[:3]} {SIREN[3:6]} {SIREN[6:]}", ["FR_VAT"], f"tva {VAT[:3]}* *** *** *{VAT[-2:]}"),
    ("detail.82.64.10.20", ["IP_ADDRESS"], "detail.82.6*.**.20"),
    ("ip fe80::1ff:fe23:4567:890a", ["IP_ADDRESS"], "ip fe8*::***:****:****:**0a"),
    ("https://dupont-medecin.fr/dossier", ["URL"], "h****://******-*******.**/*******"),
    ("lien www.dupont-medecin.fr", ["URL"], "lien w**.******-*******.**"),
    ("postgresql://scan@10.0.0.5/cabinet", ["IP_ADDRESS"], "postgresql://scan@1*.*.*.*/cabinet"),
    ("cni_X4RTBPFW4", ["FR_CNI"], "cni_X********"),
    ("CNI 8806 923 10285", ["FR_CNI"], "CNI 880* *** ***85"),
    ("passeport 12AB34567", ["FR_PASSPORT"], "passeport 12A****67"),
    ("titre_de_sejour_7501234567", ["FR_RESIDENCE_PERMIT"], "titre_de_sejour_750*****67"),
    ("permis n° 13AB123456789", ["FR_DRIVING_LICENCE"], "permis n° 13A********89"),
    # no identifier: kept as they are
    ("cni_num", [], "cni_num"),
    ("passeport_valide", [], "passeport_valide"),
    ("X4RTBPFW4", [], "X4RTBPFW4"),  # no label: a document number has no key
    ("export_2024-01-15.csv", [], "export_2024-01-15.csv"),
    ("t_20240115123045", [], "t_20240115123045"),
    ("num_secu", [], "num_secu"),
    ("id_123456789", [], "id_123456789"),
    (f"{NIR[:-2]}00", [], f"{NIR[:-2]}00"),  # wrong key
    ("0000000000", [], "0000000000"),
    (f"{CARD[:-1]}{(int(CARD[-1]) + 1) % 10}", [], f"{CARD[:-1]}{(int(CARD[-1]) + 1) % 10}"),  # wrong Luhn key
    ("std::vector", [], "std::vector"),
    ("heure_12:30:00", [], "heure_12:30:00"),
    ("version_1.2.3", [], "version_1.2.3"),
]


@pytest.mark.parametrize("name, types, shown", NAMES, ids=[n[0] for n in NAMES])
def test_mask_name_masks_identifiers_only(name, types, shown):
    assert [t for _, _, t in typed_identifier_spans(name)] == types
    assert mask_name(name) == shown


RECORD_IDS = [
    # (record id, hashed)
    ("42", False),
    ("P000123", False),
    ("123456789012", False),
    ("ABC-000000001", False),
    (NIR, True),
    (f"{NIR},3", True),  # a composite key with a NIR
    ("0612345678", True),
    ("camille.roux@orange.fr", True),
    (CARD, True),
    (SIRET, True),
    ("82.64.10.20", True),
    ("https://dupont-medecin.fr/p/1", True),
]


@pytest.mark.parametrize("record, hashed", RECORD_IDS, ids=[r[0] for r in RECORD_IDS])
def test_shown_record_id_hashes_identifiers_only(record, hashed):
    shown = shown_record_id(record, b"k" * 32)
    if hashed:
        assert shown.startswith("h:") and len(shown) == 14
        assert shown == shown_record_id(record, b"k" * 32) != shown_record_id(record, b"j" * 32)
    else:
        assert shown == record


@pytest.mark.parametrize("data", [f"'{NIR}'".encode(), f"(2 '{NIR}'", "camille.roux@orange.fr'"])
def test_masked_excerpt_never_quotes_a_value(data):
    excerpt = masked_excerpt(data)
    text = data.decode() if isinstance(data, bytes) else data
    assert NIR not in excerpt and "camille" not in excerpt and "roux" not in excerpt
    assert len(excerpt) <= len(text) + 2
