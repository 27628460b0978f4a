"""Keyed, format-preserving surrogates ("pseudonyms"), one pure function per entity type.

Every surrogate is drawn from HMAC-SHA256(key, entity type, *normalised* value)
(:mod:`scanner.redact.keyed`): the same real value gets the same surrogate in every table,
file and run that uses the same key, a different key gives unrelated surrogates, and
without the key nobody can check a guess. The value is normalised first
(``1 85 05 78 006 084 91`` and ``185057800608491`` draw alike) and the surrogate is then
written in the original's layout: same separators, grouping and letter case.

A surrogate never equals its input. When none can be built (junk, an unknown layout, an
entity type without a rule), :func:`surrogate` raises :class:`SurrogateError` and the
``pseudonym`` operator masks the value instead: it never falls back to the original.

Rules (see each function): FR_NIR keeps the person's sex, moves its birth year and month
like the person's dates, draws a real commune of birth and gets a valid key; FR_RPPS keeps its "10" and a valid Luhn key; FR_FINESS and FR_ADELI keep
their department; FR_PATIENT_ID keeps its shape (digits for digits, letters for
letters); PHONE_NUMBER stays a valid French number of the same kind and zone;
EMAIL_ADDRESS becomes ``prenom.nom@`` a public webmail domain kept as is, any other domain
replaced by the reserved ``example.com``; IBAN_CODE stays a valid IBAN of its country
(French ones with a valid RIB key); PERSON takes names from the INSEE first-name list (of the person's sex) and
the surname list, keeping the shape; DATE_TIME is shifted by a per-person offset; ADDRESS
becomes a plausible French address of the same shape whose postcode and city are a real
pair of Etalab's communes table (a postal code of another country keeps its shape); a phone number no numbering plan reads keeps its shape. FR_INS is replaced as the
NIR it is; FR_CNI, FR_PASSPORT, FR_RESIDENCE_PERMIT and FR_DRIVING_LICENCE stay valid numbers of
the same layout (a digit for a digit, a letter for a letter), keeping the issuing office or
department.

>>> key = bytes(range(32))
>>> nir = surrogate("FR_NIR", "1 85 05 78 006 084 91", key)
>>> nir[:2], len(nir) == 21
('1 ', True)
>>> surrogate("FR_NIR", "185057800608491", key) == nir.replace(" ", "")
True
>>> first, last = surrogate("PERSON", "Jean DUPONT", key).split()
>>> last.isupper(), surrogate("PERSON", "DUPONT", key) == last
(True, True)
>>> surrogate("PERSON", "Jean", key, name_role="first") == first  # a "prenom" column
True
>>> surrogate("FR_NIR", "not a NIR", key)
Traceback (most recent call last):
    ...
scanner.redact.surrogates.SurrogateError: FR_NIR: no surrogate for this value
"""

from __future__ import annotations

import datetime
import functools
import ipaddress
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import phonenumbers
from stdnum import iban as _iban
from stdnum import luhn
from stdnum.fr import nir as _stdnum_nir

from scanner.columns import is_phone_shaped, is_postcode_shaped
from scanner.identifiers import (
    cni, driving_licence, passport, payment_card, phone, postcode, residence_permit, siren, siret, tax_id, vat,
)
from scanner.names import PARTICLES, TITLES, fold
from scanner.redact import lists
from scanner.redact.dates import DateFormatError, shift_date
from scanner.redact.keyed import Draw

RESERVED_EMAIL_DOMAIN = "example.com"
"""RFC 2606 reserves ``example.com``: it can never be a real organisation's mailbox.
(``example.fr`` is not reserved by AFNIC, so it is not used.)"""

PUBLIC_EMAIL_DOMAINS = frozenset(
    """gmail.com googlemail.com yahoo.fr yahoo.com ymail.com hotmail.fr hotmail.com live.fr
    live.com msn.com outlook.fr outlook.com icloud.com me.com mac.com aol.com aol.fr
    orange.fr wanadoo.fr free.fr sfr.fr neuf.fr cegetel.net club-internet.fr bbox.fr
    numericable.fr noos.fr laposte.net gmx.fr gmx.com gmx.net protonmail.com proton.me
    tutanota.com mailo.com""".split()
)
"""Webmail domains shared by millions of people: kept, they say nothing about who.
Any other domain (a hospital, a company, a family domain) is replaced by
:data:`RESERVED_EMAIL_DOMAIN`."""

DATE_SHIFT_DAYS = (30, 335)
"""A person's dates move by ``±[30, 335]`` days, one offset per person (never close
to a whole year, so a birth date never keeps its day and month); ``±[35, 329]`` in whole
weeks when weekdays are kept."""

_MAX_TRIES = 64


class SurrogateError(ValueError):
    """No surrogate can be built for this value: the caller masks or tags it instead."""


def _fail(entity_type: str) -> SurrogateError:
    return SurrogateError(f"{entity_type}: no surrogate for this value")


# --- layout ------------------------------------------------------------------------


def alnum(value: str) -> str:
    """The letters and digits of ``value``, in order (its compact form)."""
    return "".join(c for c in value if c.isalnum())


def reapply(original: str, compact: str) -> str:
    """Write ``compact`` over the letters and digits of ``original``: separators, grouping and
    the case of each letter are kept.

    >>> reapply("fr76 3000-6000", "FR1234567890")
    'fr12 3456-7890'
    """
    chars = iter(compact)
    out = []
    for c in original:
        if c.isalnum():
            new = next(chars)
            out.append(new.lower() if c.islower() else new)
        else:
            out.append(c)
    if next(chars, None) is not None:
        raise ValueError("compact form longer than the original")
    return "".join(out)


def _case_like(word: str, like: str) -> str:
    """``word`` in the case style of ``like``: UPPER, lower or Capitalised."""
    letters = [c for c in like if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return word.upper()
    if letters and all(c.islower() for c in letters):
        return word.lower()
    return word


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


# --- identifiers -------------------------------------------------------------------

_NIR_BODY = re.compile(r"[1-478]\d{4}(?:\d{2}|2A|2B)\d{5,9}")
"""12 to 16 characters: the 15 of a NIR, the 13 without key, or a NIR typed with a digit
missing or extra (``nir.is_plausible_typed``)."""


def surrogate_nir(
    value: str, key: bytes, *, keep_birth_month: bool = True, identity: Identity | None = None,
    person_key: str | None = None, keep_weekday: bool = False,
) -> str:
    """A valid NIR of the surrogate identity: its sex, its shifted birth year and month, a
    real commune of birth drawn at random (never the original), a drawn order number.

    Sex: ``identity.sex`` (the titles and agreements around the person), else the NIR's.
    Birth: ``identity.birth`` (the person's birth date in the same row or note) moved by the
    person's date offset (:func:`date_offset`), so the NIR agrees with the shifted birth
    date written beside it; without one, the 15th of the NIR's month is moved the same way.
    ``keep_birth_month=False`` draws the month instead. An unknown month (20-42, 50-99)
    stays as it is. The rest is drawn from the HMAC of the first 13 characters, so a NIR
    with a wrong or missing key gets the same surrogate as the right one, and the surrogate
    always has a valid mod-97 key (13 characters stay 13). A NIR typed with a digit missing
    or extra gets as many characters.

    >>> import datetime
    >>> born = Identity(sex="F", birth=datetime.date(1995, 10, 3))
    >>> s = surrogate_nir("1 95 10 99 126 111 93", b"k" * 32, identity=born, person_key="p")
    >>> shifted = datetime.date(1995, 10, 3) + datetime.timedelta(days=date_offset(b"k" * 32, "p"))
    >>> s[:8] == f"2 {shifted:%y %m} ", _stdnum_nir.is_valid(s)
    (True, True)
    >>> len(surrogate_nir("2 9 5 1 0 9 9 1 2 6 1 1 1 9 3 4", b"k" * 32))
    31
    """
    body = alnum(value).upper()
    if not _NIR_BODY.fullmatch(body):
        raise _fail("FR_NIR")
    draw = Draw(key, "FR_NIR", body[:13])
    identity = identity or Identity()
    sex = _nir_sex_digit(body[0], identity.sex)
    offset = date_offset(key, person_key, keep_weekday=keep_weekday)
    year_month = _nir_birth(body[1:5], identity.birth, offset, None if keep_birth_month else draw)
    birthplaces = lists.nir_birthplaces()
    for _ in range(_MAX_TRIES):
        place = draw.choice(birthplaces)
        new = f"{sex}{year_month}{place}{draw.between(1, 999):03d}"
        if place != body[5:10] and new != body[:13]:
            break
    else:
        raise _fail("FR_NIR")
    if len(body) > 13:
        new += _stdnum_nir.calc_check_digits(new) + (f"{draw.between(0, 9)}" if len(body) == 16 else "")
    return reapply(value, new[: len(body)])


def surrogate_rpps(value: str, key: bytes) -> str:
    """11 digits keeping the first two ("10"), valid Luhn key; an IdNat_PS keeps its "8".

    >>> s = surrogate_rpps("10000000009", b"k" * 32)
    >>> s[:2], luhn.is_valid(s), s != "10000000009"
    ('10', True, True)
    """
    digits = alnum(value)
    if not digits.isdigit() or not digits.isascii() or len(digits) not in (11, 12):
        raise _fail("FR_RPPS")
    prefix = digits[: len(digits) - 9]
    draw = Draw(key, "FR_RPPS", digits[-11:-1])
    for _ in range(_MAX_TRIES):
        body = prefix + draw.digits(8)
        new = body + luhn.calc_check_digit(body[-10:])
        if new != digits:
            return reapply(value, new)
    raise _fail("FR_RPPS")


def surrogate_patient_id(value: str, key: bytes) -> str:
    """The same shape: each digit replaced by a drawn digit, each letter by a drawn letter.

    >>> s = surrogate_patient_id("2003H847569", b"k" * 32)
    >>> s[4].isalpha(), s.replace(s[4], "").isdigit(), len(s), s != "2003H847569"
    (True, True, 11, True)
    >>> surrogate_patient_id("2003h847569", b"k" * 32) == s.lower()
    True
    """
    return same_shape(value, key, "FR_PATIENT_ID")


def same_shape(value: str, key: bytes, entity_type: str) -> str:
    """Each digit of ``value`` replaced by a drawn digit, each letter by a drawn letter of
    the same case, separators kept (a value needs a digit, and ASCII letters only).

    >>> same_shape("T6G 2C7", b"k" * 32, "ADDRESS")[3], len(same_shape("12227-000", b"k" * 32, "ADDRESS"))
    (' ', 9)
    """
    compact = alnum(value).upper()
    if not compact.isascii() or not any(c.isdigit() for c in compact):
        raise _fail(entity_type)
    draw = Draw(key, entity_type, compact)
    for _ in range(_MAX_TRIES):
        new = "".join(draw.digits(1) if c.isdigit() else chr(ord("A") + draw.below(26)) for c in compact)
        if new != compact:
            return reapply(value, new)
    raise _fail(entity_type)


def _department_prefix(first_two: str, draw: Draw, keep: bool) -> str:
    if keep:
        return first_two
    while True:
        department = draw.between(1, 95)
        if department != 20:
            return f"{department:02d}"


def surrogate_finess(value: str, key: bytes, *, keep_department: bool = True) -> str:
    """9 characters: the department prefix (``75``, ``2A``...) kept by default, 7 drawn digits.

    >>> surrogate_finess("75 071 218 4", b"k" * 32)[:3]
    '75 '
    """
    body = alnum(value).upper()
    if len(body) != 9 or not body[2:].isdigit() or not body.isascii() or not (
        body[:2].isdigit() or body[:2] in ("2A", "2B")
    ) or body[:2] == "00":
        raise _fail("FR_FINESS")
    draw = Draw(key, "FR_FINESS", body)
    for _ in range(_MAX_TRIES):
        new = _department_prefix(body[:2], draw, keep_department) + draw.digits(7)
        if new != body:
            return reapply(value, new)
    raise _fail("FR_FINESS")


def surrogate_adeli(value: str, key: bytes, *, keep_department: bool = True) -> str:
    """9 digits: the department (first two) kept by default, 7 drawn digits.

    >>> surrogate_adeli("751234567", b"k" * 32)[:2]
    '75'
    """
    digits = alnum(value)
    if len(digits) != 9 or not digits.isdigit() or not digits.isascii() or digits.startswith("00"):
        raise _fail("FR_ADELI")
    draw = Draw(key, "FR_ADELI", digits)
    for _ in range(_MAX_TRIES):
        new = _department_prefix(digits[:2], draw, keep_department) + draw.digits(7)
        if new != digits:
            return reapply(value, new)
    raise _fail("FR_ADELI")


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
        for _ in range(_MAX_TRIES):
            new = draw.digits(len(extension))
            if new != extension:
                return value.replace(extension, new)
        raise _fail("PHONE_NUMBER")
    national = phone.plain_metropolitan(value)  # the common case, read without phonenumbers
    if national is not None:
        draw = Draw(key, "PHONE_NUMBER", f"+33{national}")
        new = phone.metropolitan_surrogate(value, draw.digits, _MAX_TRIES * 4)
        if new is None:
            raise _fail("PHONE_NUMBER")
        return new
    foreign = phone.foreign_reading(value)
    try:
        parsed = foreign or phone.parse(value)  # the same reading the detector used
    except (ValueError, TypeError):
        raise _fail("PHONE_NUMBER") from None
    if not foreign and parsed.country_code not in phone.FRENCH_COUNTRY_CODES:
        raise _fail("PHONE_NUMBER")
    national = phonenumbers.national_significant_number(parsed)
    value = value.translate(_LETTER_O_AS_ZERO)  # as the detector read it: 'O1.42...' is '01.42...'
    digits = [c for c in value if c.isdigit()]
    if len(digits) < len(national) or "".join(digits[-len(national):]) != national:
        raise _fail("PHONE_NUMBER")
    valid = phonenumbers.is_valid_number(parsed)
    kind = phonenumbers.number_type(parsed) if valid else None
    region = phonenumbers.region_code_for_number(parsed) if valid else None
    kept = national[: _kept_phone_prefix(parsed)]
    draw = Draw(key, "PHONE_NUMBER", f"+{parsed.country_code}{national}")
    head_count = len(digits) - len(national)
    for _ in range(_MAX_TRIES * 4):
        new_national = kept + draw.digits(len(national) - len(kept))
        if new_national == national:
            continue
        candidate = phonenumbers.PhoneNumber(country_code=parsed.country_code, national_number=int(new_national),
                                             italian_leading_zero=parsed.italian_leading_zero)
        if new_national.startswith("0") and not parsed.italian_leading_zero:
            continue
        if not (phonenumbers.is_valid_number(candidate) or foreign and not valid and phonenumbers.is_possible_number(candidate)):
            continue
        if valid and (phonenumbers.number_type(candidate) != kind
                      or phonenumbers.region_code_for_number(candidate) != region):
            continue
        if parsed.country_code == 33 and f"0{new_national}".startswith(phone.OVERSEAS_NATIONAL_PREFIXES) != (
            f"0{national}".startswith(phone.OVERSEAS_NATIONAL_PREFIXES)
        ):  # a metropolitan 05 12... never becomes an overseas 0596...
            continue
        text = _replace_digits(value, "".join(digits[:head_count]) + new_national)
        if phone.is_possible_foreign(text) if foreign else phone.is_valid(text):
            return text
    raise _fail("PHONE_NUMBER")


def _replace_digits(original: str, digits: str) -> str:
    chars = iter(digits)
    return "".join(next(chars) if c.isdigit() else c for c in original)


def _rib_key(bank: str, branch: str, account: str) -> str:
    """French RIB key: 97 - (89 x bank + 15 x branch + 3 x account) mod 97 (digit accounts)."""
    return f"{97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97:02d}"


def surrogate_iban(value: str, key: bytes) -> str:
    """A valid IBAN of the same country and layout; a French one gets a valid RIB key.

    >>> s = surrogate_iban("FR76 3000 6000 0112 3456 7890 189", b"k" * 32)
    >>> s[:2], len(s), _iban.is_valid(s)
    ('FR', 33, True)
    """
    body = alnum(value).upper()
    if not body.isascii() or not 15 <= len(body) <= 34 or not body[:2].isalpha() or not body[2:4].isdigit():
        raise _fail("IBAN_CODE")
    draw = Draw(key, "IBAN_CODE", body[:2] + body[4:])
    country = body[:2]
    for _ in range(_MAX_TRIES):
        if country == "FR" and len(body) == 27:
            bank, branch, account = draw.digits(5), draw.digits(5), draw.digits(11)
            bban = bank + branch + account + _rib_key(bank, branch, account)
        else:
            bban = "".join(
                str(draw.below(10)) if c.isdigit() else chr(ord("A") + draw.below(26)) for c in body[4:]
            )
        new = country + _iban.calc_check_digits(country + "00" + bban) + bban
        if new != body and _iban.is_valid(new):
            return reapply(value, new)
    raise _fail("IBAN_CODE")


# --- people ------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+")
FIRST, LAST = "first", "last"
"""Roles of a name word: a first name is replaced by a first name of the same sex (INSEE
list), a surname by a surname; each role has its own keyed mapping."""


def _is_upper_word(word: str) -> bool:
    return len(word) > 1 and word.isupper()


def _is_listed_first_name(folded: str) -> bool:
    return folded in lists.first_name_sexes()


def surrogate_name_part(
    part: str, key: bytes, role: str = LAST, max_length: int | None = None, sex: str | None = None,
) -> str:
    """The surrogate of one name word in ``role``, case kept; the same folded word in the
    same role (and ``sex``) always maps alike. A first name is drawn among the first names
    given to ``sex`` only (``F`` or ``M``: the person's title or agreement), else to the
    word's own sex when the INSEE list gives it one. When it is longer than ``max_length``,
    another name of the same list (and sex) that fits is drawn, keyed by the word and the
    length.

    >>> key = b"k" * 32
    >>> surrogate_name_part("DUPONT", key) == surrogate_name_part("Dupont", key).upper()
    True
    >>> from scanner.redact.lists import first_name_sexes
    >>> first_name_sexes()[fold(surrogate_name_part("Chloé", key, FIRST))]
    'F'
    >>> short = surrogate_name_part("Chloé", key, FIRST, max_length=4)
    >>> len(short) <= 4, first_name_sexes()[fold(short)]
    (True, 'F')
    >>> first_name_sexes()[fold(surrogate_name_part("Camille", key, FIRST, sex="M"))]
    'M'
    """
    folded = fold(part)
    draw = Draw(key, "PERSON", role, folded)
    if len(folded) == 1:  # an initial
        letter = draw.choice([c for c in "ABCDEFGHIJKLMNOPRSTVY" if c.lower() != folded])
        return letter if part.isupper() else letter.lower()
    if role == FIRST and sex not in ("F", "M"):
        listed = lists.first_name_sexes().get(folded)
        sex = listed if listed in ("F", "M") else draw.choice(("F", "M"))
    pool = lists.first_names(sex) if role == FIRST else lists.last_names()
    for _ in range(_MAX_TRIES):
        name = draw.choice(pool)
        if fold(name) != folded:
            break
    else:
        raise _fail("PERSON")
    if max_length is not None and len(name) > max_length:
        fitting = [n for n in pool if len(n) <= max_length and fold(n) != folded]
        if fitting:  # else the caller cuts, as a last resort
            name = Draw(key, "PERSON", role, folded, f"within {max_length}").choice(fitting)
    return _case_like(name, part)


def _compounds(value: str) -> list[list[re.Match]]:
    """Name words grouped by compound ("Jean-Pierre" is one compound of two words);
    titles and particles are left out."""
    groups: list[list[re.Match]] = []
    previous_end = None
    for match in _WORD.finditer(value):
        folded = fold(match.group())
        if folded in TITLES or folded in PARTICLES:
            previous_end = None
            continue
        joined = previous_end is not None and value[previous_end : match.start()] == "-"
        if joined:
            groups[-1].append(match)
        else:
            groups.append([match])
        previous_end = match.end()
    return groups


def _roles(value: str, groups: list[list[re.Match]], role_hint: str | None) -> list[str]:
    """The role of each compound: see :func:`surrogate_person`."""
    words = [[fold(m.group()) for m in g] for g in groups]
    if len(groups) == 1:
        if role_hint in (FIRST, LAST):
            return [role_hint]
        if any(fold(w) in TITLES for w in _WORD.findall(value[: groups[0][0].start()])):
            return [LAST]  # "Dr Martin"
        listed = all(_is_listed_first_name(w) for w in words[0])
        common_surname = any(w in lists.folded_last_names() for w in words[0])
        return [FIRST if listed and not common_surname and not _is_upper_word(groups[0][0].group()) else LAST]
    upper = [all(_is_upper_word(m.group()) for m in g) for g in groups]
    if any(upper):
        first_upper = upper.index(True)
        return [LAST if u or not (i < first_upper or all(map(_is_listed_first_name, w))) else FIRST
                for i, (u, w) in enumerate(zip(upper, words))]
    return [FIRST if i < len(groups) - 1 and all(map(_is_listed_first_name, w)) else LAST
            for i, w in enumerate(words)]


def surrogate_person(
    value: str, key: bytes, *, role_hint: str | None = None, max_length: int | None = None, sex: str | None = None,
    titled: str | None = None,
) -> str:
    """French names of the same shape: "Jean DUPONT" -> "Luc MARCHAND".

    Each name word is replaced on its own, so that "DUPONT" alone in a ``nom`` column and
    "Jean DUPONT" in a note get the same surname. Roles: UPPER-CASE words are surnames; in a
    name with one, the words before the first are first names ("Nath MEYER"); in a name
    without one, the last word is the surname and listed first names before it are
    first names ("Jean Dupont", "DUPONT Jean-Pierre"); a single word is a first name when it
    is listed and not a common surname nor after a title ("Dr Martin"), unless ``role_hint``
    (from a ``prenom``/``nom`` column) says otherwise. Titles (M., Dr) and particles (de, LE) are kept; initials
    become other initials; any other character (spaces, hyphens, apostrophes, dots) is kept.
    When the result is longer than ``max_length``, each word is replaced by a name no longer
    than itself (plus its share of the room left), so "Jean DUPONT" fits in varchar(11).
    First names follow the sex of a title in ``value`` ("M. Pierre") or of ``titled``
    (the title before it in the note), else their own (INSEE list) when it has one, else
    ``sex`` (the person's, from the rest of the row or note), else a keyed draw.

    >>> key = b"k" * 32
    >>> s = surrogate_person("Mme Marie-Claire LE GOFF", key)
    >>> s.split()[0], s.split()[2], s.split()[3].isupper(), "-" in s.split()[1]
    ('Mme', 'LE', True, True)
    >>> len(surrogate_person("Léa DURAND", key, max_length=10)) <= 10
    True
    >>> from scanner.redact.lists import first_name_sexes
    >>> first_name_sexes()[fold(surrogate_person("M. Pierre DURAND", key).split()[1])]
    'M'
    """
    if any(c.isdigit() for c in value):
        raise _fail("PERSON")
    groups = _compounds(value)
    if not groups:
        raise _fail("PERSON")
    roles = _roles(value, groups, role_hint)
    titled = next(filter(None, map(sex_of_word, _WORD.findall(value[: groups[0][0].start()]))), titled)
    result = _replace_words(value, groups, roles, key, None, titled, sex)
    if max_length is None or len(result) <= max_length:
        return result
    spare = max(max_length - len(value), 0) // sum(map(len, groups))
    return _replace_words(value, groups, roles, key, spare, titled, sex)


def _replace_words(
    value: str, groups: list[list[re.Match]], roles: list[str], key: bytes, spare: int | None,
    titled: str | None, sex: str | None,
) -> str:
    """``value`` with each name word replaced; with ``spare``, each by a name at most
    ``spare`` characters longer than the word. A first name takes the sex ``titled``, else
    its own, else ``sex``."""
    replacements = {}
    for group, role in zip(groups, roles):
        for match in group:
            word = match.group()
            limit = None if spare is None else len(word) + spare
            own = lists.first_name_sexes().get(fold(word)) if role == FIRST else None
            word_sex = titled or (own if own in ("F", "M") else sex)
            replacements[match.start()] = (match.end(), surrogate_name_part(word, key, role, limit, word_sex))
    out, position = [], 0
    for start in sorted(replacements):
        end, new = replacements[start]
        out.append(value[position:start] + new)
        position = end
    out.append(value[position:])
    result = "".join(out)
    if fold(result) == fold(value):
        raise _fail("PERSON")
    return result


def _email_word(name: str) -> str:
    return re.sub(r"[^a-z0-9-]", "", _ascii(name).lower())


def surrogate_email(value: str, key: bytes, *, max_length: int | None = None) -> str:
    """``prenom.nom`` from the name lists at a public webmail domain kept as is, else at
    ``example.com``; the local part's separator (``.``, ``_``, ``-``) and digits are kept
    in kind. Longer than ``max_length``, it becomes a shorter ``prenom.nom``, ``p.nom`` or
    ``nom`` (at a shorter webmail domain if need be); never cut: when none fits, it raises.

    >>> key = b"k" * 32
    >>> surrogate_email("camille.roux@orange.fr", key).endswith("@orange.fr")
    True
    >>> surrogate_email("c.roux@chu-exemple.fr", key).endswith("@example.com")
    True
    >>> surrogate_email("c.roux @ orange . fr", key) == surrogate_email("c.roux@orange.fr", key)
    True
    >>> len(surrogate_email("c.roux@chu-exemple.fr", key, max_length=21)) <= 21
    True
    """
    stripped = value.strip()
    compact = "".join(stripped.split())  # typed with blanks: "c.roux @ orange . fr"
    local, at, domain = compact.rpartition("@")
    if not at or not local or "." not in domain or not domain.replace(".", "").replace("-", "").isalnum():
        raise _fail("EMAIL_ADDRESS")
    draw = Draw(key, "EMAIL_ADDRESS", compact.casefold())
    separator = next((c for c in local if c in "._-"), ".")
    new_domain = domain.lower() if domain.lower() in PUBLIC_EMAIL_DOMAINS else RESERVED_EMAIL_DOMAIN
    digits = 2 if any(c.isdigit() for c in local) else 0
    for _ in range(_MAX_TRIES):
        sex = draw.choice(("F", "M"))
        new_local = f"{_email_word(draw.choice(lists.first_names(sex)))}{separator}{_email_word(draw.choice(lists.last_names()))}"
        new = f"{new_local}{draw.digits(digits)}@{new_domain}"
        if new.casefold() != compact.casefold():
            break
    else:
        raise _fail("EMAIL_ADDRESS")
    room = None if max_length is None else max_length - len(value) + len(stripped)
    if room is not None and len(new) > room:
        new = _short_email(Draw(key, "EMAIL_ADDRESS", compact.casefold(), f"within {room}"),
                           room, separator, digits, new_domain, compact)
    return value.replace(stripped, new)


@functools.cache
def _email_words(kind: str) -> tuple[str, ...]:
    """The names of a list (``F``, ``M`` first names, ``last`` names) as e-mail words."""
    names = lists.last_names() if kind == "last" else lists.first_names(kind)
    return tuple(w for w in map(_email_word, names) if w)


def _short_email(draw: Draw, room: int, separator: str, digits: int, domain: str, old: str) -> str:
    """An address of at most ``room`` characters: ``prenom.nom``, else ``p.nom``, else ``nom``
    at ``domain`` or, for a public webmail, at a shorter one; raises when none fits."""
    domains = [domain]
    if domain in PUBLIC_EMAIL_DOMAINS:
        domains += sorted((d for d in PUBLIC_EMAIL_DOMAINS if len(d) < len(domain)), key=lambda d: (len(d), d))
    for new_domain in domains:
        budget = room - len(new_domain) - 1 - digits
        last_names = [w for w in _email_words("last") if len(w) <= budget]
        for _ in range(_MAX_TRIES if last_names else 0):
            last = draw.choice(last_names)
            left = budget - len(last) - len(separator)
            pool = _email_words(draw.choice(("F", "M")))
            first_names = [w for w in pool if len(w) <= left]
            first = draw.choice(first_names if first_names else pool)[: max(left, 0)]  # else an initial
            first += separator if first else ""
            new = f"{first}{last}{draw.digits(digits)}@{new_domain}"
            if new.casefold() != old.casefold():
                return new
    raise _fail("EMAIL_ADDRESS")


# --- dates -------------------------------------------------------------------------


def date_offset(key: bytes, person_key: str | None, *, keep_weekday: bool = False) -> int:
    """Days a person's dates move: ``±[30, 335]``, from HMAC(key, person_key); with
    ``keep_weekday``, the nearest whole number of weeks (``±[35, 329]``).

    Without a person key (a direct call), one offset is shared by every such date.

    >>> offset = date_offset(b"k" * 32, "185057800608491")
    >>> 30 <= abs(offset) <= 335, offset == date_offset(b"k" * 32, "185057800608491")
    (True, True)
    >>> date_offset(b"k" * 32, "185057800608491", keep_weekday=True) % 7
    0
    """
    draw = Draw(key, "DATE_TIME", person_key or "")
    low, high = DATE_SHIFT_DAYS
    days = draw.between(low, high)
    if keep_weekday:
        days = min(max(7 * round(days / 7), 7 * -(-low // 7)), 7 * (high // 7))
    return days if draw.below(2) else -days


def surrogate_date(value: str, key: bytes, *, person_key: str | None = None, keep_weekday: bool = False) -> str:
    """The date moved by the person's offset, written in the same format.

    >>> key = b"k" * 32
    >>> a = surrogate_date("12/03/2020", key, person_key="p1")
    >>> b = surrogate_date("22/03/2020", key, person_key="p1")
    >>> import datetime as dt
    >>> (dt.datetime.strptime(b, "%d/%m/%Y") - dt.datetime.strptime(a, "%d/%m/%Y")).days
    10
    """
    try:
        return shift_date(value, date_offset(key, person_key, keep_weekday=keep_weekday))
    except DateFormatError:
        raise _fail("DATE_TIME") from None


# --- addresses ---------------------------------------------------------------------

_STREET_TYPE = (
    r"(?:rue|avenue|av\.?|ave\.?|boulevard|bd|bld|bvd|chemin|chem\.|ch\.|impasse|imp\.?|all[ée]e|all\.|place|pl\.|"
    r"route|rte|quai|cours|square|sq\.|r[ée]sidence|r[ée]s\.|lotissement|lot\.|lieu[- ]dit|hameau|"
    r"passage|sentier|voie|cit[ée]|faubourg|fbg|fg|esplanade|promenade|parvis|rond[- ]point|"
    r"clos|domaine|villa|mont[ée]e|traverse|chauss[ée]e|ruelle|venelle|carrefour)"
)
_SPELLED_NUMBER = r"(?:un|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize)"
_CITY_WORDS = r"[^\W\d_][\w’'\-]*(?:[ \t\-]+[^\W\d_][\w’'\-]*){0,5}?"
_CEDEX = r"(?P<cedex>\s+cedex(?:\s+\d{1,2})?)?(?P<district>[ \t]+\d{1,2}(?:e|[èe]me|er)?)?"
_STREET = re.compile(
    rf"(?P<number>(?:\d{{1,4}}|{_SPELLED_NUMBER}\b)(?:\s?(?:bis|ter|quater|[a-d])\b)?)?(?P<sep>,?\s*)"
    rf"(?P<type>{_STREET_TYPE})(?P<sp>\s+)(?P<name>[^\W\d_].*)",
    re.IGNORECASE,
)
_TAIL = re.compile(
    rf"(?P<sep>[ \t]*(?:,|\n|-)?\s*)(?P<postcode>\b\d{{5}}|\b\d{{2}} \d{{3}})(?P<sp>,?\s+)"
    rf"(?P<city>{_CITY_WORDS}){_CEDEX}$",
    re.IGNORECASE,
)
_BARE_POSTCODE = re.compile(r"\d{5}|\d{2}[ .]\d{3}")
_BARE_CITY = re.compile(rf"(?P<city>{_CITY_WORDS}){_CEDEX}", re.IGNORECASE)
_CITY_THEN_POSTCODE = re.compile(rf"(?P<city>{_CITY_WORDS})(?P<sep>,?[ \t]*)(?P<postcode>\d{{5}}|\d{{2}} \d{{3}})")


def surrogate_postcode(value: str, key: bytes, *, keep_department: bool = True) -> str:
    """The postcode of the postcode's surrogate commune (:func:`surrogate_place`): a real
    one, in the same department by default (any department otherwise).

    >>> s = surrogate_postcode("69003", b"k" * 32)
    >>> s[:2], postcode.is_valid(s), s != "69003"
    ('69', True, True)
    """
    code = alnum(value)
    if not postcode.is_valid(code):
        raise _fail("ADDRESS")
    return reapply(value, surrogate_place(code, key, keep_department=keep_department).postcode)


def _city_for(
    key: bytes, draw: Draw, code: str | None, keep_department: bool, avoid: str | None, longest: int | None = None,
) -> tuple[str, str]:
    """(postcode, city) of ``code``'s surrogate commune (:func:`surrogate_place`); with
    ``longest``, when its name is longer, a commune of the same department (else anywhere)
    whose name has at most that many characters; never the city ``avoid`` (folded). Without
    a ``code``, a commune drawn from the whole table."""
    if code:
        place = surrogate_place(code, key, keep_department=keep_department)
        if fold(place.city) != avoid and (longest is None or len(place.city) <= longest):
            return place.postcode, place.city
    everywhere = lists.places()
    candidates = everywhere
    if code and keep_department:
        candidates = lists.places_by_department().get(lists.postcode_department(code), ()) or everywhere
    candidates = [p for p in candidates if fold(p.city) != avoid and p.postcode != code] or everywhere
    if longest is not None:
        candidates = _fitting(candidates, longest) or _fitting(everywhere, longest) or candidates
    place = draw.choice(candidates)
    return place.postcode, place.city


def _fitting(places: Sequence[lists.Place], longest: int) -> list[lists.Place]:
    return [p for p in places if len(p.city) <= longest]


def _new_street(match: re.Match, draw: Draw, spare: int | None) -> str:
    """Another number and street name; with ``spare``, each at most ``spare`` characters
    longer than the original's."""
    number = match["number"]
    suffix = number.lstrip("0123456789") if number and number[0].isdigit() else ""
    highest = 150 if spare is None else min(150, 10 ** (len(number or "") - len(suffix) + spare) - 1)
    out = f"{draw.between(1, max(highest, 1))}{suffix}" if number else ""
    names = lists.street_names()
    if spare is not None:
        names = [n for n in names if len(n) <= len(match["name"]) + spare] or names
    name = draw.choice(names)
    return f"{out}{match['sep']}{match['type']}{match['sp']}{_case_like(name, match['name'])}"


def surrogate_address(
    value: str, key: bytes, *, keep_department: bool = True, max_length: int | None = None,
    place_code: str | None = None,
) -> str:
    """A plausible French address of the same shape, from the committed lists.

    ``12 rue des Lilas, 69003 Lyon`` -> another number, the same street type, a common
    street name, then the postcode's surrogate commune (:func:`surrogate_place`: a real
    postcode and city, in the same department by default); ``69003 Lyon`` -> that commune
    alone; a bare postcode -> its postcode; a bare city -> the city of ``place_code``'s
    surrogate commune (the postcode of the same row), else of its own postcode's when the
    table knows it (so it stays in its department), else a commune drawn from the table.
    A CEDEX suffix is kept. Longer than ``max_length``, it is drawn again (keyed by the
    length) from the street names, numbers and communes (of the department, else any) no
    longer than the original's; the shortest drawn is returned.

    >>> key = b"k" * 32
    >>> s = surrogate_address("12 rue des Lilas, 69003 Lyon", key)
    >>> place = surrogate_place("69003", key)
    >>> " rue " in s, s.endswith(f", {place.postcode} {place.city}")
    (True, True)
    >>> surrogate_address("Lyon", key, place_code="69003") == place.city
    True
    >>> len(surrogate_address("Périgueux", key, max_length=8)) <= 8
    True
    """
    stripped = value.strip()
    folded = " ".join(fold(stripped).split())
    new = _new_address(stripped, Draw(key, "ADDRESS", folded), key, keep_department, None, place_code=place_code)
    room = None if max_length is None else max_length - len(value) + len(stripped)
    if room is not None and len(new) > room:
        within = Draw(key, "ADDRESS", folded, f"within {room}")
        shorter = _new_address(stripped, within, key, keep_department, max(room - len(stripped), 0), room, place_code)
        new = min(new, shorter, key=len)
    return value.replace(stripped, new, 1)


def _new_address(
    text: str, draw: Draw, key: bytes, keep_department: bool, spare: int | None, room: int | None = None,
    place_code: str | None = None,
) -> str:
    """The first drawn address that differs from ``text`` (and is at most ``room`` long,
    else the shortest drawn)."""
    drawn = []
    for _ in range(_MAX_TRIES):
        new = _address_once(text, draw, key, keep_department, spare, place_code)
        if fold(new) != fold(text):
            if room is None or len(new) <= room:
                return new
            drawn.append(new)
    if drawn:
        return min(drawn, key=len)
    raise _fail("ADDRESS")


def _address_once(
    text: str, draw: Draw, key: bytes, keep_department: bool, spare: int | None, place_code: str | None,
) -> str:
    if _BARE_POSTCODE.fullmatch(text) and postcode.is_valid(text):
        return surrogate_postcode(text, key, keep_department=keep_department)
    tail = _TAIL.search(text)
    head = text[: tail.start()] if tail else text
    out = ""
    if head:
        street = _STREET.fullmatch(head)
        city_first = _CITY_THEN_POSTCODE.fullmatch(text)
        if street is None and city_first is not None:
            new_code, city = _city_for(key, draw, city_first["postcode"].replace(" ", ""), keep_department,
                                       fold(city_first["city"]), _longest(city_first["city"], spare))
            return f"{_case_like(city, city_first['city'])}{city_first['sep']}{reapply(city_first['postcode'], new_code)}"
        if street is None:
            bare = _BARE_CITY.fullmatch(text)
            if tail is None and bare and not any(c.isdigit() for c in text):
                code = place_code if place_code and postcode.is_valid(place_code) else None
                code = code or lists.postcode_of_city().get(fold(bare["city"]))
                _, city = _city_for(key, draw, code, keep_department, fold(bare["city"]), _longest(bare["city"], spare))
                return _case_like(city, bare["city"]) + (bare["cedex"] or "")
            if tail is None and is_postcode_shaped(text):  # a postal code of another country: "T6G 2C7", "12227-000"
                return same_shape(text, key, "ADDRESS")
            raise _fail("ADDRESS")
        out = _new_street(street, draw, spare)
    if tail is not None:
        code = tail["postcode"].replace(" ", "")
        avoid = None if head else fold(tail["city"])
        new_code, city = _city_for(key, draw, code, keep_department, avoid, _longest(tail["city"], spare))
        out += (
            f"{tail['sep']}{reapply(tail['postcode'], new_code)}{tail['sp']}"
            f"{_case_like(city, tail['city'])}{tail['cedex'] or ''}"
        )
    return out


def _longest(city: str, spare: int | None) -> int | None:
    return None if spare is None else len(city) + spare


# --- one identity per person (issue 20) --------------------------------------------


@dataclass(frozen=True)
class Identity:
    """What a row or note says about the person its values belong to, so that their
    surrogates agree with each other and with what redaction leaves as it is (titles,
    "né"/"née", a ``sexe`` column): see ``fields.identity_for``."""

    sex: str | None = None
    """``F`` or ``M``: the sex the output shows (titles, agreements, a sex column, the NIR)."""
    birth: datetime.date | None = None
    """The person's original birth date, written in the same row or note."""
    postcode: str | None = None
    """The record's original postcode: a city column gets the city of its surrogate."""
    titled: tuple[tuple[str, str], ...] = ()
    """(name as :func:`normalise` writes it, sex) of the names a title or agreement
    precedes in a note ("Mme Camille Roux"): each keeps its own sex."""

    def sex_of(self, name: str) -> str | None:
        """The sex a title gives ``name`` in the note, else None.

        >>> Identity(titled=(("camille roux", "F"),)).sex_of("Camille ROUX")
        'F'
        """
        return dict(self.titled).get(normalise("PERSON", name))


SEX_WORDS = {
    **dict.fromkeys("m mr monsieur messieurs homme masculin h".split(), "M"),
    **dict.fromkeys("mme mmes madame mlle mlles melle mademoiselle femme feminin f docteure professeure".split(), "F"),
}
"""Folded title or sex-column value -> sex."""


def sex_of_word(word: str) -> str | None:
    """``F`` or ``M`` for a title, an agreement or a sex-column value, else None.

    >>> sex_of_word("Mme"), sex_of_word("M."), sex_of_word("née"), sex_of_word("né"), sex_of_word("Dr")
    ('F', 'M', 'F', 'M', None)
    """
    stripped = word.strip().rstrip(".").strip()
    if stripped.casefold() in ("né", "né"):  # "ne" alone is a negation, not an agreement
        return "M"
    folded = fold(stripped)
    return "F" if folded == "nee" else SEX_WORDS.get(folded)


def _nir_sex_digit(digit: str, sex: str | None) -> str:
    """The NIR's first digit for ``sex``, in its series (1/2 born, 3/4 and 7/8 temporary)."""
    if sex not in ("F", "M"):
        return digit
    male = {"1": "1", "2": "1", "3": "3", "4": "3", "7": "7", "8": "7"}[digit]
    return male if sex == "M" else str(int(male) + 1)


def _nir_birth(year_month: str, birth: datetime.date | None, offset: int, month_draw: Draw | None) -> str:
    """A NIR's ``YYMM`` moved like the person's dates (an unknown month kept as it is)."""
    month = int(year_month[2:])
    if not 1 <= month <= 12:
        return year_month
    base = birth or datetime.date(1900 + int(year_month[:2]), month, 15)
    shifted = base + datetime.timedelta(days=offset)
    month = shifted.month if month_draw is None else month_draw.between(1, 12)
    return f"{shifted.year % 100:02d}{month:02d}"


def surrogate_place(code: str, key: bytes, *, keep_department: bool = True) -> lists.Place:
    """The surrogate commune of a postcode: a real (postcode, city) pair of the communes
    table, in the postcode's department (by default, when it has another commune: Paris
    becomes a commune of another department; any otherwise), never the original postcode
    nor one of its communes. Keyed by the postcode alone, so a postcode column,
    a city column of the same row and a full address in a note agree.

    >>> place = surrogate_place("69003", b"k" * 32)
    >>> place.postcode[:2], place.postcode != "69003", fold(place.city) in lists.cities_of_postcodes()[place.postcode]
    ('69', True, True)
    """
    draw = Draw(key, "ADDRESS", "place", code)
    local = lists.places_by_department().get(lists.postcode_department(code), ()) if keep_department else ()
    original = lists.cities_of_postcodes().get(code, frozenset())
    candidates = ([p for p in local if fold(p.city) not in original]
                  or [p for p in lists.places() if fold(p.city) not in original])
    return draw.choice(candidates)


# --- dispatch ----------------------------------------------------------------------


def normalise(entity_type: str, value: str) -> str:
    """The form a value is keyed by: layout, case and accents do not matter.

    >>> normalise("FR_NIR", "1 85 05 78 006 084 91") == normalise("FR_NIR", "185057800608491")
    True
    >>> normalise("PERSON", "Jean  DUPONT") == normalise("PERSON", "jean Dupont")
    True
    >>> normalise("FR_SIRET", "732 829 320 00074") == normalise("FR_SIRET", "73282932000074")
    True
    """
    if entity_type in ("FR_NIR", "FR_RPPS", "FR_FINESS", "FR_ADELI", "FR_PATIENT_ID", "IBAN_CODE",
                       "FR_INS", "FR_CNI", "FR_PASSPORT", "FR_RESIDENCE_PERMIT", "FR_DRIVING_LICENCE"):
        return alnum(value).upper()
    if entity_type in ("FR_TAX_ID", "FR_SIREN", "FR_SIRET", "FR_VAT", "CREDIT_CARD"):
        return alnum(value).upper()
    if entity_type == "PHONE_NUMBER":
        try:
            return phone.compact(value)
        except (ValueError, TypeError):
            return alnum(value)
    if entity_type == "EMAIL_ADDRESS":
        return value.strip().casefold()
    return " ".join(fold(value).split())


Builder = Callable[..., str]

SURROGATES: dict[str, Builder] = {
    "FR_NIR": lambda v, k, o: surrogate_nir(v, k, keep_birth_month=o.get("keep_birth_month", True),
                                            identity=o.get("identity"), person_key=o.get("person_key"),
                                            keep_weekday=o.get("keep_weekday", False)),
    "FR_RPPS": lambda v, k, o: surrogate_rpps(v, k),
    "FR_FINESS": lambda v, k, o: surrogate_finess(v, k, keep_department=o.get("keep_department", True)),
    "FR_ADELI": lambda v, k, o: surrogate_adeli(v, k, keep_department=o.get("keep_department", True)),
    "FR_PATIENT_ID": lambda v, k, o: surrogate_patient_id(v, k),
    "PHONE_NUMBER": lambda v, k, o: surrogate_phone(v, k),
    "EMAIL_ADDRESS": lambda v, k, o: surrogate_email(v, k, max_length=o.get("max_length")),
    "IBAN_CODE": lambda v, k, o: surrogate_iban(v, k),
    "PERSON": lambda v, k, o: surrogate_person(v, k, role_hint=o.get("name_role"), max_length=o.get("max_length"),
                                               sex=(o.get("identity") or Identity()).sex,
                                               titled=(o.get("identity") or Identity()).sex_of(v)),
    "DATE_TIME": lambda v, k, o: surrogate_date(v, k, person_key=o.get("person_key"),
                                                keep_weekday=o.get("keep_weekday", False)),
    "ADDRESS": lambda v, k, o: surrogate_address(v, k, keep_department=o.get("keep_department", True),
                                                 max_length=o.get("max_length"),
                                                 place_code=(o.get("identity") or Identity()).postcode),
}
"""Entity type -> builder ``(value, key, options) -> surrogate``."""

CUT_AS_LAST_RESORT = frozenset({"PERSON", "ADDRESS"})
"""Entity types whose surrogate may still be longer than ``max_length`` (no listed name or
city is short enough): the writer cuts it to its column. Any other (an e-mail, a phone
number, an identifier, a date) is never cut: :func:`surrogate` raises instead."""


def surrogate(
    entity_type: str,
    value: str,
    key: bytes,
    *,
    person_key: str | None = None,
    keep_birth_month: bool = True,
    keep_department: bool = True,
    name_role: str | None = None,
    max_length: int | None = None,
    identity: Identity | None = None,
    keep_weekday: bool = False,
) -> str:
    """The keyed surrogate of ``value``; raises :class:`SurrogateError` when none can be built.

    ``person_key`` only matters for DATE_TIME and FR_NIR (one date offset per person, moved
    by whole weeks with ``keep_weekday``); ``identity`` (:class:`Identity`, what the rest of
    the row or note says of the person) for FR_NIR, PERSON and a bare city; ``name_role``
    (``"first"``/``"last"``, from a column name) only for a one-word PERSON. ``max_length``
    (room in a ``varchar(n)`` column): a surrogate that does not fit is replaced by a
    shorter one of the same kind, keyed by the value and the length, so the same value gets
    the same surrogate in columns of the same width (maybe another in a narrower one).

    >>> surrogate("EMAIL_ADDRESS", "jean.dupont@example.com", b"k" * 32, max_length=9)
    Traceback (most recent call last):
        ...
    scanner.redact.surrogates.SurrogateError: EMAIL_ADDRESS: no surrogate for this value
    """
    builder = SURROGATES.get(entity_type)
    if builder is None or not isinstance(value, str) or not value.strip():
        raise _fail(entity_type)
    if not isinstance(key, bytes) or not key:
        raise SurrogateError("no key")
    options = {"person_key": person_key, "keep_birth_month": keep_birth_month,
               "keep_department": keep_department, "name_role": name_role, "max_length": max_length,
               "identity": identity, "keep_weekday": keep_weekday}
    try:
        result = builder(value, key, options)
    except SurrogateError:
        raise
    except (ValueError, TypeError, IndexError, KeyError, OverflowError, StopIteration):
        raise _fail(entity_type) from None
    if result == value or fold(result) == fold(value):
        raise _fail(entity_type)
    if max_length is not None and len(result) > max_length and entity_type not in CUT_AS_LAST_RESORT:
        raise _fail(entity_type)
    return result



# --- identity documents and INS (issue 23) ------------------------------------------


def surrogate_ins(
    value: str, key: bytes, *, keep_birth_month: bool = True, identity: Identity | None = None,
    person_key: str | None = None, keep_weekday: bool = False,
) -> str:
    """The INS's matricule replaced as a NIR (:func:`surrogate_nir`, same draw): the patient's
    NIR in a ``nir`` column and their INS in a message get the same surrogate.

    >>> key = b"k" * 32
    >>> surrogate_ins("185057800608491", key) == surrogate_nir("185057800608491", key)
    True
    """
    return surrogate_nir(value, key, keep_birth_month=keep_birth_month, identity=identity,
                         person_key=person_key, keep_weekday=keep_weekday)


def _drawn_until_valid(value: str, key: bytes, entity_type: str, kept: int, is_valid: Callable[[str], bool]) -> str:
    """``value`` with its first ``kept`` letters and digits kept and the others drawn (a digit
    for a digit, a letter for a letter), drawn again until ``is_valid`` accepts the compact
    result; written in the original's layout."""
    compact = alnum(value).upper()
    if not compact.isascii() or not is_valid(compact):
        raise _fail(entity_type)
    draw = Draw(key, entity_type, compact)
    for _ in range(_MAX_TRIES):
        new = compact[:kept] + "".join(
            draw.digits(1) if c.isdigit() else chr(ord("A") + draw.below(26)) for c in compact[kept:]
        )
        if new != compact and is_valid(new):
            return reapply(value, new)
    raise _fail(entity_type)


def surrogate_cni(value: str, key: bytes) -> str:
    """A CNI number of the same generation: the laminated card's issuing office (characters
    5-7) kept, the rest drawn; the newer card's 9 characters drawn, digit for digit.

    >>> s = surrogate_cni("8806 923 10285", b"k" * 32)
    >>> s[4:9], cni.is_valid(s), len(surrogate_cni("X4RTBPFW4", b"k" * 32))
    (' 923 ', True, 9)
    """
    compact = alnum(value).upper()
    if len(compact) != 12:
        return _drawn_until_valid(value, key, "FR_CNI", 0, cni.is_valid)
    draw = Draw(key, "FR_CNI", compact)
    for _ in range(_MAX_TRIES):
        year = (1988 + draw.below(cni.LAST_LAMINATED_YEAR - 1988 + 1)) % 100
        new = f"{year:02d}{draw.between(1, 12):02d}{compact[4:7]}{draw.digits(5)}"
        if new != compact and cni.is_valid(new):
            return reapply(value, new)
    raise _fail("FR_CNI")


def surrogate_passport(value: str, key: bytes) -> str:
    """A passport number: 2 digits, 2 letters, 5 digits, all drawn.

    >>> s = surrogate_passport("12 AB 34567", b"k" * 32)
    >>> s[2], passport.is_valid(s)
    (' ', True)
    """
    return _drawn_until_valid(value, key, "FR_PASSPORT", 0, passport.is_valid)


def surrogate_residence_permit(value: str, key: bytes, *, keep_department: bool = True) -> str:
    """A foreigner number: the department (first two digits) kept by default, 8 drawn.

    >>> surrogate_residence_permit("7501234567", b"k" * 32)[:2]
    '75'
    """
    kept = 2 if keep_department else 0
    return _drawn_until_valid(value, key, "FR_RESIDENCE_PERMIT", kept, residence_permit.is_valid)


def surrogate_driving_licence(value: str, key: bytes, *, keep_department: bool = True) -> str:
    """A licence number of the same layout: the paper licence's year kept, its month and
    serial drawn, its department kept by default; the card's characters drawn.

    >>> s = surrogate_driving_licence("88 06 75 123456", b"k" * 32)
    >>> s[:3], s[6:9], driving_licence.is_valid(s)
    ('88 ', '75 ', True)
    """
    compact = alnum(value).upper()
    if len(compact) != 12:
        return _drawn_until_valid(value, key, "FR_DRIVING_LICENCE", 0, driving_licence.is_valid)
    draw = Draw(key, "FR_DRIVING_LICENCE", compact)
    for _ in range(_MAX_TRIES):
        department = compact[4:6] if keep_department else _department_prefix(compact[4:6], draw, False)
        new = f"{compact[:2]}{draw.between(1, 12):02d}{department}{draw.digits(6)}"
        if new != compact and driving_licence.is_valid(new):
            return reapply(value, new)
    raise _fail("FR_DRIVING_LICENCE")


SURROGATES.update({
    "FR_INS": lambda v, k, o: surrogate_ins(v, k, keep_birth_month=o.get("keep_birth_month", True),
                                            identity=o.get("identity"), person_key=o.get("person_key"),
                                            keep_weekday=o.get("keep_weekday", False)),
    "FR_CNI": lambda v, k, o: surrogate_cni(v, k),
    "FR_PASSPORT": lambda v, k, o: surrogate_passport(v, k),
    "FR_RESIDENCE_PERMIT": lambda v, k, o: surrogate_residence_permit(v, k, keep_department=o.get("keep_department", True)),
    "FR_DRIVING_LICENCE": lambda v, k, o: surrogate_driving_licence(v, k, keep_department=o.get("keep_department", True)),
})


# --- tax, business and payment numbers, network addresses (issue 23) ---------------
#
# FR_TAX_ID keeps its first digit and gets a valid mod-511 key; FR_SIREN gets a valid Luhn
# key, and a SIRET or a VAT number holds the surrogate of its SIREN (so that an employer's
# SIREN, SIRET and VAT number still agree); CREDIT_CARD keeps its network's prefix and length
# and gets a valid Luhn key; IP_ADDRESS becomes a private (10.0.0.0/8) or documentation
# (2001:db8::/32) address; URL keeps its scheme and path shape on the reserved example.com.


def surrogate_tax_id(value: str, key: bytes) -> str:
    """13 digits keeping the first one (0 to 3), with a valid key.

    >>> s = surrogate_tax_id("30 23 217 600 053", b"k" * 32)
    >>> s[:1], s[2], len(s), tax_id.is_valid(s)
    ('3', ' ', 17, True)
    """
    digits = alnum(value)
    if not tax_id.is_valid(digits):
        raise _fail("FR_TAX_ID")
    draw = Draw(key, "FR_TAX_ID", digits)
    for _ in range(_MAX_TRIES):
        body = digits[0] + draw.digits(9)
        new = body + tax_id.calc_check_digits(body)
        if new != digits:
            return reapply(value, new)
    raise _fail("FR_TAX_ID")


def surrogate_siren(value: str, key: bytes) -> str:
    """9 digits with a valid Luhn key, drawn from the SIREN.

    >>> s = surrogate_siren("552 008 443", b"k" * 32)
    >>> len(s), siren.is_valid(s), s != "552 008 443"
    (11, True, True)
    """
    digits = alnum(value)
    if len(digits) != 9 or not digits.isdigit() or not digits.isascii():
        raise _fail("FR_SIREN")
    draw = Draw(key, "FR_SIREN", digits)
    for _ in range(_MAX_TRIES):
        body = draw.digits(8)
        new = body + luhn.calc_check_digit(body)
        if new != digits and not new.startswith("000"):
            return reapply(value, new)
    raise _fail("FR_SIREN")


def surrogate_siret(value: str, key: bytes) -> str:
    """The SIREN surrogate of its first nine digits, the site number's first four digits,
    and a last digit that makes the 14 digits' Luhn key valid.

    >>> s = surrogate_siret("732 829 320 00074", b"k" * 32)
    >>> siret.is_valid(s), s[:11] == surrogate_siren("732 829 320", b"k" * 32), s[11:16]
    (True, True, ' 0007')
    """
    digits = alnum(value)
    if len(digits) != 14 or not digits.isdigit() or not digits.isascii():
        raise _fail("FR_SIRET")
    body = surrogate_siren(digits[:9], key) + digits[9:13]
    return reapply(value, body + luhn.calc_check_digit(body))


def surrogate_vat(value: str, key: bytes) -> str:
    """``FR``, the key of the SIREN surrogate, then that surrogate.

    >>> s = surrogate_vat("FR 40 303 265 045", b"k" * 32)
    >>> s[:3], vat.is_valid(s), s[-11:] == surrogate_siren("303 265 045", b"k" * 32)
    ('FR ', True, True)
    """
    body = alnum(value).upper()
    if len(body) != 13 or not body.startswith("FR") or not body[4:].isdigit() or not body.isascii():
        raise _fail("FR_VAT")
    new_siren = surrogate_siren(body[4:], key)
    return reapply(value, "FR" + vat.calc_check_digits(new_siren) + new_siren)


def surrogate_credit_card(value: str, key: bytes) -> str:
    """As many digits, the network's prefix kept (``payment_card.prefix_length``), a
    valid Luhn key.

    >>> s = surrogate_credit_card("4970 1012 3456 7893", b"k" * 32)
    >>> s[0], len(s), payment_card.is_valid(s), s != "4970 1012 3456 7893"
    ('4', 19, True, True)
    """
    digits = alnum(value)
    if not payment_card.is_valid(digits):
        raise _fail("CREDIT_CARD")
    prefix = digits[: payment_card.prefix_length(digits)]
    draw = Draw(key, "CREDIT_CARD", digits)
    for _ in range(_MAX_TRIES):
        body = prefix + draw.digits(len(digits) - len(prefix) - 1)
        new = body + luhn.calc_check_digit(body)
        if new != digits and payment_card.is_valid(new):
            return reapply(value, new)
    raise _fail("CREDIT_CARD")


def surrogate_ip_address(value: str, key: bytes) -> str:
    """An IPv4 address in 10.0.0.0/8, an IPv6 one in 2001:db8::/32 (documentation); a
    ``/prefix`` is kept.

    >>> surrogate_ip_address("192.168.1.24", b"k" * 32).startswith("10.")
    True
    >>> surrogate_ip_address("2a01:cb00:8a1:5e00::1/64", b"k" * 32).startswith("2001:db8:")
    True
    """
    address, slash, prefix = value.strip().partition("/")
    parsed = ipaddress.ip_address(address)
    draw = Draw(key, "IP_ADDRESS", parsed.compressed)
    for _ in range(_MAX_TRIES):
        if parsed.version == 4:
            new = ipaddress.IPv4Address((10 << 24) + draw.between(1, (1 << 24) - 2))
        else:
            new = ipaddress.IPv6Address((0x20010DB8 << 96) + draw.between(1, (1 << 96) - 1))
        if new != parsed:
            return value.replace(value.strip(), f"{new.compressed}{slash}{prefix}")
    raise _fail("IP_ADDRESS")


_URL = re.compile(r"(?i)(?P<scheme>(?:https?|ftp)://)?(?P<www>www\d{0,3}\.)?(?P<host>[a-z0-9.\-]+)(?P<rest>.*)", re.S)


def surrogate_url(value: str, key: bytes) -> str:
    """The same scheme and ``www.`` on ``example.com``; each letter and digit of the path
    and query replaced by a drawn one (separators kept).

    >>> s = surrogate_url("https://www.ameli.fr/assure/compte?id=42", b"k" * 32)
    >>> s[:24], len(s) - len("https://www.example.com"), s[-3]
    ('https://www.example.com/', 20, '=')
    """
    found = _URL.fullmatch(value.strip())
    if found is None or not found["host"]:
        raise _fail("URL")
    draw = Draw(key, "URL", value.strip().casefold())
    rest = "".join(
        draw.digits(1) if c.isdigit() else chr(ord("a") + draw.below(26)) if c.isascii() and c.isalpha() else c
        for c in found["rest"]
    )
    new = f"{found['scheme'] or ''}{found['www'] or ''}{RESERVED_EMAIL_DOMAIN}{rest}"
    return value.replace(value.strip(), new)


SURROGATES.update({
    "FR_TAX_ID": lambda v, k, o: surrogate_tax_id(v, k),
    "FR_SIREN": lambda v, k, o: surrogate_siren(v, k),
    "FR_SIRET": lambda v, k, o: surrogate_siret(v, k),
    "FR_VAT": lambda v, k, o: surrogate_vat(v, k),
    "CREDIT_CARD": lambda v, k, o: surrogate_credit_card(v, k),
    "IP_ADDRESS": lambda v, k, o: surrogate_ip_address(v, k),
    "URL": lambda v, k, o: surrogate_url(v, k),
})
