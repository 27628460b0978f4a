"""Presidio recognizer for the number of a French driving licence."""

from typing import Optional

from presidio_analyzer import Pattern

from recognizers._pattern import LABELLED_SCORE, FrenchPatternRecognizer, after_label
from scanner.identifiers import driving_licence

_SEP = r"[ .\-]?"
_PAPER = rf"\d{{2}}{_SEP}\d{{2}}{_SEP}(?:\d{{2}}|2[AB]){_SEP}\d{{6}}\b"
_PAIRS = r"\d{2}(?:[ .]\d{2}){5}\b"
_CARD = rf"\d{{2}}{_SEP}[A-Z]{{2}}{_SEP}\d{{3}}{_SEP}\d{{3}}{_SEP}\d{{3}}\b"


class FrDrivingLicenceRecognizer(FrenchPatternRecognizer):
    """Recognize a driving licence number: 12 characters (paper licence, NEPH) or 13 (card).

    No key is published (see :mod:`scanner.identifiers.driving_licence`), so
    ``validate_result`` policy is:

    * None, right after its label ("permis de conduire n° ..."): 0.75, reported;
    * None elsewhere (pattern score 0.25, never reported alone): a licence structure; a
      context word ("permis", "conduire", "NEPH") within three words lifts it to 0.6;
    * False (dropped): month 13, department 00. True is never returned.
    """

    ENTITY = "FR_DRIVING_LICENCE"
    MIN_DIGITS = 10
    PATTERNS = [
        Pattern("Licence after its label", after_label(["permis de conduire", "permis", "neph"], f"(?:{_PAPER}|{_PAIRS}|{_CARD})"),
                LABELLED_SCORE),
        Pattern("Paper licence", rf"\b{_PAPER}", 0.25),
        Pattern("Paper licence (in pairs)", rf"\b{_PAIRS}", 0.25),
        Pattern("Card licence", rf"\b{_CARD}", 0.25),
    ]
    CONTEXT = ["permis", "conduire", "neph"]

    def validate_result(self, pattern_text: str) -> Optional[bool]:  # noqa: D102
        return None if driving_licence.is_valid(pattern_text) else False
