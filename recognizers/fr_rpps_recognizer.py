"""Presidio recognizer for the French RPPS number of health professionals."""

from typing import List, Optional

from presidio_analyzer import Pattern

from recognizers._pattern import FrenchPatternRecognizer
from scanner.identifiers import rpps


class FrRppsRecognizer(FrenchPatternRecognizer):
    """Recognize an RPPS number (11 digits) or its IdNat_PS form ('8' + RPPS).

    ``validate_result`` policy:

    * None (pattern score 0.4, below the 0.5 threshold): the Luhn key is
      right. One random 11-digit number in ten passes Luhn, so the key alone
      is not enough: a context word ("RPPS", "Dr", "médecin", ...) lifts the
      score to 0.75;
    * False (dropped): wrong Luhn key. True is never returned.
    """

    ENTITY = "FR_RPPS"
    MIN_DIGITS = 11
    PATTERNS = [
        Pattern("RPPS", r"\b\d{11}\b", 0.4),
        Pattern("IdNat_PS (8 + RPPS)", r"\b8\d{11}\b", 0.4),
    ]
    USUAL_FORMS = {"RPPS": r"\d{11}"}
    CONTEXT = [
        "rpps", "dr", "docteur", "médecin", "praticien", "pr", "professeur",
        "prescripteur", "pharmacien", "infirmier", "idnat",
    ]

    def validate_result(self, pattern_text: str) -> Optional[bool]:  # noqa: D102
        return None if rpps.is_valid(pattern_text) else False

    def validate_results(self, texts: List[str]) -> List[Optional[bool]]:
        """``validate_result`` of each text, a column's numbers checked together."""
        return [None if valid else False for valid in rpps.are_valid(texts)]
