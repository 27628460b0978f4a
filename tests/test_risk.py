"""`scanner.risk`: k-anonymity, uniqueness and l-diversity as pycanon computes them, on
generated patient tables, and generalisation suggestions that reach the target k."""

import datetime
import random

import pytest
from faker import Faker

from scanner.generalize import generalize
from scanner.risk import EquivalenceClasses, QuasiKind, measure_rows, quasi_kind

pd = pytest.importorskip("pandas")
anonymity = pytest.importorskip("pycanon.anonymity")
aux_anonymity = pytest.importorskip("pycanon.anonymity.utils.aux_anonymity")

DIAGNOSES = ["asthme", "diabète de type 2", "cancer du sein", "VIH", "dépression", "hypertension artérielle"]


def patient_table(rows: int, seed: int, departments: int, years: int, diagnoses: int) -> list[dict]:
    """Generated patients: birth date, sex, postcode, age, diagnosis; the spreads set how
    unique the rows are."""
    fake, rng = Faker("fr_FR"), random.Random(seed)
    fake.seed_instance(seed)
    table = []
    for _ in range(rows):
        born = fake.date_between_dates(
            date_start=datetime.date(1940, 1, 1), date_end=datetime.date(1940 + years, 12, 31)
        )
        table.append({
            "date_naissance": born.isoformat(),
            "sexe": rng.choice("MF"),
            "cp": f"{rng.randrange(1, departments + 1):02d}{rng.randrange(0, 3):01d}{rng.choice(['00', '10'])}",
            "age": str(2026 - born.year),
            "diagnostic": rng.choice(DIAGNOSES[:diagnoses]),
            "nom": fake.last_name(),
        })
    return table


TABLES = [
    # rows, seed, departments, years of birth, diagnoses, quasi-identifiers
    (30, 1, 2, 1, 2, ["sexe", "cp"]),
    (60, 2, 1, 0, 3, ["sexe"]),
    (80, 3, 3, 2, 6, ["date_naissance", "sexe"]),
    (120, 4, 2, 5, 4, ["age", "sexe", "cp"]),
    (200, 5, 5, 10, 6, ["date_naissance", "sexe", "cp", "age"]),
    (50, 6, 1, 0, 1, ["sexe", "cp"]),
]


@pytest.mark.parametrize("rows, seed, departments, years, diagnoses, quasi", TABLES)
def test_figures_match_pycanon(rows, seed, departments, years, diagnoses, quasi):
    table = patient_table(rows, seed, departments, years, diagnoses)
    frame = pd.DataFrame(table)
    risk = measure_rows(table, quasi=quasi, sensitive=["diagnostic"], k=5)
    classes = aux_anonymity.get_equiv_class(frame, quasi)
    assert risk.figures.records == rows
    assert risk.figures.k_min == anonymity.k_anonymity(frame, quasi)
    assert risk.figures.l_diversity == anonymity.l_diversity(frame, quasi, ["diagnostic"])
    assert risk.figures.classes == len(classes)
    assert risk.figures.unique_records == sum(1 for members in classes if len(members) == 1)
    assert risk.figures.records_below_k == sum(len(members) for members in classes if len(members) < 5)


@pytest.mark.parametrize("rows, seed, departments, years, diagnoses, quasi", TABLES)
def test_suggestion_figures_match_pycanon_on_the_generalised_table(rows, seed, departments, years, diagnoses, quasi):
    table = patient_table(rows, seed, departments, years, diagnoses)
    risk = measure_rows(table, quasi=quasi, sensitive=["diagnostic"], k=5)
    if risk.suggestion is None:
        assert quasi == ["sexe"]  # nothing to generalise
        return
    generalised = pd.DataFrame([
        {c: generalize(v, risk.suggestion.levels[c]) if c in risk.suggestion.levels else v for c, v in row.items()}
        for row in table
    ])
    assert risk.suggestion.k_min == anonymity.k_anonymity(generalised, quasi)
    assert risk.suggestion.figures.l_diversity == anonymity.l_diversity(generalised, quasi, ["diagnostic"])
    assert risk.suggestion.reached == (risk.suggestion.k_min >= 5)


def test_suggestion_takes_the_fewest_steps_that_reach_k():
    table = patient_table(300, 7, 2, 3, 4)
    risk = measure_rows(table, quasi=["date_naissance", "sexe", "cp"], k=5)
    assert risk.figures.k_min == 1
    assert risk.suggestion.reached
    assert risk.suggestion.levels == {"date_naissance": "year", "cp": "department"}
    assert risk.suggestion.k_min >= 5


@pytest.mark.parametrize("column, kind", [
    ("date_naissance", QuasiKind.BIRTH_DATE), ("DDN", QuasiKind.BIRTH_DATE), ("birth_date", QuasiKind.BIRTH_DATE),
    ("patient.dateNaissance", QuasiKind.BIRTH_DATE), ("age_patient", QuasiKind.AGE), ("Sexe", QuasiKind.SEX),
    ("genre", QuasiKind.SEX), ("code_postal", QuasiKind.POSTCODE), ("CP", QuasiKind.POSTCODE),
    ("zip_code", QuasiKind.POSTCODE), ("commune", QuasiKind.COMMUNE), ("ville_naissance", QuasiKind.COMMUNE),
    ("departement", QuasiKind.DEPARTMENT), ("nationalite", QuasiKind.NATIONALITY),
    ("nom", None), ("date_entree", None), ("diagnostic", None), ("page", None),
])
def test_quasi_kind_from_column_names(column, kind):
    assert quasi_kind(column) == kind


@pytest.mark.parametrize("value, level, expected", [
    ("1948-07-20", "month", "1948-07-01"), ("1948-07-20", "year", "1948-01-01"),
    ("20/07/1948", "month", "01/07/1948"), ("20.07.1948", "year", "01.01.1948"),
    ("1948-07-20T10:00:00", "month", "1948-07-01"), ("le 20 juillet 1948", "year", None),
    ("75012", "department", "75"), ("2A004", "department", None), ("20090", "department", "2A"),
    ("20290", "department", "2B"), ("97411", "department", "974"), ("", "department", None),
    ("47", "5years", "45"), ("47", "10years", "40"), ("9", "10years", "0"), ("47 ans", "10years", None),
    ("1962/2/18 00:00:00", "year", "1962/01/01"), ("1962/2/18", "month", "1962/02/01"),
    ("1962.12.3", "month", "1962.12.01"), ("1962-13-01", "year", None), ("20/13/1948", "month", None),
    ("52,5", "5years", "50"), ("130", "10years", "130"), ("131", "10years", None), ("-4", "5years", None),
    ("inf", "10years", None), ("1e2", "10years", None), ("nan", "5years", None),
    ("287086950003018", "10years", None), ("0612345678", "5years", None), ("287086950003018", "department", None),
])
def test_generalize_keeps_nothing_finer_than_its_level(value, level, expected):
    assert generalize(value, level) == expected


def test_classes_stay_as_many_as_distinct_combinations():
    classes = EquivalenceClasses()
    for i in range(10_000):
        classes.add((str(i % 7), "F"), (str(i % 3),))
    assert len(classes.counts) == 7
    assert classes.figures(5).l_diversity == 3


def test_a_column_first_seen_in_a_later_record_counts_as_empty_before():
    rows = [{"sexe": "F"}, {"sexe": "F"}, {"sexe": "F", "cp": "75012", "diagnostic": "asthme"}, {"sexe": "M", "cp": "75012"}]
    risk = measure_rows(rows, k=2)
    assert risk.quasi_identifiers == ["sexe", "cp"] and risk.sensitive == ["diagnostic"]
    assert (risk.figures.classes, risk.figures.k_min, risk.figures.unique_records) == (3, 1, 2)
    frame = pd.DataFrame(rows).fillna("")
    assert risk.figures.l_diversity == anonymity.l_diversity(frame, ["sexe", "cp"], ["diagnostic"])


@pytest.mark.parametrize("seed, sensitive", [(8, ["diagnostic", "sexe"]), (9, ["diagnostic", "cp"])])
def test_l_diversity_of_several_sensitive_attributes_is_their_least(seed, sensitive):
    table = patient_table(150, seed, 3, 2, 5)
    risk = measure_rows(table, quasi=["age"], sensitive=sensitive)
    assert risk.figures.l_diversity == anonymity.l_diversity(pd.DataFrame(table), ["age"], sensitive)
