"""FrMedicationRecognizer: drug names with their ATC code and revealed category."""

import pytest
from presidio_analyzer import RecognizerResult

from recognizers.fr_medication_recognizer import FrMedicationRecognizer

ENTITIES = ["MEDICATION"]


@pytest.fixture(scope="module")
def recognizer():
    return FrMedicationRecognizer()


@pytest.mark.parametrize(
    "text, expected_len, expected_positions",
    [
        ("Sous Levothyrox 75 µg.", 1, ((5, 15),)),
        ("metformine 1000 mg x2, Kardégic 75", 2, ((0, 10), (23, 31))),
        ("Traitement : Truvada en continu.", 1, ((13, 20),)),
        ("Subutex 8 mg/j, Seroplex 10 mg.", 2, ((0, 7), (16, 24))),
        ("Introduction de méthadone.", 1, ((16, 25),)),
        ("Pas de traitement.", 0, ()),
        ("Mme Diane Martin, fer à repasser, gel douche.", 0, ()),
        ("Diabète de type 2.", 0, ()),  # a diagnosis, not this recognizer's entity
    ],
)
def test_analyze_finds_medications(recognizer, text, expected_len, expected_positions):
    results = sorted(recognizer.analyze(text, ENTITIES), key=lambda r: r.start)
    assert len(results) == expected_len
    assert tuple((r.start, r.end) for r in results) == expected_positions
    assert all(r.entity_type == "MEDICATION" and r.score == pytest.approx(0.9) for r in results)


@pytest.mark.parametrize(
    "text, code, category",
    [
        ("Truvada", "J05AR03", "hiv_sti"),
        ("Subutex", "N07BC01", "addiction"),
        ("Zyprexa", "N05AH03", "mental_health"),
        ("tamoxifène", "L02BA01", "oncology"),
        ("Leeloo", "G03AA07", "reproductive"),
        ("Levothyrox", "H03AA01", "other_health"),
    ],
)
def test_analyze_links_atc_code_and_category(recognizer, text, code, category):
    [result] = recognizer.analyze(f"Sous {text}.", ENTITIES)
    metadata = result.recognition_metadata
    assert (metadata["code"], metadata["category"]) == (code, category)
    assert metadata[RecognizerResult.RECOGNIZER_NAME_KEY] == "FrMedicationRecognizer"
    assert metadata[RecognizerResult.RECOGNIZER_IDENTIFIER_KEY] == recognizer.id


def test_analyze_records_negated_medication(recognizer):
    [result] = recognizer.analyze("Arrêt du Subutex, pas de méthadone.", ENTITIES)[1:]
    assert result.recognition_metadata["qualifier"] == "negated"


def test_recognizer_supports_french_only(recognizer):
    assert recognizer.supported_language == "fr"
    assert recognizer.supported_entities == ENTITIES
