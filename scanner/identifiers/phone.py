"""French telephone numbers (metropolitan France and overseas).

French numbers are managed by ARCEP. Metropolitan numbers have 10 digits
dialled nationally with a leading ``0`` (``06 12 34 56 78``), or ``+33``
followed by 9 digits. The overseas departments use their own country codes
but share the French 10-digit national plan, so that ``0692 12 34 56``
(Réunion), ``0639 01 23 45`` (Mayotte), ``0690`` (Guadeloupe, Saint-Martin,
Saint-Barthélemy), ``0694`` (Guyane) and ``0696`` (Martinique) are dialled
from France with a leading ``0``. The collectivities Saint-Pierre-et-
Miquelon (+508), Wallis-et-Futuna (+681), Nouvelle-Calédonie (+687) and
Polynésie française (+689) are accepted in international form.

Parsing and validity come from Google's libphonenumber metadata (the
``phonenumbers`` package), not from hand-written ranges: a national number
is tried against France, then the overseas regions, and the first valid
reading wins. :func:`compact` returns E.164.

More information:

* https://www.arcep.fr/la-regulation/grands-dossiers-telecoms-mobiles/la-numerotation.html
* https://github.com/daviddrysdale/python-phonenumbers

>>> compact('+33 (0)6 12 34 56 78')
'+33612345678'
>>> validate('0692 12 34 56')
'+262692123456'
>>> validate('06 12 34 56')
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidLength: The number has an invalid length.
>>> format('0033 6.12.34.56.78')
'06 12 34 56 78'
>>> is_valid('O1.42.15.93.3O'), is_valid('06/12/34/56/78')  # letter O typed for zero, slashes
(True, True)
>>> is_possible_foreign('+49 30 5682001'), is_valid('+49 30 5682001')
(True, False)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

import phonenumbers
import regex
from phonenumbers import NumberParseException, PhoneNumberFormat, ValidationResult
from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength, ValidationError

from scanner.identifiers import strip_separators

#: Regions tried, in order, for numbers written in national form (leading 0).
NATIONAL_REGIONS = ('FR', 'RE', 'YT', 'GP', 'GF', 'MQ', 'MF', 'BL')
#: Country calling codes of France and its overseas departments and collectivities.
FRENCH_COUNTRY_CODES = frozenset({33, 262, 508, 590, 594, 596, 681, 687, 689})
_NATIONAL_FORMAT_CODES = frozenset({33, 262, 590, 594, 596})


#: National prefixes shared with the overseas departments (ARCEP plan): only numbers
#: starting with these are tried against the overseas regions.
OVERSEAS_NATIONAL_PREFIXES = ('0262', '0263', '0269', '0590', '0594', '0596', '0639', '069')


_AS_TYPED = str.maketrans('oO/', '00 ')
"""Letter O typed for zero, slashes between digit groups."""


def _as_digits(number: str) -> str:
    """The number with the letter O read as zero and slashes as spaces (when it has
    digits: '06/12/34/56/O8' is a phone number, 'OO' is not)."""
    return number.translate(_AS_TYPED) if any(c.isdigit() for c in number) else number


@functools.lru_cache(maxsize=4096)
def parse(number: str) -> phonenumbers.PhoneNumber:
    """Return the first valid reading of the number, else the French one.

    >>> parse('06 12 34 56 78').country_code, parse('0692 12 34 56').country_code
    (33, 262)
    >>> parse('06 12').national_number  # not valid: the French reading
    612
    """
    if not isinstance(number, str):
        raise InvalidFormat()
    text = _as_digits(number).replace('(0)', ' ').strip()
    digits = ''.join(c for c in text if c.isdigit())
    overseas = digits.startswith(OVERSEAS_NATIONAL_PREFIXES)
    readings = []
    for region in NATIONAL_REGIONS:
        try:
            parsed = phonenumbers.parse(text, region)
        except NumberParseException:
            raise InvalidFormat() from None
        if phonenumbers.is_valid_number(parsed):
            return parsed
        readings.append(parsed)
        if text.startswith('+') or not overseas:
            break
    return readings[0]


def compact(number: str) -> str:
    """Convert the number to E.164 ('+33612345678')."""
    return phonenumbers.format_number(parse(number), PhoneNumberFormat.E164)


def validate(number: str) -> str:
    """Check that the number is a valid French or French overseas number; return E.164."""
    parsed = parse(number)
    reason = phonenumbers.is_possible_number_with_reason(parsed)
    if reason in (ValidationResult.TOO_SHORT, ValidationResult.TOO_LONG,
                  ValidationResult.INVALID_LENGTH):
        raise InvalidLength()
    if parsed.country_code not in FRENCH_COUNTRY_CODES:
        raise InvalidComponent()
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidComponent()
    return phonenumbers.format_number(parsed, PhoneNumberFormat.E164)


_NATIONAL = re.compile(r'0[1-9]\d{8}')


@functools.cache
def _number_types(country_code: int) -> tuple[tuple[frozenset[int], re.Pattern], ...]:
    """libphonenumber's number types for the regions of ``country_code``: (possible lengths,
    pattern) each (+590 is Guadeloupe, Saint-Martin and Saint-Barthélemy together)."""
    types = []
    for region in phonenumbers.region_codes_for_country_code(country_code):
        metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
        general = frozenset(metadata.general_desc.possible_length)
        for desc in (metadata.fixed_line, metadata.mobile, metadata.toll_free, metadata.premium_rate,
                     metadata.shared_cost, metadata.personal_number, metadata.voip, metadata.pager,
                     metadata.uan, metadata.voicemail):
            if desc is not None and desc.national_number_pattern:
                lengths = frozenset(desc.possible_length or general)
                types.append((lengths, re.compile(desc.national_number_pattern)))
    return tuple(types)


@functools.cache
def _any_number_type(country_codes: tuple[int, ...], length: int) -> re.Pattern:
    """One pattern for the number types of ``country_codes`` that allow ``length`` digits: it
    matches a whole national number when any of those types does (one search, not ten).

    >>> bool(_any_number_type((33,), 9).fullmatch("612345678")), bool(_any_number_type((33,), 9).fullmatch("700303838"))
    (True, False)
    """
    alternatives = [
        f"(?:{pattern.pattern})" for code in country_codes
        for lengths, pattern in _number_types(code) if length in lengths
    ]
    return re.compile("|".join(alternatives) or "(?!)")


def may_be_valid(country_code: int, national: str) -> bool:
    """False when no number type of ``country_code``'s regions matches the national
    significant number ``national``: ``phonenumbers.is_valid_number`` then says False too
    (a valid number matches a type of its region), in one search instead of a parse of
    the metadata. True means only "maybe".

    >>> may_be_valid(33, "612345678"), may_be_valid(33, "700303838"), may_be_valid(262, "692123456")
    (True, False, True)
    """
    if not _has_regional_types(country_code):
        return True
    return _any_number_type((country_code,), len(national)).fullmatch(national) is not None


def may_be_valid_length(country_code: int, length: int) -> bool:
    """False when ``may_be_valid`` is False for every national number of ``length`` digits
    of ``country_code``: no number type of its regions has that length.

    >>> may_be_valid_length(33, 9), may_be_valid_length(33, 10), may_be_valid_length(800, 10)
    (True, False, True)
    """
    return not _has_regional_types(country_code) or any(length in lengths for lengths, _ in _number_types(country_code))


@functools.cache
def is_possible_length(country_code: int, length: int) -> bool:
    """``phonenumbers.is_possible_number`` of every number of ``country_code`` whose national
    significant number has ``length`` digits (it reads only that length).

    >>> is_possible_length(1, 10), is_possible_length(1, 12)
    (True, False)
    """
    number = phonenumbers.PhoneNumber(country_code=country_code, national_number=int("1" * length))
    return phonenumbers.is_possible_number(number)


_Matcher = tuple[frozenset[int], Callable[[str], object]] | None
"""A number description's possible lengths and pattern (None when it has no pattern)."""


def _matcher(desc: phonenumbers.PhoneNumberDesc | None) -> _Matcher:
    if desc is None or not desc.national_number_pattern:
        return None
    return frozenset(desc.possible_length), re.compile(desc.national_number_pattern).fullmatch


def _matches(matcher: _Matcher, national: str) -> bool:
    """``phonenumbers``' ``_is_number_matching_desc``, on a precompiled description."""
    return matcher is not None and (not matcher[0] or len(national) in matcher[0]) and matcher[1](national) is not None


@functools.cache
def _region_types(country_code: int, region: str) -> dict[str, tuple]:
    """The metadata ``phonenumbers.number_type`` reads for ``region``, precompiled: the
    general description, the types tried in its order before the fixed lines, then the
    fixed lines, the mobiles and whether both share one pattern; for each first digit, without
    the descriptions no number starting with it matches."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(country_code, region)
    kinds = phonenumbers.PhoneNumberType
    descs = (metadata.general_desc, metadata.premium_rate, metadata.toll_free, metadata.shared_cost, metadata.voip,
             metadata.personal_number, metadata.pager, metadata.uan, metadata.voicemail, metadata.fixed_line,
             metadata.mobile)
    others = (kinds.PREMIUM_RATE, kinds.TOLL_FREE, kinds.SHARED_COST, kinds.VOIP, kinds.PERSONAL_NUMBER, kinds.PAGER,
              kinds.UAN, kinds.VOICEMAIL)
    descs = [(_matcher(desc), _first_digits(desc.national_number_pattern)) if desc is not None
             and desc.national_number_pattern else (None, frozenset()) for desc in descs]
    by_digit = {}
    for digit in "0123456789":
        matchers = [matcher if digit in first_digits else None for matcher, first_digits in descs]
        others_here = tuple((kind, matcher) for kind, matcher in zip(others, matchers[1:9]) if matcher)
        by_digit[digit] = (matchers[0], others_here, matchers[9], matchers[10],
                           bool(metadata.same_mobile_and_fixed_line_pattern))
    return by_digit


_NO_TYPES = (None, (), None, None, False)
"""No number type: what a national number with no first digit matches."""


def _number_type_in(country_code: int, region: str, national: str) -> int:
    """``phonenumbers``' type of the national significant number ``national`` in ``region``."""
    kinds = phonenumbers.PhoneNumberType
    general, others, fixed_line, mobile, same_pattern = _region_types(country_code, region).get(national[:1], _NO_TYPES)
    if not _matches(general, national):
        return kinds.UNKNOWN
    for kind, matcher in others:
        if _matches(matcher, national):
            return kind
    if _matches(fixed_line, national):
        return kinds.FIXED_LINE_OR_MOBILE if same_pattern or _matches(mobile, national) else kinds.FIXED_LINE
    return kinds.MOBILE if not same_pattern and _matches(mobile, national) else kinds.UNKNOWN


@functools.cache
def _regions(country_code: int) -> tuple[tuple[str, Callable[[str], object] | None], ...] | None:
    """The regions of ``country_code`` with metadata that ``region_code_for_number`` tries, in
    its order, each with its leading-digits test (None: a number of a valid type there)."""
    regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(country_code)
    if regions is None:
        return None
    if len(regions) == 1:
        return ((regions[0], None),)
    found = []
    for region in regions:
        metadata = phonenumbers.PhoneMetadata.metadata_for_region(region.upper(), None)
        if metadata is not None:
            leading_digits = metadata.leading_digits
            found.append((region, None if leading_digits is None else re.compile(leading_digits).match))
    return tuple(found)


@functools.cache
def _region_is_of(country_code: int, region: str) -> bool:
    """Whether ``region`` has metadata and is one of ``country_code`` (``is_valid_number_for_region``'s check)."""
    if phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(country_code, region.upper()) is None:
        return False
    return region == phonenumbers.REGION_CODE_FOR_NON_GEO_ENTITY or phonenumbers.country_code_for_valid_region(
        region) == country_code


def valid_kind_and_region(country_code: int, national: str) -> tuple[int, str] | None:
    """``phonenumbers.number_type`` and ``region_code_for_number`` of the number of
    ``country_code`` whose national significant number is ``national`` when
    ``phonenumbers.is_valid_number`` holds, else None: their answers from the same metadata,
    without building a ``PhoneNumber`` (``tests/identifiers/test_phone.py`` checks they agree).

    >>> [valid_kind_and_region(*number) for number in [(1, "2042345678"), (33, "612345678"), (33, "700303838")]]
    [(2, 'CA'), (1, 'FR'), None]
    """
    regions = _regions(country_code)
    if regions is None:
        return None
    region = None
    if len(regions) == 1:
        region = regions[0][0]
    else:
        for candidate, leading_digits in regions:
            if (leading_digits(national) is not None if leading_digits is not None
                    else _number_type_in(country_code, candidate, national) != phonenumbers.PhoneNumberType.UNKNOWN):
                region = candidate
                break
    if region is None or not _region_is_of(country_code, region):
        return None
    kind = _number_type_in(country_code, region, national)
    return None if kind == phonenumbers.PhoneNumberType.UNKNOWN else (kind, region)


@functools.cache
def _has_regional_types(country_code: int) -> bool:
    """Whether ``country_code`` has regions whose number types can be read (not a
    non-geographic code such as +800, nor an unknown one): else only phonenumbers can tell."""
    regions = phonenumbers.region_codes_for_country_code(country_code)
    return bool(regions) and "001" not in regions and bool(_number_types(country_code))


@functools.cache
def _any_type_partial(country_code: int) -> regex.Pattern:
    """The number types of ``country_code``'s regions, any length, for partial matching."""
    return regex.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in _number_types(country_code)) or "(?!)")


@functools.lru_cache(maxsize=4096)
def may_start_valid(country_code: int, prefix: str) -> bool:
    """False when no number type of ``country_code``'s regions matches any national number
    that starts with ``prefix``: then no number drawn after it can be valid. True means
    only "maybe" (or no regional metadata to tell).

    >>> may_start_valid(33, "6"), may_start_valid(33, "691"), may_start_valid(262, "692")
    (True, False, True)
    """
    if not _has_regional_types(country_code):
        return True
    return _any_type_partial(country_code).fullmatch(prefix, partial=True) is not None


_OVERSEAS_NATIONAL_CODES = tuple(dict.fromkeys(map(phonenumbers.country_code_for_region, NATIONAL_REGIONS)))
_NATIONAL_CODES = _OVERSEAS_NATIONAL_CODES[:1]
"""Country codes of the regions a national number is read in (``NATIONAL_REGIONS``):
France, and for the overseas prefixes the overseas departments too."""


def _national_digits(number: str) -> str | None:
    """The 10 digits of a number written nationally ('06 12 34 56 78'), else None."""
    if not isinstance(number, str) or '+' in number or '(' in number:
        return None
    digits = strip_separators(_as_digits(number), ' .-').strip()
    return digits if _NATIONAL.fullmatch(digits) else None


def is_valid(number: str) -> bool:
    """Tell whether the number is a valid French phone number; never raises.

    Numbers written nationally are checked directly against libphonenumber's number
    types for France (and the overseas departments for their prefixes), as
    ``phonenumbers.is_valid_number`` does, without parsing
    (``tests/identifiers/test_phone.py`` checks both agree).
    """
    digits = _national_digits(number)
    if digits is not None:
        return _is_valid_national(digits)
    try:
        return bool(validate(number))
    except (ValidationError, TypeError, ValueError):
        return False


def _is_valid_national(digits: str) -> bool:
    national = digits[1:]
    codes = _OVERSEAS_NATIONAL_CODES if digits.startswith(OVERSEAS_NATIONAL_PREFIXES) else _NATIONAL_CODES
    return _any_number_type(codes, len(national)).fullmatch(national) is not None


def _without_separators(number: str) -> str:
    """``number`` without its spaces, dots and hyphens (three replaces: faster than a
    deleting translate).

    >>> _without_separators("06 12.34-56 78")
    '0612345678'
    """
    return number.replace(" ", "").replace(".", "").replace("-", "")


_PLAIN_NATIONAL = re.compile(r"0[1-9](?:[ .-]?\d\d){4}", re.ASCII)
"""A number written nationally in ASCII digits with the usual separators: its digits are
its characters without them."""


def _nationals(numbers: list[str]) -> list[str | None]:
    """``_national_digits`` of each number, the plain ones (``_PLAIN_NATIONAL``) read directly."""
    plain = _PLAIN_NATIONAL.fullmatch
    return [
        _without_separators(number) if isinstance(number, str) and plain(number) else _national_digits(number)
        for number in numbers
    ]


def _fr_number_types() -> tuple[tuple[int | None, frozenset[int], re.Pattern], ...]:
    """France's number types in the order ``phonenumbers.number_type`` tries them: (type,
    possible lengths, pattern) each, the general description first (type None)."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region('FR')
    kinds = phonenumbers.PhoneNumberType
    ordered = [(None, metadata.general_desc), (kinds.PREMIUM_RATE, metadata.premium_rate),
               (kinds.TOLL_FREE, metadata.toll_free), (kinds.SHARED_COST, metadata.shared_cost),
               (kinds.VOIP, metadata.voip), (kinds.PERSONAL_NUMBER, metadata.personal_number),
               (kinds.PAGER, metadata.pager), (kinds.UAN, metadata.uan), (kinds.VOICEMAIL, metadata.voicemail),
               (kinds.FIXED_LINE, metadata.fixed_line), (kinds.MOBILE, metadata.mobile)]
    return tuple((kind, frozenset(desc.possible_length), re.compile(desc.national_number_pattern))
                 for kind, desc in ordered if desc is not None and desc.national_number_pattern)


def _first_digits(pattern: str) -> frozenset[str]:
    """The digits some number that ``pattern`` matches starts with."""
    partial = regex.compile(pattern).fullmatch
    return frozenset(digit for digit in "0123456789" if partial(digit, partial=True) is not None)


@functools.cache
def _fr_number_types_by_first_digit() -> dict[str, tuple[tuple[int | None, frozenset[int], re.Pattern], ...]]:
    """France's number types (``_fr_number_types``) that some number starting with each digit
    may match: the others never match it (none when the general description cannot)."""
    types = [(entry, _first_digits(entry[2].pattern)) for entry in _fr_number_types()]
    by_digit = {}
    for digit in "0123456789":
        kept = tuple(entry for entry, first_digits in types if digit in first_digits)
        by_digit[digit] = kept if kept and kept[0][0] is None else ()
    return by_digit


@functools.lru_cache(maxsize=256)
def _fr_number_types_of(first: str, length: int) -> tuple[tuple[int | None, re.Pattern], ...]:
    """France's number types that a number of ``length`` digits starting with ``first`` may
    match (``_fr_number_types_by_first_digit`` without those of other lengths), none when the
    general description cannot: (type, pattern) each, in ``phonenumbers``' order.

    >>> [kind for kind, _ in _fr_number_types_of("6", 9)], _fr_number_types_of("6", 8)
    ([None, 1], ())
    """
    kept = tuple((kind, pattern) for kind, lengths, pattern in _fr_number_types_by_first_digit().get(first, ())
                 if not lengths or length in lengths)
    return kept if kept and kept[0][0] is None else ()


def metropolitan_number_type(national: str) -> int:
    """The type (``phonenumbers.PhoneNumberType``) of a French national significant number
    (no leading 0), as ``phonenumbers.number_type`` gives it for a +33 number, without
    building a ``PhoneNumber`` (``tests/identifiers/test_phone.py`` checks both agree).

    >>> kinds = phonenumbers.PhoneNumberType
    >>> [metropolitan_number_type(n) for n in ("612345678", "142159330", "700303838")] == [
    ...     kinds.MOBILE, kinds.FIXED_LINE, kinds.UNKNOWN]
    True
    """
    kinds = phonenumbers.PhoneNumberType
    fixed_line = False
    for kind, pattern in _fr_number_types_of(national[:1], len(national)):
        matches = pattern.fullmatch(national) is not None
        if kind is None and not matches:
            return kinds.UNKNOWN
        if kind == kinds.FIXED_LINE and matches:
            fixed_line = True
        elif kind == kinds.MOBILE:
            return kinds.FIXED_LINE_OR_MOBILE if fixed_line and matches else kinds.FIXED_LINE if fixed_line else (
                kinds.MOBILE if matches else kinds.UNKNOWN)
        elif kind is not None and matches:
            return kind
    return kinds.FIXED_LINE if fixed_line else kinds.UNKNOWN


def plain_metropolitan(number: str) -> str | None:
    """The national significant number (9 digits) of a metropolitan French number written
    nationally in ASCII digits with the usual separators, else None (an overseas prefix, a
    ``+``, a letter O: read by ``parse``).

    >>> plain_metropolitan("06 12 34 56 78"), plain_metropolitan("0692 12 34 56"), plain_metropolitan("+33 6 12 34 56 78")
    ('612345678', None, None)
    """
    if not isinstance(number, str) or not _PLAIN_NATIONAL.fullmatch(number):
        return None
    digits = _without_separators(number)
    return None if digits.startswith(OVERSEAS_NATIONAL_PREFIXES) else digits[1:]


def plain_national_reading(number: str) -> tuple[int, str] | None:
    """The country code and national significant number ``parse`` reads in a number written
    nationally in ASCII digits with the usual separators (France, or for an overseas prefix
    the first overseas department where it is valid), without parsing; else None
    (``tests/identifiers/test_phone.py`` checks both agree).

    >>> [plain_national_reading(number) for number in ("0692 12 34 56", "06.12.34.56.78", "+33 6 12 34 56 78")]
    [(262, '692123456'), (33, '612345678'), None]
    """
    if not isinstance(number, str) or not _PLAIN_NATIONAL.fullmatch(number):
        return None
    digits = _without_separators(number)
    national = digits[1:]
    if digits.startswith(OVERSEAS_NATIONAL_PREFIXES):
        for country_code in _OVERSEAS_NATIONAL_CODES:  # ``may_be_valid``: a quick no for most codes
            if may_be_valid(country_code, national) and valid_kind_and_region(country_code, national) is not None:
                return country_code, national
    return 33, national


def metropolitan_surrogate(number: str, national: str, draw_digits: Callable[[int], str], tries: int) -> str | None:
    """Another metropolitan number for ``number`` (``national``, what ``plain_metropolitan``
    reads in it): its first digit, number type (when it is valid) and layout kept, the other
    8 digits drawn by ``draw_digits(8)``, the first valid of ``tries`` draws that is not overseas; None
    when none is. The reading of ``parse`` and ``phonenumbers``' validity and type, by
    ``metropolitan_number_type`` (``tests/redact/test_redact_speed.py`` checks both agree).

    >>> draws = iter(["12345678", "87654321"])  # the first gives the same number: drawn again
    >>> metropolitan_surrogate("06 12 34 56 78", "612345678", lambda n: next(draws), 5)
    '06 87 65 43 21'
    """
    first, drawn = national[0], len(national) - 1
    is_candidate = _metropolitan_candidate(first, len(national), metropolitan_number_type(national))
    layout = plain_layout(number)
    for _ in range(tries):
        new_national = first + draw_digits(drawn)
        if new_national != national and is_candidate(new_national):
            # a type read means a valid number: ``is_valid`` of the text is True (one of its types matched)
            return layout.format("0", *new_national)
    return None


@functools.cache
def _metropolitan_candidate(first: str, length: int, kind: int) -> Callable[[str], object]:
    """What tells whether a national number of ``length`` digits starting with ``first`` can
    replace one of type ``kind``: its ``metropolitan_number_type`` is ``kind`` (any type but
    UNKNOWN when ``kind`` is UNKNOWN) and it has no overseas prefix. One match of lookaheads
    built from the same patterns, in the same order (``tests/identifiers/test_phone.py``
    checks both agree).

    >>> kinds = phonenumbers.PhoneNumberType
    >>> mobile = _metropolitan_candidate("6", 9, kinds.MOBILE)
    >>> [bool(mobile(n)) for n in ("612345678", "639123456", "692123456")]
    [True, False, False]
    """
    kinds = phonenumbers.PhoneNumberType
    types = [(entry_kind, f"(?:{pattern.pattern})\\Z") for entry_kind, pattern in _fr_number_types_of(first, length)]
    if not types:  # the general description never matches
        return re.compile("(?!)").fullmatch
    general, typed = types[0][1], types[1:]
    others = [pattern for entry_kind, pattern in typed if entry_kind not in (kinds.FIXED_LINE, kinds.MOBILE)]
    fixed_line = next((pattern for entry_kind, pattern in typed if entry_kind == kinds.FIXED_LINE), "(?!)")
    mobile = next((pattern for entry_kind, pattern in typed if entry_kind == kinds.MOBILE), "(?!)")
    conditions = [f"(?!{'|'.join(prefix[1:] for prefix in OVERSEAS_NATIONAL_PREFIXES)})", f"(?={general})"]
    if kind == kinds.UNKNOWN:
        conditions.append(f"(?={'|'.join([*others, fixed_line, mobile])})")
    elif kind in (kinds.FIXED_LINE, kinds.MOBILE, kinds.FIXED_LINE_OR_MOBILE):
        conditions += [f"(?!{pattern})" for pattern in others]
        conditions.append({kinds.FIXED_LINE: f"(?={fixed_line})(?!{mobile})",
                           kinds.MOBILE: f"(?!{fixed_line})(?={mobile})",
                           kinds.FIXED_LINE_OR_MOBILE: f"(?={fixed_line})(?={mobile})"}[kind])
    else:
        earlier = [pattern for entry_kind, pattern in typed if entry_kind == kind]
        before = others[: others.index(earlier[0])] if earlier else []
        conditions += [f"(?!{pattern})" for pattern in before]
        conditions.append(f"(?={earlier[0]})" if earlier else "(?!)")
    return re.compile("".join(conditions) + ".*", re.DOTALL).fullmatch


def plain_layout(number: str) -> str:
    """The layout of a number written nationally with the usual separators (``plain_national_reading``
    reads it): a ``str.format`` slot for each digit.

    >>> plain_layout("0692 12 34 56").format(*"0692654321")
    '0692 65 43 21'
    """
    return _layout(number.translate(_DIGITS_AS_HASH))


_DIGITS_AS_HASH = str.maketrans("0123456789", "##########")
"""A plain national number's shape: ``#`` for each digit ('## ## ## ## ##'; no ``#`` in it)."""


@functools.lru_cache(maxsize=256)
def _layout(shape: str) -> str:
    """A plain national number's layout: its shape with a ``str.format`` slot for each digit
    (no braces in it), kept per shape (a column writes its numbers alike).

    >>> _layout("##.##.##.##.##")
    '{}{}.{}{}.{}{}.{}{}.{}{}'
    """
    return shape.replace("#", "{}")


def are_valid(numbers: list[str]) -> list[bool]:
    """``is_valid`` of each number (a column of them).

    >>> are_valid(['06 12 34 56 78', '07 00 30 38 38', '+33 6 12 34 56 78', '06 12', '0692 12 34 56'])
    [True, False, True, False, True]
    """
    metropolitan = _any_number_type(_NATIONAL_CODES, 9).fullmatch
    overseas = _any_number_type(_OVERSEAS_NATIONAL_CODES, 9).fullmatch
    return [
        is_valid(number) if digits is None
        else (overseas if digits.startswith(OVERSEAS_NATIONAL_PREFIXES) else metropolitan)(digits[1:]) is not None
        for number, digits in zip(numbers, _nationals(numbers))
    ]


def are_plausible(numbers: list[str]) -> list[bool]:
    """``is_plausible`` of each number (a column of them).

    >>> are_plausible(['07 00 30 38 38', '07 00 30 38', '+33 6 12 34 56 78'])
    [True, False, True]
    """
    plain = _PLAIN_NATIONAL.fullmatch  # a national number: plausible, whatever its digits
    return [(isinstance(number, str) and plain(number) is not None) or is_plausible(number) for number in numbers]


def is_plausible(number: str) -> bool:
    """Tell whether the number has a French number's shape, allocated or not; never raises.

    >>> is_valid('07 00 30 38 38'), is_plausible('07 00 30 38 38')
    (False, True)
    >>> is_plausible('07 00 30 38')
    False
    """
    if _national_digits(number) is not None:
        return True
    try:
        parsed = parse(number)
    except (ValidationError, TypeError, ValueError):
        return False
    return parsed.country_code in FRENCH_COUNTRY_CODES and phonenumbers.is_possible_number(parsed)


_PAIR_MISSING = re.compile(r'0[1-9](?:[ .\-]\d\d){3}')


def is_pair_missing(number: str) -> bool:
    """Tell whether the number is a French national number typed with a pair of digits
    left out (8 digits in separated pairs, a leading 0); never raises.

    >>> is_pair_missing('04 09 56 98'), is_pair_missing('04 09 56 98 12'), is_pair_missing('4 09 56 98')
    (True, False, False)
    """
    return isinstance(number, str) and _PAIR_MISSING.fullmatch(number.strip()) is not None


def is_possible_foreign(number: str) -> bool:
    """Tell whether the number is a possible number (libphonenumber's lengths) of a country
    other than France and its overseas, written with ``+`` and its country code, or in the
    North American form '(205) 555-0100'; never raises.

    A ``+`` and a country code make a phone number, even in a range the metadata do not
    list as allocated.

    >>> is_possible_foreign('+49 30 5682001'), is_possible_foreign('(205)-136-2648'), is_possible_foreign('+1 212 555')
    (True, True, False)
    >>> is_possible_foreign('+33 6 12 34 56 78'), is_possible_foreign('06 12 34 56 78')
    (False, False)
    """
    parsed = foreign_reading(number)
    return parsed is not None and phonenumbers.is_possible_number(parsed)


def foreign_reading(number: str) -> phonenumbers.PhoneNumber | None:
    """The number read as one of a country other than France and its overseas (written
    with ``+`` and its country code, or as '(205) 555-0100'), else None; never raises.

    >>> foreign_reading('+1 (780) 428-9482').national_number, foreign_reading('+33 6 12 34 56 78')
    (7804289482, None)
    """
    if not isinstance(number, str):
        return None
    text = number.strip()
    try:
        if text.startswith('+'):
            parsed = phonenumbers.parse(text, None)
        elif text.startswith('('):
            parsed = phonenumbers.parse(text, 'US')
        else:
            return None
    except NumberParseException:
        return None
    return None if parsed.country_code in FRENCH_COUNTRY_CODES else parsed


def format(number: str) -> str:
    """Reformat in national form for France and the overseas departments, else international."""
    parsed = parse(number)
    if parsed.country_code in _NATIONAL_FORMAT_CODES:
        return phonenumbers.format_number(parsed, PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, PhoneNumberFormat.INTERNATIONAL)
