"""Presidio recognizer for French (metropolitan and overseas) phone numbers."""

import re
from typing import List, Optional

from presidio_analyzer import Pattern

from recognizers._pattern import FrenchPatternRecognizer
from scanner.identifiers import phone

_BEFORE = r"(?<![\w+])"
_GLUED_BEFORE = r"(?<![\d+./\-])(?<!\d )"
"""Before a number written in groups: a letter may touch it ('le06.12.34.56.78'), not
another number (a row of a table)."""
_AFTER = r"(?![./\-]?\d)"
_DIGIT = r"[\dO]"
"""A digit, or the letter O typed for zero ('O1.42.15.93.30')."""
_GROUP_SEP = r"(?: ?[./\-] ?| )"
_DATE_START = r"\d\d([./\-])\d\d\1(?:19|20)\d\d"
"""'01/01/2011 - 02:03' is a date and a time, not '01 01 20 11 02'."""
_FOREIGN_GROUP = r"(?:\d{1,4}|\(\d{1,4}\))"
"""A group of an international number: digits, or an area code or trunk zero in brackets
('+55 (12) 3923-5555', '+54 (0)11 4311 4333')."""
EXTENSION_CUES = ("poste", "joignable au", "joignables au", "joignable au poste", "extension", "ext.", "bip")
_EXTENSION_CUE_ENDINGS = (" ", " : ", ": ", " n° ", " no ")
_AFTER_EXTENSION_CUE = "(?:" + "|".join(
    rf"(?<=\b{re.escape(cue + ending)})" for cue in EXTENSION_CUES for ending in _EXTENSION_CUE_ENDINGS
) + ")"
"""Fixed-width look-behinds (Python's ``re`` runs them too, ``scanner.compat.fast_patterns``)."""
EXTENSION = re.compile(r"\d{4,5}")
"""An internal extension: 4 or 5 digits, a phone number only right after its cue (not a
year: "le poste 2019")."""


class FrPhoneRecognizer(FrenchPatternRecognizer):
    """Recognize phone numbers: French ('06 12 34 56 78', '+33 (0)6 ...', '0692 ...'), as
    typed ('06/12/34/56/78', 'O1.42.15.93.30', '04 01 63.56 96', 'le06.12.34.56.78'),
    and international numbers of any country ('+49 30 5682001', '+1 (780) 428-9482',
    '+54 (0)11 4311 4333'); an internal extension of
    4 or 5 digits right after its cue ('poste 73389', 'joignable au 4521'), score 0.6.

    A national number is in groups of two digits, all with a separator or none; a
    separator left out ('09 65 42 8231') is a typing slip, unless the number has other
    numbers right beside it ('32 06 6246 77 36 96', a row of a table).
    ``validate_result`` policy (validity from libphonenumber metadata):

    * None: a French or French overseas number, or a number of another country
      written with ``+`` and of a possible length for it. These keep the pattern
      score 0.7 (0.5 for the North American '(205) 555-0100' form), reported without
      context, except a French number in a range that is not allocated (yet), such
      as '07 00 30 38 38': it scores 0.3 and is reported only with context ("tél",
      "portable", or a ``telephone`` column);
    * None, a French number typed with a pair of digits left out ('04 09 56 98'):
      0.2, reported only with context (0.55);
    * False (dropped): wrong length for its country.
      True is never returned.
    """

    UNALLOCATED_SCORE = 0.3

    ENTITY = "PHONE_NUMBER"
    MIN_DIGITS = 4  # an extension: "poste 4521"
    PATTERNS = [
        Pattern("FR phone, national", rf"{_BEFORE}0[1-9](?:\d{{8}}|(?:[ .\-]\d{{2}}){{4}}){_AFTER}", 0.7),
        Pattern(
            "FR phone, as typed",
            rf"{_GLUED_BEFORE}(?!{_DATE_START})[0O][1-9](?:{_GROUP_SEP}?{_DIGIT}{{2}}){{4}}{_AFTER}(?! \d)",
            0.7,
        ),
        Pattern("FR phone, first group of four", rf"{_BEFORE}0[1-9]\d\d(?:[ .]\d\d){{3}}{_AFTER}", 0.7),
        Pattern(
            "FR phone, international",
            rf"{_BEFORE}(?:\+|00)\s?(?:33|262|508|590|594|596|681|687|689)"
            rf"\s?(?:\(0\)\s?)?[1-9](?:[ .\-]?\d){{5,8}}{_AFTER}",
            0.7,
        ),
        Pattern("FR phone, a pair missing", rf"{_GLUED_BEFORE}0[1-9](?:[ .\-]\d{{2}}){{3}}{_AFTER}(?! \d)", 0.2),
        Pattern("phone, North American", rf"{_BEFORE}\(\d{{3}}\)[ .\-]?\d{{3}}[ .\-]\d{{4}}{_AFTER}", 0.5),
        Pattern("phone, international", rf"{_BEFORE}\+\s?[1-9]\d{{0,2}}(?:[ .\-]?{_FOREIGN_GROUP}){{2,6}}{_AFTER}", 0.7),
        Pattern(
            "internal extension",
            # the digits first: the cue's look-behinds run only where 4 or 5 digits start
            rf"(?<!\d)(?=\d{{4,5}}(?!\d|[.,/\-]\d))(?!(?:19|20)\d\d\b)(?i:{_AFTER_EXTENSION_CUE})\d{{4,5}}",
            0.6,
        ),
    ]
    USUAL_FORMS = {"FR phone, national": r"0[1-9](?:\d{8}|(?:[ .]\d\d){4})"}
    CONTEXT = [
        "tél", "tel", "téléphone", "telephone", "portable", "mobile", "fixe", "joindre", "joignable", "joignables",
        "appeler", "poste",
    ]

    def validate_result(self, pattern_text: str) -> Optional[bool]:  # noqa: D102
        return None if EXTENSION.fullmatch(pattern_text) or self.is_plausible(pattern_text) else False

    @staticmethod
    def is_plausible(found: str) -> bool:
        """A French number (allocated or not), a foreign one, or one with a pair missing.

        >>> FrPhoneRecognizer.is_plausible("+49 30 5682001"), FrPhoneRecognizer.is_plausible("06 12")
        (True, False)
        """
        return phone.is_plausible(found) or phone.is_possible_foreign(found) or phone.is_pair_missing(found)

    def validate_results(self, texts: List[str]) -> List[Optional[bool]]:
        """``validate_result`` of each text (a column of numbers)."""
        return [None if plausible or EXTENSION.fullmatch(text) or self.is_plausible(text) else False
                for text, plausible in zip(texts, phone.are_plausible(texts))]

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):  # noqa: D102
        return self.rescore(text, super().analyze(text, entities, nlp_artifacts, regex_flags))

    def rescore(self, text, results):
        """Lower the score of numbers in unallocated ranges (called after validation)."""
        for result in results:
            result.score = self.rescore_span(text[result.start : result.end], result.score)
        return results

    def rescore_span(self, found: str, score: float) -> float:
        """The score of a validated number: ``UNALLOCATED_SCORE`` in an unallocated range.

        >>> FrPhoneRecognizer().rescore_span("07 00 30 38 38", 0.7), FrPhoneRecognizer().rescore_span("73389", 0.6)
        (0.3, 0.6)
        """
        kept = EXTENSION.fullmatch(found) or phone.is_valid(found) or phone.is_possible_foreign(found) or phone.is_pair_missing(found)
        return score if kept else self.UNALLOCATED_SCORE

    def rescore_spans(self, found: List[str], scores: List[float]) -> List[float]:
        """``rescore_span`` of each number (a column of them)."""
        return [
            score if valid or EXTENSION.fullmatch(text) or phone.is_possible_foreign(text) or phone.is_pair_missing(text) else self.UNALLOCATED_SCORE
            for text, score, valid in zip(found, scores, phone.are_valid(found))
        ]
