"""FrPhoneRecognizer: French forms, validated with libphonenumber; fictitious numbers."""

import pytest

from recognizers import FrPhoneRecognizer

ENTITIES = ["PHONE_NUMBER"]


@pytest.fixture(scope="module")
def recognizer():
    return FrPhoneRecognizer()


@pytest.mark.parametrize(
    "text, expected_len, expected_positions",
    [
        ("Tél : 06 12 34 56 78.", 1, ((6, 20),)),
        ("portable 06.12.34.56.78", 1, ((9, 23),)),
        ("06-12-34-56-78", 1, ((0, 14),)),
        ("joindre au 0612345678 svp", 1, ((11, 21),)),
        ("fixe : 01 23 45 67 89", 1, ((7, 21),)),
        ("+33 6 12 34 56 78", 1, ((0, 17),)),
        ("+33 (0)6 12 34 56 78", 1, ((0, 20),)),
        ("0033 6 12 34 56 78", 1, ((0, 18),)),
        ("0692 12 34 56 (Réunion)", 1, ((0, 13),)),
        ("Mayotte : 0639 01 23 45", 1, ((10, 23),)),
        ("0690 00 12 34", 1, ((0, 13),)),
        ("0694 20 12 34", 1, ((0, 13),)),
        ("0696 20 12 34", 1, ((0, 13),)),
        ("+262 692 12 34 56", 1, ((0, 17),)),
        ("+590 690 00 12 34", 1, ((0, 17),)),
        ("+687 75 12 34", 1, ((0, 13),)),
        ("+689 87 12 34 56", 1, ((0, 16),)),
        ("06 12 34 56 78 ou 01 23 45 67 89", 2, ((0, 14), (18, 32))),
        ("+44 20 7946 0958", 1, ((0, 16),)),  # any country, written with +
        ("061234567890", 0, ()),
        ("06 12 34 5", 0, ()),
        ("NIR 2 95 10 99 126 111 93", 0, ()),
        ("le 12.03.1965", 0, ()),
    ],
)
def test_analyze_finds_valid_french_numbers(recognizer, text, expected_len, expected_positions):
    results = sorted(recognizer.analyze(text, entities=ENTITIES), key=lambda r: r.start)
    assert len(results) == expected_len
    assert tuple((r.start, r.end) for r in results) == expected_positions
    assert all(r.score == pytest.approx(0.7) for r in results)


@pytest.mark.parametrize(
    "text, expected",
    [
        # as people type them
        ("Dr L. MARTIN O1.42.15.93.30 Dr P. DUVAL", ["O1.42.15.93.30"]),  # letter O for zero
        ("secrétariat 01.45.16.10.O2 (matin)", ["01.45.16.10.O2"]),
        ("rappeler au 06/12/34/56/78 svp", ["06/12/34/56/78"]),
        ("joignable le06.12.34.56.78.", ["06.12.34.56.78"]),  # glued to a word
        ("Tél : 01 45 63.56 96", ["01 45 63.56 96"]),  # irregular separators
        ("numéro de téléphone 09 65 42 8231", ["09 65 42 8231"]),  # a separator left out
        ("numéro vert 0800 12 34 56", ["0800 12 34 56"]),
        ("08 00 12 34 56", ["08 00 12 34 56"]),
        # overseas departments, national and international forms
        ("Saint-Denis 0262 41 23 45", ["0262 41 23 45"]),
        ("Cayenne 0594 29 12 34", ["0594 29 12 34"]),
        ("Fort-de-France 0596 61 23 45, mobile 0696 20 12 34", ["0596 61 23 45", "0696 20 12 34"]),
        ("+596 696 20 12 34", ["+596 696 20 12 34"]),
        ("+594 694 20 12 34", ["+594 694 20 12 34"]),
        # other countries, with their country code
        ("Berlin, +49 30 5682001, www.exemple.de", ["+49 30 5682001"]),
        ("Bruxelles +32 2 555 12 34", ["+32 2 555 12 34"]),
        ("New York +1 212 555 0100.", ["+1 212 555 0100"]),
        ("Bruxelles +32103289483, site web", ["+32103289483"]),  # a range the metadata do not list
        ("Boston (617)-236-2648 (hôpital)", ["(617)-236-2648"]),
        ("imprimé le 01/01/2011 - 02:03", []),  # a date and a time
        # not phone numbers
        ("(1)10:32 06 6246 77 36 96 0 3 341 0 2 381", []),  # a row of a table of values
        ("(2)13:42 02 3920 0394 03 39", []),
        ("(1)11:32 06 4947 97 65 010 0 3", []),
        ("né le 01/02/2003", []),
        ("500 mg à 14h30, code postal 75011", []),
        ("+32 123", []),  # too short for its country
        ("+1 212 555 et la suite", []),
        ("version 06.12.34.56", []),
        ("lot 06.12.34.56.78.90", []),
    ],
)
def test_analyze_finds_numbers_as_typed_and_international(recognizer, text, expected):
    results = sorted(recognizer.analyze(text, entities=ENTITIES), key=lambda r: r.start)
    assert [text[r.start:r.end] for r in results if r.score >= 0.5] == expected


@pytest.mark.slow
def test_engine_reports_phone_without_context(analyzer):
    text = "Rappeler le 06 12 34 56 78 demain"
    results = [r for r in analyzer.analyze(text=text, language="fr") if r.entity_type == "PHONE_NUMBER"]
    assert [text[r.start:r.end] for r in results] == ["06 12 34 56 78"]


@pytest.mark.parametrize("text", ["07 12 34 56 78", "07 00 30 38 38", "0719361371"])
def test_analyze_scores_unallocated_french_numbers_below_threshold(recognizer, text):
    [result] = recognizer.analyze(text, entities=ENTITIES)
    assert result.score == pytest.approx(0.3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tél. portable : 07 00 30 38 38", ["07 00 30 38 38"]),
        ("Tel : 07 00 30 38 38", ["07 00 30 38 38"]),  # "tel" is also a French stop word
        ("Dr Paul Durand\nTel: 04 01 63.56 96\nÉquipe", ["04 01 63.56 96"]),
        ("joindre par téléphone au 04 09 56 98 ou par mail", ["04 09 56 98"]),  # a pair left out
        ("Lot 04 09 56 98 du fournisseur", []),
        ("06 12 34 56", []),
        ("Code 07 00 30 38 38 du lot", []),
        ("Portable 06 12 34 56 78", ["06 12 34 56 78"]),
    ],
)
def test_engine_reports_unallocated_numbers_only_with_context(analyzer, text, expected):
    results = analyzer.analyze(text=text, language="fr", entities=ENTITIES)
    assert [text[r.start : r.end] for r in results] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nous restons joignables au 73389 pour toute question.", ["73389"]),
        ("Secrétariat de cardiologie, poste 4521.", ["4521"]),
        ("Infirmière de coordination : Poste : 73389", ["73389"]),
        ("Interne de garde bip 4567, ext. 1234", ["4567", "1234"]),
        # Not extensions: no cue, a year, a number too long or a decimal
        ("Leucocytes 12000/mm3, plaquettes 4521 G/L.", []),
        ("Le poste 2019 du budget a été voté.", []),
        ("au poste 12345678", []),
        ("poste 1234,5 euros", []),
    ],
)
def test_analyze_finds_internal_extensions_after_their_cue(recognizer, text, expected):
    results = recognizer.analyze(text, ENTITIES)
    assert [text[r.start : r.end] for r in results if r.score >= 0.5] == expected
