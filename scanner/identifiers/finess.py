"""FINESS (Fichier National des Établissements Sanitaires et Sociaux) number.

Every legal entity (FINESS juridique, EJ) and every site (FINESS
géographique, ET/EG) of the health, medico-social and social sectors has a
FINESS number, managed by the ARS/DREETS and published by the ANS.

Structure: 9 characters; the first two are the department code (``01``-
``95``, ``2A``/``2B`` for Corsica, ``97``/``98`` for overseas), the other
seven are digits, the last of them being a control key. The FINESS web site
prints it as ``NN NNN NNN N``.

Check key: NOT verified. The official ANS JSON schema of the FINESS open
data only requires ``^[A-Za-z0-9]{9}$`` ("Numéro FINESS alphanumérique sur
9 caractères") and no ANS, DREES or ARS document found describes the key
algorithm. The Luhn variant repeated on third-party sites is therefore not
used: :func:`validate` checks the length, the department and the digits
only, and a FINESS number should be reported only with context.

More information:

* https://github.com/ansforge/finess (flux/out/data.gouv/structure/schema, ``finessId``)
* https://github.com/ansforge/finess/issues/22 (display format ``NN NNN NNN N``)
* https://gnius.esante.gouv.fr/en/regulations/regulation-profiles/national-file-health-and-social-establishments-finess

>>> validate('75 071 218 4')
'750712184'
>>> validate('2a0001234')
'2A0001234'
>>> validate('000012345')  # no department 00
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: One of the parts of the number are invalid or unknown.
>>> validate('75071218')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidLength: The number has an invalid length.
>>> format('750712184')
'75 071 218 4'
"""

from __future__ import annotations

from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength, ValidationError
from stdnum.util import isdigits

from scanner.identifiers import strip_separators


def compact(number: str) -> str:
    """Strip spaces, dots and dashes, and upper-case 2a/2b."""
    return strip_separators(number, ' .-').strip().upper()


def validate(number: str) -> str:
    """Check the length, department code and digits (not the key); return the compact number."""
    number = compact(number)
    if len(number) != 9:
        raise InvalidLength()
    department = number[:2]
    if not isdigits(number[2:]) or not (isdigits(department) or department in ('2A', '2B')):
        raise InvalidFormat()
    if department == '00':
        raise InvalidComponent()
    return number


def is_valid(number: str) -> bool:
    """Tell whether the number has a FINESS structure; never raises."""
    try:
        return bool(validate(number))
    except (ValidationError, TypeError, ValueError):
        return False


def format(number: str, separator: str = ' ') -> str:
    """Reformat the number as the FINESS site prints it (NN NNN NNN N)."""
    number = compact(number)
    return separator.join((number[:2], number[2:5], number[5:8], number[8:]))
