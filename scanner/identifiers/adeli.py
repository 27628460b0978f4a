"""ADELI (Automatisation DEs LIstes) number.

ADELI was the departmental register of health professionals not managed by
an order (nurses until 2021, opticians, psychologists, speech therapists,
osteopaths, ...). An ARS gave each professional a number per department
and profession; it is printed on CPS cards and prescriptions and is being
replaced by the RPPS number (nurses switched in October 2021, the other
ADELI professions through the EPARS project).

Structure: 9 digits, the first two being the department of registration.
In ANS systems the IdNat_PS of an ADELI professional is ``'0'`` followed by
the ADELI number.

Check key: NOT verified. No ANS or ARS document found describes a check
digit, so :func:`validate` checks the length and digits only and ADELI
numbers should be reported only with context (the word "ADELI").

More information:

* https://esante.gouv.fr/securite/annuaire-sante/faq-annuaire (ADELI professions)
* https://github.com/ansforge/IG-FHIR-PDSM4DMP-EEDS, input/fsh/Model/PSIdNat.fsh

>>> validate('75 1 23456 7')
'751234567'
>>> validate('751234567')
'751234567'
>>> validate('75123456')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidLength: The number has an invalid length.
>>> validate('75123456A')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidFormat: The number has an invalid format.
>>> format('751234567')
'751234567'
"""

from __future__ import annotations

from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength, ValidationError
from stdnum.util import isdigits

from scanner.identifiers import strip_separators


def compact(number: str) -> str:
    """Strip spaces, dots and dashes."""
    return strip_separators(number, ' .-').strip()


def validate(number: str) -> str:
    """Check the length and digits (no key is published); return the compact number."""
    number = compact(number)
    if not isdigits(number):
        raise InvalidFormat()
    if len(number) != 9:
        raise InvalidLength()
    if number.startswith('00'):
        raise InvalidComponent()
    return number


def is_valid(number: str) -> bool:
    """Tell whether the number has an ADELI structure; never raises."""
    try:
        return bool(validate(number))
    except (ValidationError, TypeError, ValueError):
        return False


def format(number: str) -> str:
    """Return the number as printed on CPS cards: 9 digits without separators."""
    return compact(number)
