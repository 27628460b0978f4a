"""SIRET (Système d'Identification du Répertoire des ÉTablissements), a business site number.

Each site of a company has a 14-digit SIRET: its SIREN (9 digits) followed by a
5-digit NIC (numéro interne de classement), with a Luhn key over all 14 digits (La
Poste's sites use a sum of digits divisible by 5 instead). Payslips, work-accident
forms and invoices print it: it names an employer or a care provider's practice.

Most sites of a company are numbered from ``00010`` up, so their NIC starts with
``00``: :func:`has_usual_nic` tells such a number apart from any 14-digit number
whose Luhn key happens to be right (one in ten).

More information:

* https://www.insee.fr/fr/metadonnees/definition/c1841
* python-stdnum's :mod:`stdnum.fr.siret`, which this module wraps

>>> validate('732 829 320 00074')
'73282932000074'
>>> validate('73282932000075')  # wrong key
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidChecksum: The number's checksum or check digit is invalid.
>>> to_siren('732 829 320 00074')
'732829320'
>>> format('73282932000074')
'732 829 320 00074'
"""

from __future__ import annotations

from stdnum.exceptions import InvalidComponent, ValidationError
from stdnum.fr import siret as _siret

from scanner.identifiers import strip_separators


def compact(number: str) -> str:
    """Strip spaces, dots and dashes."""
    return strip_separators(number, ' .-').strip()


def validate(number: str) -> str:
    """Check the length, digits, key and SIREN part; return the compact number."""
    number = _siret.validate(compact(number))
    if not number.strip('0'):
        raise InvalidComponent()  # a placeholder of zeros, whose key is right
    return number


def is_valid(number: str) -> bool:
    """Tell whether the number is a valid SIRET; never raises."""
    try:
        return bool(validate(number))
    except (ValidationError, TypeError, ValueError, AttributeError):
        return False


def has_usual_nic(number: str) -> bool:
    """Whether the site number (the last five digits) starts with ``00``, as most do.

    >>> has_usual_nic('73282932000074'), has_usual_nic('73282932012349')
    (True, False)
    """
    return compact(number)[9:11] == '00'


def to_siren(number: str) -> str:
    """The SIREN of the company the site belongs to (the first nine digits)."""
    return compact(number)[:9]


def format(number: str, separator: str = ' ') -> str:
    """Reformat the number as INSEE prints it (NNN NNN NNN NNNNN)."""
    number = compact(number)
    return separator.join((number[:3], number[3:6], number[6:9], number[9:]))
