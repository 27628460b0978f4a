"""Tax, business and payment card numbers: valid and invalid vectors of each check.

Valid vectors are python-stdnum's own examples (``stdnum.fr.nif``, ``siren``, ``siret``,
``tva``) and the test card numbers the networks publish; the others differ by one digit.
"""

import pytest
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

from scanner.identifiers import payment_card, siren, siret, tax_id, vat


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("3023217600053", "3023217600053"),  # python-stdnum
        ("30 23 217 600 053", "3023217600053"),  # as tax notices print it
        ("30.23.217.600.053", "3023217600053"),
        ("0701987765493", "0701987765493"),  # python-stdnum's format() example
    ],
)
def test_tax_id_validate_accepts_written_forms(number, expected):
    assert tax_id.validate(number) == expected


@pytest.mark.parametrize(
    ("number", "error"),
    [
        ("3023217600054", InvalidChecksum),  # wrong key
        ("070198776543", InvalidLength),
        ("9701987765432", InvalidComponent),  # no tax number starts with 9
        ("30232176000A3", InvalidFormat),
    ],
)
def test_tax_id_validate_rejects(number, error):
    with pytest.raises(error):
        tax_id.validate(number)


@pytest.mark.parametrize(
    ("number", "is_valid"),
    [("552 008 443", True), ("404833048", True), ("404 833 047", False), ("40483304", False), ("40483304A", False)],
)
def test_siren_vectors(number, is_valid):
    assert siren.is_valid(number) is is_valid


@pytest.mark.parametrize(
    ("number", "is_valid"),
    [
        ("73282932000074", True),  # python-stdnum
        ("732 829 320 00074", True),
        ("35600000049837", True),  # La Poste: digits summing to a multiple of 5, no Luhn key
        ("73282932000079", False),
        ("7328293200007", False),
        ("35600000049838", False),
    ],
)
def test_siret_vectors(number, is_valid):
    assert siret.is_valid(number) is is_valid


@pytest.mark.parametrize(
    ("number", "is_valid"),
    [
        ("FR 40 303 265 045", True),  # python-stdnum
        ("fr40303265045", True),
        ("FR 44 732 829 320", True),  # stdnum.fr.siret.to_tva('73282932000074')
        ("FR23334175221", True),
        ("FRK7399859412", True),  # new-style key with a letter
        ("FR 84 323 140 391", False),  # wrong key
        ("FRIO334175221", False),  # no I or O in a key
        ("40303265045", False),  # no country code
        ("DE 40 303 265 045", False),
    ],
)
def test_vat_vectors(number, is_valid):
    assert vat.is_valid(number) is is_valid


@pytest.mark.parametrize(
    ("number", "network"),
    [
        ("4970 1012 3456 7893", "visa"),
        ("4111111111111111", "visa"),  # the networks' published test numbers
        ("5555 5555 5555 4444", "mastercard"),
        ("2223003122003222", "mastercard"),
        ("3782 822463 10005", "amex"),
        ("6011111111111117", "discover"),
        ("3530111333300000", "jcb"),
        ("4111-1111-1111-1111", "visa"),
    ],
)
def test_payment_card_accepts_known_networks(number, network):
    assert payment_card.is_valid(number)
    assert payment_card.network(payment_card.compact(number)) == network


@pytest.mark.parametrize(
    "number",
    [
        "4111111111111112",  # wrong Luhn key
        "1850578006084917",  # NIR-like: no network starts with 1
        "73282932000074",  # a SIRET: 14 digits
        "30569309025904",  # Diners' 14 digits: too close to SIRETs, not taken
        "9111111111111116",  # no network starts with 9
        "411111111111",
    ],
)
def test_payment_card_rejects(number):
    assert not payment_card.is_valid(number)


def test_format_round_trips():
    assert tax_id.format("3023217600053") == "30 23 217 600 053"
    assert siren.format("404833048") == "404 833 048"
    assert siret.format("73282932000074") == "732 829 320 00074"
    assert vat.format("fr40303265045") == "FR 40 303 265 045"
    assert payment_card.format("4111111111111111") == "4111 1111 1111 1111"
    assert siret.to_siren("732 829 320 00074") == "732829320" == vat.to_siren("FR 44 732 829 320")
