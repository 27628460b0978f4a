"""Presidio recognizer for the French RPPS number of health professionals."""

from typing import List, Optional

from presidio_analyzer import Pattern, PatternRecognizer

from scanner.identifiers import rpps


class FrRppsRecognizer(PatternRecognizer):
    """Recognize an RPPS number (11 digits) or its IdNat_PS form ('8' + RPPS).

    ``validate_result`` policy:

    * None (pattern score 0.4, below the 0.5 threshold): the Luhn key is
      right. One random 11-digit number in ten passes Luhn, so the key alone
      is not enough: a context word ("RPPS", "Dr", "médecin", ...) lifts the
      score to 0.75;
    * False (dropped): wrong Luhn key. True is never returned.
    """

    PATTERNS = [
        Pattern("RPPS", r"\b\d{11}\b", 0.4),
        Pattern("IdNat_PS (8 + RPPS)", r"\b8\d{11}\b", 0.4),
    ]
    CONTEXT = [
        "rpps", "dr", "docteur", "médecin", "praticien", "pr", "professeur",
        "prescripteur", "pharmacien", "infirmier", "idnat",
    ]

    def __init__(
        self,
        patterns: Optional[List[Pattern]] = None,
        context: Optional[List[str]] = None,
        supported_language: str = "fr",
        supported_entity: str = "FR_RPPS",
        name: Optional[str] = None,
    ):
        super().__init__(
            supported_entity=supported_entity,
            patterns=patterns or self.PATTERNS,
            context=context or self.CONTEXT,
            supported_language=supported_language,
            name=name,
        )

    def validate_result(self, pattern_text: str) -> Optional[bool]:  # noqa: D102
        return None if rpps.is_valid(pattern_text) else False
