"""Tests for scanner.identifiers.adeli (structure only: no official key)."""

import pytest
from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength

from scanner.identifiers import adeli


@pytest.mark.parametrize(
    "number, expected",
    [
        ("751234567", "751234567"),
        ("75 1 23456 7", "751234567"),
        ("75.123.456.7", "751234567"),
        ("13-123-456-7", "131234567"),
    ],
)
def test_validate_accepts_adeli_structure(number, expected):
    assert adeli.validate(number) == expected
    assert adeli.is_valid(number)


@pytest.mark.parametrize(
    "number, exception",
    [
        ("75123456", InvalidLength),
        ("7512345678", InvalidLength),
        ("75123456A", InvalidFormat),
        ("2A1234567", InvalidFormat),
        ("001234567", InvalidComponent),
    ],
)
def test_validate_rejects_invalid_adeli(number, exception):
    with pytest.raises(exception):
        adeli.validate(number)
    assert not adeli.is_valid(number)


def test_format_returns_digits_only():
    assert adeli.format("75 1 23456 7") == "751234567"
