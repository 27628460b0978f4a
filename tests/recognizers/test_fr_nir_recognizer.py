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
