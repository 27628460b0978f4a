"""Presidio recognizer for dates written the French way."""

import datetime
import re
import unicodedata
from typing import List, Optional

import numpy as np
from presidio_analyzer import Pattern

from recognizers._pattern import DIGIT_FIRST, FrenchPatternRecognizer
from scanner.french_numbers import NUMBER_WORD_PATTERN, parse_french_number

_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_DAY2 = r"(?:0[1-9]|[12]\d|3[01])"
_MONTH = r"(?:0?[1-9]|1[0-2])"
_MONTH2 = r"(?:0[1-9]|1[0-2])"
_YEAR = r"(?:1[89]|20)\d{2}"
_MONTH_NAMES = (
    r"(?:janvier|janv\.?|f[ée]vrier|f[ée]vr?\.?|mars|avril|avr\.?|mai|juin|juillet|juil\.?"
    r"|ao[uû]t|septembre|sept?\.?|octobre|oct\.?|novembre|nov\.?|d[ée]cembre|d[ée]c\.?)"
)
_FULL_MONTH_NAMES = (
    r"(?:janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre)"
)
_GLUED_MONTH_NAMES = r"(?:janv?|f[ée]vr?|mars?|avr|mai|juin|juil|ao[uû]t?|sept?|oct|nov|d[ée]c|feb|apr|may|jun|jul|aug)"
"""Month abbreviations glued to the day or the year ('05nov', 'dec1993', '01sep2018'), French
or English ('03feb')."""
_NUMBER_WORDS = rf"\b{NUMBER_WORD_PATTERN}(?:(?:[\s\-]+et)?[\s\-]+{NUMBER_WORD_PATTERN}\b)*(?:\s\d\b)?"
"""A number in words ('quinze', 'mille neuf cent soixante-cinq', 'quatre-vingt 2')."""
_DAY_WORDS = rf"(?!une?\b){_NUMBER_WORDS}"
_YEAR_WORDS = (
    rf"\b(?:mille?|mil|deux[\s\-]+milles?)\b(?:(?:[\s\-]+et)?[\s\-]+{NUMBER_WORD_PATTERN}\b)*(?:\s\d\b)?"
)
"""A year in words ('mille neuf cent soixante-cinq', 'deux mille dix-sept')."""
"""A day in words ('douze', 'vingt et un'); "un mars" is not how a date is written."""
_EDGE_BEFORE, _EDGE_AFTER = r"(?<![\w/.\-|])", r"(?![/.\-|]?\d)"
_NOT_A_QUANTITY = r"(?!\s?(?:[mµnk]?g|m?l|ui|mmol|kcal|cal|€|eur|euros?|%|[cmk]?m|h|min|fois|patients?|cas)\b)"
"""Not followed by a unit: 'en 2000 mg' is a dose."""
_MONTH_START = r"\b(?:janv|f[ée]v|mars|avr|mai|juin|juil|ao[uû]t|sep|oct|nov|d[ée]c)"
"""How every month name and abbreviation above starts, as a word (after a blank, a hyphen or
a ``\b``): what a pattern with a month name needs in a text (half the notes have none)."""
_TYPED = r"[0-3] \d [01] \d [12] [089] \d \d"
"""A date typed digit by digit (DDMMYYYY), as in the boxes of a form."""
_TYPED_SLIPPED = r"[0-3] ?\d [0-3] \d [12] [089] \d(?: \d)?"
"""A date typed digit by digit with a slip: month and day swapped ('0 1 1 5 2 0 2 1'), the
first two digits together ('03 1 8 2 0 2 1'), the year's last digit left out."""
_TYPED_DIGITS = re.compile(r"\d{1,2}(?: \d{1,2}){5,7}")
_TYPED_NIR = r"[1-478](?: \d){{{}}}"
_AFTER_TYPED_NIR = "|".join(
    f"(?<=(?<!\\d ){before}{_TYPED_NIR.format(digits - 1)} )"
    for digits in range(12, 17) for before in ("", f"{_TYPED} ")
)
"""Right after a NIR typed digit by digit (12 to 16 digits, slips included), itself at the
start of a run of digits or after a date typed the same way: the date that follows it on a form."""
_CUE_BEFORE_YEAR = "|".join(
    rf"(?<=\b{cue} )"
    for cue in ("en", "depuis", "année", "dès", "été", "hiver", "printemps", "automne", "vers", "fin", "début")
)
"""The words after which a bare year is a date: 'né en 1956', 'depuis 2019'."""
_CUE_BEFORE_MONTH = (
    "|".join(rf"(?<=\b{cue} )" for cue in ("fin", "début", "courant", "mi")) + r"|(?<=\bmi-)"
)
"""The words after which a month alone is a date: 'revu fin septembre' ('revu en juin' is vaguer)."""
_CUE_BEFORE_DAY = "|".join(rf"(?<=\b{cue} )" for cue in ("le", "du", "au", "des"))
"""The words after which a day and a month alone are a date: 'vu le 12/05'."""
_CUE_BEFORE_FIRST_DAY = "|".join(rf"(?<=\b{cue} )" for cue in ("le", "du", "les", "des", "entre"))
"""The words after which a day starts a range or pair; its pattern checks the blank they end
with first, cheaply (and ``_CUE_BEFORE_MONTH``'s the blank or hyphen)."""
_SECOND_DAY_AFTER = (
    rf"(?=[ \t]?(?:au|et|à|-)[ \t]?(?:le[ \t])?{_DAY}(?:[ \t]?[/.][ \t]?{_MONTH}\b|[ \t]+{_MONTH_NAMES}\b))"
)
"""The first day of a range or pair: 'du 18 au 29/03/2020', 'les 18 et 19 janvier'."""
_SECOND_MONTH_AFTER = rf"(?=[ \t]?(?:et|à|au|-)[ \t]?{_FULL_MONTH_NAMES}[ \t]+{_YEAR}\b)"
"""The first month of a range: 'entre mai et décembre 2023', 'mai-juin 1971'."""
_LIST_ITEM = r"(?:(?<=^- )|(?<=^o )|(?<=^• )|(?<=^\* )|(?<=: - )|(?<=[^\W\d_)] - ))"
"""The start of an item of a list ('- 1981 hystérectomie', 'o 2022 : Fer', 'ATCD : - 1981 ...')."""
_MONTH_NUMBERS = {"jan": 1, "fev": 2, "mar": 3, "avr": 4, "mai": 5, "juin": 6, "juil": 7,
                  "aou": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
                  "feb": 2, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8}


def _ascii_lower(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


class FrDateRecognizer(FrenchPatternRecognizer):
    """Recognize French dates: '12/03/1965', '12.03.65', '1965-03-12', '1er janv. 2001', and as
    people type them: '22|8|1923', '2 8 0 2 1 9 9 5', '05nov', 'le douze mars', 'né en 1956'.

    In 'né le 3 janvier 2001' only '3 janvier 2001' is matched.
    ``validate_result`` policy:

    * None (pattern score 0.6 with a 4-digit year, reported without context;
      0.55 for the common 'dd/mm/yy'; 0.5 for the forms as typed, spelled out,
      without year, and for a day and month, a bare year or a month alone after
      a cue ('le 12/05', 'en 1981', 'fin septembre'); 0.4 for other 2-digit-year
      forms such as '3.4.65', reported only near "né", "naissance", "date"):
      the day exists in that month, the year is 1800-2099 (or 2 digits);
    * None also for a date typed digit by digit with a slip ('0 1 1 5 2 0 2 1', '2 9 0 2 1 9 9 5'):
      day and month in either order, 29 February in any year, 7 or 8 digits;
    * False (dropped): impossible day such as 31/04 or 30 février.
      True is never returned, so dates never reach 1.0 on their own.
    """

    ENTITY = "DATE_TIME"
    MIN_DIGITS = 0  # "le douze mars"
    NEEDS_NON_DIGIT = True  # a separator or a month name
    USUAL_FORMS = {
        "date dd/mm/yyyy": r"(?:0[1-9]|[12]\d|3[01])/(?:0[1-9]|1[0-2])/(?:19|20)\d\d",
        "date yyyy-mm-dd": r"(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])",
    }
    PATTERNS = [
        Pattern("date dd/mm/yyyy", rf"{DIGIT_FIRST}{_EDGE_BEFORE}{_DAY} ?([/.\-|]) ?{_MONTH} ?\1 ?{_YEAR}{_EDGE_AFTER}", 0.6),
        Pattern("date yyyy-mm-dd", rf"{_EDGE_BEFORE}{_YEAR}([\-/.]){_MONTH}\1{_DAY}{_EDGE_AFTER}", 0.6),
        Pattern("date d mois yyyy", rf"\b(?:1er|premier|{_DAY}),?\s+{_MONTH_NAMES},?\s+{_YEAR}\b", 0.6),
        Pattern("date dd/mm/yy", rf"{_EDGE_BEFORE}(?:0[1-9]|[12]\d|3[01])/(?:0[1-9]|1[0-2])/\d{{2}}{_EDGE_AFTER}", 0.55),
        Pattern("date d.m.yy", rf"{DIGIT_FIRST}{_EDGE_BEFORE}{_DAY}([/.\-]){_MONTH}\1\d{{2}}{_EDGE_AFTER}", 0.4),
        Pattern("date dd mm yyyy", rf"{DIGIT_FIRST}(?<![\d ]\d )(?<![\d.])\b{_DAY2} {_MONTH2} {_YEAR}\b(?! ?\d)", 0.5),
        Pattern(
            "date typed digit by digit",
            rf"{DIGIT_FIRST}(?=[0-3] \d [01] )(?:(?<!\d )(?<!\d)(?={_TYPED}(?: {_TYPED_NIR.format('11,15')}(?: {_TYPED})?)?(?! \d))"
            rf"|{_AFTER_TYPED_NIR}){_TYPED}\b",
            0.5,
        ),
        Pattern(
            "date dd/mm after a cue",
            rf"{DIGIT_FIRST}(?=[0-3]\d)(?:{_CUE_BEFORE_DAY}){_DAY2} ?[/.] ?{_MONTH2}(?![/.\-]?\d){_NOT_A_QUANTITY}",
            0.5,
        ),
        Pattern(
            "date typed digit by digit, with a slip",
            rf"{DIGIT_FIRST}(?<!\d )(?<![\d.])\b(?={_TYPED_SLIPPED}(?! ?\d)){_TYPED_SLIPPED}",
            0.5,
        ),
        Pattern("day before a second day", rf"{DIGIT_FIRST}(?<= )(?:{_CUE_BEFORE_FIRST_DAY}){_DAY}\b{_SECOND_DAY_AFTER}", 0.5),
        Pattern("month before a second month", rf"\b(?=[adfjmnos]){_FULL_MONTH_NAMES}{_SECOND_MONTH_AFTER}", 0.5),
        Pattern(
            "year heading a list item",
            rf"(?=[12]\d{{3}}\b){_LIST_ITEM}{_YEAR}\b(?=[ \t]*:|[ \t]+[^\W\d_]){_NOT_A_QUANTITY}",
            0.5,
        ),
        Pattern("date ddmmyyyy after a cue", rf"{DIGIT_FIRST}(?=[0-3]\d{{7}}\b)(?:{_CUE_BEFORE_DAY}){_DAY2}{_MONTH2}{_YEAR}\b", 0.5),
        Pattern("year in brackets", rf"(?<=\(){_YEAR}(?=\))", 0.5),
        Pattern("month after a cue", rf"(?<=[ \-])(?=[adfjmnos])(?:{_CUE_BEFORE_MONTH}){_FULL_MONTH_NAMES}\b", 0.5),
        Pattern("date yyyy mois", rf"\b{_YEAR}\s+{_FULL_MONTH_NAMES}\b", 0.5),
        Pattern("year after a cue", rf"(?=[12]\d{{3}}\b)(?:{_CUE_BEFORE_YEAR}){_YEAR}\b(?![/.\-]\d){_NOT_A_QUANTITY}", 0.5),
        Pattern(
            "date d mois",
            rf"\b(?:(?:1er|premier|{_DAY})\s+{_MONTH_NAMES}|{_DAY_WORDS}\s+{_FULL_MONTH_NAMES})"
            rf"(?:\s+(?:\d\d(?![/.,]?\d){_NOT_A_QUANTITY}|{_YEAR_WORDS}))?(?!\w)",
            0.5,
        ),
        Pattern(
            "date mois yyyy",
            rf"\b(?=[adfjmnos])(?<!\d )(?<!er ){_FULL_MONTH_NAMES},?\s+"
            rf"(?:{_YEAR}|\d\d(?![/.,]?\d){_NOT_A_QUANTITY}|{_YEAR_WORDS})\b",
            0.5,
        ),
        Pattern("date mois d, yyyy", rf"\b(?=[adfjmnos]){_MONTH_NAMES}\s+{_DAY},\s?{_YEAR}\b", 0.5),
        Pattern(
            "date glued",
            rf"\b(?=\d{{1,2}}[^\W\d]|[^\W\d]{{3,4}}\d)"
            rf"(?:{_DAY}{_GLUED_MONTH_NAMES}(?:{_YEAR})?|{_GLUED_MONTH_NAMES}{_YEAR})\b",
            0.5,
        ),
    ]
    PATTERN_NEEDS = {
        name: _MONTH_START for name in (
            "date d mois yyyy", "month before a second month", "month after a cue", "date yyyy mois", "date d mois",
            "date mois yyyy", "date mois d, yyyy",
        )
    }
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
    >>> validate_date_words("2 8 0 2 1 9 9 5"), validate_date_words("douze mars"), validate_date_words("30 février")
    (None, None, False)
    >>> validate_date_words("18"), validate_date_words("32")  # the first day of a range
    (None, False)
    >>> validate_date_words("quinze septembre mille neuf cent soixante-cinq"), validate_date_words("mars deux")
    (None, False)
    """
    if _TYPED_DIGITS.fullmatch(pattern_text):
        return None if is_plausible_typed_date(pattern_text) else False
    parts = date_parts(pattern_text)
    if parts is None:
        return False
    year, month, day = parts
    if year is not None and not (1800 <= year <= 2099 or year < 100):
        return False
    try:
        datetime.date(2000 if year is None or year < 100 else year,
                      1 if month is None else month, 1 if day is None else day)
    except ValueError:
        return False
    return None


_LONGEST_MONTHS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def is_plausible_typed_date(text: str) -> bool:
    """Tell whether digits typed one by one (spaces between) could be a date typed with a
    slip: day and month in either order (29 February allowed in any year), then a year
    1800-2099, or its first three digits only.

    >>> is_plausible_typed_date("0 1 1 5 2 0 2 1"), is_plausible_typed_date("2 9 0 2 1 9 9")
    (True, True)
    >>> is_plausible_typed_date("4 3 5 6 7 8 9 1"), is_plausible_typed_date("3 2 0 1 2 0 2 1")
    (False, False)
    """
    digits = text.replace(" ", "")
    if len(digits) not in (7, 8) or not digits.isdigit() or not 180 <= int(digits[4:7]) <= 209:
        return False
    first, second = int(digits[:2]), int(digits[2:4])
    return any(1 <= month <= 12 and 1 <= day <= _LONGEST_MONTHS[month - 1]
               for day, month in ((first, second), (second, first)))


def date_parts(text: str) -> tuple[int | None, int | None, int | None] | None:
    """``(year, month, day)`` of a date as written, each None when left out (a 2-digit
    year stays 2-digit); None when the text does not read as a date.

    >>> date_parts("12/03/1965"), date_parts("1965-03-12"), date_parts("1er mai 2001")
    ((1965, 3, 12), (1965, 3, 12), (2001, 5, 1))
    >>> date_parts("23022018"), date_parts("2 3 0 2 2 0 1 8"), date_parts("2013 janvier")
    ((2018, 2, 23), (2018, 2, 23), (2013, 1, None))
    >>> date_parts("dec1993"), date_parts("05nov"), date_parts("1981"), date_parts("Sept 01,2026")
    ((1993, 12, None), (None, 11, 5), (1981, None, None), (2026, 9, 1))
    >>> date_parts("2 février mille neuf cent cinquante deux"), date_parts("décembre 93"), date_parts("12 / 05")
    ((1952, 2, 2), (93, 12, None), (None, 5, 12))
    """
    words = re.findall(r"\d+|[^\W\d_]+", _ascii_lower(text))
    if len(words) > 1 and all(len(word) == 1 and word.isdigit() for word in words):  # typed digit by digit
        words = ["".join(words)] if len(words) == 8 else []
    if len(words) == 1 and len(words[0]) == 8 and words[0].isdigit():  # DDMMYYYY
        words = [words[0][:2], words[0][2:4], words[0][4:]]
    if not words:
        return None
    month_at = next((i for i, word in enumerate(words) if _month_number(word)), None)
    if month_at is None:  # figures only
        if not all(word.isdigit() for word in words):
            return None
        if len(words) == 1:  # a year, or the first day of a range ('du 18 au 29/03')
            return {4: (int(words[0]), None, None), 2: (None, None, int(words[0])),
                    1: (None, None, int(words[0]))}.get(len(words[0]))
        if len(words[0]) == 4:  # year first
            words = words[::-1]
        day, month = int(words[0]), int(words[1])
        return (int(words[2]) if len(words) > 2 else None), month, day
    before, after = words[:month_at], words[month_at + 1:]
    day = year = None
    if before:
        if len(before) == 1 and len(before[0]) == 4 and before[0].isdigit():  # "2013 janvier"
            year = int(before[0])
        else:
            day = 1 if before in (["er"], ["premier"], ["1", "er"]) else _number(before)
            if day is None:
                return None
    if after:
        if day is None and len(after) == 2 and after[0].isdigit() and len(after[0]) <= 2:  # "Sept 01, 2026"
            day, after = int(after[0]), after[1:]
        year = _number(after)
        if year is None or (not after[0].isdigit() and year < 1000):  # "mars deux"
            return None
    return year, _month_number(words[month_at]), day


def _month_number(word: str) -> int | None:
    if word.isdigit() or len(word) < 3:
        return None
    return _MONTH_NUMBERS.get(word[:4] if word.startswith("jui") else word[:3])


def _number(words: list[str]) -> int | None:
    """A number written in figures (one word) or in French words."""
    if len(words) == 1 and words[0].isdigit():
        return int(words[0])
    return parse_french_number(" ".join(words))
