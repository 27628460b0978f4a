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


@pytest.mark.parametrize(
    "text, expected",
    [
        # separators as typed
        ("Née le 22|8|1923 à Lyon", ["22|8|1923"]),
        ("le 3.2.2021 au matin", ["3.2.2021"]),
        ("né le 29/ 06 /2020", ["29/ 06 /2020"]),
        ("DUPONT, Marc\n07 . 03 . 1958\nN° FINESS", ["07 . 03 . 1958"]),
        ("Date création : 2023/03/30 16:30", ["2023/03/30"]),
        ("jusqu'au 20 12 2003 avant de déménager", ["20 12 2003"]),
        ("revu le 23022018, reprise du suivi", ["23022018"]),
        # typed digit by digit, alone or beside a NIR typed the same way (synthetic NIRs)
        ("MARTIN Julie  2 8 4 0 7 3 3 1 2 4 5 6 7 1 2  1 4 0 2 1 9 8 4  ETANERCEPT", ["1 4 0 2 1 9 8 4"]),
        ("BERNARD Lucie 0 3 0 4 2 0 2 1 2 8 4 0 7 3 3 1 2 4 5 6 7 1 2 1 5 0 3 1 9 8 4 Adaptation",
         ["0 3 0 4 2 0 2 1", "1 5 0 3 1 9 8 4"]),
        # typed digit by digit with a slip: month first, 29 February, two digits together, 7 digits
        ("ROUX Léa\n0 3 1 5 2 0 2 2\n17 rue", ["0 3 1 5 2 0 2 2"]),
        ("le 2 9 0 2 1 9 9 3", ["2 9 0 2 1 9 9 3"]),
        ("N° RPPS\n04 1 7 2 0 1 9\n998001275", ["04 1 7 2 0 1 9"]),
        ("HENRI Paul  1 1 0 3 2 0 1", ["1 1 0 3 2 0 1"]),
        # the first day of a range or pair
        ("hospitalisé du 14 au 22/05/2019", ["14", "22/05/2019"]),
        ("vu les 7 et 8/02/2016 par le Dr", ["7", "8/02/2016"]),
        ("Du 3 au 5 juin 2021, congrès", ["3", "5 juin 2021"]),
        ("phase 2 - 14feb, phase 3", ["14feb"]),
        ("traitée entre mars et juillet 2019", ["mars", "juillet 2019"]),
        # a year heading an item of a list
        ("ATCD : - 1994 appendicectomie - 2003 cholécystectomie", ["1994", "2003"]),
        ("Traitements :\no 2019 : Levothyrox\n- 2020 arrêt", ["2019", "2020"]),
        ("score 2 - 1990 points", []),
        ("Tableau 3 - 1999 patients inclus", []),
        # a day and a month, after a cue
        ("vu le 12/05 en consultation", ["12/05"]),
        ("entre le 01/02 et le 02/02/1952.", ["01/02", "02/02/1952"]),
        # bare years, after a cue or in brackets
        ("anneau posé en 2003 (hôpital Saint-Louis)", ["2003"]),
        ("Elle est née en 1956 à Brest, suivie depuis 2019.", ["1956", "2019"]),
        ("Début (2010), fin (2012)", ["2010", "2012"]),
        # month names: glued, without year, with a comma, month and year
        ("ablation dec1993, revue le 05nov et le 01sep2018", ["dec1993", "05nov", "01sep2018"]),
        ("RDV des 18 avril et 20 avril 2022", ["18 avril", "20 avril 2022"]),
        ("née le 12, Mai 1973.", ["12, Mai 1973"]),
        ("le 21 novembre, 2012", ["21 novembre, 2012"]),
        ("Prélever le Sept 01,2026", ["Sept 01,2026"]),
        ("Charge virale indétectable en décembre 93;", ["décembre 93"]),
        ("Dernier examen (2013 janvier)", ["2013 janvier"]),
        ("Prochain RDV prévu fin septembre.", ["septembre"]),
        # spelled out
        ("né le quinze septembre mille neuf cent soixante-cinq.", ["quinze septembre mille neuf cent soixante-cinq"]),
        ("vue le douze mars", ["douze mars"]),
        ("du 1er fév au 2 février mille neuf cent cinquante deux", ["1er fév", "2 février mille neuf cent cinquante deux"]),
        ("mort en février mille neuf cent quatre-vingt 2, à", ["février mille neuf cent quatre-vingt 2"]),
        ("le vingt et un juin", ["vingt et un juin"]),
        # not dates
        ("500 mg à 14h30, code postal 75011", []),
        ("passer en 2000 mg/j", []),
        ("TA 12/08, le 1/2 comprimé, au 3/4 inférieur", []),
        ("dose de 1 000 000 UI", []),
        ("version 3.2.1 du logiciel", []),
        ("résultats 12 10 2019 45 33", []),  # a row of values
        ("2 8 4 0 7 3 3 1 2 4 5 6 7 1 2", []),  # a NIR typed digit by digit
        ("le 3 2 0 2 1 9 9 5", []),  # no 32nd day, in either order
        ("le 4 3 5 6 7 8 9 1", []),  # a FINESS typed digit by digit, a digit missing
        ("Lot 1 2 0 3 2 0 1 5 8", []),  # 9 digits
        ("TA 12 et 8", []),
        ("les 2 et 3 patients", []),
        ("trois mois, un mars, mais sept patients", []),
        ("revu en juin", []),  # a month alone is too vague without a cue such as "fin"
        ("en 12 mois", []),
        ("le trente février", []),
    ],
)
def test_analyze_finds_dates_as_written(recognizer, text, expected):
    results = sorted(recognizer.analyze(text, entities=ENTITIES), key=lambda r: r.start)
    assert [text[r.start:r.end] for r in results if r.score >= 0.5] == expected
