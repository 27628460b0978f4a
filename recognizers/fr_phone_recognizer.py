"""Presidio recognizer for French (metropolitan and overseas) phone numbers."""

from typing import List, Optional

from presidio_analyzer import Pattern, PatternRecognizer

from scanner.identifiers import phone

_BEFORE = r"(?<![\w+])"
_AFTER = r"(?![.\-]?\d)"


class FrPhoneRecognizer(PatternRecognizer):
    """Recognize French phone numbers ('06 12 34 56 78', '+33 (0)6 ...', '0692 ...').

    ``validate_result`` policy (validity from libphonenumber metadata):

    * None (pattern score 0.7, reported without context): a valid French or
      French overseas number; context such as "tél" or "portable" lifts it;
    * False (dropped): not a valid number (unallocated range such as
      '07 12 34 56 78', wrong length, foreign country code).
      True is never returned.
    """

    PATTERNS = [
        Pattern("FR phone, national", rf"{_BEFORE}0[1-9](?:[ .\-]?\d{{2}}){{4}}{_AFTER}", 0.7),
        Pattern(
            "FR phone, international",
            rf"{_BEFORE}(?:\+|00)\s?(?:33|262|508|590|594|596|681|687|689)"
            rf"\s?(?:\(0\)\s?)?[1-9](?:[ .\-]?\d){{5,8}}{_AFTER}",
            0.7,
        ),
    ]
    CONTEXT = ["tél", "tel", "téléphone", "telephone", "portable", "mobile", "fixe", "joindre", "appeler"]

    def __init__(
        self,
        patterns: Optional[List[Pattern]] = None,
        context: Optional[List[str]] = None,
        supported_language: str = "fr",
        supported_entity: str = "PHONE_NUMBER",
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
        return None if phone.is_valid(pattern_text) else False
