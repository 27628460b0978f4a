"""FrRppsRecognizer: 11-digit RPPS (Luhn) and 12-digit IdNat_PS; synthetic numbers."""

import pytest

from recognizers import FrRppsRecognizer

ENTITIES = ["FR_RPPS"]


@pytest.fixture(scope="module")
def recognizer():
    return FrRppsRecognizer()


@pytest.mark.parametrize(
    "text, expected_len, expected_positions",
    [
        ("Dr Martin, RPPS 10000000009.", 1, ((16, 27),)),
        ("n°10999999997 (prescripteur)", 1, ((2, 13),)),
        ("IdNat_PS 810000000009", 1, ((9, 21),)),
        ("RPPS 10000000008", 0, ()),  # wrong Luhn key
        ("ref 100000000091", 0, ()),  # 12 digits, not an IdNat_PS
        ("ligne 1000000000 9", 0, ()),
        ("NIR 185057800608491", 0, ()),
    ],
)
def test_analyze_keeps_only_luhn_valid_numbers(recognizer, text, expected_len, expected_positions):
    results = sorted(recognizer.analyze(text, entities=ENTITIES), key=lambda r: r.start)
    assert len(results) == expected_len
    assert tuple((r.start, r.end) for r in results) == expected_positions
    assert all(r.score == pytest.approx(0.4) for r in results)  # below threshold alone


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Dr Martin, 10000000009",
        "Dr. Martin : 10000000009",
        "Pr Durand 10000000009",
        "Médecin traitant : 10000000009",
        "RPPS 10000000009",
    ],
)
def test_engine_reports_rpps_near_context(analyzer, text):
    results = [r for r in analyzer.analyze(text=text, language="fr") if r.entity_type == "FR_RPPS"]
    assert [text[r.start:r.end] for r in results] == ["10000000009"]
    assert results[0].score == pytest.approx(0.75)


@pytest.mark.slow
def test_engine_ignores_rpps_without_context(analyzer):
    text = "Commande 10000000009 livrée"
    assert not [r for r in analyzer.analyze(text=text, language="fr") if r.entity_type == "FR_RPPS"]
