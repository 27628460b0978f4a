"""Tests for scanner.identifiers.rpps (synthetic numbers, Luhn keys computed)."""

import pytest
from stdnum import luhn
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

from scanner.identifiers import rpps


def with_key(body: str) -> str:
    """Append the Luhn check digit to a 10-digit synthetic body."""
    return body + luhn.calc_check_digit(body)


def wrong_key(body: str) -> str:
    return body + str((int(luhn.calc_check_digit(body)) + 1) % 10)


VALID = with_key("1000000000")  # '10000000009'


@pytest.mark.parametrize(
    "number, expected",
    [
        (VALID, VALID),
        (with_key("1099999999"), with_key("1099999999")),
        ("10000 000 009", VALID),
        ("100.0000.0009", VALID),
        ("1000-000-0009", VALID),
        (f"  {VALID} ", VALID),
        ("8" + VALID, "8" + VALID),  # IdNat_PS = '8' + RPPS
        ("8 " + VALID, "8" + VALID),
    ],
)
def test_validate_accepts_valid_rpps(number, expected):
    assert rpps.validate(number) == expected
    assert rpps.is_valid(number)


@pytest.mark.parametrize(
    "number, exception",
    [
        (wrong_key("1000000000"), InvalidChecksum),
        (wrong_key("1099999999"), InvalidChecksum),
        ("8" + wrong_key("1000000000"), InvalidChecksum),
        ("9" + VALID, InvalidComponent),  # 12 digits without the IdNat_PS prefix
        ("1000000000", InvalidLength),
        ("81" + VALID, InvalidLength),
        ("1000000000A", InvalidFormat),
        ("", InvalidFormat),
    ],
)
def test_validate_rejects_invalid_rpps(number, exception):
    with pytest.raises(exception):
        rpps.validate(number)
    assert not rpps.is_valid(number)


def test_format_returns_digits_only():
    assert rpps.format("10000 000 009") == VALID


def test_fast_luhn_agrees_with_stdnum_on_random_numbers():
    import random

    from stdnum import luhn

    from scanner.identifiers.rpps import _luhn_ok

    rng = random.Random(11)
    numbers = ["".join(rng.choice("0123456789") for _ in range(rng.choice((11, 12)))) for _ in range(5000)]
    numbers += [luhn.calc_check_digit(n[:-1]) and n[:-1] + luhn.calc_check_digit(n[:-1]) for n in numbers[:2000]]
    assert sum(_luhn_ok(n) for n in numbers) >= 2000
    assert all(_luhn_ok(n) == (luhn.checksum(n) == 0) for n in numbers)


def test_is_valid_agrees_with_stdnum_luhn_on_random_numbers():
    """The bare 11-digit shortcut of ``is_valid`` gives the full check's answer."""
    import random

    from stdnum import luhn

    rng = random.Random(12)
    numbers = []
    for _ in range(4000):
        body = "".join(rng.choice("0123456789") for _ in range(10))
        number = body + (luhn.calc_check_digit(body) if rng.random() < 0.6 else rng.choice("0123456789"))
        numbers.append(rng.choice([number, "8" + number, number[:5] + " " + number[5:], number[:10], number + "1"]))

    def reference(number):
        digits = number.replace(" ", "")
        if not digits.isdigit() or len(digits) not in (11, 12) or (len(digits) == 12 and digits[0] != "8"):
            return False
        return luhn.checksum(digits[-11:]) == 0

    assert sum(rpps.is_valid(n) for n in numbers) > 1000
    assert [rpps.is_valid(n) for n in numbers] == [reference(n) for n in numbers]
