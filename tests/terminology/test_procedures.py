"""PROCEDURE terms: the curated list, CIM-10 deliveries and pregnancy, surgical and
examination suffixes, and the cue words ambiguous ones need."""

import pytest

from scanner.terminology import DIAGNOSIS, HEALTH_CATEGORIES, PROCEDURE, find_terms, is_icd10_code
from scanner.terminology.procedures import is_procedure_word
from scanner.terminology.table import DATA_DIR, read_tsv


def found(text: str) -> list[tuple[str, str, str]]:
    return [(m.text, m.entity_type, m.category) for m in find_terms(text)]


@pytest.fixture(scope="module")
def procedure_rows():
    return read_tsv(DATA_DIR / "procedure_terms.tsv")


def test_procedure_rows_have_entity_category_rule_and_real_codes(procedure_rows):
    assert len(procedure_rows) > 150
    for row in procedure_rows:
        assert row["entity"] == PROCEDURE and row["category"] in HEALTH_CATEGORIES, row
        assert row["rule"] in {"", "U", "C"} and row["source"], row
        assert not row["code"] or is_icd10_code(row["code"]), row


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chimiothérapie adjuvante puis radiothérapie.",
         [("Chimiothérapie adjuvante", PROCEDURE, "oncology"), ("radiothérapie", PROCEDURE, "oncology")]),
        ("Patient hémodialysé 3 fois par semaine.", [("hémodialysé", PROCEDURE, "other_health")]),
        ("Greffe de rein en 2015.", [("Greffe de rein", PROCEDURE, "other_health")]),
        ("ATCD : 2 accouchements par voie basse, une césarienne.",
         [("accouchements", PROCEDURE, "reproductive"), ("césarienne", PROCEDURE, "reproductive")]),
        ("IVG médicamenteuse en mars.", [("IVG", PROCEDURE, "reproductive")]),
        ("Coloscopie avec biopsies.", [("Coloscopie", PROCEDURE, "other_health"), ("biopsies", PROCEDURE, "other_health")]),
        ("IRM cérébrale : pas de lésion.", [("IRM", PROCEDURE, "other_health"), ("lésion", DIAGNOSIS, "other_health")]),
        ("Pontage aorto-coronarien, prothèse totale de hanche.",
         [("Pontage aorto-coronarien", PROCEDURE, "other_health"),
          ("prothèse totale de hanche", PROCEDURE, "other_health")]),
        ("Suivi en psychothérapie.", [("psychothérapie", PROCEDURE, "mental_health")]),
        ("Accouchement unique par césarienne programmée.",
         [("Accouchement unique par césarienne programmée", PROCEDURE, "reproductive")]),
    ],
)
def test_find_terms_finds_curated_procedures(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Scanner thoraco-abdominal réalisé hier.", [("Scanner", PROCEDURE, "other_health")]),
        ("Le scanner cérébral montre un AVC.", [("scanner cérébral", PROCEDURE, "other_health"),
                                               ("AVC", "DIAGNOSIS", "other_health")]),
        ("Opération de la hanche en 2010.", [("Opération", PROCEDURE, "other_health")]),
        ("Greffe de moelle osseuse.", [("Greffe de moelle osseuse", PROCEDURE, "other_health")]),
        ("Merci de scanner les pièces jointes.", []),
        ("L'opération de maintenance est terminée.", []),
        ("La greffe a pris sur le pommier.", []),
    ],
)
def test_ambiguous_procedures_need_a_clinical_cue(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ATCD de cholécystectomie et d'hystérectomie.",
         [("cholécystectomie", PROCEDURE, "other_health"), ("hystérectomie", PROCEDURE, "reproductive")]),
        ("Gastrostomie posée en 2020.", [("Gastrostomie", PROCEDURE, "other_health")]),
        ("Coronarographie puis angioplastie.",
         [("Coronarographie", PROCEDURE, "other_health"), ("angioplastie", PROCEDURE, "other_health")]),
        ("Amniocentese a 16 SA.", [("Amniocentese", PROCEDURE, "reproductive")]),
        ("Duodéno-pancréatectomie céphalique.", [("Duodéno-pancréatectomie", PROCEDURE, "other_health")]),
        ("Une biographie, une cartographie et une demographie.", []),
        ("Analyse par dichotomie.", []),
    ],
)
def test_procedure_suffixes_make_procedures(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("appendicectomies", True), ("trachéotomie", True), ("colostomie", True),
        ("herniorraphie", True), ("paracentèse", True), ("rhinoplastie", True),
        ("fibroscopie", True), ("kinésithérapie", True), ("rectopexie", True),
        ("polysomnographie", True),
        ("splénectomisée", True), ("trachéotomisés", True), ("échographique", True),
        ("coelioscopique", True), ("chimiothérapique", True),
        ("géographique", False), ("photographiques", False), ("microscopique", False),
        ("photographie", False), ("horoscopie", False), ("galvanoplastie", False),
        ("aromatherapie", False), ("thérapie", False), ("dichotomie", False), ("stomie", False),
    ],
)
def test_is_procedure_word(word, expected):
    assert is_procedure_word(word) is expected


def test_longer_diagnosis_still_wins_over_a_procedure_inside_it():
    assert found("Grossesse extra-utérine rompue.")[0][:2] == ("Grossesse extra-utérine", "DIAGNOSIS")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Patient transplanté rénal en 2012.", [("transplanté rénal", PROCEDURE, "other_health")]),
        ("Transplantée hépatique, suivi annuel.", [("Transplantée", PROCEDURE, "other_health")]),
        ("Des ouvriers récemment transplantés dans la région parisienne.", []),
    ],
)
def test_transplanted_needs_an_organ_or_a_clinical_cue(text, expected):
    assert found(text) == expected
