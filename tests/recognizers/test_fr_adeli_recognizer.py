"""FrAdeliRecognizer: 9 digits, reported with context."""

import pytest

from recognizers import FrAdeliRecognizer

ENTITIES = ["FR_ADELI"]


@pytest.fixture(scope="module")
def recognizer():
    return FrAdeliRecognizer()


@pytest.mark.parametrize(
    "text, expected_len, expected_positions",
    [
        ("ADELI 751234567", 1, ((6, 15),)),
        ("ADELI 001234567", 0, ()),
        ("ADELI 75123456", 0, ()),
        ("tél 1751234567", 0, ()),
    ],
)
def test_analyze_finds_nine_digits(recognizer, text, expected_len, expected_positions):
    results = sorted(recognizer.analyze(text, entities=ENTITIES), key=lambda r: r.start)
    assert len(results) == expected_len
    assert tuple((r.start, r.end) for r in results) == expected_positions
    assert all(r.score == pytest.approx(0.2) for r in results)


@pytest.mark.slow
def test_engine_reports_adeli_near_context(analyzer):
    text = "Infirmière, n° ADELI 751234567"
    results = [r for r in analyzer.analyze(text=text, language="fr") if r.entity_type == "FR_ADELI"]
    assert [text[r.start:r.end] for r in results] == ["751234567"]


@pytest.mark.slow
def test_engine_ignores_adeli_without_context(analyzer):
    text = "Dossier 751234567"
    assert not [r for r in analyzer.analyze(text=text, language="fr") if r.entity_type == "FR_ADELI"]
