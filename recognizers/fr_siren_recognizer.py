"""Presidio recognizer for the SIREN number of a French company."""

from typing import Optional

from presidio_analyzer import Pattern

from recognizers._pattern import FrenchPatternRecognizer, number_end
from scanner.identifiers import siren


class FrSirenRecognizer(FrenchPatternRecognizer):
    """Recognize a SIREN (9 digits, '552 008 443') next to its label.

    Nine digits with a Luhn key are one number in ten, so ``validate_result`` policy is:

    * None (pattern score 0.2, never reported alone): valid key; a context word
      ("SIREN", "RCS", "employeur", a ``siren`` column) lifts it to 0.55;
    * False (dropped): wrong key. True is never returned.
    """

    ENTITY = "FR_SIREN"
    MIN_DIGITS = 9
    PATTERNS = [Pattern("SIREN", rf"(?<!\d)(?<!\d[ .])\b\d{{3}}[ .]?\d{{3}}[ .]?\d{{3}}\b{number_end(' .')}", 0.2)]
    CONTEXT = ["siren", "sirene", "rcs", "employeur", "entreprise", "société", "societe", "immatriculée"]

    def validate_result(self, pattern_text: str) -> Optional[bool]:  # noqa: D102
        return None if siren.is_valid(pattern_text) else False
