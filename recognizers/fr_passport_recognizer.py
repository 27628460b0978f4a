"""Presidio recognizer for the number of the French passport."""

from typing import Optional

from presidio_analyzer import Pattern

from recognizers._pattern import LABELLED_SCORE, FrenchPatternRecognizer, after_label
from scanner.identifiers import passport

_SEP = r"[ .\-]?"
_NUMBER = rf"\d{{2}}{_SEP}[A-Z]{{2}}{_SEP}\d{{5}}\b"


class FrPassportRecognizer(FrenchPatternRecognizer):
    """Recognize a passport number: 2 digits, 2 letters, 5 digits.

    No key is printed (see :mod:`scanner.identifiers.passport`), so ``validate_result``
    policy is:

    * None, right after its label ("passeport n° ..."): 0.75, reported;
    * None elsewhere (pattern score 0.25, never reported alone): the passport layout; the
      context word "passeport" within three words lifts it to 0.6;
    * False (dropped): never for a match of the pattern. True is never returned.
    """

    ENTITY = "FR_PASSPORT"
    MIN_DIGITS = 7
    NEEDS_LETTER = True
    PATTERNS = [
        Pattern("Passport after its label", after_label(["passeport", "passport"], _NUMBER), LABELLED_SCORE),
        Pattern("Passport", rf"\b{_NUMBER}", 0.25),
    ]
    CONTEXT = ["passeport", "passport"]

    def validate_result(self, pattern_text: str) -> Optional[bool]:  # noqa: D102
        return None if passport.is_valid(pattern_text) else False
