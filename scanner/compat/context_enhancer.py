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
from spacy.attrs import ORTH

WORD_CACHE_LIMIT = 200_000
"""Distinct token strings whose context word is remembered (``FrenchContextEnhancer._words``)."""


class FrenchContextEnhancer(LemmaContextAwareEnhancer):
    """Presidio's context enhancer, matching context words as written.

    Presidio compares context words with lemmas. vigie does not load spaCy's lemmatizer
    (see ``scanner.engine``), and it lemmatises French acronyms into false singulars
    anyway ("RPPS" -> "rpp"), so the words before a match are compared lower-cased, as
    written, without a trailing dot ("Dr." -> "dr"). Stop words and punctuation are
    skipped as Presidio skips them; the words of a text are prepared once, not per match,
    from each distinct token string's word, worked out once.
    """

    def __init__(self, context_boost: float, min_score_with_context: float) -> None:
        self._word_of_orth: dict[int, tuple[str, bool]] = {}
        """Per token string (spaCy's ``ORTH``), its word and whether it may be a context word."""
        self._vocab = None
        """The spaCy vocabulary ``_word_of_orth`` was filled from."""
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
            supportive = supportive_word(words + extra, recognizer.context)
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

    def _words(self, nlp_artifacts) -> tuple[list[str], list[bool]]:
        """Each token's word (lower-cased, no trailing dot) and whether it may be a context
        word, worked out once per distinct token string (they depend on it alone)."""
        cached = getattr(nlp_artifacts, "_vigie_words", None)
        if cached is None:
            doc = nlp_artifacts.tokens
            if doc.vocab is not self._vocab or len(self._word_of_orth) > WORD_CACHE_LIMIT:
                self._word_of_orth, self._vocab = {}, doc.vocab
            known = self._word_of_orth
            words, is_keyword = [], []
            for i, orth in enumerate(doc.to_array(ORTH).tolist()):
                entry = known.get(orth)
                if entry is None:
                    token = doc[i]
                    word = token.text.lower().rstrip(".")
                    entry = known[orth] = (
                        word, not (token.is_punct or token.is_space or (token.is_stop and word not in self.KEPT_STOP_WORDS))
                    )
                words.append(entry[0])
                is_keyword.append(entry[1])
            cached = nlp_artifacts._vigie_words = (words, is_keyword)
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


def supportive_word(words: list[str], recognizer_context: list[str]) -> str:
    """The first of ``recognizer_context`` that is one of ``words`` (case aside), else "":
    ``LemmaContextAwareEnhancer._find_supportive_word_in_context`` in whole-word mode, with
    the words lower-cased once rather than once per context word.

    >>> supportive_word(["tél", "portable"], ["téléphone", "Portable", "tél"]), supportive_word(["nir"], ["rpps"])
    ('Portable', '')
    """
    lowered = {word.lower() for word in words}
    return next((word for word in recognizer_context if word.lower() in lowered), "")
