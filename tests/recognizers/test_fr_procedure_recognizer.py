"""FrProcedureRecognizer: French procedure sentences, Presidio's (text, expected) table."""

import pytest

from recognizers import FrProcedureRecognizer


@pytest.fixture(scope="module")
def recognizer():
    return FrProcedureRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Patiente sous chimiothérapie depuis janvier.", [("chimiothérapie", "oncology")]),
        ("Hémodialyse le lundi, mercredi et vendredi.", [("Hémodialyse", "other_health")]),
        ("Grossesse de 20 SA, suivi de grossesse normal.", [("Grossesse", "reproductive"), ("suivi de grossesse", "reproductive")]),
        ("Dépistage VIH proposé.", [("Dépistage VIH", "hiv_sti")]),
        ("ATCD : appendicectomie, TDM thoracique en 2021.", [("appendicectomie", "other_health"), ("TDM", "other_health")]),
        ("Scanner thoracique normal.", [("Scanner thoracique", "other_health")]),
        ("Merci de scanner et renvoyer le formulaire.", []),
        ("Diabète de type 2 sous metformine.", []),
    ],
)
def test_recognizer_finds_procedures(recognizer, text, expected):
    results = recognizer.analyze(text, ["PROCEDURE"])
    assert [(text[r.start:r.end], r.recognition_metadata["category"]) for r in results] == expected
    assert all(r.entity_type == "PROCEDURE" and r.score == 0.9 for r in results)


def test_recognizer_reports_nothing_for_other_entities(recognizer):
    assert recognizer.analyze("Chimiothérapie.", ["DIAGNOSIS"]) == []
