"""Presidio recognizer for the number of the French identity card (CNI)."""

from typing import Optional

from presidio_analyzer import Pattern

from recognizers._pattern import LABELLED_SCORE, FrenchPatternRecognizer, after_label
from scanner.identifiers import cni

_SEP = r"[ .\-]?"
_CARD = r"(?-i:(?=[A-Z]{0,8}\d)[0-9A-Z]{9})"
"""9 capitals and digits, a digit among them (printed in capitals)."""
_NUMBER = rf"(?:\d{{4}}{_SEP}\d[0-9AB][0-9A-Z]{_SEP}\d{{5}}|\d{{2}}(?:[ .]\d{{2}}){{5}}|{_CARD})\b"
_LABELS = ["cni", "cnie", "carte nationale d'identité", "carte d'identité", "carte identité"]


class FrCniRecognizer(FrenchPatternRecognizer):
    """Recognize a CNI number: 12 characters (laminated card, 1988-2021) or 9 letters and
    digits in capitals (card since 2021).

    No key is printed (see :mod:`scanner.identifiers.cni`), so ``validate_result`` policy is:

    * None, right after its label ("CNI n° ..."): 0.75, reported;
    * None elsewhere (pattern score 0.25, never reported alone): a CNI structure; a context
      word ("CNI", "identité") within three words lifts it to 0.6, above a patient number's
      0.55 for the same digits;
    * False (dropped): no CNI structure (month 13, a year the laminated card was not issued,
      9 characters without a letter or in the passport's layout). True is never returned.
    """

    ENTITY = "FR_CNI"
    MIN_DIGITS = 1
    PATTERN_NEEDS = {"CNI after its label": "cni|carte"}  # in every written form of every label
    PATTERNS = [
        Pattern("CNI after its label", after_label(_LABELS, _NUMBER), LABELLED_SCORE),
        Pattern("CNI (laminated, 12 characters)", rf"\b\d{{4}}{_SEP}\d[0-9AB][0-9A-Z]{_SEP}\d{{5}}\b", 0.25),
        Pattern("CNI (laminated, in pairs)", r"\b\d{2}(?:[ .]\d{2}){5}\b", 0.25),
        Pattern("CNI (card, 9 characters)", rf"\b{_CARD}\b", 0.25),
    ]
    CONTEXT = ["cni", "identité", "cnie", "nationale"]

    def validate_result(self, pattern_text: str) -> Optional[bool]:  # noqa: D102
        return None if cni.is_valid(pattern_text) else False
