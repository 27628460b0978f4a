"""Presidio recognizer for French postal addresses in free text."""

import re
from typing import Optional

from presidio_analyzer import Pattern

from recognizers._pattern import FrenchPatternRecognizer
from scanner.identifiers import postcode

_NUMBER = r"\d{1,4}(?:\s?(?:bis|ter|quater|[a-d]))?,?"
_STREET_TYPE = (
    r"(?:rue|avenue|av\.?|boulevard|bd|bld|chemin|ch\.|impasse|imp\.?|all[ée]e|place|pl\.|"
    r"route|rte|quai|cours|square|sq\.|r[ée]sidence|lotissement|lot\.|lieu[- ]dit|hameau|"
    r"passage|sentier|voie|cit[ée]|faubourg|fg|esplanade|promenade|parvis|rond[- ]point|"
    r"clos|domaine|villa|mont[ée]e|traverse|chauss[ée]e|square|ruelle|venelle|carrefour)"
)
_NAME_WORD = r"(?:d[’']|l[’'])?[^\W\d_][\w’'\-]*"
_STREET = rf"\b{_NUMBER}\s+{_STREET_TYPE}\s+{_NAME_WORD}(?:[ \t]+(?:{_NAME_WORD}|\d{{1,4}}\b)){{0,6}}"
_CITY = r"[^\W\d_][\w’'\-]*(?:[ \t\-]+(?:[^\W\d_][\w’'\-]*)){0,3}?(?:\s+cedex(?:\s+\d{1,2})?)?"
_POSTCODE = re.compile(r"\b\d{5}\b")


class FrAddressRecognizer(FrenchPatternRecognizer):
    """Recognize a French postal address: number, street type and name, postcode, city.

    ``validate_result`` policy:

    * None (score 0.85): a full address whose postcode is a French postcode;
      a street without postcode keeps 0.6 (reported, it locates a person);
    * False (dropped): the postcode is not French (e.g. 00xxx, 96xxx).
    """

    ENTITY = "ADDRESS"
    MIN_DIGITS = 1
    NEEDS_LETTER = True  # a street type
    PATTERNS = [
        Pattern("Street, postcode and city", rf"{_STREET}[ \t]*(?:,|\n|-)?\s*\d{{5}}\s+{_CITY}\b", 0.85),
        Pattern("Street only", rf"{_STREET}\b", 0.6),
    ]
    CONTEXT = ["adresse", "domicile", "habiter", "demeurer", "résider", "domicilié"]

    def validate_result(self, pattern_text: str) -> Optional[bool]:  # noqa: D102
        codes = _POSTCODE.findall(pattern_text)
        return None if all(postcode.is_valid(code) for code in codes) else False
