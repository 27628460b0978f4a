"""French intra-community VAT number (numéro de TVA intracommunautaire).

``FR``, a 2-character key, then the company's SIREN: printed on every invoice of a
company (a clinic, a laboratory, an insurer). The key of the usual numbers is two digits,
``(12 + 3 × (SIREN mod 97)) mod 97``; newer ones have letters in it (python-stdnum's
:mod:`stdnum.fr.tva`, which this module wraps).

More information:

* https://www.impots.gouv.fr/professionnel/questions/comment-obtenir-un-numero-de-tva-intracommunautaire
* https://ec.europa.eu/taxation_customs/vies/

>>> validate('FR 40 303 265 045')
'FR40303265045'
>>> validate('fr40303265046')  # the SIREN's Luhn key is wrong
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidChecksum: The number's checksum or check digit is invalid.
>>> validate('40303265045')  # no country code: no VAT number as written
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidFormat: The number has an invalid format.
>>> format('FR40303265045')
'FR 40 303 265 045'
"""

from __future__ import annotations

from stdnum.exceptions import InvalidFormat, ValidationError
from stdnum.fr import tva as _tva

from scanner.identifiers import strip_separators


def compact(number: str) -> str:
    """Strip spaces, dots and dashes; upper-case."""
    return strip_separators(number, ' .-').strip().upper()


def calc_check_digits(siren: str) -> str:
    """The 2-digit key of a SIREN.

    >>> calc_check_digits('303265045')
    '40'
    """
    return f"{(12 + 3 * (int(siren) % 97)) % 97:02d}"


def validate(number: str) -> str:
    """Check the ``FR`` prefix, the key and the SIREN; return the compact number."""
    number = compact(number)
    if not number.startswith('FR'):
        raise InvalidFormat()
    return 'FR' + _tva.validate(number[2:])


def is_valid(number: str) -> bool:
    """Tell whether the number is a valid French VAT number; never raises."""
    try:
        return bool(validate(number))
    except (ValidationError, TypeError, ValueError, AttributeError):
        return False


def to_siren(number: str) -> str:
    """The SIREN of the company (the last nine digits)."""
    return compact(number)[-9:]


def format(number: str) -> str:
    """Reformat the number as invoices print it (FR KK NNN NNN NNN)."""
    number = compact(number)
    return ' '.join((number[:2], number[2:4], number[4:7], number[7:10], number[10:]))
