"""PHONE_NUMBER surrogates: a valid number of the same country, kind, zone and layout."""

from __future__ import annotations

import phonenumbers

from scanner.columns import is_phone_shaped
from scanner.identifiers import phone
from scanner.redact.keyed import Draw
from scanner.redact.surrogates.common import MAX_TRIES, SurrogateError, no_surrogate, same_shape


def _kept_phone_prefix(parsed: phonenumbers.PhoneNumber) -> int:
    """Digits of the national number kept: the zone or mobile digit in France (``6``, ``1``),
    the overseas prefix of a number of an overseas department (``692`` for Réunion mobiles,
    ``596`` for Martinique landlines, even read as a French number: ``0596 ...``)."""
    national = str(parsed.national_number)
    if parsed.country_code == 33:
        return 3 if f"0{national}".startswith(phone.OVERSEAS_NATIONAL_PREFIXES) else 1
    return 1 if len(national) < 8 else 3


_LETTER_O_AS_ZERO = str.maketrans("oO", "00")


def surrogate_phone(value: str, key: bytes) -> str:
    """A valid French number of the same kind (mobile, landline, VoIP...), zone and layout;
    a number of another country (``+`` and its code, or '(780) 428-9482') gets one of the
    same country, kind, area code and layout (a possible one when it was not valid).

    >>> surrogate_phone("+1 (780) 428-9482", b"k" * 32)[:9]
    '+1 (780) '

    >>> s = surrogate_phone("+33 (0)6 12 34 56 78", b"k" * 32)
    >>> s[:8], phone.is_valid(s), s != "+33 (0)6 12 34 56 78"
    ('+33 (0)6', True, True)
    >>> len(surrogate_phone("73389", b"k" * 32))  # an internal extension ("poste 73389")
    5
    >>> len(surrogate_phone("14033335568", b"k" * 32))  # no country reads it: the same shape
    11
    """
    try:
        return _phone_of_its_country(value, key)
    except SurrogateError:
        if is_phone_shaped(value, min_digits=SHAPED_PHONE_MIN_DIGITS):
            return same_shape(value, key, "PHONE_NUMBER")
        raise


SHAPED_PHONE_MIN_DIGITS = 8
"""Digits a number no numbering plan reads must have to get a same-shape surrogate (a shorter
one that a plan rejects, "+1 212 555", is no phone number)."""


def _phone_of_its_country(value: str, key: bytes) -> str:
    extension = value.strip()
    if extension.isascii() and extension.isdigit() and len(extension) in (4, 5):
        draw = Draw(key, "PHONE_NUMBER", f"extension {extension}")
        for _ in range(MAX_TRIES):
            new = draw.digits(len(extension))
            if new != extension:
                return value.replace(extension, new)
        raise no_surrogate("PHONE_NUMBER")
    national = phone.plain_metropolitan(value)  # the common case, read without phonenumbers
    if national is not None:
        draw = Draw(key, "PHONE_NUMBER", f"+33{national}")
        new = phone.metropolitan_surrogate(value, national, draw.digits, MAX_TRIES * 4)
        if new is None:
            raise no_surrogate("PHONE_NUMBER")
        return new
    plain = phone.plain_national_reading(value)  # an overseas number written nationally
    if plain is not None:
        return _plain_national_surrogate(value, key, *plain)
    foreign = phone.foreign_reading(value)
    try:  # the same reading the detector used
        parsed = foreign or phone.parse(value)
    except (ValueError, TypeError):
        raise no_surrogate("PHONE_NUMBER") from None
    if not foreign and parsed.country_code not in phone.FRENCH_COUNTRY_CODES:
        raise no_surrogate("PHONE_NUMBER")
    national = phonenumbers.national_significant_number(parsed)
    value = value.translate(_LETTER_O_AS_ZERO)  # as the detector read it: 'O1.42...' is '01.42...'
    digits = [c for c in value if c.isdigit()]
    if len(digits) < len(national) or "".join(digits[-len(national):]) != national:
        raise no_surrogate("PHONE_NUMBER")
    country_code, italian_leading_zero = parsed.country_code, parsed.italian_leading_zero
    found = phone.valid_kind_and_region(country_code, national)  # phonenumbers' validity, type and region
    valid = found is not None
    kind, region = found or (None, None)
    possible_is_enough = foreign and not valid
    kept = national[: _kept_phone_prefix(parsed)]
    start = "0" + kept.lstrip("0") if italian_leading_zero else kept  # of every candidate's significant number
    length = _drawn_length(national, kept, italian_leading_zero)
    if _no_candidate_passes(country_code, start, length, possible_is_enough):
        raise no_surrogate("PHONE_NUMBER")  # the draws below would all be rejected: none made
    draw = Draw(key, "PHONE_NUMBER", f"+{country_code}{national}")
    head_count = len(digits) - len(national)
    for _ in range(MAX_TRIES * 4):
        new_national = kept + draw.digits(len(national) - len(kept))
        if new_national == national:
            continue
        if italian_leading_zero:
            significant = phonenumbers.national_significant_number(phonenumbers.PhoneNumber(
                country_code=country_code, national_number=int(new_national), italian_leading_zero=True))
        elif new_national.startswith("0"):
            continue
        else:
            significant = new_national
        # phonenumbers' is_valid_number, number_type and region_code_for_number, read at once
        drawn = phone.may_be_valid(country_code, significant) and phone.valid_kind_and_region(country_code, significant)
        if not (drawn and (not valid or drawn == (kind, region))
                or possible_is_enough and phone.is_possible_length(country_code, len(significant))):
            continue
        if parsed.country_code == 33 and f"0{new_national}".startswith(phone.OVERSEAS_NATIONAL_PREFIXES) != (
            f"0{national}".startswith(phone.OVERSEAS_NATIONAL_PREFIXES)
        ):  # a metropolitan 05 12... never becomes an overseas 0596...
            continue
        text = _replace_digits(value, "".join(digits[:head_count]) + new_national)
        if phone.is_possible_foreign(text) if foreign else phone.is_valid(text):
            return text
    raise no_surrogate("PHONE_NUMBER")


def _plain_national_surrogate(value: str, key: bytes, country_code: int, national: str) -> str:
    """The surrogate of a number written nationally with the usual separators (``0692 12 34 56``,
    ``06 95 ...``; ``plain_national_reading`` reads it as ``country_code`` and ``national``):
    what the general path below gives it, without building a ``PhoneNumber``: its overseas
    prefix (else its first digit) kept, and its type and region when it is valid
    (``tests/redact/test_redact_speed.py`` checks both paths agree).

    >>> new = _plain_national_surrogate("0692 12 34 56", b"k" * 32, 262, "692123456")
    >>> new[:5], phone.is_valid(new), new != "0692 12 34 56"
    ('0692 ', True, True)
    """
    overseas = f"0{national}".startswith(phone.OVERSEAS_NATIONAL_PREFIXES)
    found = phone.valid_kind_and_region(country_code, national)
    kept = national[: 3 if overseas or country_code != 33 else 1]  # ``_kept_phone_prefix``
    if _no_candidate_passes(country_code, kept, len(national), False):
        raise no_surrogate("PHONE_NUMBER")
    draw = Draw(key, "PHONE_NUMBER", f"+{country_code}{national}")
    layout = phone.plain_layout(value)
    for _ in range(MAX_TRIES * 4):
        new_national = kept + draw.digits(len(national) - len(kept))
        if new_national == national or not phone.may_be_valid(country_code, new_national):
            continue
        drawn = phone.valid_kind_and_region(country_code, new_national)
        if drawn is None or found is not None and drawn != found:
            continue
        if country_code == 33 and f"0{new_national}".startswith(phone.OVERSEAS_NATIONAL_PREFIXES) != overseas:
            continue  # a metropolitan 06 12... never becomes an overseas 0692...
        return layout.format("0", *new_national)
    raise no_surrogate("PHONE_NUMBER")


def _no_candidate_passes(country_code: int, start: str, length: int | None, possible_is_enough: bool) -> bool:
    """Whether no candidate whose national significant number starts with ``start`` and has
    ``length`` digits (None: unknown) can be valid for ``may_be_valid``, nor possible when
    ``possible_is_enough``.

    >>> [_no_candidate_passes(*case) for case in [(33, "691", 9, False), (1, "351", 12, True), (1, "780", 10, True)]]
    [True, True, False]
    """
    may_be_valid = phone.may_start_valid(country_code, start) and (
        length is None or phone.may_be_valid_length(country_code, length))
    may_be_possible = possible_is_enough and (length is None or phone.is_possible_length(country_code, length))
    return not may_be_valid and not may_be_possible


def _drawn_length(national: str, kept: str, italian_leading_zero: bool | None) -> int | None:
    """Digits of the national significant number of every candidate drawn after ``kept``
    for ``national`` (its leading zeros read as one with an Italian leading zero); None
    when it depends on the draw (``kept`` all zeros).

    >>> _drawn_length("612345678", "6", None), _drawn_length("0612345678", "061", True)
    (9, 10)
    >>> _drawn_length("005123", "005", True), _drawn_length("005123", "000", True)
    (5, None)
    """
    if not italian_leading_zero:
        return len(national)
    zeros = len(kept) - len(kept.lstrip("0"))
    return None if zeros == len(kept) else 1 + len(national) - zeros


def _replace_digits(original: str, digits: str) -> str:
    chars = iter(digits)
    return "".join(next(chars) if c.isdigit() else c for c in original)
