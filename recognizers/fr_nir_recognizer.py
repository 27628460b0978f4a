"""Presidio recognizer for the French NIR (numéro de sécurité sociale)."""

from typing import List, Optional

from presidio_analyzer import Pattern

from recognizers._pattern import FrenchPatternRecognizer
from scanner.identifiers import nir

_SEP = r"[ .\-]?"
_BODY = rf"[1-478]{_SEP}\d{{2}}{_SEP}\d{{2}}{_SEP}(?:\d{{2}}|2[AB]){_SEP}\d{{3}}{_SEP}\d{{3}}"
_SPELLED = r"[1-478](?: \d){4} (?:\d \d|2 [AB])(?: \d){6}"


class FrNirRecognizer(FrenchPatternRecognizer):
    """Recognize a French NIR (15 characters, or 13 without key).

    ``validate_result`` policy:

    * True (score 1.0): the mod-97 key is right;
    * None (pattern score 0.3, below the 0.5 threshold): NIR structure but
      wrong or missing key; a context word such as "NIR" or "sécu" lifts it
      to 0.65, so a mistyped NIR next to its label is still reported;
    * False (dropped): sex, month or department impossible.
    """

    ENTITY = "FR_NIR"
    MIN_DIGITS = 12  # Corsica: "2A" leaves 12 digits of 14
    PATTERNS = [
        Pattern("NIR (grouped or compact)", rf"\b{_BODY}{_SEP}\d{{2}}\b", 0.3),
        Pattern("NIR without key", rf"\b{_BODY}\b(?![ .\-]?\d)", 0.3),
        Pattern("NIR digit by digit", rf"\b{_SPELLED}(?: \d \d)?\b(?! \d)", 0.3),
    ]
    USUAL_FORMS = {"NIR (grouped or compact)": r"[1-478]\d{14}"}
    CONTEXT = [
        "nir", "sécu", "ss", "sécurité", "social", "assuré", "assurer",
        "assurance", "immatriculation", "maladie", "insee", "vitale",
    ]

    def validate_result(self, pattern_text: str) -> Optional[bool]:  # noqa: D102
        if nir.is_valid(pattern_text):
            return True
        return None if nir.is_plausible(pattern_text) else False

    def validate_results(self, texts: List[str]) -> List[Optional[bool]]:
        """``validate_result`` of each text, a column's NIRs checked together."""
        return [True if valid else (None if plausible else False)
                for valid, plausible in zip(nir.are_valid(texts), nir.are_plausible(texts))]
