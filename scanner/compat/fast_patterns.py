"""Presidio's pattern matching for short table cells, without its per-call overhead.

``PatternRecognizer.analyze`` times every pattern with ``datetime.now()``, logs, checks
its compiled regex and builds an explanation for every match: about 30 µs per call on a
cell that matches nothing, times a dozen recognizers, times every cell of a dump. A
``FastPatternRunner`` keeps the recognizer's own patterns, flags, ``validate_result``,
``invalidate_result`` and scores (so results are the same; ``tests/test_fastpath.py``
checks it), skips cells that cannot match (fewer digits than the recognizer's ``MIN_DIGITS``, no
letter where it needs one, no ``@`` for an email, nothing but digits for a date) and free
texts where its ``TEXT_NEEDS`` finds nothing (a pattern's own ``PATTERN_NEEDS``: that pattern),
and builds results only for matches.
"""

from __future__ import annotations

import re as stdre
from collections.abc import Iterable

from scanner.compat.presidio_import import import_presidio

import_presidio()  # before Presidio's first import: see scanner.compat.presidio_import

import regex as re
from presidio_analyzer import EntityRecognizer, PatternRecognizer, RecognizerResult

Span = tuple[int, int, float]
"""``(start, end, score)`` of one result."""


class FastPatternRunner:
    """One PatternRecognizer's patterns, run the way Presidio runs them."""

    def __init__(self, recognizer: PatternRecognizer) -> None:
        self.recognizer = recognizer
        flags = recognizer.global_regex_flags
        self.patterns = [
            (p.score, re.compile(p.regex, flags=flags), ascii_pattern(p.regex, flags)) for p in recognizer.patterns
        ]
        self.min_digits = getattr(recognizer, "MIN_DIGITS", 0)
        self.needs_letter = getattr(recognizer, "NEEDS_LETTER", False)
        self.needs_non_digit = getattr(recognizer, "NEEDS_NON_DIGIT", False)
        self.needs_at = all("@" in p.regex for p in recognizer.patterns)
        text_needs = getattr(recognizer, "TEXT_NEEDS", "")
        self.text_needs = re.compile(text_needs, flags=flags) if text_needs else None
        pattern_needs = getattr(recognizer, "PATTERN_NEEDS", {})
        needs = {need: re.compile(need, flags=flags) for need in set(pattern_needs.values())}
        self.pattern_needs = [needs.get(pattern_needs.get(p.name)) for p in recognizer.patterns]
        """Per pattern, what its ``PATTERN_NEEDS`` finds in every text it matches (or None)."""
        self.entity_type = recognizer.supported_entities[0]
        self.metadata = {
            RecognizerResult.RECOGNIZER_NAME_KEY: recognizer.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id,
        }
        self.rescore_span = getattr(recognizer, "rescore_span", None)
        if self.rescore_span is None and hasattr(recognizer, "rescore"):
            raise TypeError(f"{recognizer.name} rescores its results: it must define rescore_span(found, score)")
        self.validate = recognizer.validate_result
        overridden = type(recognizer).invalidate_result is not PatternRecognizer.invalidate_result
        self.invalidate = recognizer.invalidate_result if overridden else None  # Presidio's: never
        usual = getattr(recognizer, "USUAL_FORMS", {})
        scores = {p.name: p.score for p in recognizer.patterns}
        self.usual_form = stdre.compile("|".join(f"({form})" for form in usual.values()), stdre.ASCII) if usual else None
        self.usual_pattern_scores = [scores[name] for name in usual]
        self.validate_many = getattr(recognizer, "validate_results", None) or self._validate_each
        self.rescore_many = getattr(recognizer, "rescore_spans", None) or self._rescore_each

    def can_match(self, text: str, digits: int, has_letter: bool) -> bool:
        """False when no pattern can match ``text`` (cheap character counts). It looks
        only at the counts, at whether ``text`` holds an ``@`` and at whether it is all
        digits (``Detector.analyze_structured`` remembers the answer by these)."""
        return (
            digits >= self.min_digits
            and (has_letter or not self.needs_letter)
            and (not self.needs_at or "@" in text)
            and (not self.needs_non_digit or digits < len(text))
        )

    def may_match_text(self, text: str) -> bool:
        """False when no pattern can match the free text ``text``: no ``@`` for an email
        recognizer, nothing the recognizer's ``TEXT_NEEDS`` finds.

        >>> from recognizers.fr_ip_recognizer import FrIpRecognizer
        >>> runner = FastPatternRunner(FrIpRecognizer())
        >>> runner.may_match_text("Vu le 12.03.2024 à 14h"), runner.may_match_text("Poste 10.0.0.12")
        (False, True)
        """
        if self.needs_at and "@" not in text:
            return False
        return self.text_needs is None or self.text_needs.search(text) is not None

    def spans(self, text: str, rescored: bool = True, free_text: bool = False) -> list[Span]:
        """``(start, end, score)`` of each result ``PatternRecognizer.analyze`` gives for
        ``text`` (duplicates removed, in its order), then the recognizer's ``rescore_span``
        if it has one and ``rescored``. A text matched by several patterns is validated once;
        a cell in one of the recognizer's ``USUAL_FORMS`` is validated without the pattern loop.
        In a ``free_text``, a pattern whose ``PATTERN_NEEDS`` finds nothing is not run.

        >>> from recognizers.fr_nir_recognizer import FrNirRecognizer
        >>> FastPatternRunner(FrNirRecognizer()).spans("NIR 185057800608491 ou 185057800608400")
        [(4, 19, 1.0), (23, 38, 0.3)]
        """
        score = self.usual_score(text, rescored)
        if score is not None:
            return [(0, len(text), score)] if score > EntityRecognizer.MIN_SCORE else []
        spans = self._matched_spans(text, free_text)
        if rescored and self.rescore_span is not None:
            spans = [(start, end, self.rescore_span(text[start:end], score)) for start, end, score in spans]
        return spans

    def usual_score(self, text: str, rescored: bool = True) -> float | None:
        """For a cell in one of the recognizer's ``USUAL_FORMS``, the score of the one span
        ``spans`` gives, the whole cell (0 when the cell is dropped); None for any other text.

        >>> from recognizers.fr_nir_recognizer import FrNirRecognizer
        >>> runner = FastPatternRunner(FrNirRecognizer())
        >>> runner.usual_score("185057800608491"), runner.usual_score("185057800608400"), runner.usual_score("NIR 1")
        (1.0, 0.3, None)
        """
        usual = self.usual_form.fullmatch(text) if self.usual_form is not None else None
        if usual is None:
            return None
        score = self._validated(text, self.usual_pattern_scores[usual.lastindex - 1])
        if rescored and self.rescore_span is not None and score > EntityRecognizer.MIN_SCORE:
            score = self.rescore_span(text, score)
        return score

    def usual_scores_many(self, texts: Iterable[str]) -> dict[str, float]:
        """``usual_score`` of each distinct text in a usual form (a column of a batch; texts
        in no usual form are left out), validated together when the recognizer has a
        ``validate_results`` (and ``rescore_spans``) for many texts at once.

        >>> from recognizers.fr_nir_recognizer import FrNirRecognizer
        >>> FastPatternRunner(FrNirRecognizer()).usual_scores_many(["185057800608491", "NIR 1", "185057800608400"])
        {'185057800608491': 1.0, '185057800608400': 0.3}
        """
        if self.usual_form is None:
            return {}
        fullmatch, pattern_scores = self.usual_form.fullmatch, self.usual_pattern_scores
        usual = {text: pattern_scores[match.lastindex - 1] for text in texts if (match := fullmatch(text))}
        found = list(usual)
        scores = list(map(_score_of, self.validate_many(found), usual.values()))
        if self.invalidate is not None:
            scores = [EntityRecognizer.MIN_SCORE if self.invalidate(text) else score for text, score in zip(found, scores)]
        if self.rescore_span is not None:
            kept = [i for i, score in enumerate(scores) if score > EntityRecognizer.MIN_SCORE]
            for i, score in zip(kept, self.rescore_many([found[i] for i in kept], [scores[i] for i in kept])):
                scores[i] = score
        return dict(zip(found, scores))

    def _rescore_each(self, texts: list[str], scores: list[float]) -> list[float]:
        return [self.rescore_span(text, score) for text, score in zip(texts, scores)]

    def _validate_each(self, texts: list[str]) -> list[bool | None]:
        return [self.validate(text) for text in texts]

    def _matched_spans(self, text: str, free_text: bool = False) -> list[Span]:
        """Every pattern's matches, validated, as ``PatternRecognizer.analyze`` keeps them
        (in a ``free_text``, those of the patterns whose ``PATTERN_NEEDS`` finds something)."""
        spans = []
        checked: dict[str, float] = {}
        ascii = text.isascii()
        found_needs: dict = {}
        for (score, pattern, ascii_twin), need in zip(self.patterns, self.pattern_needs):
            if free_text and need is not None:
                found = found_needs.get(need)
                if found is None:
                    found = found_needs[need] = need.search(text) is not None
                if not found:
                    continue
            for match in (ascii_twin if ascii and ascii_twin else pattern).finditer(text):
                start, end = match.span()
                if start == end:
                    continue
                found = text[start:end]
                score_now = checked.get(found)
                if score_now is None:
                    score_now = checked[found] = self._validated(found, -1.0)
                if score_now < 0:
                    score_now = score
                if score_now > EntityRecognizer.MIN_SCORE:
                    spans.append((start, end, score_now))
        return remove_duplicate_spans(spans) if len(spans) > 1 else spans

    def _validated(self, found: str, pattern_score: float) -> float:
        """The score of a match after ``validate_result`` and ``invalidate_result``."""
        if self.invalidate is not None and self.invalidate(found):
            return EntityRecognizer.MIN_SCORE
        return _score_of(self.validate(found), pattern_score)

    def matches(self, text: str) -> list[RecognizerResult]:
        """What ``PatternRecognizer.analyze`` returns for ``text`` (duplicates removed), scores
        included; no explanations (the analyzer engine drops them from its results). A text
        no pattern can match (``may_match_text``) is not searched."""
        if not self.may_match_text(text):
            return []
        return self._results(self.spans(text, rescored=False, free_text=True))

    def analyze(self, text: str) -> list[RecognizerResult]:
        """The recognizer's results on a cell: ``matches``, then its ``rescore_span`` if it has one."""
        return self._results(self.spans(text))

    def _results(self, spans: list[Span]) -> list[RecognizerResult]:
        return [
            RecognizerResult(self.entity_type, start, end, score, recognition_metadata=dict(self.metadata))
            for start, end, score in spans
        ]


def _score_of(validation: bool | None, pattern_score: float) -> float:
    """A match's score given its ``validate_result``: 1.0 if True, 0 if False, else the
    pattern's score (Presidio's rule)."""
    if validation is None:
        return pattern_score
    return EntityRecognizer.MAX_SCORE if validation else EntityRecognizer.MIN_SCORE


_REGEX_FLAGS = {re.IGNORECASE: stdre.IGNORECASE, re.MULTILINE: stdre.MULTILINE, re.DOTALL: stdre.DOTALL,
                re.UNICODE: 0, re.VERSION0: 0}


def ascii_pattern(pattern: str, flags: int) -> stdre.Pattern | None:
    """``pattern`` compiled by Python's ``re`` for ASCII texts, or None if it cannot be.

    On ASCII text, ``re`` in ASCII mode matches exactly as the ``regex`` module that Presidio
    uses (``\\s``, ``\\w``, ``\\d`` and ``\\b`` agree there; in Unicode mode ``re``
    would take the separators ``\\x1c``-``\\x1f`` for blanks) and is faster on short cells
    (a third to a half less time per search; ``tests/test_fastpath.py`` compares both).

    >>> ascii_pattern(r"\\b\\d{11}\\b", re.IGNORECASE | re.UNICODE).flags & stdre.ASCII > 0
    True
    >>> ascii_pattern(r"\\p{L}+", 0) is None  # a regex-only feature
    True
    """
    std_flags = stdre.ASCII
    for flag, std_flag in _REGEX_FLAGS.items():
        if flags & flag:
            std_flags |= std_flag
            flags &= ~flag
    if flags:
        return None
    try:
        return stdre.compile(pattern, std_flags)
    except stdre.error:
        return None


def remove_duplicate_spans(spans: list[Span]) -> list[Span]:
    """``EntityRecognizer.remove_duplicates`` for spans of one entity type: drop zero
    scores and spans inside another of equal or higher score; order by score, then start.

    >>> remove_duplicate_spans([(0, 10, 0.5), (2, 8, 0.5), (2, 8, 0.9), (0, 10, 0.5)])
    [(2, 8, 0.9), (0, 10, 0.5)]
    """
    ordered = sorted(set(spans), key=lambda s: (s[0], s[0] - s[1], -s[2]))
    kept: list[Span] = []
    active: list[Span] = []
    for span in ordered:
        start, end, score = span
        if score == 0:
            continue
        active = [other for other in active if other[1] >= start]
        if any(start >= other[0] and end <= other[1] and score <= other[2] for other in active):
            continue
        kept.append(span)
        active.append(span)
    return sorted(kept, key=lambda s: (-s[2], s[0], s[0] - s[1]))
