"""Presidio's context enhancer, matching context words as written (a patch of its internals).

``FrenchContextEnhancer`` overrides ``LemmaContextAwareEnhancer.enhance_using_context``
(a documented extension point) and ``_extract_surrounding_words`` (an internal one), and
reads ``NlpArtifacts.tokens`` and ``tokens_indices``. Checked against presidio-analyzer
2.2.366 (pinned in ``pyproject.toml``); ``tests/test_engine.py`` checks the context
boosts it gives (see ``README.md`` here).
"""

from __future__ import annotations

import bisect

from presidio_analyzer import RecognizerResult
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer


class FrenchContextEnhancer(LemmaContextAwareEnhancer):
    """Presidio's context enhancer, matching context words as written.

    Presidio compares context words with lemmas. vigie does not load spaCy's lemmatizer
    (see ``scanner.engine``), and it lemmatises French acronyms into false singulars
    anyway ("RPPS" -> "rpp"), so the words before a match are compared lower-cased, as
    written, without a trailing dot ("Dr." -> "dr"). Stop words and punctuation are
    skipped as Presidio skips them; the words of a text are prepared once, not per match.
    """

    def __init__(self, context_boost: float, min_score_with_context: float) -> None:
        # Whole words only: as substrings, "dr" would fire inside "prendre".
        # Three words back: "ADELI 076076447, établissement FINESS 954184040"
        # must not lend "ADELI" to the FINESS number.
        super().__init__(
            context_similarity_factor=context_boost,
            min_score_with_context_similarity=min_score_with_context,
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
