"""Presidio recognizer for dates written the French way."""

import datetime
import re
import unicodedata
from typing import Optional

from presidio_analyzer import Pattern

from recognizers._pattern import FrenchPatternRecognizer

_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH = r"(?:0?[1-9]|1[0-2])"
_YEAR = r"(?:1[89]|20)\d{2}"
_MONTH_NAMES = (
    r"(?:janvier|janv\.?|f[ée]vrier|f[ée]vr?\.?|mars|avril|avr\.?|mai|juin|juillet|juil\.?"
    r"|ao[uû]t|septembre|sept?\.?|octobre|oct\.?|novembre|nov\.?|d[ée]cembre|d[ée]c\.?)"
)
_EDGE_BEFORE, _EDGE_AFTER = r"(?<![\w/.\-])", r"(?![/.\-]?\d)"
_MONTH_NUMBERS = {"jan": 1, "fev": 2, "mar": 3, "avr": 4, "mai": 5, "juin": 6, "juil": 7,
                  "aou": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}


def _ascii_lower(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


class FrDateRecognizer(FrenchPatternRecognizer):
    """Recognize French dates: '12/03/1965', '12.03.65', '1965-03-12', '1er janv. 2001'.

    In 'né le 3 janvier 2001' only '3 janvier 2001' is matched.
    ``validate_result`` policy:

    * None (pattern score 0.6 with a 4-digit year, reported without context;
      0.55 for the common 'dd/mm/yy'; 0.4 for other 2-digit-year forms such
      as '3.4.65', reported only near "né", "naissance", "date"):
      the day exists in that month;
    * False (dropped): impossible day such as 31/04 or 30 février.
      True is never returned, so dates never reach 1.0 on their own.
    """

    ENTITY = "DATE_TIME"
    MIN_DIGITS = 4  # "1/3/65", "premier mai 2001"
    PATTERNS = [
        Pattern("date dd/mm/yyyy", rf"{_EDGE_BEFORE}{_DAY}([/.\-]){_MONTH}\1{_YEAR}{_EDGE_AFTER}", 0.6),
        Pattern("date yyyy-mm-dd", rf"{_EDGE_BEFORE}{_YEAR}-{_MONTH}-{_DAY}{_EDGE_AFTER}", 0.6),
        Pattern("date d mois yyyy", rf"\b(?:1er|premier|{_DAY})\s+{_MONTH_NAMES}\s+{_YEAR}\b", 0.6),
        Pattern("date dd/mm/yy", rf"{_EDGE_BEFORE}(?:0[1-9]|[12]\d|3[01])/(?:0[1-9]|1[0-2])/\d{{2}}{_EDGE_AFTER}", 0.55),
        Pattern("date d.m.yy", rf"{_EDGE_BEFORE}{_DAY}([/.\-]){_MONTH}\1\d{{2}}{_EDGE_AFTER}", 0.4),
    ]
    CONTEXT = ["naître", "né", "naissance", "date", "ddn"]

    def validate_result(self, pattern_text: str) -> Optional[bool]:  # noqa: D102
        words = re.findall(r"\d+|[^\W\d]+", _ascii_lower(pattern_text))
        if len(words[0]) == 4:  # ISO: year, month, day
            words = words[::-1]
        day = 1 if words[0] in ("er", "premier") or words[:2] == ["1", "er"] else int(words[0])
        month_word = words[-2]
        if not month_word.isdigit():
            month_word = _MONTH_NUMBERS.get(month_word[:4] if month_word.startswith("jui") else month_word[:3])
        year = int(words[-1]) if len(words[-1]) == 4 else 2000  # 2000 is a leap year
        try:
            datetime.date(year, int(month_word), day)
        except (TypeError, ValueError):
            return False
        return None
