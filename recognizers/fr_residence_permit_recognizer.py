"""Presidio recognizer for the foreigner number (AGDREF) of a French residence permit."""

from typing import Optional

from presidio_analyzer import Pattern

from recognizers._pattern import LABELLED_SCORE, FrenchPatternRecognizer, after_label
from scanner.identifiers import residence_permit

_LABELS = ["titre de séjour", "carte de séjour", "carte de résident", "récépissé", "agdref", "n° étranger",
           "numéro étranger", "numéro d'étranger"]


class FrResidencePermitRecognizer(FrenchPatternRecognizer):
    """Recognize the number of a titre de séjour: the 10-digit AGDREF foreigner number.

    No key is published (see :mod:`scanner.identifiers.residence_permit`), so
    ``validate_result`` policy is:

    * None, right after its label ("titre de séjour n° ..."): 0.75, reported;
    * None elsewhere (pattern score 0.4, never reported alone): 10 digits; a context word
      ("AGDREF", "étranger"; a ``titre_sejour`` column lends "agdref") within three words
      lifts it to 0.75, above a patient number's 0.55 and a phone number's 0.7 for the same
      digits (a number of departments 01-09 is shaped like a phone number). "Séjour" alone
      is no context: a hospital stay number is 10 digits too;
    * False (dropped): department 00. True is never returned.
    """

    ENTITY = "FR_RESIDENCE_PERMIT"
    MIN_DIGITS = 10
    PATTERNS = [
        Pattern("AGDREF after its label", after_label(_LABELS, r"(?:\d{10}|\d{2}(?:[ .\-]\d{2}){4})\b"), LABELLED_SCORE),
        Pattern("AGDREF", r"\b\d{10}\b", 0.4),
        Pattern("AGDREF (in pairs)", r"\b\d{2}(?:[ .\-]\d{2}){4}\b", 0.4),
    ]
    CONTEXT = ["agdref", "étranger", "etranger", "récépissé"]

    def validate_result(self, pattern_text: str) -> Optional[bool]:  # noqa: D102
        return None if residence_permit.is_valid(pattern_text) else False
