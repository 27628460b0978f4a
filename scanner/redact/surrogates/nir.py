"""FR_NIR and FR_INS surrogates: the surrogate identity's sex, shifted birth year and month, a
real commune of birth, a valid key."""

from __future__ import annotations

import datetime
import re

from scanner.redact import lists
from scanner.redact.keyed import Draw
from scanner.redact.surrogates.common import MAX_TRIES, alnum, no_surrogate, reapply
from scanner.redact.surrogates.dates import date_offset
from scanner.redact.surrogates.identity import NO_IDENTITY, Identity

_NIR_BODY = re.compile(r"[1-478]\d{4}(?:\d{2}|2A|2B)\d{5,9}")
"""12 to 16 characters: the 15 of a NIR, the 13 without key, or a NIR typed with a digit
missing or extra (``nir.is_plausible_typed``)."""


def surrogate_nir(
    value: str, key: bytes, *, keep_birth_month: bool = True, identity: Identity | None = None,
    person_key: str | None = None, keep_weekday: bool = False,
) -> str:
    """A valid NIR of the surrogate identity: its sex, its shifted birth year and month, a
    real commune of birth drawn at random (never the original; never in Corsica, 2A/2B,
    when the NIR is all digits, which an integer column may hold), a drawn order number.

    Sex: ``identity.sex`` (the titles and agreements around the person), else the NIR's.
    Birth: ``identity.birth`` (the person's birth date in the same row or note) moved by the
    person's date offset (:func:`date_offset`), so the NIR agrees with the shifted birth
    date written beside it; without one, the 15th of the NIR's month is moved the same way.
    ``keep_birth_month=False`` draws the month instead. An unknown month (20-42, 50-99)
    stays as it is. The rest is drawn from the HMAC of the first 13 characters, so a NIR
    with a wrong or missing key gets the same surrogate as the right one, and the surrogate
    always has a valid mod-97 key (13 characters stay 13). A NIR typed with a digit missing
    or extra gets as many characters.

    >>> import datetime
    >>> from stdnum.fr import nir as stdnum_nir
    >>> born = Identity(sex="F", birth=datetime.date(1995, 10, 3))
    >>> s = surrogate_nir("1 95 10 99 126 111 93", b"k" * 32, identity=born, person_key="p")
    >>> shifted = datetime.date(1995, 10, 3) + datetime.timedelta(days=date_offset(b"k" * 32, "p"))
    >>> s[:8] == f"2 {shifted:%y %m} ", stdnum_nir.is_valid(s)
    (True, True)
    >>> len(surrogate_nir("2 9 5 1 0 9 9 1 2 6 1 1 1 9 3 4", b"k" * 32))
    31
    """
    body = alnum(value).upper()
    if not _NIR_BODY.fullmatch(body):
        raise no_surrogate("FR_NIR")
    draw = Draw(key, "FR_NIR", body[:13])
    identity = identity or NO_IDENTITY
    sex = _nir_sex_digit(body[0], identity.sex)
    offset = date_offset(key, person_key, keep_weekday=keep_weekday)
    year_month = _nir_birth(body[1:5], identity.birth, offset, None if keep_birth_month else draw)
    birthplaces = lists.nir_birthplaces()
    for _ in range(MAX_TRIES):
        place = draw.choice(birthplaces)
        new = f"{sex}{year_month}{place}{draw.between(1, 999):03d}"
        if place != body[5:10] and new != body[:13] and (place.isdigit() or not body.isdigit()):
            break
    else:
        raise no_surrogate("FR_NIR")
    if len(body) > 13:
        new += _check_digits(new) + (f"{draw.between(0, 9)}" if len(body) == 16 else "")
    if value == body:  # digits and upper-case 2A/2B, no separators: nothing to reapply
        return new[: len(body)]
    return reapply(value, new[: len(body)])


def _check_digits(nir: str) -> str:
    """The mod-97 key of a 13-character NIR (``2A``/``2B`` read as ``19``/``18``), as stdnum's
    ``calc_check_digits`` computes it.

    >>> from stdnum.fr import nir as stdnum_nir
    >>> _check_digits("1850578006084"), _check_digits("185052A006084") == stdnum_nir.calc_check_digits("185052A006084")
    ('91', True)
    """
    number = int(nir) if nir.isdigit() else int(nir.replace("2A", "19", 1).replace("2B", "18", 1))
    return f"{97 - number % 97:02d}"


def _nir_sex_digit(digit: str, sex: str | None) -> str:
    """The NIR's first digit for ``sex``, in its series (1/2 born, 3/4 and 7/8 temporary)."""
    if sex not in ("F", "M"):
        return digit
    return _SEX_DIGITS[sex][digit]


_SEX_DIGITS = {"M": {"1": "1", "2": "1", "3": "3", "4": "3", "7": "7", "8": "7"},
               "F": {"1": "2", "2": "2", "3": "4", "4": "4", "7": "8", "8": "8"}}
"""Sex -> a NIR's first digit -> the digit of that sex in the same series."""


def _nir_birth(year_month: str, birth: datetime.date | None, offset: int, month_draw: Draw | None) -> str:
    """A NIR's ``YYMM`` moved like the person's dates (an unknown month kept as it is)."""
    month = int(year_month[2:])
    if not 1 <= month <= 12:
        return year_month
    base = birth or datetime.date(1900 + int(year_month[:2]), month, 15)
    shifted = base + datetime.timedelta(offset)
    month = shifted.month if month_draw is None else month_draw.between(1, 12)
    return f"{shifted.year % 100:02d}{month:02d}"


def surrogate_ins(
    value: str, key: bytes, *, keep_birth_month: bool = True, identity: Identity | None = None,
    person_key: str | None = None, keep_weekday: bool = False,
) -> str:
    """The INS's matricule replaced as a NIR (:func:`surrogate_nir`, same draw): the patient's
    NIR in a ``nir`` column and their INS in a message get the same surrogate.

    >>> key = b"k" * 32
    >>> surrogate_ins("185057800608491", key) == surrogate_nir("185057800608491", key)
    True
    """
    return surrogate_nir(value, key, keep_birth_month=keep_birth_month, identity=identity,
                         person_key=person_key, keep_weekday=keep_weekday)
