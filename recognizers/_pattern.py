"""The shared constructor of vigie's French pattern recognizers."""

from typing import List, Optional

from presidio_analyzer import Pattern, PatternRecognizer

from scanner.compat.fast_patterns import FastPatternRunner


class FrenchPatternRecognizer(PatternRecognizer):
    """A Presidio pattern recognizer for French text, declared by class attributes.

    Subclasses set ``ENTITY``, ``PATTERNS`` and ``CONTEXT`` and write ``validate_result``.
    ``MIN_DIGITS`` (the fewest digits any match holds), ``NEEDS_LETTER`` and
    ``NEEDS_NON_DIGIT`` (no match is digits only) let a caller skip cells that cannot
    match (``scanner.compat.fast_patterns``); they must never overstate. ``USUAL_FORMS`` maps a
    pattern's name to the (ASCII) form of a whole cell that this pattern matches as a
    whole and no pattern matches otherwise: such a cell is only validated
    (``tests/test_fastpath.py`` checks the claim against Presidio).
    """

    ENTITY: str = ""
    PATTERNS: List[Pattern] = []
    CONTEXT: List[str] = []
    MIN_DIGITS: int = 0
    NEEDS_LETTER: bool = False
    NEEDS_NON_DIGIT: bool = False
    USUAL_FORMS: dict[str, str] = {}

    def __init__(
        self,
        patterns: Optional[List[Pattern]] = None,
        context: Optional[List[str]] = None,
        supported_language: str = "fr",
        supported_entity: Optional[str] = None,
        name: Optional[str] = None,
    ):
        super().__init__(
            supported_entity=supported_entity or self.ENTITY,
            patterns=patterns or self.PATTERNS,
            context=context or self.CONTEXT,
            supported_language=supported_language,
            name=name,
        )
        self.runner = FastPatternRunner(self)
        """The pattern loop, shared with the cell checks of ``scanner.detect``."""

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
        """Presidio's pattern matching, without its per-pattern timing and logging (a
        tenth of a note's analysis): the same results (``tests/test_fastpath.py``)."""
        if regex_flags is not None and regex_flags != self.global_regex_flags:
            return super().analyze(text, entities, nlp_artifacts, regex_flags)
        return self.runner.matches(text)
