"""Presidio recognizer for the French intra-community VAT number."""

from typing import Optional

from presidio_analyzer import Pattern

from recognizers._pattern import FrenchPatternRecognizer
from scanner.identifiers import vat


class FrVatRecognizer(FrenchPatternRecognizer):
    """Recognize a French VAT number ('FR 40 303 265 045').

    ``validate_result`` policy: True (score 1.0) when the key and the SIREN's key are
    right, False (dropped) otherwise: the ``FR`` prefix and two keys leave no doubt.
    """

    ENTITY = "FR_VAT"
    MIN_DIGITS = 9
    NEEDS_LETTER = True
    PATTERNS = [
        Pattern("VAT", r"\bFR[ .]?[0-9A-HJ-NP-Z]{2}[ .]?\d{3}[ .]?\d{3}[ .]?\d{3}\b(?![ .]?\d)", 0.5),
    ]
    CONTEXT = ["tva", "intracommunautaire", "vat"]

    def validate_result(self, pattern_text: str) -> Optional[bool]:  # noqa: D102
        return vat.is_valid(pattern_text)
