"""Checking a short cell without spaCy: the cheapest faithful way to run each recognizer
on it (``cell_checker``), what a cell's shape lets match (``char_counts``, ``cell_shape``),
a column's words as context (``with_context``), and results turned into hits (``as_hits``,
``whole_cell``).
"""

from __future__ import annotations

import re

from presidio_analyzer import PatternRecognizer, RecognizerResult

from scanner.compat.fast_patterns import FastPatternRunner
from scanner.engine import CONTEXT_BOOST, MIN_SCORE_WITH_CONTEXT, SCORE_THRESHOLD
from scanner.identifiers import postcode
from scanner.models import Hit


_NOT_DIGITS = str.maketrans("", "", "0123456789")


_ASCII_LETTER = re.compile(r"[A-Za-z]")


def char_counts(text: str) -> tuple[int, bool]:
    """The number of digits in ``text`` and whether it holds a letter (Unicode-aware).

    >>> char_counts("06 12 34 56 78"), char_counts("2A 004"), char_counts("n° ١٢")
    ((10, False), (4, True), (2, True))
    """
    if text.isascii():
        return len(text) - len(text.translate(_NOT_DIGITS)), _ASCII_LETTER.search(text) is not None
    digits = sum(c.isdigit() for c in text)
    return digits, digits < len(text) and any(c.isalpha() for c in text)


def cell_shape(text: str, digits: int, has_letter: bool, patterns_only: bool) -> tuple:
    """What ``can_match`` looks at in a cell (with ``char_counts``' digits and letter): the
    key of ``Detector._checkers_by_shape``.

    >>> cell_shape("12345", 5, False, True)
    (True, 5, False, False, True)
    """
    return (patterns_only, digits, has_letter, "@" in text, digits == len(text))


def whole_cell(text: str, entity_type: str, score: float, recognizer: str) -> list[RecognizerResult]:
    """One result covering the cell without its surrounding blanks, if it holds a letter.

    >>> [(r.start, r.end) for r in whole_cell("  DUPONT ", "PERSON", 0.9, "column")]
    [(2, 8)]
    >>> whole_cell(" - ", "PERSON", 0.9, "column")
    []
    """
    stripped = text.strip()
    if not any(c.isalpha() for c in stripped) and not postcode.is_valid(stripped):
        return []
    start = text.index(stripped)
    return [
        RecognizerResult(
            entity_type, start, start + len(stripped), score,
            recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: recognizer},
        )
    ]


_NAME_KEY = RecognizerResult.RECOGNIZER_NAME_KEY


def as_hits(results: list[RecognizerResult]) -> tuple[Hit, ...]:
    """Presidio results as hits.

    >>> as_hits([RecognizerResult("FR_NIR", 0, 15, 1.0, recognition_metadata={"recognizer_name": "FrNirRecognizer"})])
    (Hit(entity_type='FR_NIR', start=0, end=15, score=1.0, recognizer='FrNirRecognizer', category=None, qualifier=None),)
    """
    hits = []
    for r in results:
        metadata = r.recognition_metadata or {}
        hits.append(Hit(r.entity_type, r.start, r.end, r.score, metadata.get(_NAME_KEY, ""),
                        metadata.get("category"), metadata.get("qualifier")))
    return tuple(hits)


class _RecognizerCall:
    """A recognizer that is not a plain pattern recognizer, called as Presidio would.

    Every such recognizer here needs a letter: names and terms obviously, and an IBAN
    starts with its country code.
    """

    def __init__(self, recognizer) -> None:
        self.recognizer = recognizer
        self.needs_digit = "IBAN_CODE" in recognizer.supported_entities

    def can_match(self, text: str, digits: int, has_letter: bool) -> bool:
        return (digits or not self.needs_digit) and has_letter

    def analyze(self, text: str) -> list[RecognizerResult]:
        return self.recognizer.analyze(text, self.recognizer.supported_entities, None)


def cell_checker(recognizer) -> FastPatternRunner | _RecognizerCall:
    """The cheapest faithful way to run ``recognizer`` on a short cell.

    >>> from presidio_analyzer import Pattern
    >>> checker = cell_checker(PatternRecognizer("FR_X", patterns=[Pattern("x", r"\\d{4}", 0.6)]))
    >>> type(checker).__name__, [(r.start, r.end) for r in checker.analyze("n 1234")]
    ('FastPatternRunner', [(2, 6)])
    """
    if isinstance(getattr(recognizer, "runner", None), FastPatternRunner):  # FrenchPatternRecognizer, e-mail
        return recognizer.runner
    if isinstance(recognizer, PatternRecognizer) and type(recognizer).analyze is PatternRecognizer.analyze:
        return FastPatternRunner(recognizer)
    return _RecognizerCall(recognizer)


def with_context(score: float, context: frozenset[str], recognizer_context: set[str]) -> float:
    """A score below the threshold lifted as Presidio's context enhancer would (+0.35, at
    least 0.4) when the column's words hold one of the recognizer's context words.

    >>> with_context(0.4, frozenset({"rpps"}), {"rpps", "dr"}), with_context(0.4, frozenset(), {"rpps"})
    (0.75, 0.4)
    """
    if score < SCORE_THRESHOLD and context & recognizer_context:
        return max(score + CONTEXT_BOOST, MIN_SCORE_WITH_CONTEXT)
    return score
