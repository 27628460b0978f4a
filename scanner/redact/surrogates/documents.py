"""Identity documents (issue 23): FR_CNI, FR_PASSPORT, FR_RESIDENCE_PERMIT and
FR_DRIVING_LICENCE stay valid numbers of the same layout (a digit for a digit, a letter for a
letter), keeping the issuing office or department."""

from __future__ import annotations

from collections.abc import Callable

from scanner.identifiers import cni, driving_licence, passport, residence_permit
from scanner.redact.keyed import Draw
from scanner.redact.surrogates.common import (
    MAX_TRIES, alnum, department_prefix, leading_zeros, no_surrogate, reapply,
)


def _drawn_until_valid(value: str, key: bytes, entity_type: str, kept: int, is_valid: Callable[[str], bool]) -> str:
    """``value`` with its first ``kept`` letters and digits kept and the others drawn (a digit
    for a digit, a letter for a letter), drawn again until ``is_valid`` accepts the compact
    result, with as many leading zeros (``leading_zeros``); written in the original's layout."""
    compact = alnum(value).upper()
    if not compact.isascii() or not is_valid(compact):
        raise no_surrogate(entity_type)
    draw = Draw(key, entity_type, compact)
    for _ in range(MAX_TRIES):
        new = compact[:kept] + "".join(
            draw.digits(1) if c.isdigit() else chr(ord("A") + draw.below(26)) for c in compact[kept:]
        )
        if new != compact and is_valid(new) and leading_zeros(new) == leading_zeros(compact):
            return reapply(value, new)
    raise no_surrogate(entity_type)


def surrogate_cni(value: str, key: bytes) -> str:
    """A CNI number of the same generation: the laminated card's issuing office (characters
    5-7) kept, the rest drawn; the newer card's 9 characters drawn, digit for digit.

    >>> s = surrogate_cni("8806 923 10285", b"k" * 32)
    >>> s[4:9], cni.is_valid(s), len(surrogate_cni("X4RTBPFW4", b"k" * 32))
    (' 923 ', True, 9)
    """
    compact = alnum(value).upper()
    if len(compact) != 12:
        return _drawn_until_valid(value, key, "FR_CNI", 0, cni.is_valid)
    draw = Draw(key, "FR_CNI", compact)
    for _ in range(MAX_TRIES):
        year = (1988 + draw.below(cni.LAST_LAMINATED_YEAR - 1988 + 1)) % 100
        new = f"{year:02d}{draw.between(1, 12):02d}{compact[4:7]}{draw.digits(5)}"
        if new != compact and cni.is_valid(new):
            return reapply(value, new)
    raise no_surrogate("FR_CNI")


def surrogate_passport(value: str, key: bytes) -> str:
    """A passport number: 2 digits, 2 letters, 5 digits, all drawn.

    >>> s = surrogate_passport("12 AB 34567", b"k" * 32)
    >>> s[2], passport.is_valid(s)
    (' ', True)
    """
    return _drawn_until_valid(value, key, "FR_PASSPORT", 0, passport.is_valid)


def surrogate_residence_permit(value: str, key: bytes, *, keep_department: bool = True) -> str:
    """A foreigner number: the department (first two digits) kept by default, 8 drawn.

    >>> surrogate_residence_permit("7501234567", b"k" * 32)[:2]
    '75'
    """
    kept = 2 if keep_department else 0
    return _drawn_until_valid(value, key, "FR_RESIDENCE_PERMIT", kept, residence_permit.is_valid)


def surrogate_driving_licence(value: str, key: bytes, *, keep_department: bool = True) -> str:
    """A licence number of the same layout: the paper licence's year kept, its month and
    serial drawn, its department kept by default; the card's characters drawn.

    >>> s = surrogate_driving_licence("88 06 75 123456", b"k" * 32)
    >>> s[:3], s[6:9], driving_licence.is_valid(s)
    ('88 ', '75 ', True)
    """
    compact = alnum(value).upper()
    if len(compact) != 12:
        return _drawn_until_valid(value, key, "FR_DRIVING_LICENCE", 0, driving_licence.is_valid)
    draw = Draw(key, "FR_DRIVING_LICENCE", compact)
    for _ in range(MAX_TRIES):
        department = compact[4:6] if keep_department else department_prefix(compact[4:6], draw, False)
        new = f"{compact[:2]}{draw.between(1, 12):02d}{department}{draw.digits(6)}"
        if new != compact and driving_licence.is_valid(new):
            return reapply(value, new)
    raise no_surrogate("FR_DRIVING_LICENCE")
