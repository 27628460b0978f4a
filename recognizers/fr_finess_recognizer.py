"""Presidio recognizer for the French FINESS number of health establishments."""

from typing import Optional

from presidio_analyzer import Pattern

from recognizers._pattern import FrenchPatternRecognizer
from scanner.identifiers import finess


class FrFinessRecognizer(FrenchPatternRecognizer):
    """Recognize a FINESS number (department + 7 digits, e.g. '75 071 218 4').

    No official key algorithm is published (see :mod:`scanner.identifiers.finess`),
    so ``validate_result`` policy is:

    * None (pattern score 0.2, never reported alone): FINESS structure; the
      context words "FINESS" or "établissement" lift it to 0.55;
    * False (dropped): department 00. True is never returned.
    """

    ENTITY = "FR_FINESS"
    MIN_DIGITS = 8  # "2A 123 456 7"
    PATTERNS = [
        Pattern("FINESS", r"\b(?:\d{2}|2[AB]) ?\d{3} ?\d{3} ?\d\b(?! ?\d)", 0.2),
    ]
    CONTEXT = ["finess", "établissement", "etablissement", "ej", "hôpital", "clinique"]

    def validate_result(self, pattern_text: str) -> Optional[bool]:  # noqa: D102
        return None if finess.is_valid(pattern_text) else False
