"""FrNirRecognizer: patterns and key validation, then context through the full engine.

Valid NIRs are synthetic: keys computed with ``stdnum.fr.nir.calc_check_digits``
('1 85 05 78 006 084' -> 91, '2 53 07 2A 073 004' -> 43) or stdnum's public
specimen '2 95 10 99 126 111 93'.
"""

import pytest

from recognizers import FrNirRecognizer

ENTITIES = ["FR_NIR"]


@pytest.fixture(scope="module")
def recognizer():
    return FrNirRecognizer()


@pytest.mark.parametrize(
    "text, expected_len, expected_positions, expected_score",
    [
        # valid key -> 1.0, every written form
        ("NIR : 1 85 05 78 006 084 91", 1, ((6, 27),), 1.0),
        ("n° 1.85.05.78.006.084.91 sur la carte", 1, ((3, 24),), 1.0),
        ("1-85-05-78-006-084-91", 1, ((0, 21),), 1.0),
        ("assuré 185057800608491.", 1, ((7, 22),), 1.0),
        ("Corse : 2 53 07 2A 073 004 43", 1, ((8, 29),), 1.0),
        ("corse : 2 53 07 2a 073 004 43", 1, ((8, 29),), 1.0),
        ("scan : 1 8 5 0 5 7 8 0 0 6 0 8 4 9 1 fin", 1, ((7, 36),), 1.0),
        ("Mme X, n° 2 95 10 99 126 111 93, née à l'étranger", 1, ((10, 31),), 1.0),
        # plausible structure, wrong or missing key -> low score, needs context
        ("sans clé : 1 85 05 78 006 084", 1, ((11, 29),), 0.3),
        ("sans clé : 1850578006084", 1, ((11, 24),), 0.3),
        ("clé fausse : 1 85 05 78 006 084 92", 1, ((13, 34),), 0.3),
        ("Corse : 2 53 07 2A 073 004 70", 1, ((8, 29),), 0.3),
    ],
)
def test_analyze_finds_nir_forms(recognizer, text, expected_len, expected_positions, expected_score):
    results = sorted(recognizer.analyze(text, entities=ENTITIES), key=lambda r: r.start)
    assert len(results) == expected_len
    assert tuple((r.start, r.end) for r in results) == expected_positions
    assert all(r.score == expected_score for r in results)


@pytest.mark.parametrize(
    "text, expected_len, expected_positions",
    [
        ("deux : 185057800608491 et 2 95 10 99 126 111 93", 2, ((7, 22), (26, 47))),
        ("sexe 5 : 5 85 05 78 006 084 40", 0, ()),
        ("mois 13 : 1 85 13 78 006 084 91", 0, ()),
        ("département 00 : 1 85 05 00 006 084 91", 0, ()),
        ("commande 91185057800608491 livrée", 0, ()),  # inside a longer digit run
        ("code 185057800608491234", 0, ()),
        ("tél 06 12 34 56 78", 0, ()),
    ],
)
def test_analyze_rejects_implausible_or_embedded_numbers(recognizer, text, expected_len, expected_positions):
    results = sorted(recognizer.analyze(text, entities=ENTITIES), key=lambda r: r.start)
    assert len(results) == expected_len
    assert tuple((r.start, r.end) for r in results) == expected_positions


@pytest.mark.slow
@pytest.mark.parametrize(
    "text, expected_span",
    [
        ("NIR : 1 85 05 78 006 084 92", "1 85 05 78 006 084 92"),
        ("N° SS : 185057800608492", "185057800608492"),
        ("Numéro de sécu 1850578006084", "1850578006084"),
        ("immatriculation sécurité sociale 1 85 05 78 006 084", "1 85 05 78 006 084"),
        ("Assuré : 1 85 05 78 006 084 92", "1 85 05 78 006 084 92"),
    ],
)
def test_engine_reports_wrong_key_nir_near_context(analyzer, text, expected_span):
    results = [r for r in analyzer.analyze(text=text, language="fr") if r.entity_type == "FR_NIR"]
    assert [text[r.start:r.end] for r in results] == [expected_span]
    assert results[0].score == pytest.approx(0.65)


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Le numéro 1 85 05 78 006 084 92 est noté.",
        "Commande 1850578006084 expédiée.",
    ],
)
def test_engine_ignores_wrong_key_nir_without_context(analyzer, text):
    assert not [r for r in analyzer.analyze(text=text, language="fr") if r.entity_type == "FR_NIR"]


# NIRs as typed by hand. Bodies are synthetic: '2 84 07 33 124 567' has the key 30,
# '1 76 12 69 088 123' the key 37; keys written otherwise are deliberately wrong.
@pytest.mark.parametrize(
    "text, expected_span, expected_score",
    [
        # digit by digit, like the boxes of a form: reported without context (0.5)
        ("Agée de 45 ans 2 8 4 0 7 3 3 1 2 4 5 6 7 1 2", "2 8 4 0 7 3 3 1 2 4 5 6 7 1 2", 0.5),  # wrong key
        ("DUPRAT Louise 2 8 4 0 7 3 3 1 2 4 5 6 7", "2 8 4 0 7 3 3 1 2 4 5 6 7", 0.5),  # no key
        ("M. MARCHAL, Paul - 1 7 6 1 2 6 9 0 8 8 1 2 3 3, né le", "1 7 6 1 2 6 9 0 8 8 1 2 3 3", 0.5),  # 14 digits
        ("RIVIERE Anne 2 8 4 1 4 3 3 1 2 4 5 6 7 0 9", "2 8 4 1 4 3 3 1 2 4 5 6 7 0 9", 0.5),  # month 14: a slip
        ("ROUX Léa 2 8 4 0 7 3 3 1 2 4 5 6 7 1 2 4 0 3 0 4 2 0 2 1", "2 8 4 0 7 3 3 1 2 4 5 6 7 1 2 4", 0.5),  # 16 digits
        ("ROUX Léa 8 4 0 7 3 3 1 2 4 5 6 7 0 3 0 4 2 0 2 1", "8 4 0 7 3 3 1 2 4 5 6 7", 0.5),  # 12, then a date
        ("1 7 6 1 2 6 9 0 8 8 1 2 3 3 7", "1 7 6 1 2 6 9 0 8 8 1 2 3 3 7", 1.0),  # valid key
        # between the dates typed the same way (DDMMYYYY), in one run of digits
        ("BERNARD Lucie 0 3 0 4 2 0 2 1 2 8 4 0 7 3 3 1 2 4 5 6 7 1 2 1 5 0 3 1 9 8 4 Adaptation",
         "2 8 4 0 7 3 3 1 2 4 5 6 7 1 2", 0.5),
        ("FAURE Marc 1 7 6 1 2 6 9 0 8 8 1 2 3 3 1 2 0 5 2 0 2 3", "1 7 6 1 2 6 9 0 8 8 1 2 3 3", 0.5),
        # irregular groups of 1 to 4 digits, 12 to 16 in all: only with context (0.2)
        ("N° SS 28 407 331 245 67 12", "28 407 331 245 67 12", 0.2),
        ("n° 2840 7331 2456 712", "2840 7331 2456 712", 0.2),
    ],
)
def test_analyze_finds_nir_typed_by_hand(recognizer, text, expected_span, expected_score):
    results = recognizer.analyze(text, entities=ENTITIES)
    assert [(text[r.start:r.end], r.score) for r in results] == [(expected_span, expected_score)]


@pytest.mark.parametrize(
    "text",
    [
        "sexe 5 : 5 8 4 0 7 3 3 1 2 4 5 6 7 1 2",  # no sex digit first
        "code 2 8 4 0 7 3 3 1 2 4 5",  # 11 digits
        "code 2 8 4 0 7 3 3 1 2 4 5 6 7 1 2 3 4",  # 17 digits
        "né le 2 9 0 2 1 9 9 5",  # a date typed digit by digit
        "(1)10:32 06 6246 77 36 96 0 3 341 0 2 381 112 0 12 0",  # a row of a table of values
        "(2)20:32 217 0 3 211 0 2 251 136 0 36 0",
        "tél +33 1 42 15 93 30, fax 01 42 15 93 31",
        "version 1.12.2023.4567 du logiciel",
        "Dose 1 000 000 UI, soit 250 mg",
        "mois 13 : 1 85 13 78 006 084 91",  # the usual layout keeps its full structure check
    ],
)
def test_analyze_ignores_numbers_typed_like_nir_that_are_not(recognizer, text):
    assert recognizer.analyze(text, entities=ENTITIES) == []


@pytest.mark.slow
@pytest.mark.parametrize(
    "text, expected_span, expected_score",
    [
        ("Agée de 45 ans 2 8 4 0 7 3 3 1 2 4 5 6 7 1 2", "2 8 4 0 7 3 3 1 2 4 5 6 7 1 2", 0.5),
        ("N° d'identification 2 8 4 0 7 3 3 1 2 4 5 6 7 1 2", "2 8 4 0 7 3 3 1 2 4 5 6 7 1 2", 0.85),
        ("N° SS 28 407 331 245 67 12", "28 407 331 245 67 12", 0.55),
        ("Numéro de sécurité sociale 2840 7331 2456 712.", "2840 7331 2456 712", 0.55),
    ],
)
def test_engine_reports_nir_typed_by_hand(analyzer, text, expected_span, expected_score):
    results = [r for r in analyzer.analyze(text=text, language="fr") if r.entity_type == "FR_NIR"]
    assert [(text[r.start:r.end], r.score) for r in results] == [(expected_span, pytest.approx(expected_score))]


@pytest.mark.slow
def test_engine_ignores_irregular_groups_without_context(analyzer):
    text = "Résultats 28 407 331 245 67 12 en série."
    assert not [r for r in analyzer.analyze(text=text, language="fr") if r.entity_type == "FR_NIR"]
