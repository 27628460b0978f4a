"""French passport number.

The number of the French (electronic and biometric) passport, printed at the top right of the
data page and in its machine-readable zone, has 9 characters: 2 digits, 2 letters, 5 digits
(``12AB34567``).

Check key: none printed (the MRZ check digit is never written with the number), so
:func:`validate` checks the structure only and a passport number is reported only with context
("passeport").

More information:

* https://www.service-public.fr/particuliers/vosdroits/F1342
* https://www.icao.int/publications/Documents/9303_p4_cons_en.pdf (TD3 layout)

>>> validate('12 AB 34567')
'12AB34567'
>>> validate('12ab34567')
'12AB34567'
>>> validate('1A2B34567')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidFormat: The number has an invalid format.
>>> validate('12AB3456')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidLength: The number has an invalid length.
>>> format('12ab34567')
'12AB34567'
"""

from __future__ import annotations

import re

from stdnum.exceptions import InvalidFormat, InvalidLength, ValidationError

from scanner.identifiers import strip_separators

_PASSPORT = re.compile(r"\d{2}[A-Z]{2}\d{5}")


def compact(number: str) -> str:
    """Strip spaces, dots and dashes; upper-case."""
    return strip_separators(number, ' .-').strip().upper()


def validate(number: str) -> str:
    """Check the structure (no key is printed); return the compact number."""
    number = compact(number)
    if len(number) != 9:
        raise InvalidLength()
    if not number.isascii() or _PASSPORT.fullmatch(number) is None:
        raise InvalidFormat()
    return number


def is_valid(number: str) -> bool:
    """Tell whether the number has a passport structure; never raises."""
    try:
        return bool(validate(number))
    except (ValidationError, TypeError, ValueError, AttributeError):
        return False


def format(number: str) -> str:
    """Return the number as printed: 9 characters, upper case."""
    return compact(number)
