"""French driving licence (permis de conduire) number.

Two layouts are in use:

* the pink paper licence (before September 2013) and the file number it shares with the
  NEPH: 12 digits, ``YYMM`` the year and month of issue, 2 characters for the department of
  the prefecture (``75``, ``2A``), then 6 digits (``880675123456``);
* the card licence (since September 2013, EU format): 13 characters, 2 digits, 2 letters and
  9 digits (``13AB123456789``).

Check key: none published, so :func:`validate` checks the structure only and a licence number
is reported only with context ("permis de conduire").

More information:

* https://www.service-public.fr/particuliers/vosdroits/F2828
* https://eur-lex.europa.eu/eli/dir/2006/126/oj (EU model, field 5)

>>> validate('88 06 75 123456')
'880675123456'
>>> validate('13ab123456789')
'13AB123456789'
>>> validate('881375123456')  # month 13
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: One of the parts of the number are invalid.
>>> validate('13AB12345')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidLength: The number has an invalid length.
>>> format('880675123456')
'880675123456'
"""

from __future__ import annotations

import re

from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength, ValidationError

from scanner.identifiers import strip_separators

_PAPER = re.compile(r"\d{2}(?P<month>\d{2})(?P<department>\d{2}|2[AB])\d{6}")
_CARD = re.compile(r"\d{2}[A-Z]{2}\d{9}")


def compact(number: str) -> str:
    """Strip spaces, dots and dashes; upper-case."""
    return strip_separators(number, ' .-').strip().upper()


def validate(number: str) -> str:
    """Check the structure of either layout (no key is published); return the compact number."""
    number = compact(number)
    if not number.isascii() or not number.isalnum():
        raise InvalidFormat()
    if len(number) == 12:
        match = _PAPER.fullmatch(number)
        if match is None:
            raise InvalidFormat()
        if not 1 <= int(match["month"]) <= 12 or match["department"] in ("00", "20", "96"):
            raise InvalidComponent()
        return number
    if len(number) == 13:
        if _CARD.fullmatch(number) is None:
            raise InvalidFormat()
        return number
    raise InvalidLength()


def is_valid(number: str) -> bool:
    """Tell whether the number has a driving licence structure; never raises."""
    try:
        return bool(validate(number))
    except (ValidationError, TypeError, ValueError, AttributeError):
        return False


def format(number: str) -> str:
    """Return the number as printed: compact, upper case."""
    return compact(number)
