"""Presidio recognizer for the French ADELI number of health professionals."""

from typing import Optional

from presidio_analyzer import Pattern

from recognizers._pattern import FrenchPatternRecognizer
from scanner.identifiers import adeli


class FrAdeliRecognizer(FrenchPatternRecognizer):
    """Recognize an ADELI number (9 digits).

    No key is published (see :mod:`scanner.identifiers.adeli`), so
    ``validate_result`` policy is:

    * None (pattern score 0.2, never reported alone): 9 digits; the context
      word "ADELI" lifts it to 0.55;
    * False (dropped): department 00. True is never returned.
    """

    ENTITY = "FR_ADELI"
    MIN_DIGITS = 9
    PATTERNS = [Pattern("ADELI", r"\b\d{9}\b", 0.2)]
    CONTEXT = ["adeli"]

    def validate_result(self, pattern_text: str) -> Optional[bool]:  # noqa: D102
        return None if adeli.is_valid(pattern_text) else False
