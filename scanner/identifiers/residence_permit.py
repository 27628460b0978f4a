"""Titre de séjour: the foreigner number (numéro étranger, AGDREF) of a residence permit.

A residence permit (carte de séjour, carte de résident, récépissé) identifies its holder by
the number AGDREF (Application de gestion des dossiers des ressortissants étrangers en France)
gives every foreign national once: 10 digits, the first two being the department of the
prefecture that opened the file. It is printed on the back of the card, in its vertical margin
and in its machine-readable zone, and it stays the same across renewals; the card's own
support number changes with each card.

Check key: none published, so :func:`validate` checks the length and digits only and the number
is reported only with context ("titre de séjour", "AGDREF", "étranger").

More information:

* https://www.service-public.fr/particuliers/vosdroits/F2209
* https://www.immigration.interieur.gouv.fr (AGDREF, number of a foreign national)

>>> validate('75 01 23 45 67')
'7501234567'
>>> validate('0001234567')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: One of the parts of the number are invalid.
>>> validate('750123456')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidLength: The number has an invalid length.
>>> format('7501234567')
'7501234567'
"""

from __future__ import annotations

from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength, ValidationError
from stdnum.util import isdigits

from scanner.identifiers import strip_separators


def compact(number: str) -> str:
    """Strip spaces, dots and dashes."""
    return strip_separators(number, ' .-').strip()


def validate(number: str) -> str:
    """Check the length, digits and department (no key is published); return the compact number."""
    number = compact(number)
    if not isdigits(number):
        raise InvalidFormat()
    if len(number) != 10:
        raise InvalidLength()
    if number.startswith('00'):
        raise InvalidComponent()
    return number


def is_valid(number: str) -> bool:
    """Tell whether the number has an AGDREF structure; never raises."""
    try:
        return bool(validate(number))
    except (ValidationError, TypeError, ValueError):
        return False


def format(number: str) -> str:
    """Return the number as printed: 10 digits without separators."""
    return compact(number)
