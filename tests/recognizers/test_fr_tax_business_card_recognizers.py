"""Tax, business, card, IP and URL recognizers: forms people write, context, look-alikes.

All values are synthetic: keys computed (python-stdnum), card numbers the networks' test
numbers or drawn ones with a Luhn key.
"""

import pytest

ENGINE_TYPES = {"FR_TAX_ID", "FR_SIREN", "FR_SIRET", "FR_VAT", "CREDIT_CARD", "IP_ADDRESS", "URL"}


def found(analyzer, text):
    """(entity type, matched text) of the engine's results of the new types."""
    results = analyzer.analyze(text=text, language="fr")
    return sorted((r.entity_type, text[r.start:r.end]) for r in results if r.entity_type in ENGINE_TYPES)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # tax number: with or without its label, spaced, dotted, compact
        ("N° fiscal : 30 23 217 600 053", [("FR_TAX_ID", "30 23 217 600 053")]),
        ("Avis d'imposition, numéro SPI 3023217600053.", [("FR_TAX_ID", "3023217600053")]),
        ("joint la copie 30.23.217.600.053 pour la C2S", [("FR_TAX_ID", "30.23.217.600.053")]),
        ("3023217600053", [("FR_TAX_ID", "3023217600053")]),
        ("numéro SPI 3400093003181", [("FR_TAX_ID", "3400093003181")]),  # also a CIP13: needs its label
        # SIREN: only with its label
        ("Employeur : SARL Dupont, SIREN 404 833 048", [("FR_SIREN", "404 833 048")]),
        ("RCS Lyon 404833048", [("FR_SIREN", "404833048")]),
        ("Dossier 404833048", []),
        # SIRET: grouped or with a usual site number, alone; else with its label
        ("Employeur SIRET 732 829 320 00074", [("FR_SIRET", "732 829 320 00074")]),
        ("établissement 73282932000074 (Lyon)", [("FR_SIRET", "73282932000074")]),
        ("73282932000074", [("FR_SIRET", "73282932000074")]),
        # VAT number
        ("TVA intracommunautaire : FR 40 303 265 045", [("FR_VAT", "FR 40 303 265 045")]),
        ("n° TVA FR40303265045", [("FR_VAT", "FR40303265045")]),
        # card numbers
        ("Réglé par CB n° 4970 1012 3456 7893", [("CREDIT_CARD", "4970 1012 3456 7893")]),
        ("carte 5555-5555-5555-4444 exp 12/27", [("CREDIT_CARD", "5555-5555-5555-4444")]),
        ("Amex 3782 822463 10005", [("CREDIT_CARD", "3782 822463 10005")]),
        # IP addresses and URLs
        ("Connexion depuis l'IP 192.168.1.24 à 10h32", [("IP_ADDRESS", "192.168.1.24")]),
        ("adresse 2a01:cb00:8a1:5e00::1", [("IP_ADDRESS", "2a01:cb00:8a1:5e00::1")]),
        ("Voir https://www.ameli.fr/assure/compte?id=42 pour le détail", [("URL", "https://www.ameli.fr/assure/compte?id=42")]),
        ("RDV pris sur www.doctolib.fr.", [("URL", "www.doctolib.fr")]),
        ("Informations sur https://www.exemple-chu.fr/eds/. Merci.", [("URL", "https://www.exemple-chu.fr/eds/")]),
        ("lien : monblog-famille.fr/photos", [("URL", "monblog-famille.fr/photos")]),
    ],
)
def test_engine_finds_each_type_in_the_forms_people_write(analyzer, text, expected):
    assert found(analyzer, text) == expected


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Tél : 01 23 45 67 89, portable 06.12.34.56.78",  # phone numbers
        "NIR 1 85 05 78 006 084 91",  # a NIR with its key
        "NIR 2951099126111",  # a NIR without key
        "Commande n° 4000123412341235 livrée",  # 16 digits without a card's Luhn key
        "Facture 123 456 789 012, montant 1 234,56 €",  # an order number, an amount
        "Montant : 12 345 678,90 EUR",
        "né le 12.05.1985, vu le 03/04/2023 à 10.30",  # dates and times
        "RPPS 10000000009, FINESS 750712184, ADELI 751234567",
        "CIP 3400930000007 (boîte de 30)",  # a medicine's barcode
        "CIP13 3400093003181, boîte de 28",  # a medicine's barcode whose digits make a tax number's key
        "OID 1.2.250.1.213.1.4.8 du NIR",  # an INS OID holds 1.2.250.1
        "version 2.3.1 du logiciel, localhost 127.0.0.1",
        "Le patient.Il va bien, revu à J15.Le traitement continue.",  # glued sentences
        "Courriel : camille.roux@orange.fr",
        "IMC 26.5, TA 12.8, poids 74.2 kg",
        "IBAN FR76 3000 6000 0112 3456 7890 189",  # groups of four digits inside an IBAN
        "RIB : 30006 00001 12345678901 89",
    ],
)
def test_engine_reports_no_look_alike(analyzer, text):
    assert found(analyzer, text) == []


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("siren", "404833048", "FR_SIREN"),
        ("siren_employeur", "404 833 048", "FR_SIREN"),
        ("siret", "73282932012343", "FR_SIRET"),  # a site number that needs the column
        ("num_fiscal", "3023217600053", "FR_TAX_ID"),
        ("tva_intra", "FR40303265045", "FR_VAT"),
        ("numero_carte", "4111111111111111", "CREDIT_CARD"),
        ("ip", "10.1.2.3", "IP_ADDRESS"),
        ("site_web", "http://cabinet-martin.fr", "URL"),
        ("id", "404833048", None),  # a bare 9-digit key is no SIREN
    ],
)
@pytest.mark.slow
def test_columns_lend_their_name_as_context(detector, column, value, expected):
    from scanner.models import Record

    [findings] = detector.detect_batch([Record("t.csv", None, "1", {column: value})])
    assert [f.entity_type for f in findings] == ([expected] if expected else [])


def _luhn(body: str) -> str:
    from stdnum import luhn

    return body + luhn.calc_check_digit(body)


def _tax_id(body: str) -> str:
    from scanner.identifiers import tax_id

    return body + tax_id.calc_check_digits(body)


@pytest.mark.parametrize(
    ("column", "number", "tail", "expected"),
    [
        # a float column (Parquet float64, pandas) writes an integer with a ".0"
        ("carte_bancaire", _luhn("498259791907483"), ".0", "CREDIT_CARD"),
        ("numero_carte", _luhn("555555555555444"), ".00", "CREDIT_CARD"),
        ("siret", _luhn("9876232870007"), ".0", "FR_SIRET"),
        ("siret_employeur", _luhn("7328293200007"), ".0", "FR_SIRET"),
        ("siren", _luhn("98762328"), ".0", "FR_SIREN"),
        ("siren_employeur", _luhn("40483304"), ".000", "FR_SIREN"),
        ("num_fiscal", _tax_id("3023217600"), ".0", "FR_TAX_ID"),
        ("numero_fiscal", _tax_id("1456789012"), ".0", "FR_TAX_ID"),
    ],
)
@pytest.mark.slow
def test_float_cells_are_found_without_their_decimal_zeros(detector, column, number, tail, expected):
    from scanner.models import Record

    [findings] = detector.detect_batch([Record("t.parquet", "t", "1", {column: number + tail})])
    assert [(f.entity_type, f.start, f.end) for f in findings] == [(expected, 0, len(number))]


@pytest.mark.parametrize(
    ("column", "value", "absent"),
    [
        ("siren", _luhn("98762328") + ".05", "FR_SIREN"),  # a decimal, not a float's ".0"
        ("siret", _luhn("9876232870007") + ".0.1", "FR_SIRET"),  # a version or an outline number
        ("carte_bancaire", _luhn("498259791907483") + ".01", "CREDIT_CARD"),
    ],
)
@pytest.mark.slow
def test_numbers_with_true_decimals_are_no_identifiers(detector, column, value, absent):
    from scanner.models import Record

    [findings] = detector.detect_batch([Record("t.parquet", "t", "1", {column: value})])
    assert absent not in {f.entity_type for f in findings}
