"""NIF / SPI (numéro fiscal de référence), the French tax number of a person.

The DGFiP gives every taxpayer a 13-digit number, printed on the first page of the
income tax return and of every tax notice ("N° fiscal", "SPI") and asked for by online
tax services. It identifies one person: in a health record it comes with billing and
social-aid files (a "avis d'imposition" scanned for a CMU/C2S file).

Structure: 13 digits, the first one ``0`` to ``3``; the last three are the key, the
first ten modulo 511 (python-stdnum's :mod:`stdnum.fr.nif`, which this module wraps).
The notices print it as ``NN NN NNN NNN NNN``.

More information:

* https://ec.europa.eu/taxation_customs/tin/#/check-tin (France: "numéro fiscal")
* https://fr.wikipedia.org/wiki/Numéro_d%27Immatriculation_Fiscale#France

>>> validate('30 23 217 600 053')
'3023217600053'
>>> validate('3023217600054')  # wrong key
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidChecksum: The number's checksum or check digit is invalid.
>>> validate('9701987765432')  # no tax number starts with 9
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: One of the parts of the number are invalid or unknown.
>>> format('3023217600053')
'30 23 217 600 053'
"""

from __future__ import annotations

from stdnum import ean
from stdnum.exceptions import InvalidComponent, ValidationError
from stdnum.fr import nif as _nif

from scanner.identifiers import strip_separators


def compact(number: str) -> str:
    """Strip spaces, dots and dashes."""
    return strip_separators(number, ' .-').strip()


def calc_check_digits(number: str) -> str:
    """The 3-digit key of the first 10 digits (their value modulo 511).

    >>> calc_check_digits('3023217600')
    '053'
    """
    return _nif.calc_check_digits(compact(number))


def validate(number: str) -> str:
    """Check the length, the first digit and the key; return the compact number."""
    number = _nif.validate(compact(number))
    if not number.strip('0'):
        raise InvalidComponent()  # a placeholder of zeros, whose key is right
    return number


def is_valid(number: str) -> bool:
    """Tell whether the number is a valid tax number; never raises."""
    try:
        return bool(validate(number))
    except (ValidationError, TypeError, ValueError, AttributeError):
        return False


def format(number: str) -> str:
    """Reformat the number as tax notices print it (NN NN NNN NNN NNN)."""
    return _nif.format(compact(number))


def is_drug_code(number: str) -> bool:
    """Whether the number is also a medicine's CIP13 code: ``340`` and a valid EAN-13 key.

    >>> is_drug_code('3400930000007'), is_drug_code('3023217600053')
    (True, False)
    """
    number = compact(number)
    return number.startswith('340') and ean.is_valid(number)
