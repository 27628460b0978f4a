"""Tests for scanner.identifiers.finess (structure only: no official key)."""

import pytest
from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength

from scanner.identifiers import finess


@pytest.mark.parametrize(
    "number, expected",
    [
        ("750712184", "750712184"),
        ("75 071 218 4", "750712184"),
        ("75.071.218.4", "750712184"),
        ("75-071-218-4", "750712184"),
        ("2A0001234", "2A0001234"),
        ("2b 000 123 4", "2B0001234"),  # lower case from re.IGNORECASE
        ("970012345", "970012345"),  # overseas
        ("130000001", "130000001"),  # the key is not checked
    ],
)
def test_validate_accepts_finess_structure(number, expected):
    assert finess.validate(number) == expected
    assert finess.is_valid(number)


@pytest.mark.parametrize(
    "number, exception",
    [
        ("75071218", InvalidLength),
        ("7507121840", InvalidLength),
        ("2C0001234", InvalidFormat),
        ("75071218A", InvalidFormat),
        ("AB0001234", InvalidFormat),
        ("000712184", InvalidComponent),
    ],
)
def test_validate_rejects_invalid_finess(number, exception):
    with pytest.raises(exception):
        finess.validate(number)
    assert not finess.is_valid(number)


@pytest.mark.parametrize(
    "number, expected",
    [("750712184", "75 071 218 4"), ("2a0001234", "2A 000 123 4")],
)
def test_format_groups_like_finess_site(number, expected):
    assert finess.format(number) == expected
