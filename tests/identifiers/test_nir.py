"""Tests for scanner.identifiers.nir (synthetic NIRs, keys computed with stdnum)."""

import pytest
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.fr.nir import calc_check_digits

from scanner.identifiers import nir


def with_key(body: str, sep: str = " ") -> str:
    """Append the mod-97 key (computed, never copied from a person) to a 13-character body."""
    return f"{body}{sep}{calc_check_digits(nir.compact(body))}"


def wrong_key(body: str, sep: str = " ") -> str:
    key = (int(calc_check_digits(nir.compact(body))) % 97) + 1
    return f"{body}{sep}{key:02d}"


@pytest.mark.parametrize(
    "number, expected",
    [
        ("2 95 10 99 126 111 93", "295109912611193"),  # stdnum public specimen
        (with_key("1 85 05 78 006 084"), "185057800608491"),
        (with_key("1.85.05.78.006.084", "."), "185057800608491"),
        (with_key("1-85-05-78-006-084", "-"), "185057800608491"),
        (with_key("1850578006084", ""), "185057800608491"),
        (with_key("2 53 07 2A 073 004"), "253072A07300443"),
        (with_key("2 53 07 2a 073 004"), "253072A07300443"),  # Presidio matches case-insensitively
        (with_key("2 53 07 2b 073 004"), "253072B07300470"),
        (with_key("1 85 05 97 412 345"), "185059741234538"),  # born overseas (974)
        (with_key("2 85 05 99 126 111"), "285059912611118"),  # born abroad (99)
        (with_key("7 85 05 78 006 084"), "785057800608482"),  # temporary number
        (with_key("1 85 35 78 006 084"), "185357800608486"),  # incomplete civil record month
        ("  " + with_key("1 85 05 78 006 084") + "  ", "185057800608491"),
    ],
)
def test_validate_accepts_valid_nir(number, expected):
    assert nir.validate(number) == expected
    assert nir.is_valid(number)


@pytest.mark.parametrize(
    "number, exception",
    [
        (wrong_key("1 85 05 78 006 084"), InvalidChecksum),
        (wrong_key("2 53 07 2A 073 004"), InvalidChecksum),
        ("2 53 07 2A 073 004 70", InvalidChecksum),  # the 2B key on a 2A number
        ("1 85 05 78 006 084", InvalidLength),  # no key
        ("1 85 05 78 006 084 911", InvalidLength),
        ("1 85 05 78 006 08", InvalidLength),
        ("2 53 07 2C 073 004 43", InvalidFormat),
        ("1 85 05 78 O06 084 91", InvalidFormat),  # letter O for zero
        (with_key("5 85 05 78 006 084"), InvalidComponent),  # sex digit 5
        (with_key("1 85 13 78 006 084"), InvalidComponent),  # month 13
        (with_key("1 85 00 78 006 084"), InvalidComponent),  # month 00
        (with_key("1 85 05 00 006 084"), InvalidComponent),  # department 00
    ],
)
def test_validate_rejects_invalid_nir(number, exception):
    with pytest.raises(exception):
        nir.validate(number)
    assert not nir.is_valid(number)


@pytest.mark.parametrize(
    "number, expected",
    [
        ("1 85 05 78 006 084", True),  # 13 characters, no key
        (wrong_key("1 85 05 78 006 084"), True),  # key ignored
        ("2 53 07 2a 073 004 99", True),
        ("8 99 99 99 999 999 99", True),  # structure only
        ("1 85 05 78 006 08", False),
        ("5 85 05 78 006 084 91", False),  # sex 5
        ("1 85 13 78 006 084 91", False),  # month 13
        ("1 85 43 78 006 084 91", False),  # month 43 is not used
        ("1 85 05 00 006 084 91", False),  # department 00
        ("1 85 05 2C 006 084 91", False),
        ("0 00 00 00 000 000 00", False),
    ],
)
def test_is_plausible_checks_structure_not_key(number, expected):
    assert nir.is_plausible(number) is expected


@pytest.mark.parametrize(
    "number, expected",
    [
        ("2 8 4 0 7 3 3 1 2 4 5 6 7 1 2", True),  # 15, wrong key
        ("2 8 4 1 4 3 3 1 2 4 5 6 7 0 9", True),  # month 14: a slip, still kept
        ("2 8 4 0 7 3 3 1 2 4 5 6 7", True),  # 13, no key
        ("1 7 6 1 2 6 9 0 8 8 1 2", True),  # 12: a digit missing
        ("2840 7331 2456 7123", True),  # 16: a digit extra
        ("2 53 07 2a 073 004 9", True),  # Corsica
        ("2 8 4 0 7 3 3 1 2 4 5", False),  # 11
        ("2 8 4 0 7 3 3 1 2 4 5 6 7 1 2 3 4", False),  # 17
        ("5 8 4 0 7 3 3 1 2 4 5 6 7 1 2", False),  # sex 5
        ("2 8 4 0 7 3 3 1 2 X 5 6 7 1 2", False),
        ("2 53 07 2C 073 004 99", False),
        (None, False),
    ],
)
def test_is_plausible_typed_keeps_slips_but_not_shapes(number, expected):
    assert nir.is_plausible_typed(number) is expected


@pytest.mark.parametrize(
    "number, expected",
    [
        ("185057800608491", "1 85 05 78 006 084 91"),
        ("1.85.05.78.006.084.91", "1 85 05 78 006 084 91"),
        ("253072a07300443", "2 53 07 2A 073 004 43"),
    ],
)
def test_format_groups_like_carte_vitale(number, expected):
    assert nir.format(number) == expected


def test_compact_strips_separators_and_upper_cases():
    assert nir.compact(" 2-53.07 2a 073 004 43 ") == "253072A07300443"


def test_validate_agrees_with_stdnum_on_random_numbers():
    """The fast path for 15 compact characters gives stdnum's answer (plus the structure check)."""
    import random

    from stdnum.fr import nir as stdnum_nir

    rng = random.Random(97)
    numbers = []
    for _ in range(4000):
        body = rng.choice("1234789") + "".join(rng.choice("0123456789") for _ in range(4))
        body += rng.choice(["2A", "2B", "2C", "00"] + [f"{d:02d}" for d in range(1, 100, 7)])
        body += "".join(rng.choice("0123456789") for _ in range(6))
        key = calc_check_digits(body + "00") if rng.random() < 0.7 and "C" not in body else f"{rng.randrange(100):02d}"
        numbers.append(body + key)
    numbers += [n.lower() for n in numbers[:100]] + [f"{n[0]} {n[1:3]} {n[3:5]}.{n[5:7]}-{n[7:]}" for n in numbers[:100]]

    def reference(number):
        try:
            compact = stdnum_nir.validate(nir.compact(number))
        except Exception:
            return False
        return nir._has_plausible_parts(compact)

    assert sum(nir.is_valid(n) for n in numbers) > 1000
    assert [nir.is_valid(n) for n in numbers] == [reference(n) for n in numbers]
