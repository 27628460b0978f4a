"""Date shifting for DATE_TIME pseudonyms: parse a French date, move it, write it back alike.

Formats understood (the forms :mod:`recognizers.fr_date_recognizer` finds, plus a time):
``12/03/1965``, ``3.4.1965``, ``18/2/1962``, ``12-03-65``, ``1965-03-12``, ``1965/03/12``, ``1962/2/18``,
``12 mars 1965``, ``1er janv. 2001``, ``12 AOÛT 1999``, each optionally followed by a time
(``14:30``, ``T14:30:00Z``, `` à 14h30``), which is kept as is. Anything else raises
:class:`DateFormatError` so the caller masks the value instead (fail closed).

>>> shift_date("12/03/1965", 30)
'11/04/1965'
>>> shift_date("1965-03-12T08:15:00", -31)
'1965-02-09T08:15:00'
>>> shift_date("1er janv. 2001", 45), shift_date("12 AOUT 1999", 20)
('15 févr. 2001', '1er SEPTEMBRE 1999')
>>> shift_date("3.4.65", 3)
'6.4.65'
>>> shift_date("demain", 3)
Traceback (most recent call last):
    ...
scanner.redact.dates.DateFormatError: not a date this module can shift
"""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")
MONTH_ABBREVIATIONS = ("janv", "févr", "mars", "avr", "mai", "juin", "juil", "août",
                       "sept", "oct", "nov", "déc")
TWO_DIGIT_YEAR_PIVOT = 50
"""``dd/mm/yy``: 00-49 read as 20yy, 50-99 as 19yy (the weekday and leap years then match)."""

_TIME = (r"(?P<time>(?:T|\s+(?:à\s+)?)\d{1,2}(?:(?::\d{2}(?::\d{2}(?:[.,]\d+)?)?)|h\d{0,2})"
         r"(?:Z|[+-]\d{2}:?\d{2})?)?")
_NUMERIC = re.compile(rf"(?P<d>\d{{1,2}})(?P<sep> ?[/.\-|] ?)(?P<m>\d{{1,2}})(?P=sep)(?P<y>\d{{4}}|\d{{2}}){_TIME}")
_ISO = re.compile(rf"(?P<y>\d{{4}})(?P<sep>[/.\-])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}}){_TIME}")
_TEXT = re.compile(
    rf"(?P<d>1er|1ER|premier|Premier|PREMIER|\d{{1,2}})(?P<sp1>\s+)(?P<month>[^\W\d_]+)(?P<dot>\.?)"
    rf"(?P<sp2>\s+)(?P<y>\d{{4}}){_TIME}"
)


_DIGIT_BY_DIGIT = re.compile(r"\d(?: ?\d){7}")
"""DDMMYYYY, compact or typed digit by digit ('2 8 0 2 1 9 9 5'): the digits are rewritten
in place, spaces kept."""


class DateFormatError(ValueError):
    """The value is not a date in a format that can be shifted and written back."""

    def __init__(self, message: str = "not a date this module can shift") -> None:
        super().__init__(message)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


_MONTH_BY_ASCII = {_ascii(m): i for i, m in enumerate(MONTHS, 1)}
_MONTH_BY_ASCII.update({_ascii(m): i for i, m in enumerate(MONTH_ABBREVIATIONS, 1)})
_MONTH_BY_ASCII.update({"jan": 1, "fev": 2, "fevr": 2, "avri": 4, "juil": 7, "sep": 9, "dec": 12})


def _full_year(year: str) -> int:
    if len(year) == 4:
        return int(year)
    yy = int(year)
    return (2000 if yy < TWO_DIGIT_YEAR_PIVOT else 1900) + yy


def _number(value: int, like: str) -> str:
    """``value`` zero-padded to two digits when ``like`` was."""
    return f"{value:02d}" if len(like) == 2 and like.isdigit() else str(value)


def _day_and_month(date: datetime.date, match: re.Match) -> tuple[str, str]:
    """Day and month written as in ``match``: zero-padded only when neither was a single
    digit ('1962/2/18' is written without padding, '18/02/1962' with).

    >>> _day_and_month(datetime.date(1961, 5, 3), _ISO.fullmatch("1962/2/18"))
    ('3', '5')
    """
    if len(match["d"]) == 1 or len(match["m"]) == 1:
        return str(date.day), str(date.month)
    return f"{date.day:02d}", f"{date.month:02d}"


def _with_case(word: str, like: str) -> str:
    letters = [c for c in like if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return word.upper()
    if letters and letters[0].isupper():
        return word[:1].upper() + word[1:]
    return word


def _month_word(month: int, like: str, dot: str) -> tuple[str, str]:
    """The name of ``month`` written as ``like`` was: full or abbreviated, accents, case."""
    like_full = MONTHS[like_month(like) - 1]
    abbreviated = _ascii(like) != _ascii(like_full)
    word = MONTH_ABBREVIATIONS[month - 1] if abbreviated else MONTHS[month - 1]
    if not abbreviated or word in MONTHS:  # mars, mai, juin, août have no abbreviation
        dot = ""
    if like_full != _ascii(like_full) and like.lower() == _ascii(like):  # "fevrier": no accents
        word = _ascii(word)
    return _with_case(word, like), dot


def like_month(word: str) -> int:
    """The month number of a French month name or abbreviation; raises DateFormatError."""
    folded = _ascii(word).rstrip(".")
    if folded in _MONTH_BY_ASCII:
        return _MONTH_BY_ASCII[folded]
    raise DateFormatError()


@functools.lru_cache(maxsize=1024)
def _days(days: int) -> datetime.timedelta:
    """``timedelta(days=days)``, kept: a run shifts by a few hundred offsets."""
    return datetime.timedelta(days=days)


def _shift(date: datetime.date, days: int) -> datetime.date:
    try:
        return date + _days(days)
    except OverflowError:
        raise DateFormatError("date out of range") from None


def _make_date(year: int, month: int, day: int) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise DateFormatError("impossible date") from None


def parse_date(value: str) -> datetime.date:
    """The date ``value`` denotes (time ignored); raises DateFormatError.

    >>> parse_date("1er janv. 2001"), parse_date("12/03/65")
    (datetime.date(2001, 1, 1), datetime.date(1965, 3, 12))
    """
    if not isinstance(value, str):
        raise DateFormatError()
    text = value.strip()
    return _plain_date(text) or _parsed_date(text)


def _plain_date(text: str) -> datetime.date | None:
    """The date of ``text`` written ``YYYY-MM-DD`` or ``DD/MM/YYYY`` exactly (the most common
    layouts, read by ``datetime`` without the regular expressions), else None.

    >>> _plain_date("1965-03-12"), _plain_date("12/03/1965"), _plain_date("31/02/1965"), _plain_date("12/03/65")
    (datetime.date(1965, 3, 12), datetime.date(1965, 3, 12), None, None)
    """
    if len(text) != 10 or not text.isascii():
        return None
    if text[4] == text[7] == "-":
        iso = text
    elif text[2] == text[5] == "/":
        iso = f"{text[6:]}-{text[3:5]}-{text[:2]}"
    else:
        return None
    try:
        return datetime.date.fromisoformat(iso)
    except ValueError:  # not digits, or an impossible date: the general path tells
        return None


def _parsed_date(text: str) -> datetime.date:
    """``parse_date`` of a stripped ``text``, by the regular expressions of every format."""
    if match := _NUMERIC.fullmatch(text):
        return _make_date(_full_year(match["y"]), int(match["m"]), int(match["d"]))
    if match := _ISO.fullmatch(text):
        return _make_date(int(match["y"]), int(match["m"]), int(match["d"]))
    if match := _TEXT.fullmatch(text):
        day = 1 if not match["d"].isdigit() else int(match["d"])
        return _make_date(int(match["y"]), like_month(match["month"]), day)
    if _DIGIT_BY_DIGIT.fullmatch(text):
        digits = text.replace(" ", "")
        return _make_date(int(digits[4:]), int(digits[2:4]), int(digits[:2]))
    raise DateFormatError()


def _shift_plain(value: str, days: int) -> str | None:
    """``shift_date`` of a date written ``YYYY-MM-DD`` or ``DD/MM/YYYY`` exactly (the most
    common layouts, read and written by ``datetime``'s ISO functions), else None.

    >>> _shift_plain("1965-03-12", -31), _shift_plain("12/03/1965", 30), _shift_plain("12/03/65", 30)
    ('1965-02-09', '11/04/1965', None)
    """
    if len(value) != 10 or not value.isascii():
        return None
    if value[4] == value[7] == "-" and value[:4].isdigit() and value[5:7].isdigit() and value[8:].isdigit():
        return _shift_iso(value, days)
    if value[2] == value[5] == "/" and value[:2].isdigit() and value[3:5].isdigit() and value[6:].isdigit():
        shifted = _shift_iso(f"{value[6:]}-{value[3:5]}-{value[:2]}", days)
        return f"{shifted[8:]}/{shifted[5:7]}/{shifted[:4]}"
    return None


def _shift_iso(text: str, days: int) -> str:
    """A ``YYYY-MM-DD`` date (ASCII digits) moved by ``days`` days."""
    try:
        date = datetime.date.fromisoformat(text)
    except ValueError:
        raise DateFormatError("impossible date") from None
    return _shift(date, days).isoformat()


def shift_date(value: str, days: int) -> str:
    """``value`` moved by ``days`` days, in the same textual format; time of day unchanged."""
    if not isinstance(value, str):
        raise DateFormatError()
    if (plain := _shift_plain(value, days)) is not None:
        return plain
    stripped = value.strip()
    lead, trail = value[: len(value) - len(value.lstrip())], value[len(value.rstrip()):]
    time = ""
    if match := _NUMERIC.fullmatch(stripped):
        date = _shift(_make_date(_full_year(match["y"]), int(match["m"]), int(match["d"])), days)
        sep, y = match["sep"], match["y"]
        year = f"{date.year:04d}" if len(y) == 4 else f"{date.year % 100:02d}"
        day, month = _day_and_month(date, match)
        out = f"{day}{sep}{month}{sep}{year}"
    elif match := _ISO.fullmatch(stripped):
        date = _shift(_make_date(int(match["y"]), int(match["m"]), int(match["d"])), days)
        sep = match["sep"]
        day, month = _day_and_month(date, match)
        out = f"{date.year:04d}{sep}{month}{sep}{day}"
    elif match := _TEXT.fullmatch(stripped):
        day_text = match["d"]
        day = 1 if not day_text.isdigit() else int(day_text)
        date = _shift(_make_date(int(match["y"]), like_month(match["month"]), day), days)
        if date.day == 1:
            day_out = _with_case("premier", day_text) if _ascii(day_text) == "premier" else (
                "1ER" if day_text == "1ER" else "1er")
        else:
            day_out = _number(date.day, day_text)
        month, dot = _month_word(date.month, match["month"], match["dot"])
        out = f"{day_out}{match['sp1']}{month}{dot}{match['sp2']}{date.year:04d}"
    elif _DIGIT_BY_DIGIT.fullmatch(stripped):
        new = iter(_shift(parse_date(stripped), days).strftime("%d%m%Y"))
        return lead + "".join(next(new) if c.isdigit() else c for c in stripped) + trail
    else:
        raise DateFormatError()
    time = match["time"] or ""
    return f"{lead}{out}{time}{trail}"
