"""Tests for scanner.identifiers.phone (fictitious numbers from libphonenumber examples)."""

import pytest
from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength

from scanner.identifiers import phone


@pytest.mark.parametrize(
    "number, expected",
    [
        ("06 12 34 56 78", "+33612345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("06-12-34-56-78", "+33612345678"),
        ("0612345678", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("+33 (0)6 12 34 56 78", "+33612345678"),
        ("+33(0)612345678", "+33612345678"),
        ("0033 6 12 34 56 78", "+33612345678"),
        ("01 23 45 67 89", "+33123456789"),
        ("07 81 23 45 67", "+33781234567"),
        ("0692 12 34 56", "+262692123456"),  # Réunion
        ("0639 01 23 45", "+262639012345"),  # Mayotte
        ("0690 00 12 34", "+590690001234"),  # Guadeloupe
        ("0694 20 12 34", "+594694201234"),  # Guyane
        ("0696 20 12 34", "+596696201234"),  # Martinique
        ("+262 692 12 34 56", "+262692123456"),
        ("+590 690 00 12 34", "+590690001234"),
        ("+594 694 20 12 34", "+594694201234"),
        ("+596 696 20 12 34", "+596696201234"),
        ("+508 55 12 34", "+508551234"),  # Saint-Pierre-et-Miquelon
        ("+681 72 12 34", "+681721234"),  # Wallis-et-Futuna
        ("+687 75 12 34", "+687751234"),  # Nouvelle-Calédonie
        ("+689 87 12 34 56", "+68987123456"),  # Polynésie française
    ],
)
def test_validate_accepts_french_numbers(number, expected):
    assert phone.validate(number) == expected
    assert phone.is_valid(number)


@pytest.mark.parametrize(
    "number, exception",
    [
        ("06 12 34 56", InvalidLength),
        ("06 12 34 56 78 90", InvalidLength),
        ("+44 20 7946 0958", InvalidComponent),  # valid, but British
        ("00 00 00 00 00", InvalidComponent),
        ("06 12 34 56 7A", InvalidComponent),
        ("abc", InvalidFormat),
    ],
)
def test_validate_rejects_invalid_numbers(number, exception):
    with pytest.raises(exception):
        phone.validate(number)
    assert not phone.is_valid(number)


@pytest.mark.parametrize(
    "number, expected",
    [
        ("+33612345678", "06 12 34 56 78"),
        ("0033 6.12.34.56.78", "06 12 34 56 78"),
        ("06-12-34-56-78", "06 12 34 56 78"),
        ("+262692123456", "0692 12 34 56"),
        ("+68987123456", "+689 87 12 34 56"),
    ],
)
def test_format_uses_national_form_for_france(number, expected):
    assert phone.format(number) == expected


def test_compact_returns_e164():
    assert phone.compact("+33 (0)6 12 34 56 78") == "+33612345678"


def test_fast_path_agrees_with_libphonenumber():
    """National numbers skip parsing: the same validity, plausibility and reading
    (``plain_national_reading``) as the parsing path (libphonenumber, France then the overseas
    regions) on 30,000 random numbers, a third of them with an overseas prefix."""
    import random

    import phonenumbers

    rng = random.Random(7)
    overseas = ["0262", "0263", "0269", "0590", "0594", "0596", "0639", "0690", "0691", "0692", "0693", "0694", "0696"]
    valid = 0
    for n in range(30_000):
        start = rng.choice(overseas) if n % 3 == 0 else "0" + str(rng.randint(1, 9))
        digits = start + "".join(rng.choice("0123456789") for _ in range(10 - len(start)))
        text = rng.choice(["", " ", ".", "-"]).join([digits[:2], digits[2:4], digits[4:6], digits[6:8], digits[8:]])
        parsed = phone.parse.__wrapped__(text)
        slow = phonenumbers.is_valid_number(parsed) and parsed.country_code in phone.FRENCH_COUNTRY_CODES
        plausible = parsed.country_code in phone.FRENCH_COUNTRY_CODES and phonenumbers.is_possible_number(parsed)
        assert phone.is_valid(text) == slow, text
        assert phone.is_plausible(text) == plausible, text
        country_code, national = phone.plain_national_reading(text)
        if digits.startswith(phone.OVERSEAS_NATIONAL_PREFIXES) and any(
                phone.valid_kind_and_region(code, national) for code in (33, 262, 590, 594, 596)):
            assert phone.is_valid(text), text  # what surrogates of overseas numbers rely on
        assert phonenumbers.PhoneNumber(country_code=country_code, national_number=int(national)) == parsed, text
        valid += slow
    assert 5_000 < valid < 29_000


@pytest.mark.parametrize("first", list("123456789"))
def test_metropolitan_number_type_is_libphonenumbers(first):
    """The type read from France's metadata directly is ``phonenumbers.number_type``'s, on
    3,000 random national numbers of each first digit (valid, invalid, every type), and a
    metropolitan number is valid exactly when it has a type."""
    import random

    import phonenumbers

    kinds = phonenumbers.PhoneNumberType
    rng = random.Random(int(first))
    for _ in range(3_000):
        national = first + "".join(rng.choice("0123456789") for _ in range(8))
        parsed = phonenumbers.PhoneNumber(country_code=33, national_number=int(national))
        assert phone.metropolitan_number_type(national) == phonenumbers.number_type(parsed), national
        if not f"0{national}".startswith(phone.OVERSEAS_NATIONAL_PREFIXES):  # what metropolitan_surrogate relies on
            assert phone.is_valid(f"0{national}") == (phone.metropolitan_number_type(national) != kinds.UNKNOWN)
        assert phone.plain_metropolitan(f"0{national}") == (
            None if f"0{national}".startswith(phone.OVERSEAS_NATIONAL_PREFIXES) else national)


@pytest.mark.parametrize("first", list("0123456789"))
def test_metropolitan_candidate_is_the_type_and_overseas_checks(first):
    """``_metropolitan_candidate`` accepts a national number exactly when its
    ``metropolitan_number_type`` is the type asked (any but UNKNOWN for UNKNOWN) and it has no
    overseas prefix: for every type, on every 4-digit start with random ends and 2,000 random numbers."""
    import random

    import phonenumbers

    kinds = phonenumbers.PhoneNumberType
    rng = random.Random(int(first))
    numbers = [f"{first}{start:03d}" + "".join(rng.choice("0123456789") for _ in range(5))
               for start in range(1000) for _ in range(2)]
    numbers += [first + "".join(rng.choice("0123456789") for _ in range(8)) for _ in range(2_000)]
    for kind in [*range(12), kinds.UNKNOWN]:
        is_candidate = phone._metropolitan_candidate(first, 9, kind)
        for national in numbers:
            found = phone.metropolitan_number_type(national)
            expected = found != kinds.UNKNOWN and (kind == kinds.UNKNOWN or found == kind) and not (
                f"0{national}".startswith(phone.OVERSEAS_NATIONAL_PREFIXES))
            assert (is_candidate(national) is not None) == expected, (kind, national)


@pytest.mark.parametrize("country_code", [33, 262, 508, 590, 594, 596, 681, 687, 689, 1, 44, 49, 212, 800, 999])
def test_may_be_valid_never_rejects_a_valid_number(country_code):
    """``may_be_valid`` is a pre-check of ``phonenumbers.is_valid_number``: False only for
    numbers that are not valid, on 4,000 numbers per country drawn around its example
    numbers (every type, one to three digits changed: valid and invalid ones), and it
    rejects some invalid ones (else it would be useless)."""
    import random

    import phonenumbers

    rng = random.Random(country_code)
    examples = [
        str(example.national_number)
        for region in phonenumbers.region_codes_for_country_code(country_code) or ["ZZ"]
        for kind in range(12)
        if (example := phonenumbers.example_number_for_type(region, kind)) is not None
    ] or ["612345678"]
    valid = rejected = 0
    for _ in range(4_000):
        digits = list(rng.choice(examples))
        for _ in range(rng.randint(1, 3)):
            digits[rng.randrange(1, len(digits))] = rng.choice("0123456789")
        national = "".join(digits)
        number = phonenumbers.PhoneNumber(country_code=country_code, national_number=int(national))
        is_valid = phonenumbers.is_valid_number(number)
        maybe = phone.may_be_valid(country_code, national)
        assert maybe or not is_valid, national
        valid += is_valid
        rejected += not maybe
    if country_code in phone.FRENCH_COUNTRY_CODES:
        assert valid > 0 and rejected > 0


@pytest.mark.parametrize("country_code", [33, 262, 590, 594, 596, 508, 687, 1, 44])
def test_may_start_valid_never_rejects_the_start_of_a_valid_number(country_code):
    """``may_start_valid`` is False only for a prefix no valid number has: every prefix of
    the valid numbers among 3,000 drawn around the country's examples is accepted, and for
    each 3-digit prefix it rejects, 60 random completions are all invalid."""
    import random

    import phonenumbers

    rng = random.Random(country_code)
    examples = [
        str(example.national_number)
        for region in phonenumbers.region_codes_for_country_code(country_code)
        for kind in range(12)
        if (example := phonenumbers.example_number_for_type(region, kind)) is not None
    ]
    for _ in range(3_000):
        digits = list(rng.choice(examples))
        digits[rng.randrange(1, len(digits))] = rng.choice("0123456789")
        national = "".join(digits)
        if phonenumbers.is_valid_number(phonenumbers.PhoneNumber(country_code=country_code, national_number=int(national))):
            assert all(phone.may_start_valid(country_code, national[:n]) for n in range(len(national) + 1)), national
    rejected = [f"{n:03d}" for n in range(100, 1000) if not phone.may_start_valid(country_code, f"{n:03d}")]
    for prefix in rejected:
        for _ in range(60):
            national = prefix + "".join(rng.choice("0123456789") for _ in range(rng.choice([6, 7])))
            number = phonenumbers.PhoneNumber(country_code=country_code, national_number=int(national))
            assert not phonenumbers.is_valid_number(number), national
    if country_code == 33:
        assert "691" in rejected


@pytest.mark.parametrize("country_code", [33, 262, 590, 1, 39, 44, 41, 32, 49, 351, 800, 999])
def test_length_checks_are_libphonenumbers(country_code):
    """``is_possible_length`` is ``phonenumbers.is_possible_number`` of any number of that
    length, and where ``may_be_valid_length`` is False, ``may_be_valid`` rejects every number
    of that length (200 random numbers per length, 1 to 17 digits, with and without a
    leading zero)."""
    import random

    import phonenumbers

    rng = random.Random(country_code)
    for length in range(1, 18):
        for _ in range(200):
            national = str(rng.randint(1, 9)) + "".join(rng.choice("0123456789") for _ in range(length - 1))
            number = phonenumbers.PhoneNumber(country_code=country_code, national_number=int(national))
            assert phone.is_possible_length(country_code, length) == phonenumbers.is_possible_number(number)
            if not phone.may_be_valid_length(country_code, length):
                assert not phone.may_be_valid(country_code, national)
                assert not phone.may_be_valid(country_code, "0" + national[1:])


@pytest.mark.parametrize(
    "country_code", [33, 262, 590, 596, 687, 1, 7, 39, 44, 41, 32, 49, 61, 212, 351, 34, 31, 800, 882, 999])
def test_valid_kind_and_region_is_libphonenumbers(country_code):
    """``valid_kind_and_region`` answers as ``phonenumbers.is_valid_number``, ``number_type``
    and ``region_code_for_number`` on 3,000 numbers per country drawn around the examples
    of every type of its regions (one to three digits changed, a digit added or removed,
    an Italian leading zero)."""
    import random

    import phonenumbers

    rng = random.Random(country_code)
    regions = phonenumbers.region_codes_for_country_code(country_code) or ("ZZ",)
    examples = [
        example for region in regions for kind in range(12)
        if (example := (phonenumbers.example_number_for_type(region, kind) if region != "001"
                        else phonenumbers.example_number_for_non_geo_entity(country_code))) is not None
    ] or [phonenumbers.PhoneNumber(country_code=country_code, national_number=612345678)]
    valid = 0
    for _ in range(3_000):
        example = rng.choice(examples)
        digits = list(str(example.national_number))
        for _ in range(rng.randint(0, 3)):
            digits[rng.randrange(len(digits))] = rng.choice("0123456789")
        if rng.random() < 0.1:
            digits.insert(rng.randrange(len(digits)), rng.choice("0123456789"))
        if rng.random() < 0.1 and len(digits) > 2:
            del digits[rng.randrange(len(digits))]
        zero = rng.random() < 0.1 or example.italian_leading_zero
        digits = "".join(digits).lstrip("0") or "1"
        number = phonenumbers.PhoneNumber(
            country_code=country_code, national_number=int(digits), italian_leading_zero=zero)
        expected = (phonenumbers.number_type(number), phonenumbers.region_code_for_number(number)) if (
            phonenumbers.is_valid_number(number)) else None
        national = phonenumbers.national_significant_number(number)
        assert phone.valid_kind_and_region(country_code, national) == expected, national
        valid += expected is not None
    if country_code != 999:
        assert valid > 300
