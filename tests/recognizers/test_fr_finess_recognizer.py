"""FrFinessRecognizer: structure only, reported with context."""

import pytest

from recognizers import FrFinessRecognizer

ENTITIES = ["FR_FINESS"]


@pytest.fixture(scope="module")
def recognizer():
    return FrFinessRecognizer()


@pytest.mark.parametrize(
    "text, expected_len, expected_positions",
    [
        ("FINESS 75 071 218 4", 1, ((7, 19),)),
        ("FINESS 750712184", 1, ((7, 16),)),
        ("finess 2a0001234", 1, ((7, 16),)),
        ("FINESS 000712184", 0, ()),
        ("siret 75071218400012", 0, ()),
        ("FINESS 7507121", 0, ()),
    ],
)
def test_analyze_finds_finess_structure(recognizer, text, expected_len, expected_positions):
    results = sorted(recognizer.analyze(text, entities=ENTITIES), key=lambda r: r.start)
    assert len(results) == expected_len
    assert tuple((r.start, r.end) for r in results) == expected_positions
    assert all(r.score == pytest.approx(0.2) for r in results)


@pytest.mark.slow
def test_engine_reports_finess_near_context(analyzer):
    text = "FINESS de l'établissement : 75 071 218 4"
    results = [r for r in analyzer.analyze(text=text, language="fr") if r.entity_type == "FR_FINESS"]
    assert [text[r.start:r.end] for r in results] == ["75 071 218 4"]


@pytest.mark.slow
def test_engine_ignores_finess_without_context(analyzer):
    text = "Référence 750712184"
    assert not [r for r in analyzer.analyze(text=text, language="fr") if r.entity_type == "FR_FINESS"]
