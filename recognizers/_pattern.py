"""The shared constructor of vigie's French pattern recognizers."""

import re
import unicodedata
from typing import List, Optional

from presidio_analyzer import Pattern, PatternRecognizer

from scanner.compat.fast_patterns import FastPatternRunner


class FrenchPatternRecognizer(PatternRecognizer):
    """A Presidio pattern recognizer for French text, declared by class attributes.

    Subclasses set ``ENTITY``, ``PATTERNS`` and ``CONTEXT`` and write ``validate_result``.
    ``MIN_DIGITS`` (the fewest digits any match holds), ``NEEDS_LETTER`` and
    ``NEEDS_NON_DIGIT`` (no match is digits only) let a caller skip cells that cannot
    match (``scanner.compat.fast_patterns``); they must never overstate. ``TEXT_NEEDS``, a
    regex (compiled with the patterns' flags) that finds something in every text a pattern
    matches, lets the analysis of a free text skip the patterns where it finds nothing; it
    must never overstate either (``tests/test_pattern_prechecks.py``); ``PATTERN_NEEDS`` does
    the same for some patterns (pattern name -> regex). ``USUAL_FORMS`` maps a
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
    TEXT_NEEDS: str = ""
    PATTERN_NEEDS: dict[str, str] = {}
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


def number_end(separators: str) -> str:
    r"""A regex of the end of a number written with ``separators`` between its groups: no other
    digit right after it, or the ``.0`` that a float column adds to an integer
    ('98762328700073.0', '987623287.00'; not '987623287.05' nor '987623287.0.1').

    >>> import re
    >>> [bool(re.match(rf"\d{{9}}{number_end(' .')}", cell)) for cell in ("987623287", "987623287.0", "987623287.05", "987623287 1")]
    [True, True, False, False]
    """
    return rf"(?:(?![{separators}]?\d)|(?=\.0+(?![\d.,])))"


DIGIT_FIRST = r"(?=\d)"
"""Put first in a pattern whose match starts with a digit: the ``regex`` module then goes from
digit to digit instead of trying the pattern's look-behinds and word boundaries at every
character (a third to half the time on notes); it changes no match
(``tests/test_pattern_prechecks.py`` checks it)."""


LABELLED_SCORE = 0.75
"""The score of an identifier without a key right after its label ("passeport n° ..."): reported
alone, above a phone number's 0.7 for the same digits, and above the same number lent another
type's context word from further away."""

LABEL_TAILS = (" ", ": ", " : ", ":", " n° ", " n°", " n° : ", " n°: ", " no ", " no : ", " n. ", " numéro ",
               " numéro : ", " numéro: ", " num ", " num. ", " (n° ", " : n° ", ", ", ", n° ", ", numéro ")
"""What people write between a label and its number ("CNI n° : ...")."""


def _written_forms(label: str) -> set[str]:
    """``label`` with and without its accents, with a straight or a curly apostrophe."""
    bare = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    return {form for word in (label, bare) for form in (word, word.replace("'", "’"))}


def after_label(labels: list[str], number: str) -> str:
    r"""A regex of ``number`` right after one of ``labels`` and a usual tail ("n°", ":"...;
    the label is not part of the match). The label is checked by look-behinds of fixed width,
    one per length, so Python's ``re`` compiles it too (``scanner.fastpath``), and only where
    the number matches.

    >>> import re
    >>> re.search(after_label(["passeport"], r"\d{2}[A-Z]{2}\d{5}"), "Passeport n° : 12AB34567", re.I).group()
    '12AB34567'
    """
    by_length: dict[int, set[str]] = {}
    for label in labels:
        for form in _written_forms(label):
            for tail in LABEL_TAILS:
                by_length.setdefault(len(form + tail), set()).add(re.escape(form + tail))
    behind = "|".join(rf"(?<=\b(?:{'|'.join(sorted(forms))}))" for _, forms in sorted(by_length.items()))
    return rf"\b(?={number})(?:{behind}){number}"  # the number first: most places fail there, cheaply
