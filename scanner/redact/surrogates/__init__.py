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

One module per family, the dispatcher (:func:`surrogate`, :data:`SURROGATES`) here:
``nir`` (NIR, INS), ``health_ids`` (RPPS, ADELI, FINESS, patient number), ``people`` (names,
e-mail addresses), ``places`` (postcodes, addresses, communes), ``phones``, ``dates``,
``documents`` (CNI, passport, residence permit, driving licence), ``business`` (tax id,
SIREN, SIRET, VAT, IBAN, card), ``network`` (IP address, URL); ``identity`` (one person's
sex, birth date and postcode) and ``common`` (layout, keying, same-shape drawing) serve them.

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

import dataclasses
import operator
from collections.abc import Callable

from scanner.identifiers import DIGIT_COUNTS, adeli, finess, residence_permit, siren, siret, tax_id
from scanner.redact.surrogates.business import (
    surrogate_credit_card, surrogate_iban, surrogate_siren, surrogate_siret, surrogate_tax_id, surrogate_vat,
)
from scanner.redact.surrogates.common import (
    SurrogateError, alnum, no_surrogate, normalise, reapply, same_folded, same_shape,
)
from scanner.redact.surrogates.dates import DATE_SHIFT_DAYS, date_offset, surrogate_date
from scanner.redact.surrogates.documents import (
    surrogate_cni, surrogate_driving_licence, surrogate_passport, surrogate_residence_permit,
)
from scanner.redact.surrogates.health_ids import surrogate_adeli, surrogate_finess, surrogate_patient_id, surrogate_rpps
from scanner.redact.surrogates.identity import NO_IDENTITY, SEX_WORDS, Identity, sex_of_word
from scanner.redact.surrogates.network import surrogate_ip_address, surrogate_url
from scanner.redact.surrogates.nir import surrogate_ins, surrogate_nir
from scanner.redact.surrogates.people import (
    FIRST, LAST, PUBLIC_EMAIL_DOMAINS, RESERVED_EMAIL_DOMAIN, surrogate_email, surrogate_name_part, surrogate_person,
)
from scanner.redact.surrogates.phones import SHAPED_PHONE_MIN_DIGITS, surrogate_phone
from scanner.redact.surrogates.places import surrogate_address, surrogate_place, surrogate_postcode

__all__ = [
    "CUT_AS_LAST_RESORT", "DATE_SHIFT_DAYS", "FIRST", "IDENTITY_READ", "LAST", "PUBLIC_EMAIL_DOMAINS",
    "RESERVED_EMAIL_DOMAIN", "SEX_WORDS", "SHAPED_PHONE_MIN_DIGITS", "SURROGATES", "Builder", "Identity",
    "SurrogateError", "alnum", "date_offset", "identity_reader", "normalise", "reapply", "same_shape", "sex_of_word",
    "surrogate", "surrogate_address", "surrogate_adeli", "surrogate_cni", "surrogate_credit_card", "surrogate_date",
    "surrogate_driving_licence", "surrogate_email", "surrogate_finess", "surrogate_iban", "surrogate_ins",
    "surrogate_ip_address", "surrogate_name_part", "surrogate_nir", "surrogate_passport", "surrogate_patient_id",
    "surrogate_person", "surrogate_phone", "surrogate_place", "surrogate_postcode", "surrogate_residence_permit",
    "surrogate_rpps", "surrogate_siren", "surrogate_siret", "surrogate_tax_id", "surrogate_url", "surrogate_vat",
]

Builder = Callable[..., str]



def _titled_sex(identity: Identity | None, name: str) -> str | None:
    """``identity.sex_of(name)``, without normalising ``name`` when no name is titled."""
    return identity.sex_of(name) if identity is not None and identity.titled else None


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
                                               sex=(o.get("identity") or NO_IDENTITY).sex,
                                               titled=_titled_sex(o.get("identity"), v)),
    "DATE_TIME": lambda v, k, o: surrogate_date(v, k, person_key=o.get("person_key"),
                                                keep_weekday=o.get("keep_weekday", False)),
    "ADDRESS": lambda v, k, o: surrogate_address(v, k, keep_department=o.get("keep_department", True),
                                                 max_length=o.get("max_length"),
                                                 place_code=(o.get("identity") or NO_IDENTITY).postcode),
    "FR_INS": lambda v, k, o: surrogate_ins(v, k, keep_birth_month=o.get("keep_birth_month", True),
                                            identity=o.get("identity"), person_key=o.get("person_key"),
                                            keep_weekday=o.get("keep_weekday", False)),
    "FR_CNI": lambda v, k, o: surrogate_cni(v, k),
    "FR_PASSPORT": lambda v, k, o: surrogate_passport(v, k),
    "FR_RESIDENCE_PERMIT": lambda v, k, o: surrogate_residence_permit(v, k, keep_department=o.get("keep_department", True)),
    "FR_DRIVING_LICENCE": lambda v, k, o: surrogate_driving_licence(v, k, keep_department=o.get("keep_department", True)),
    "FR_TAX_ID": lambda v, k, o: surrogate_tax_id(v, k),
    "FR_SIREN": lambda v, k, o: surrogate_siren(v, k),
    "FR_SIRET": lambda v, k, o: surrogate_siret(v, k),
    "FR_VAT": lambda v, k, o: surrogate_vat(v, k),
    "CREDIT_CARD": lambda v, k, o: surrogate_credit_card(v, k),
    "IP_ADDRESS": lambda v, k, o: surrogate_ip_address(v, k),
    "URL": lambda v, k, o: surrogate_url(v, k),
}
"""Entity type -> builder ``(value, key, options) -> surrogate``."""

IDENTITY_READ: dict[str, Callable[[Identity], object]] = {
    "ADDRESS": operator.attrgetter("postcode"),
    "PERSON": operator.attrgetter("sex", "titled"),
}
"""Entity type -> the part of the record's :class:`Identity` its builder above reads (an
address its postcode, a name its sex and titles); any other type reads all of it."""

_ALL_OF_IDENTITY = operator.attrgetter(*(field.name for field in dataclasses.fields(Identity)))


def identity_reader(entity_type: str) -> Callable[[Identity], object]:
    """What reads the part of an :class:`Identity` the surrogate of ``entity_type`` depends on,
    as plain values: a cache key, the same for two records that differ only elsewhere.

    >>> identity_reader("ADDRESS")(Identity(sex="F", postcode="69003"))
    '69003'
    >>> identity_reader("FR_NIR")(Identity(sex="F", postcode="69003"))
    ('F', None, '69003', ())
    """
    return IDENTITY_READ.get(entity_type, _ALL_OF_IDENTITY)


CUT_AS_LAST_RESORT = frozenset({"PERSON", "ADDRESS"})
"""Entity types whose surrogate may still be longer than ``max_length`` (no listed name or
city is short enough): the writer cuts it to its column. Any other (an e-mail, a phone
number, an identifier, a date) is never cut: :func:`surrogate` raises instead."""


_ZERO_LED_VALID = {"FR_SIRET": siret.is_valid, "FR_SIREN": siren.is_valid, "FR_TAX_ID": tax_id.is_valid,
                   "FR_RESIDENCE_PERMIT": residence_permit.is_valid, "FR_FINESS": finess.is_valid,
                   "FR_ADELI": adeli.is_valid}
"""The validity check of each type of ``DIGIT_COUNTS``."""


def _unpadded_surrogate(entity_type: str, value: str, key: bytes, options: dict, builder: Callable) -> str:
    """``builder``'s surrogate, or for an identifier that lost its leading zeros in an
    integer column (``DIGIT_COUNTS``: '701987765493' for '0701987765493', valid once padded)
    the surrogate of the padded number without them: as many digits, none a leading 0."""
    digits = DIGIT_COUNTS[entity_type]
    short = value.isascii() and value.isdigit() and digits - 3 <= len(value) < digits
    if not short or not _ZERO_LED_VALID[entity_type](value.zfill(digits)):
        return builder(value, key, options)
    result = builder(value.zfill(digits), key, options)[digits - len(value):]
    if result.startswith("0"):
        raise no_surrogate(entity_type)
    return result


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
        raise no_surrogate(entity_type)
    if not isinstance(key, bytes) or not key:
        raise SurrogateError("no key")
    options = {"person_key": person_key, "keep_birth_month": keep_birth_month,
               "keep_department": keep_department, "name_role": name_role, "max_length": max_length,
               "identity": identity, "keep_weekday": keep_weekday}
    try:
        if entity_type in DIGIT_COUNTS:
            result = _unpadded_surrogate(entity_type, value, key, options, builder)
        else:
            result = builder(value, key, options)
    except SurrogateError:
        raise
    except (ValueError, TypeError, IndexError, KeyError, OverflowError, StopIteration):
        raise no_surrogate(entity_type) from None
    if same_folded(result, value):
        raise no_surrogate(entity_type)
    if max_length is not None and len(result) > max_length and entity_type not in CUT_AS_LAST_RESORT:
        raise no_surrogate(entity_type)
    return result
