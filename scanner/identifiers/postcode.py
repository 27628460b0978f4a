"""Code postal (French postcode).

Five digits, assigned by La Poste. The first two are the department for
metropolitan France (01-95; Corsica uses 20, for 2A and 2B), 97 or 98 for
overseas departments and territories; 00 is never used. CEDEX codes (for
large mail recipients) follow the same shape.

More information:

* https://www.laposte.fr/entreprise/produit-entreprise/base-officielle-des-codes-postaux
* https://fr.wikipedia.org/wiki/Code_postal_en_France

>>> validate('69 003')
'69003'
>>> validate('97400')
'97400'
>>> validate('00100')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: One of the parts of the number are invalid or unknown.
>>> format('75015')
'75015'
"""

from __future__ import annotations

from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength, ValidationError
from stdnum.util import isdigits

from scanner.identifiers import strip_separators


def compact(number: str) -> str:
    """Strip spaces and dots."""
    return strip_separators(number, ' .').strip()


def validate(number: str) -> str:
    """Check length, digits and department prefix; return the compact postcode."""
    number = compact(number)
    if not isdigits(number):
        raise InvalidFormat()
    if len(number) != 5:
        raise InvalidLength()
    department = int(number[:2])
    if not (1 <= department <= 95 or department in (97, 98)):
        raise InvalidComponent()
    return number


def is_valid(number: str) -> bool:
    """Tell whether the number is a plausible French postcode; never raises."""
    try:
        return bool(validate(number))
    except (ValidationError, TypeError, ValueError):
        return False


def format(number: str) -> str:
    """Return the postcode as written on an envelope: 5 digits."""
    return compact(number)
