"""Presidio recognizer for the French NIR (numéro de sécurité sociale)."""

import re
from typing import List, Optional

from presidio_analyzer import Pattern

from recognizers._pattern import DIGIT_FIRST, FrenchPatternRecognizer
from scanner.identifiers import nir

_SEP = r"[ .\-]?"
_BODY = rf"[1-478]{_SEP}\d{{2}}{_SEP}\d{{2}}{_SEP}(?:\d{{2}}|2[AB]){_SEP}\d{{3}}{_SEP}\d{{3}}"
_TYPED = r"[1-478](?: \d){4} (?:\d \d|2 ?[AB])(?: \d){5,9}"
"""Typed digit by digit, as in the boxes of a form: 13 to 15 characters, or one missing or
extra (``nir.TYPED_LENGTHS``)."""
_TYPED_DATE = r"[0-3] \d [01] \d [12] [09] \d \d"
"""A date typed digit by digit (DDMMYYYY), often typed right before or after the NIR."""
_TYPED_START = rf"(?:(?<!\d )|(?<=(?<!\d ){_TYPED_DATE} ))"
_TYPED_END = rf"(?:(?! \d)|(?= {_TYPED_DATE}(?! \d)))"
_GROUPS = r"(?=(?:\d[ .]?){11,15}\d(?![ .]?\d))[1-478]\d{0,3}(?:[ .]\d{1,4})+"
"""Groups of 1 to 4 digits, 12 to 16 digits in all ('29 241 876 532 98 90')."""
_LAID_OUT = re.compile(rf"{_BODY}(?:{_SEP}\d{{2}})?", re.IGNORECASE)
"""The compact and Carte Vitale layouts, where the structure is checked in full."""


class FrNirRecognizer(FrenchPatternRecognizer):
    """Recognize a French NIR (15 characters, or 13 without key), also as typed by hand.

    ``validate_result`` policy:

    * True (score 1.0): the mod-97 key is right;
    * None, NIR structure (sex, month, department) but a wrong or missing key:
      pattern score 0.3, below the 0.5 threshold; a context word such as "NIR",
      "sécu" or "immatriculation" lifts it to 0.65;
    * None, typed digit by digit like the boxes of a form (12 to 16 digits, a sex
      digit first, any month: hand-typed NIRs have slips): 0.5, reported without
      context, 0.85 with it;
    * None, 12 to 16 digits in irregular groups ('29 241 876 532 98 90'), a sex digit
      first: 0.2, reported only with context (0.55);
    * False (dropped): no sex digit first, or neither NIR structure nor a hand-typed form.
    """

    ENTITY = "FR_NIR"
    MIN_DIGITS = 12  # Corsica: "2A" leaves 12 digits of 14
    PATTERNS = [
        Pattern("NIR (grouped or compact)", rf"{DIGIT_FIRST}\b{_BODY}{_SEP}\d{{2}}\b", 0.3),
        Pattern("NIR without key", rf"{DIGIT_FIRST}\b{_BODY}\b(?![ .\-]?\d)", 0.3),
        Pattern("NIR typed digit by digit", rf"{DIGIT_FIRST}{_TYPED_START}\b{_TYPED}\b{_TYPED_END}", 0.5),
        Pattern("NIR in irregular groups", rf"(?<![\d.])(?<!\d )\b{_GROUPS}\b", 0.2),
    ]
    USUAL_FORMS = {"NIR (grouped or compact)": r"[1-478]\d{14}"}
    CONTEXT = [
        "nir", "sécu", "ss", "sécurité", "social", "assuré", "assurer",
        "assurance", "immatriculation", "immatriculé", "identification", "maladie", "insee", "vitale",
    ]

    def validate_result(self, pattern_text: str) -> Optional[bool]:  # noqa: D102
        if nir.is_valid(pattern_text):
            return True
        return None if self.is_plausible(pattern_text) else False

    @staticmethod
    def is_plausible(found: str) -> bool:
        """``nir.is_plausible`` for the usual layouts, ``nir.is_plausible_typed`` for the others.

        >>> FrNirRecognizer.is_plausible("1 85 14 78 006 084"), FrNirRecognizer.is_plausible("1 8 5 1 4 7 8 0 0 6 0 8 4")
        (False, True)
        """
        return (nir.is_plausible if _LAID_OUT.fullmatch(found) else nir.is_plausible_typed)(found)

    def validate_results(self, texts: List[str]) -> List[Optional[bool]]:
        """``validate_result`` of each text, a column's NIRs checked together."""
        return [True if valid else (None if plausible or self.is_plausible(text) else False)
                for text, valid, plausible in zip(texts, nir.are_valid(texts), nir.are_plausible(texts))]
