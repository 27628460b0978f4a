"""SIREN (Système d'Identification du Répertoire des ENtreprises), a company number.

INSEE gives every company, association and public body of the SIRENE register a
9-digit number; the last digit is a Luhn key. In a health record it names an
employer (occupational medicine, work accidents), an insurer or a mutual, a
pharmacy or a laboratory: administrative data, reported so that a responder can tell
employers and insurers apart. A SIREN alone looks like many 9-digit numbers, so it is
reported only with context (the word "SIREN", "RCS", a ``siren`` column).

Structure: 9 digits (``NNN NNN NNN``), Luhn key (python-stdnum's
:mod:`stdnum.fr.siren`, which this module wraps).

More information:

* https://www.insee.fr/fr/metadonnees/definition/c2047
* https://fr.wikipedia.org/wiki/Système_d'identification_du_répertoire_des_entreprises

>>> validate('552 008 443')
'552008443'
>>> validate('552008442')  # wrong key
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidChecksum: The number's checksum or check digit is invalid.
>>> validate('55200844')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidLength: The number has an invalid length.
>>> format('552008443')
'552 008 443'
"""

from __future__ import annotations

from stdnum.exceptions import InvalidComponent, ValidationError
from stdnum.fr import siren as _siren

from scanner.identifiers import strip_separators


def compact(number: str) -> str:
    """Strip spaces, dots and dashes."""
    return strip_separators(number, ' .-').strip()


def validate(number: str) -> str:
    """Check the length, digits and Luhn key; return the compact number."""
    number = _siren.validate(compact(number))
    if not number.strip('0'):
        raise InvalidComponent()  # a placeholder of zeros, whose key is right
    return number


def is_valid(number: str) -> bool:
    """Tell whether the number is a valid SIREN; never raises."""
    try:
        return bool(validate(number))
    except (ValidationError, TypeError, ValueError, AttributeError):
        return False


def format(number: str, separator: str = ' ') -> str:
    """Reformat the number as INSEE prints it (NNN NNN NNN)."""
    number = compact(number)
    return separator.join((number[:3], number[3:6], number[6:]))
