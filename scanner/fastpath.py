"""Presidio's pattern matching for short table cells, without its per-call overhead.

``PatternRecognizer.analyze`` times every pattern with ``datetime.now()``, logs, checks
its compiled regex and builds an explanation for every match: about 30 µs per call on a
cell that matches nothing, times a dozen recognizers, times every cell of a dump. A
``FastPatternRunner`` keeps the recognizer's own patterns, flags, ``validate_result``,
``invalidate_result`` and scores (so results are the same; ``tests/test_fastpath.py``
checks it), skips cells that cannot match (fewer digits than the recognizer's ``MIN_DIGITS``, no
letter where it needs one, no ``@`` for an email), and builds results only for matches.
"""

from __future__ import annotations

import regex as re
from presidio_analyzer import EntityRecognizer, PatternRecognizer, RecognizerResult


class FastPatternRunner:
    """One PatternRecognizer's patterns, run the way Presidio runs them."""

    def __init__(self, recognizer: PatternRecognizer) -> None:
        self.recognizer = recognizer
        flags = recognizer.global_regex_flags
        self.patterns = [(p.score, re.compile(p.regex, flags=flags)) for p in recognizer.patterns]
        self.min_digits = getattr(recognizer, "MIN_DIGITS", 0)
        self.needs_letter = getattr(recognizer, "NEEDS_LETTER", False)
        self.needs_at = all("@" in p.regex for p in recognizer.patterns)
        self.entity_type = recognizer.supported_entities[0]
        self.metadata = {
            RecognizerResult.RECOGNIZER_NAME_KEY: recognizer.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id,
        }
        self.rescore = getattr(recognizer, "rescore", None)
        self.validate = recognizer.validate_result
        overridden = type(recognizer).invalidate_result is not PatternRecognizer.invalidate_result
        self.invalidate = recognizer.invalidate_result if overridden else None  # Presidio's: never

    def can_match(self, text: str, digits: int, has_letter: bool) -> bool:
        """False when no pattern can match ``text`` (cheap character counts)."""
        return (
            digits >= self.min_digits
            and (has_letter or not self.needs_letter)
            and (not self.needs_at or "@" in text)
        )

    def matches(self, text: str) -> list[RecognizerResult]:
        """What ``PatternRecognizer.analyze`` returns for ``text`` (duplicates removed), scores
        included; no explanations (the analyzer engine drops them from its results)."""
        results = []
        for score, pattern in self.patterns:
            for match in pattern.finditer(text):
                start, end = match.span()
                if start == end:
                    continue
                found = text[start:end]
                validation = self.validate(found)
                if validation is not None:
                    score_now = EntityRecognizer.MAX_SCORE if validation else EntityRecognizer.MIN_SCORE
                else:
                    score_now = score
                if self.invalidate is not None and self.invalidate(found):
                    score_now = EntityRecognizer.MIN_SCORE
                if score_now > EntityRecognizer.MIN_SCORE:
                    results.append(
                        RecognizerResult(self.entity_type, start, end, score_now, recognition_metadata=dict(self.metadata))
                    )
        if len(results) > 1:
            results = EntityRecognizer.remove_duplicates(results)
        return results

    def analyze(self, text: str) -> list[RecognizerResult]:
        """The recognizer's results on a cell: ``matches``, then its ``rescore`` if it has one."""
        results = self.matches(text)
        if self.rescore and results:
            results = self.rescore(text, results)
        return results
