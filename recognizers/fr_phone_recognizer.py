"""Presidio recognizer for French (metropolitan and overseas) phone numbers."""

from typing import List, Optional

from presidio_analyzer import Pattern

from recognizers._pattern import FrenchPatternRecognizer
from scanner.identifiers import phone

_BEFORE = r"(?<![\w+])"
_AFTER = r"(?![.\-]?\d)"


class FrPhoneRecognizer(FrenchPatternRecognizer):
    """Recognize French phone numbers ('06 12 34 56 78', '+33 (0)6 ...', '0692 ...').

    ``validate_result`` policy (validity from libphonenumber metadata):

    * None: a French or French overseas number. An allocated one keeps the pattern
      score 0.7 (reported without context); one in a range that is not allocated
      (yet), such as '07 00 30 38 38', scores 0.3 and is reported only with
      context ("tél", "portable", or a ``telephone`` column);
    * False (dropped): wrong length or foreign country code.
      True is never returned.
    """

    UNALLOCATED_SCORE = 0.3

    ENTITY = "PHONE_NUMBER"
    MIN_DIGITS = 8  # "+33 6 12 34" is the shortest international form
    PATTERNS = [
        Pattern("FR phone, national", rf"{_BEFORE}0[1-9](?:[ .\-]?\d{{2}}){{4}}{_AFTER}", 0.7),
        Pattern(
            "FR phone, international",
            rf"{_BEFORE}(?:\+|00)\s?(?:33|262|508|590|594|596|681|687|689)"
            rf"\s?(?:\(0\)\s?)?[1-9](?:[ .\-]?\d){{5,8}}{_AFTER}",
            0.7,
        ),
    ]
    USUAL_FORMS = {"FR phone, national": r"0[1-9](?:[ .]?\d\d){4}"}
    CONTEXT = ["tél", "tel", "téléphone", "telephone", "portable", "mobile", "fixe", "joindre", "appeler"]

    def validate_result(self, pattern_text: str) -> Optional[bool]:  # noqa: D102
        return None if phone.is_plausible(pattern_text) else False

    def validate_results(self, texts: List[str]) -> List[Optional[bool]]:
        """``validate_result`` of each text (a column of numbers)."""
        return [None if plausible else False for plausible in phone.are_plausible(texts)]

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):  # noqa: D102
        return self.rescore(text, super().analyze(text, entities, nlp_artifacts, regex_flags))

    def rescore(self, text, results):
        """Lower the score of numbers in unallocated ranges (called after validation)."""
        for result in results:
            result.score = self.rescore_span(text[result.start : result.end], result.score)
        return results

    def rescore_span(self, found: str, score: float) -> float:
        """The score of a validated number: ``UNALLOCATED_SCORE`` in an unallocated range.

        >>> FrPhoneRecognizer().rescore_span("07 00 30 38 38", 0.7)
        0.3
        """
        return score if phone.is_valid(found) else self.UNALLOCATED_SCORE

    def rescore_spans(self, found: List[str], scores: List[float]) -> List[float]:
        """``rescore_span`` of each number (a column of them)."""
        return [score if valid else self.UNALLOCATED_SCORE for score, valid in zip(scores, phone.are_valid(found))]
