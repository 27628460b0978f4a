"""DATE_TIME surrogates: a person's dates move by one keyed offset."""

from __future__ import annotations

from functools import lru_cache

from scanner.redact.dates import DateFormatError, shift_date
from scanner.redact.keyed import Draw
from scanner.redact.surrogates.common import no_surrogate

DATE_SHIFT_DAYS = (30, 335)
"""A person's dates move by ``±[30, 335]`` days, one offset per person (never close
to a whole year, so a birth date never keeps its day and month); ``±[35, 329]`` in whole
weeks when weekdays are kept."""


def date_offset(key: bytes, person_key: str | None, *, keep_weekday: bool = False) -> int:
    """Days a person's dates move: ``±[30, 335]``, from HMAC(key, person_key); with
    ``keep_weekday``, the nearest whole number of weeks (``±[35, 329]``).

    Without a person key (a direct call), one offset is shared by every such date.

    >>> offset = date_offset(b"k" * 32, "185057800608491")
    >>> 30 <= abs(offset) <= 335, offset == date_offset(b"k" * 32, "185057800608491")
    (True, True)
    >>> date_offset(b"k" * 32, "185057800608491", keep_weekday=True) % 7
    0
    """
    return _drawn_offset(bytes(key), person_key, keep_weekday)


def forget_offsets() -> None:
    """Drop the offsets kept for the last persons (a run's end: their person keys, a NIR among
    them, do not stay in the process's memory).

    >>> offset = date_offset(b"k" * 32, "p"); forget_offsets(); offset == date_offset(b"k" * 32, "p")
    True
    """
    _drawn_offset.cache_clear()


@lru_cache(maxsize=256)
def _drawn_offset(key: bytes, person_key: str | None, keep_weekday: bool) -> int:
    """``date_offset``, memoised for the last persons: a record's NIR and each of its dates
    ask for the same offset, which costs two HMACs to draw.

    >>> _drawn_offset(b"k" * 32, "p", False) == _drawn_offset(b"k" * 32, "p", False)
    True
    """
    draw = Draw(key, "DATE_TIME", person_key or "")
    low, high = DATE_SHIFT_DAYS
    days = draw.between(low, high)
    if keep_weekday:
        days = min(max(7 * round(days / 7), 7 * -(-low // 7)), 7 * (high // 7))
    return days if draw.below(2) else -days


def surrogate_date(value: str, key: bytes, *, person_key: str | None = None, keep_weekday: bool = False) -> str:
    """The date moved by the person's offset, written in the same format.

    >>> key = b"k" * 32
    >>> a = surrogate_date("12/03/2020", key, person_key="p1")
    >>> b = surrogate_date("22/03/2020", key, person_key="p1")
    >>> import datetime as dt
    >>> (dt.datetime.strptime(b, "%d/%m/%Y") - dt.datetime.strptime(a, "%d/%m/%Y")).days
    10
    """
    try:
        return shift_date(value, date_offset(key, person_key, keep_weekday=keep_weekday))
    except DateFormatError:
        raise no_surrogate("DATE_TIME") from None
