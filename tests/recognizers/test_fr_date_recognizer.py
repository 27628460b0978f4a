"""FrDateRecognizer: French date forms and day/month validation."""

import pytest

from recognizers import FrDateRecognizer

ENTITIES = ["DATE_TIME"]


@pytest.fixture(scope="module")
def recognizer():
    return FrDateRecognizer()


@pytest.mark.parametrize(
    "text, expected_len, expected_positions, expected_score",
    [
        ("né le 12/03/1965", 1, ((6, 16),), 0.6),
        ("12-03-1965", 1, ((0, 10),), 0.6),
        ("12.03.1965", 1, ((0, 10),), 0.6),
        ("1965-03-12", 1, ((0, 10),), 0.6),
        ("12 mars 1965", 1, ((0, 12),), 0.6),
        ("1er janvier 2001", 1, ((0, 16),), 0.6),
        ("né le 3 janvier 2001 à Lyon", 1, ((6, 20),), 0.6),
        ("le 3 fevrier 2001", 1, ((3, 17),), 0.6),
        ("15 janv. 2020", 1, ((0, 13),), 0.6),
        ("le 2 févr. 2020", 1, ((3, 15),), 0.6),
        ("12 AOÛT 1999", 1, ((0, 12),), 0.6),
        ("29/02/2000", 1, ((0, 10),), 0.6),
        ("vu le 12/03/1965 et le 1er déc. 2020", 2, ((6, 16), (23, 36)), 0.6),
        ("12/03/65", 1, ((0, 8),), 0.55),  # the common dd/mm/yy: reported alone
        ("3.4.65", 1, ((0, 6),), 0.4),  # other 2-digit-year forms: need context
    ],
)
def test_analyze_finds_french_dates(recognizer, text, expected_len, expected_positions, expected_score):
    results = sorted(recognizer.analyze(text, entities=ENTITIES), key=lambda r: r.start)
    assert len(results) == expected_len
    assert tuple((r.start, r.end) for r in results) == expected_positions
    assert all(r.score == pytest.approx(expected_score) for r in results)


@pytest.mark.parametrize(
    "text",
    [
        "31/04/2001",
        "30 février 2001",
        "29/02/2001",
        "12/13/2001",
        "32/01/2001",
        "06.12.34.56.78",  # phone number, not a date
        "12/03/1965/4",
        "v1.2.2020",  # version string
        "12/03-1965",  # mixed separators
    ],
)
def test_analyze_rejects_impossible_or_embedded_dates(recognizer, text):
    assert recognizer.analyze(text, entities=ENTITIES) == []


@pytest.mark.slow
@pytest.mark.parametrize(
    "text, expected_span",
    [
        ("Né le 12/03/65 à Lyon", "12/03/65"),
        ("Date de naissance : 12/03/65", "12/03/65"),
        ("Patient né le 3 janvier 2001", "3 janvier 2001"),
    ],
)
def test_engine_reports_dates_with_birth_context(analyzer, text, expected_span):
    results = [r for r in analyzer.analyze(text=text, language="fr") if r.entity_type == "DATE_TIME"]
    assert [text[r.start:r.end] for r in results] == [expected_span]


@pytest.mark.parametrize("seed", range(4))
def test_numeric_dates_are_checked_as_any_date(recognizer, seed):
    """The shortcut for dd/mm/yyyy and yyyy-mm-dd gives the word-by-word check's answer,
    impossible days and months included."""
    import random

    from recognizers.fr_date_recognizer import numeric_date, validate_date_words

    rng = random.Random(seed)
    checked = 0
    for _ in range(3000):
        day, month, year = f"{rng.randint(0, 39):02d}", f"{rng.randint(0, 19):02d}", str(rng.randint(1800, 2099))
        separator = rng.choice("/.-")
        text = rng.choice([f"{day}{separator}{month}{separator}{year}", f"{year}-{month}-{day}"])
        assert numeric_date(text) is not None
        assert recognizer.validate_result(text) == validate_date_words(text), text
        checked += recognizer.validate_result(text) is None
    assert checked > 500


@pytest.mark.parametrize("seed", range(3))
def test_a_column_of_dates_is_validated_as_each_date(recognizer, seed):
    """``validate_results`` (a column's numeric dates checked together) gives each text's
    ``validate_result``: real and impossible dates, years 0000 to 9999, leap days, mixed
    separators, 10-character texts that are not dates, written-out dates."""
    import random

    rng = random.Random(seed)
    texts = ["29/02/2000", "29/02/1900", "29/02/2024", "31/04/1990", "0000-01-01", "9999-12-31", "2001-13-01",
             "1er mars 2001", "31 juin 2001", "12/03/65", "12/03-1965", "12-03-1965", "１２/03/1965"]
    for _ in range(4000):
        day, month, year = f"{rng.randint(0, 39):02d}", f"{rng.randint(0, 19):02d}", f"{rng.randint(0, 9999):04d}"
        first, second = rng.choice("/.-"), rng.choice("/.-/.-x")
        texts.append(rng.choice([f"{day}{first}{month}{second}{year}", f"{year}-{month}{second}{day}",
                                 f"{day}{first}{month}{first}{year}"]))
    assert recognizer.validate_results(texts) == [recognizer.validate_result(text) for text in texts]
