"""Presidio recognizer for the French ADELI number of health professionals."""

from typing import List, Optional

from presidio_analyzer import Pattern, PatternRecognizer

from scanner.identifiers import adeli


class FrAdeliRecognizer(PatternRecognizer):
    """Recognize an ADELI number (9 digits).

    No key is published (see :mod:`scanner.identifiers.adeli`), so
    ``validate_result`` policy is:

    * None (pattern score 0.2, never reported alone): 9 digits; the context
      word "ADELI" lifts it to 0.55;
    * False (dropped): department 00. True is never returned.
    """

    PATTERNS = [Pattern("ADELI", r"\b\d{9}\b", 0.2)]
    CONTEXT = ["adeli"]

    def __init__(
        self,
        patterns: Optional[List[Pattern]] = None,
        context: Optional[List[str]] = None,
        supported_language: str = "fr",
        supported_entity: str = "FR_ADELI",
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
        return None if adeli.is_valid(pattern_text) else False
