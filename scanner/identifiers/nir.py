"""NIR (Numéro d'Inscription au Répertoire, French social security number).

The NIR identifies a person in the RNIPP, the national register kept by
INSEE; it is printed on the Carte Vitale and used by every health insurer.
Its 13 characters are meaningful and are followed by a 2-digit key:

* 1 digit: sex (1 man, 2 woman; 3/4 and 7/8 are used for temporary and
  waiting numbers, such as the NIA given before a NIR is certified);
* 2 digits: year of birth;
* 2 digits: month of birth, 01-12, or 20-42 / 50-99 when the civil record
  is incomplete;
* 2 characters: department of birth (01-99, 2A/2B for Corsica, 97/98 for
  overseas, 99 for foreign countries);
* 3 digits: commune (or country) code;
* 3 digits: order number of the birth record;
* 2 digits: key, ``97 - (first 13 digits mod 97)``, with 2A read as 19 and
  2B as 18.

The arithmetic is delegated to :mod:`stdnum.fr.nir`. This module adds
dashes as separators, upper-casing (Presidio matches with ``re.IGNORECASE``)
and a structural check, :func:`is_plausible`, that ignores the key.

More information:

* https://www.insee.fr/fr/metadonnees/definition/c1409
* https://xml.insee.fr/schema/nir.html
* https://www.identito-na.fr/NIR-et-NIA (NIR and NIA)
* https://fr.wikipedia.org/wiki/Numéro_de_sécurité_sociale_en_France

>>> validate('2 95 10 99 126 111 93')
'295109912611193'
>>> validate('2-53-07-2b-073-004-70')
'253072B07300470'
>>> validate('295109912611199')  # wrong key
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidChecksum: The number's checksum or check digit is invalid.
>>> validate('2951099126111')  # no key
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidLength: The number has an invalid length.
>>> is_plausible('2951099126111'), is_plausible('5951099126111')
(True, False)
>>> is_plausible_typed('2 9 1 4 8 2 3 9 8 4 2 9 6 5'), is_plausible_typed('0 9 1 4 8 2 3 9 8 4 2 9 6 5')
(True, False)
>>> format('185057800608491')
'1 85 05 78 006 084 91'
"""

from __future__ import annotations

from stdnum.exceptions import InvalidChecksum, InvalidComponent, ValidationError
from stdnum.fr import nir as _nir

import numpy as np

from scanner.identifiers import checked_many, strip_separators

_SEX_DIGITS = frozenset('123478')


def compact(number: str) -> str:
    """Strip spaces, dots and dashes, and upper-case 2a/2b."""
    if isinstance(number, str) and number.isdigit() and number.isascii():  # the usual cell: nothing to strip
        return number
    return strip_separators(number, ' .-').strip().upper()


def _has_plausible_parts(number: str) -> bool:
    """Tell whether a compacted 13/15-character string has a NIR's structure."""
    if len(number) not in (13, 15) or number[0] not in _SEX_DIGITS:
        return False
    if not (number[:5] + number[7:]).isdigit() or not number.isascii():
        return False
    month = int(number[3:5])
    if not (1 <= month <= 12 or 20 <= month <= 42 or 50 <= month <= 99):
        return False
    department = number[5:7]
    return department in ('2A', '2B') or (department.isdigit() and department != '00')


def validate(number: str) -> str:
    """Check the format, length, key and structure; return the compact NIR."""
    number = compact(number)
    if len(number) == 15 and _has_plausible_parts(number):
        # the checks of stdnum's validate, its clean() aside (compact has done it)
        if _nir.calc_check_digits(number) != number[13:]:
            raise InvalidChecksum()
        return number
    number = _nir.validate(number)
    if not _has_plausible_parts(number):
        raise InvalidComponent()
    return number


def is_valid(number: str) -> bool:
    """Tell whether the number is a valid NIR; never raises."""
    if isinstance(number, str) and len(number) == 15 and number.isdigit() and number.isascii():
        # the usual cell: ``validate`` without compacting, stdnum's key for digits only
        return _has_plausible_parts(number) and "%02d" % (97 - int(number[:13]) % 97) == number[13:]
    try:
        return bool(validate(number))
    except (ValidationError, TypeError, ValueError):
        return False


def _bare_validity(digits: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(plausible, valid)`` for each row of a matrix of bare 15-digit NIRs (``is_valid``
    and ``is_plausible`` on whole columns)."""
    month = digits[:, 3] * 10 + digits[:, 4]
    plausible = (
        np.isin(digits[:, 0], [1, 2, 3, 4, 7, 8])
        & (((month >= 1) & (month <= 12)) | ((month >= 20) & (month <= 42)) | (month >= 50))
        & (digits[:, 5] * 10 + digits[:, 6] != 0)
    )
    body = digits[:, :13] @ (10 ** np.arange(12, -1, -1, dtype=np.int64))
    return plausible, plausible & (97 - body % 97 == digits[:, 13] * 10 + digits[:, 14])


def are_valid(numbers: list[str]) -> list[bool]:
    """``is_valid`` of each number, bare 15-digit ones checked together.

    >>> are_valid(["185057800608491", "185057800608400", "1 85 05 78 006 084 91", "x"])
    [True, False, True, False]
    """
    return checked_many(numbers, 15, lambda digits: _bare_validity(digits)[1], is_valid)


def are_plausible(numbers: list[str]) -> list[bool]:
    """``is_plausible`` of each number, bare 15-digit ones checked together.

    >>> are_plausible(["185057800608400", "585057800608400", "2951099126111"])
    [True, False, True]
    """
    return checked_many(numbers, 15, lambda digits: _bare_validity(digits)[0], is_plausible)


def is_plausible(number: str) -> bool:
    """Tell whether the number has a NIR's structure (15, or 13 without key), ignoring the key."""
    try:
        return _has_plausible_parts(compact(number))
    except (ValidationError, TypeError, ValueError):
        return False


TYPED_LENGTHS = range(12, 17)
"""Lengths of a NIR typed by hand: 15, the 13 without key, or one digit missing or extra."""


def is_plausible_typed(number: str) -> bool:
    """Tell whether the number could be a NIR typed by hand, slips included: 12 to 16
    characters, a sex digit first, digits (or 2A/2B as the department); never raises.

    The month and department are not checked: a hand-typed NIR often has a slipped digit
    there (a recognizer scores such a number lower than a well-formed one).

    >>> is_plausible_typed('1 2 4 4 9 3 2 6 4 1 3 5 9 1'), is_plausible_typed('6 2 4 4 9 3 2 6 4 1 3 5 9 1')
    (True, False)
    """
    try:
        number = compact(number)
    except (ValidationError, TypeError, ValueError):
        return False
    if len(number) not in TYPED_LENGTHS or number[0] not in _SEX_DIGITS or not number.isascii():
        return False
    return (number[:5] + number[7:]).isdigit() and (number[5:7].isdigit() or number[5:7] in ('2A', '2B'))


def format(number: str, separator: str = ' ') -> str:
    """Reformat the number to the presentation used on the Carte Vitale."""
    return _nir.format(compact(number), separator)
