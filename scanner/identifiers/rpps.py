"""RPPS (Répertoire Partagé des Professionnels de Santé) number.

The RPPS number is the national, lifelong identifier of a health
professional (doctors, pharmacists, dentists, midwives, physiotherapists,
podiatrists and, since 2021, nurses and former ADELI professions). It is
assigned by the Agence du Numérique en Santé (ANS) and published in the
Annuaire Santé.

Structure: 11 digits, not meaningful, the last one being a Luhn check
digit. The ANS industrial FAQ ("Numéro RPPS ... Format: 11 caractères
numériques (le dernier étant la clé de Luhn) non significatifs") confirms
the key, so it is checked here (the Luhn sum of :mod:`stdnum.luhn`, written for
ASCII digits for speed).

In ANS information systems (CPS card, DMP, CI-SIS) a professional is
identified by the IdNat_PS, ``'8'`` followed by the 11-digit RPPS number;
that 12-digit form is accepted too and keeps its prefix.

More information:

* https://industriels.esante.gouv.fr/faq-des-industriels (identifier table)
* https://esante.gouv.fr/securite/annuaire-sante/faq-annuaire
* https://github.com/ansforge/IG-FHIR-PDSM4DMP-EEDS, input/fsh/Model/PSIdNat.fsh
  (IdNat_PS: "8 + N° RPPS", "0 + N° ADELI")

>>> validate('1000 000 0009')
'10000000009'
>>> validate('810000000009')  # IdNat_PS form
'810000000009'
>>> validate('10000000008')  # wrong Luhn key
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidChecksum: The number's checksum or check digit is invalid.
>>> validate('1000000000')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidLength: The number has an invalid length.
>>> format('10000000009')
'10000000009'
"""

from __future__ import annotations

from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError
from stdnum.util import isdigits

import numpy as np

from scanner.identifiers import checked_many, strip_separators

_IDNAT_PS_PREFIX = '8'


def compact(number: str) -> str:
    """Strip spaces, dots and dashes."""
    return strip_separators(number, ' .-').strip()


_DOUBLED = str.maketrans("0123456789", "0246813579")
"""Each digit doubled, the digits of the result summed (Luhn)."""


def _luhn_ok(digits: str) -> bool:
    """``stdnum.luhn.checksum(digits) == 0`` for ASCII digits, several times faster (a dump has one
    RPPS per row; ``tests/identifiers/test_rpps.py`` checks both agree).

    >>> _luhn_ok('10000000009'), _luhn_ok('10000000008')
    (True, False)
    """
    return sum(map(int, digits[-1::-2] + digits[-2::-2].translate(_DOUBLED))) % 10 == 0


def validate(number: str) -> str:
    """Check the format, length and Luhn key; return the compact number."""
    number = compact(number)
    if not isdigits(number):
        raise InvalidFormat()
    if len(number) == 12:
        if not number.startswith(_IDNAT_PS_PREFIX):
            raise InvalidComponent()
    elif len(number) != 11:
        raise InvalidLength()
    if not _luhn_ok(number[-11:]):
        raise InvalidChecksum()
    return number


def is_valid(number: str) -> bool:
    """Tell whether the number is a valid RPPS or IdNat_PS; never raises."""
    if isinstance(number, str) and len(number) == 11 and number.isdigit() and number.isascii():
        return _luhn_ok(number)  # the usual cell: ``validate`` without compacting
    try:
        return bool(validate(number))
    except (ValidationError, TypeError, ValueError):
        return False


_DOUBLED_DIGITS = np.array([0, 2, 4, 6, 8, 1, 3, 5, 7, 9])


def are_valid(numbers: list[str]) -> list[bool]:
    """``is_valid`` of each number, bare 11-digit ones checked together (Luhn on a matrix).

    >>> are_valid(["10000000009", "10000000008", "810000000009", "1000000000"])
    [True, False, True, False]
    """
    def luhn(digits: np.ndarray) -> np.ndarray:
        reversed_digits = digits[:, ::-1]
        total = reversed_digits[:, 0::2].sum(axis=1) + _DOUBLED_DIGITS[reversed_digits[:, 1::2]].sum(axis=1)
        return total % 10 == 0

    return checked_many(numbers, 11, luhn, is_valid)


def format(number: str) -> str:
    """Return the number as ANS publishes it: digits without separators."""
    return compact(number)
