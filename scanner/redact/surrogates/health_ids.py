"""Health professional, establishment and patient numbers: FR_RPPS, FR_ADELI, FR_FINESS,
FR_PATIENT_ID."""

from __future__ import annotations

from stdnum import luhn

from scanner.redact.keyed import Draw
from scanner.redact.surrogates.common import MAX_TRIES, alnum, department_prefix, no_surrogate, reapply, same_shape

_DIGIT_VALUE = bytes.maketrans(b"0123456789", bytes(range(10)))
_DOUBLED_DIGIT_SUM = bytes.maketrans(b"0123456789", bytes((0, 2, 4, 6, 8, 1, 3, 5, 7, 9)))


def luhn_check_digit(digits: str) -> str:
    """``stdnum.luhn.calc_check_digit(digits)`` for ASCII digits, a few times faster (the
    digits doubled and summed through translation tables).

    >>> luhn_check_digit("1000000000"), luhn.calc_check_digit("1000000000"), luhn_check_digit("0")
    ('9', '9', '0')
    >>> import random; rng = random.Random(4)
    >>> numbers = ["".join(rng.choices("0123456789", k=rng.randint(1, 20))) for _ in range(3000)]
    >>> all(luhn_check_digit(n) == luhn.calc_check_digit(n) for n in numbers)
    True
    """
    data = digits.encode()
    total = sum(data[-2::-2].translate(_DIGIT_VALUE)) + sum(data[-1::-2].translate(_DOUBLED_DIGIT_SUM))
    return "0123456789"[-total % 10]


def surrogate_rpps(value: str, key: bytes) -> str:
    """11 digits keeping the first two ("10"), valid Luhn key; an IdNat_PS keeps its "8".

    >>> s = surrogate_rpps("10000000009", b"k" * 32)
    >>> s[:2], luhn.is_valid(s), s != "10000000009"
    ('10', True, True)
    """
    digits = alnum(value)
    if not digits.isdigit() or not digits.isascii() or len(digits) not in (11, 12):
        raise no_surrogate("FR_RPPS")
    prefix = digits[: len(digits) - 9]
    draw = Draw(key, "FR_RPPS", digits[-11:-1])
    for _ in range(MAX_TRIES):
        body = prefix + draw.digits(8)
        new = body + luhn_check_digit(body[-10:])
        if new != digits:
            return new if value == digits else reapply(value, new)
    raise no_surrogate("FR_RPPS")


def surrogate_patient_id(value: str, key: bytes) -> str:
    """The same shape: each digit replaced by a drawn digit, each letter by a drawn letter.

    >>> s = surrogate_patient_id("2003H847569", b"k" * 32)
    >>> s[4].isalpha(), s.replace(s[4], "").isdigit(), len(s), s != "2003H847569"
    (True, True, 11, True)
    >>> surrogate_patient_id("2003h847569", b"k" * 32) == s.lower()
    True
    """
    return same_shape(value, key, "FR_PATIENT_ID")


def surrogate_finess(value: str, key: bytes, *, keep_department: bool = True) -> str:
    """9 characters: the department prefix (``75``, ``2A``...) kept by default, 7 drawn digits.

    >>> surrogate_finess("75 071 218 4", b"k" * 32)[:3]
    '75 '
    """
    body = alnum(value).upper()
    if len(body) != 9 or not body[2:].isdigit() or not body.isascii() or not (
        body[:2].isdigit() or body[:2] in ("2A", "2B")
    ) or body[:2] == "00":
        raise no_surrogate("FR_FINESS")
    draw = Draw(key, "FR_FINESS", body)
    for _ in range(MAX_TRIES):
        new = department_prefix(body[:2], draw, keep_department) + draw.digits(7)
        if new != body:
            return reapply(value, new)
    raise no_surrogate("FR_FINESS")


def surrogate_adeli(value: str, key: bytes, *, keep_department: bool = True) -> str:
    """9 digits: the department (first two) kept by default, 7 drawn digits.

    >>> surrogate_adeli("751234567", b"k" * 32)[:2]
    '75'
    """
    digits = alnum(value)
    if len(digits) != 9 or not digits.isdigit() or not digits.isascii() or digits.startswith("00"):
        raise no_surrogate("FR_ADELI")
    draw = Draw(key, "FR_ADELI", digits)
    for _ in range(MAX_TRIES):
        new = department_prefix(digits[:2], draw, keep_department) + draw.digits(7)
        if new != digits:
            return reapply(value, new)
    raise no_surrogate("FR_ADELI")
