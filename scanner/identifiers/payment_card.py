"""Payment card number (PAN, ISO/IEC 7812): "carte bancaire", Visa, Mastercard...

A card number is 15 to 19 digits: an issuer identification number (IIN) first, whose
leading digits say the network, and a Luhn key last (python-stdnum's
:mod:`stdnum.luhn`). French CB cards are co-branded Visa or Mastercard. Health records
hold them in billing tables and in notes of payments ("réglé par CB n° ...").

Only the networks' published prefixes and lengths are accepted, so that a NIR (first digit
1, 2, 7 or 8, 15 digits), a SIRET (14 digits) or an order number whose Luhn key happens to
be right is no card:

=============  ==============================  =========
network        prefix                          length
=============  ==============================  =========
Visa           4                               16, 19
Mastercard     51-55, 2221-2720                16
Amex           34, 37                          15
Discover       6011, 644-649, 65               16, 19
JCB            3528-3589                       16, 19
Maestro        50, 56-58, 6304, 6759, 6761-3   16, 19
=============  ==============================  =========

More information:

* https://en.wikipedia.org/wiki/Payment_card_number#Issuer_identification_number_(IIN)
* https://www.cartes-bancaires.com/

>>> validate('4970 1012 3456 7893')
'4970101234567893'
>>> validate('4970101234567899')  # wrong Luhn key
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidChecksum: The number's checksum or check digit is invalid.
>>> validate('1850578006084917')  # no network starts with 1
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: One of the parts of the number are invalid or unknown.
>>> format('378282246310005')
'3782 822463 10005'
"""

from __future__ import annotations

from stdnum import luhn
from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength, ValidationError
from stdnum.util import isdigits

from scanner.identifiers import strip_separators

NETWORKS: dict[str, tuple[tuple[tuple[int, int], ...], tuple[int, ...]]] = {
    "visa": (((4, 4),), (16, 19)),
    "mastercard": (((51, 55), (2221, 2720)), (16,)),
    "amex": (((34, 34), (37, 37)), (15,)),
    "discover": (((6011, 6011), (644, 649), (65, 65)), (16, 19)),
    "jcb": (((3528, 3589),), (16, 19)),
    "maestro": (((50, 50), (56, 58), (6304, 6304), (6759, 6759), (6761, 6763)), (16, 19)),
}
"""Network -> (IIN ranges as ``(low, high)`` of the leading digits, accepted lengths)."""


def compact(number: str) -> str:
    """Strip spaces, dots and dashes."""
    return strip_separators(number, ' .-').strip()


def network(number: str) -> str | None:
    """The network whose prefixes and lengths fit the compact number, or None.

    >>> network('5555555555554444'), network('378282246310005'), network('9555555555554444')
    ('mastercard', 'amex', None)
    """
    for name, (ranges, lengths) in NETWORKS.items():
        if len(number) in lengths and any(
            low <= int(number[: len(str(low))]) <= high for low, high in ranges
        ):
            return name
    return None


def prefix_length(number: str) -> int:
    """How many leading digits name the network (kept by a surrogate card number).

    >>> prefix_length('4970101234567893'), prefix_length('2221000000000009'), prefix_length('6011000990139424')
    (1, 4, 4)
    """
    number = compact(number)
    for _, (ranges, lengths) in NETWORKS.items():
        for low, high in ranges:
            width = len(str(low))
            if len(number) in lengths and low <= int(number[:width]) <= high:
                return width
    raise InvalidComponent()


def validate(number: str) -> str:
    """Check the digits, the network's prefix and length, and the Luhn key."""
    number = compact(number)
    if not isdigits(number) or not number.isascii():
        raise InvalidFormat()
    if not 15 <= len(number) <= 19:
        raise InvalidLength()
    if network(number) is None:
        raise InvalidComponent()
    luhn.validate(number)
    return number


def is_valid(number: str) -> bool:
    """Tell whether the number is a valid card number of a known network; never raises."""
    try:
        return bool(validate(number))
    except (ValidationError, TypeError, ValueError, AttributeError):
        return False


def format(number: str) -> str:
    """Reformat the number as printed on the card (4-6-5 for Amex, groups of 4 otherwise)."""
    number = compact(number)
    if len(number) == 15:
        return ' '.join((number[:4], number[4:10], number[10:]))
    return ' '.join(number[i:i + 4] for i in range(0, len(number), 4))
