"""Redaction of tax, business and card numbers, IPs and URLs: valid pseudonyms in columns
and notes, the same value alike everywhere, and ``--verify`` finds no original left."""

import csv

import pytest

from scanner.identifiers import payment_card, siren, siret, tax_id, vat
from scanner.redact.pipeline import redact_path
from scanner.redact.policy import RedactionPolicy

KEY = bytes(range(32))
ROWS = [
    {"num_fiscal": "30 23 217 600 053", "siren": "404 833 048", "siret": "732 829 320 00074",
     "tva": "FR 40 303 265 045", "carte": "4970 1012 3456 7893", "ip": "192.168.1.24",
     "site_web": "https://www.cabinet-roux.fr/rdv",
     "note": "N° fiscal 30 23 217 600 053, réglé par CB 4970 1012 3456 7893 depuis l'IP 192.168.1.24."},
    {"num_fiscal": "0701987765493", "siren": "732829320", "siret": "73282932012343",
     "tva": "FR44732829320", "carte": "378282246310005", "ip": "2a01:cb00:8a1:5e00::1",
     "site_web": "www.martin-famille.org",
     "note": "Employeur SIREN 732 829 320, TVA FR44732829320, voir https://www.ameli.fr/assure."},
]
VALID = {"num_fiscal": tax_id.is_valid, "siren": siren.is_valid, "siret": siret.is_valid, "tva": vat.is_valid,
         "carte": payment_card.is_valid}


@pytest.fixture
def redacted(tmp_path, detector):
    source = tmp_path / "facturation.csv"
    with source.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(ROWS[0]))
        writer.writeheader()
        writer.writerows(ROWS)
    output = tmp_path / "out.csv"
    summary = redact_path(source, output, RedactionPolicy(key=KEY), verify=True, detector=detector)
    with output.open(encoding="utf-8") as f:
        return summary, list(csv.DictReader(f))


@pytest.mark.slow
def test_each_type_gets_a_valid_pseudonym_and_verify_passes(redacted):
    summary, rows = redacted
    assert not summary.verify_failed
    for before, after in zip(ROWS, rows):
        for column, value in before.items():
            assert after[column] != value, column
            if column in VALID:
                assert VALID[column](after[column]), column
                assert len(after[column]) == len(value)
        assert "ameli" not in after["note"] and "cabinet-roux" not in after["site_web"]


@pytest.mark.slow
def test_the_same_numbers_get_the_same_pseudonyms_everywhere(redacted):
    _, rows = redacted
    first, second = rows
    assert first["num_fiscal"] in first["note"] and first["carte"] in first["note"] and first["ip"] in first["note"]
    assert second["siren"] == siret.to_siren(first["siret"])  # a company's SIREN and its site's SIRET agree
    assert vat.to_siren(second["tva"]) == second["siren"].replace(" ", "")


KEYS = [  # JSON keys that hold a number, an address or a URL (values in ROWS above)
    "cb 4970 1012 3456 7893", "SIRET 73282932000074", "siren_404833048", "nif 3023217600053",
    "tva FR40303265045", "192.168.1.24", "2a01:cb00:8a1:5e00::1", "https://www.cabinet-roux.fr/rdv",
    "lien www.martin-famille.org",
]


@pytest.mark.slow
@pytest.mark.parametrize("key", KEYS)
def test_identifiers_in_json_keys_are_replaced_and_verify_passes(tmp_path, detector, key):
    source = tmp_path / "facturation.jsonl"
    source.write_text(f'{{"id": 1, "{key}": "oui", "detail": {{"{key}": "non"}}}}\n', encoding="utf-8")
    output = tmp_path / "out.jsonl"
    summary = redact_path(source, output, RedactionPolicy(key=KEY), verify=True, detector=detector)
    text = output.read_text(encoding="utf-8")
    assert not summary.verify_failed
    assert key.split()[-1].split("_")[-1].removeprefix("https://") not in text
    assert '"id": 1' in text and "oui" in text and "non" in text
