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
        ("+44 20 7946 0958", 0, ()),
        ("061234567890", 0, ()),
        ("06 12 34 56", 0, ()),
        ("NIR 2 95 10 99 126 111 93", 0, ()),
        ("le 12.03.1965", 0, ()),
    ],
)
def test_analyze_finds_valid_french_numbers(recognizer, text, expected_len, expected_positions):
    results = sorted(recognizer.analyze(text, entities=ENTITIES), key=lambda r: r.start)
    assert len(results) == expected_len
    assert tuple((r.start, r.end) for r in results) == expected_positions
    assert all(r.score == pytest.approx(0.7) for r in results)


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
        ("Dr Paul Durand\nTel: 07 00 30 38 38\nÉquipe", ["07 00 30 38 38"]),
        ("Code 07 00 30 38 38 du lot", []),
        ("Portable 06 12 34 56 78", ["06 12 34 56 78"]),
    ],
)
def test_engine_reports_unallocated_numbers_only_with_context(analyzer, text, expected):
    results = analyzer.analyze(text=text, language="fr", entities=ENTITIES)
    assert [text[r.start : r.end] for r in results] == expected
