"""Names and record ids: which hold an identifier, how they are shown, what stays as is."""

from __future__ import annotations

import pytest

from scanner.masking import mask_name, masked_excerpt, shown_record_id, typed_identifier_spans
from tests.hostile.harness import nir_with_key

NIR = nir_with_key("2630397154375")

NAMES = [
    # (name, entity types found, shown)
    (f"patients_{NIR}.csv", ["FR_NIR"], "patients_263**********14.csv"),
    ("2 63 03 97 154 375 14", ["FR_NIR"], "2 63 ** ** *** *** 14"),
    ("exports/0612345678/notes.jsonl", ["PHONE_NUMBER"], "exports/061*****78/notes.jsonl"),
    ("contact.+33 6 12 34 56 78", ["PHONE_NUMBER"], "contact.+33 6 ** ** ** 78"),
    ("camille.roux@orange.fr", ["EMAIL_ADDRESS"], "c******.****@o*****.fr"),
    ("rpps_10000000017", ["FR_RPPS"], "rpps_100******17"),
    ("FR7630006000011234567890189", ["IBAN_CODE"], "FR7**********************89"),
    # no identifier: kept as they are
    ("export_2024-01-15.csv", [], "export_2024-01-15.csv"),
    ("t_20240115123045", [], "t_20240115123045"),
    ("num_secu", [], "num_secu"),
    ("id_123456789", [], "id_123456789"),
    (f"{NIR[:-2]}00", [], f"{NIR[:-2]}00"),  # wrong key
    ("0000000000", [], "0000000000"),
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
