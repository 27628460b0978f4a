"""Presidio recognizer for dates written the French way."""

import datetime
import re
import unicodedata
from typing import List, Optional

import numpy as np
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
    NEEDS_NON_DIGIT = True  # a separator or a month name
    USUAL_FORMS = {
        "date dd/mm/yyyy": r"(?:0[1-9]|[12]\d|3[01])/(?:0[1-9]|1[0-2])/(?:19|20)\d\d",
        "date yyyy-mm-dd": r"(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])",
    }
    PATTERNS = [
        Pattern("date dd/mm/yyyy", rf"{_EDGE_BEFORE}{_DAY}([/.\-]){_MONTH}\1{_YEAR}{_EDGE_AFTER}", 0.6),
        Pattern("date yyyy-mm-dd", rf"{_EDGE_BEFORE}{_YEAR}-{_MONTH}-{_DAY}{_EDGE_AFTER}", 0.6),
        Pattern("date d mois yyyy", rf"\b(?:1er|premier|{_DAY})\s+{_MONTH_NAMES}\s+{_YEAR}\b", 0.6),
        Pattern("date dd/mm/yy", rf"{_EDGE_BEFORE}(?:0[1-9]|[12]\d|3[01])/(?:0[1-9]|1[0-2])/\d{{2}}{_EDGE_AFTER}", 0.55),
        Pattern("date d.m.yy", rf"{_EDGE_BEFORE}{_DAY}([/.\-]){_MONTH}\1\d{{2}}{_EDGE_AFTER}", 0.4),
    ]
    CONTEXT = ["naître", "né", "naissance", "date", "ddn"]

    def validate_result(self, pattern_text: str) -> Optional[bool]:  # noqa: D102
        numbers = numeric_date(pattern_text)
        if numbers is None:
            return validate_date_words(pattern_text)
        year, month, day = numbers
        try:
            datetime.date(year, month, day)
        except ValueError:
            return False
        return None

    def validate_results(self, texts: List[str]) -> List[Optional[bool]]:
        """``validate_result`` of each text, the numeric dates of a column checked together."""
        return [(None if real else False) if real is not None else validate_date_words(text)
                for text, real in zip(texts, real_numeric_dates(texts))]


def numeric_date(text: str) -> tuple[int, int, int] | None:
    """``(year, month, day)`` of a date written ``dd/mm/yyyy`` (``/``, ``.`` or ``-``) or
    ``yyyy-mm-dd``, the forms of a date column; None for any other text.

    >>> numeric_date("24/08/1945"), numeric_date("1945-08-24"), numeric_date("1er mai 2001")
    ((1945, 8, 24), (1945, 8, 24), None)
    """
    if len(text) != 10 or not text.isascii():
        return None
    if text[4] == text[7] == "-" and (text[:4] + text[5:7] + text[8:]).isdigit():
        return int(text[:4]), int(text[5:7]), int(text[8:])
    if text[2] == text[5] and text[2] in "/.-" and (text[:2] + text[3:5] + text[6:]).isdigit():
        return int(text[6:]), int(text[3:5]), int(text[:2])
    return None


_DAYS_IN_MONTH = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
_ISO_DIGITS, _DMY_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9], [0, 1, 3, 4, 6, 7, 8, 9]


def real_numeric_dates(texts: List[str]) -> List[Optional[bool]]:
    """For each text that ``numeric_date`` reads, whether it is a real calendar date (as
    ``datetime.date`` accepts it); None for the others. The texts are checked together,
    as a matrix of characters.

    >>> real_numeric_dates(["29/02/2000", "29/02/1900", "1945-04-31", "1er mai 2001", "00/01/1990"])
    [True, False, False, None, False]
    """
    rows = [i for i, text in enumerate(texts) if len(text) == 10 and text.isascii()]
    results: List[Optional[bool]] = [None] * len(texts)
    if not rows:
        return results
    chars = np.frombuffer("".join([texts[i] for i in rows]).encode("ascii"), dtype=np.uint8).reshape(len(rows), 10)
    digits = chars.astype(np.int64) - 48
    is_digit = (digits >= 0) & (digits <= 9)
    iso = (chars[:, 4] == 45) & (chars[:, 7] == 45) & is_digit[:, _ISO_DIGITS].all(axis=1)
    dmy = ~iso & (chars[:, 2] == chars[:, 5]) & np.isin(chars[:, 2], [47, 46, 45]) & is_digit[:, _DMY_DIGITS].all(axis=1)
    year = np.where(iso, digits[:, 0] * 1000 + digits[:, 1] * 100 + digits[:, 2] * 10 + digits[:, 3],
                    digits[:, 6] * 1000 + digits[:, 7] * 100 + digits[:, 8] * 10 + digits[:, 9])
    month = np.where(iso, digits[:, 5] * 10 + digits[:, 6], digits[:, 3] * 10 + digits[:, 4])
    day = np.where(iso, digits[:, 8] * 10 + digits[:, 9], digits[:, 0] * 10 + digits[:, 1])
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    known_month = (month >= 1) & (month <= 12)
    last_day = _DAYS_IN_MONTH[np.clip(month, 1, 12) - 1] + ((month == 2) & leap)
    real = (year >= 1) & known_month & (day >= 1) & (day <= last_day)
    for i, parsed, ok in zip(rows, (iso | dmy).tolist(), real.tolist()):
        if parsed:
            results[i] = ok
    return results


def validate_date_words(pattern_text: str) -> Optional[bool]:
    """The date check for any matched form: None when it is a real date, else False.

    >>> validate_date_words("1er mars 2001"), validate_date_words("31 juin 2001"), validate_date_words("31/04/23")
    (None, False, False)
    """
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
