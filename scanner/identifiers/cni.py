"""CNI (carte nationale d'identité) number.

Two generations of the French identity card are in use, and practice software records the
number of the one shown to qualify a patient's identity (INS):

* the laminated card (1988 to August 2021): 12 characters, ``YYMM`` the year and month of
  issue, 3 characters for the issuing department and service (``75A``, ``2A1``...), then a
  5-digit sequence number (specimen layout ``880692310285``);
* the card in credit-card format (since August 2021, ICAO 9303 TD1): 9 letters and digits,
  mixed (specimen ``X4RTBPFW4``). One in 15,000 such numbers has the passport's layout
  (``12AB34567``): that layout is left to :mod:`scanner.identifiers.passport`.

Check key: none printed. The machine-readable zone adds an ICAO check digit that is never
written with the number, so :func:`validate` checks the structure only and a CNI number is
reported only with context ("CNI", "carte d'identité").

More information:

* https://www.service-public.fr/particuliers/vosdroits/F1341
* https://fr.wikipedia.org/wiki/Carte_nationale_d%27identit%C3%A9_en_France
* https://www.icao.int/publications/Documents/9303_p5_cons_en.pdf (TD1 layout)

>>> validate('8806 923 10285')
'880692310285'
>>> validate('x4rt bpfw4')
'X4RTBPFW4'
>>> validate('881392310285')  # month 13
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: One of the parts of the number are invalid.
>>> validate('123456789')  # 9 characters need a letter
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidFormat: The number has an invalid format.
>>> validate('12AB34567')  # a passport number
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidFormat: The number has an invalid format.
>>> format('880692310285')
'8806 923 10285'
"""

from __future__ import annotations

import re

from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength, ValidationError

from scanner.identifiers import passport, strip_separators

_LAMINATED = re.compile(r"(?P<year>\d\d)(?P<month>\d\d)[0-9][0-9AB][0-9A-Z]\d{5}")
_CARD = re.compile(r"(?=.*\d)(?=.*[A-Z])[0-9A-Z]{9}")
FIRST_LAMINATED_YEAR, LAST_LAMINATED_YEAR = 1988, 2021


def compact(number: str) -> str:
    """Strip spaces, dots and dashes; upper-case."""
    return strip_separators(number, ' .-').strip().upper()


def validate(number: str) -> str:
    """Check the structure of either generation (no key is printed); return the compact number."""
    number = compact(number)
    if not number.isascii() or not number.isalnum():
        raise InvalidFormat()
    if len(number) == 12:
        match = _LAMINATED.fullmatch(number)
        if match is None:
            raise InvalidFormat()
        year = int(match["year"]) + (1900 if int(match["year"]) >= 88 else 2000)
        if not FIRST_LAMINATED_YEAR <= year <= LAST_LAMINATED_YEAR or not 1 <= int(match["month"]) <= 12:
            raise InvalidComponent()
        return number
    if len(number) == 9:
        if _CARD.fullmatch(number) is None or passport.is_valid(number):
            raise InvalidFormat()
        return number
    raise InvalidLength()


def is_valid(number: str) -> bool:
    """Tell whether the number has a CNI structure; never raises."""
    try:
        return bool(validate(number))
    except (ValidationError, TypeError, ValueError, AttributeError):
        return False


def format(number: str) -> str:
    """The laminated card's number in its three parts; the newer one as printed."""
    number = compact(number)
    if len(number) == 12:
        return f"{number[:4]} {number[4:7]} {number[7:]}"
    return number
