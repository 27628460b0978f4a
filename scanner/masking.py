"""Masked samples: enough of a value to recognise its shape, never the value itself.

>>> mask("2 85 05 78 006 084 59")
'2 85 ** ** *** *** 59'
>>> mask("camille.roux@orange.fr")
'c******.****@o*****.fr'
>>> mask("Jean DUPONT")
'J*** D*****'
>>> mask("06 12 34 56 78")
'06 1* ** ** 78'

Names (file paths, tables, columns, JSON keys) and record ids may hold an identifier too:
:func:`mask_name` masks the identifiers the cheap checks find in them (NIR, phone, RPPS,
IBAN, e-mail, card, SIREN/SIRET, tax and VAT numbers, IP addresses, URLs),
:func:`masked_excerpt` masks a piece of input quoted in an error message.

>>> mask_name("exports/patient_263039715437514.csv")
'exports/patient_263**********14.csv'
>>> mask_name("detail.82.64.10.20")
'detail.82.6*.**.20'
>>> mask_name("nir")
'nir'
"""

from __future__ import annotations

import functools
import hmac
import ipaddress
import os
import re

from stdnum import iban

from scanner.identifiers import (
    cni, driving_licence, nir, passport, payment_card, phone, residence_permit, rpps, siren, siret, tax_id, vat,
)


def _mask_alnum(text: str, keep_first: int, keep_last: int) -> str:
    positions = [i for i, c in enumerate(text) if c.isalnum()]
    hidden = set(positions[keep_first : len(positions) - keep_last or None])
    return "".join("*" if i in hidden else c for i, c in enumerate(text))


def mask(value: str) -> str:
    """Mask ``value`` for display: identifiers keep 3 leading and 2 trailing characters,
    emails their first letters and top-level domain, words their initial."""
    if "@" in value:
        local, _, domain = value.partition("@")
        name, dot, tld = domain.rpartition(".")
        return f"{_mask_alnum(local, 1, 0)}@{_mask_alnum(name, 1, 0)}{dot}{tld}"
    digits = sum(c.isdigit() for c in value)
    if digits >= 6:
        return _mask_alnum(value, 3, 2)
    return " ".join(_mask_alnum(word, 1, 0) for word in value.split(" "))


_NUMBER_RUN = re.compile(r"(?<![0-9])\+?[0-9]+(?:[ .\-]?(?:[0-9]+|2[AaBb]))*")
"""Digit groups joined by at most one separator (a NIR, phone or RPPS as written)."""
_GROUP = re.compile(r"[0-9]+|2[AaBb]")
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
_IBAN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}[0-9]{2}(?:[ ]?[A-Za-z0-9]){11,30}")
_VAT = re.compile(r"(?<![A-Za-z0-9])[Ff][Rr][ ]?[0-9A-Za-z]{2}(?:[ ]?[0-9]){9}(?![0-9])")
_IPV4 = re.compile(r"(?<![0-9])(?<![0-9]\.)(?:[0-9]{1,3}\.){3}[0-9]{1,3}(?![0-9])(?!\.[0-9])")
_IPV6 = re.compile(r"(?<![0-9A-Za-z:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![0-9A-Za-z:])")
_URL = re.compile(r"(?<![A-Za-z0-9+.\-])(?!(?:postgres|postgresql|mysql|mariadb|sqlite)(?:\+\w+)?://)"
                  r"(?:[A-Za-z][A-Za-z0-9+.\-]*://|[Ww][Ww][Ww]\.)[^\s\"'<>]+")
"""A URL with a scheme or ``www.``; not a database URL, shown (without password) as the
source of a live database scan (an IP address in it is still masked)."""
_DOCUMENT = re.compile(
    r"(?i)(?<![a-z])(?:(?P<FR_CNI>cni|carte[ _]d.?identit[eé])|(?P<FR_PASSPORT>passeport|passport)"
    r"|(?P<FR_RESIDENCE_PERMIT>titre[ _]de[ _]s[eé]jour|agdref)|(?P<FR_DRIVING_LICENCE>permis(?:[ _]de[ _]conduire)?))"
    r"[ _:.#°\-]*(?:n[o°][ _:.]*)?(?P<number>[0-9A-Za-z]+(?:[ ][0-9A-Za-z]+){0,3})")
"""An identity document's number right after its label: these numbers have no key, so a
name is checked for them only after the label (``cni_X4RTBPFW4``, ``passeport 12AB34567``)."""
_DOCUMENT_CHECKS = {"FR_CNI": cni.is_valid, "FR_PASSPORT": passport.is_valid,
                    "FR_RESIDENCE_PERMIT": residence_permit.is_valid, "FR_DRIVING_LICENCE": driving_licence.is_valid}
_NOT_NUMBER_BODY = re.compile(r"[^0-9AaBb+]")


def _number_type(text: str) -> str | None:
    """The entity type of a NIR (an INS's too), phone, RPPS, card, SIREN, SIRET or tax
    number, else None (each check tried only on the lengths it can accept: a table of
    8-digit ids costs no phone parsing)."""
    body = _NOT_NUMBER_BODY.sub("", text)
    size = len(body)
    if size in (13, 15) and nir.is_valid(text):
        return "FR_NIR"
    if size == 13 and tax_id.is_valid(body):
        return "FR_TAX_ID"
    if size == 14 and siret.is_valid(body):
        return "FR_SIRET"
    if 15 <= size <= 19 and payment_card.is_valid(body):
        return "CREDIT_CARD"
    if size == 9 and siren.is_valid(body):  # names are not data: 1 in 10 9-digit names masked
        return "FR_SIREN"
    national = size == 10 and body[0] == "0"
    international = (body[:1] == "+" and 10 <= size <= 14) or (body[:2] == "00" and body[2:3] not in ("", "0") and size >= 11)
    if (national or international) and phone.is_valid(text):
        return "PHONE_NUMBER"
    if size == 11 and body.isdigit() and rpps.is_valid(text):
        return "FR_RPPS"
    return None


def _number_spans(text: str) -> list[tuple[int, int, str]]:
    """The longest valid NIR/phone/RPPS of each run of digit groups."""
    spans = []
    for run in _NUMBER_RUN.finditer(text):
        groups = [(run.start(), run.start())] if run.group().startswith("+") else []
        groups += [(m.start() + run.start(), m.end() + run.start()) for m in _GROUP.finditer(run.group())]
        i = 0
        while i < len(groups):
            for j in range(len(groups), i, -1):
                start, end = groups[i][0], groups[j - 1][1]
                entity_type = _number_type(text[start:end])
                if entity_type:
                    spans.append((start, end, entity_type))
                    i = j
                    break
            else:
                i += 1
    return spans


def _document_spans(text: str) -> list[tuple[int, int, str]]:
    """The labelled identity-document numbers of ``text``: the longest run of words after
    the label that is a valid number of that document."""
    spans = []
    for match in _DOCUMENT.finditer(text):
        entity_type = next(name for name in _DOCUMENT_CHECKS if match.group(name))
        words = list(re.finditer(r"[0-9A-Za-z]+", match.group("number")))
        for count in range(len(words), 0, -1):
            end = match.start("number") + words[count - 1].end()
            if _DOCUMENT_CHECKS[entity_type](text[match.start("number"):end]):
                spans.append((match.start("number"), end, entity_type))
                break
    return spans


def _is_ip_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def typed_identifier_spans(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, entity_type)`` of each identifier the cheap checks (NIR, phone, RPPS,
    IBAN, e-mail, card, SIREN, SIRET, tax and VAT numbers, IP addresses, URLs with a
    scheme or ``www.``) find in a short text such as a name, in order, never overlapping.

    >>> typed_identifier_spans("tel_06 12 34 56 78 or camille.roux@orange.fr")
    [(4, 18, 'PHONE_NUMBER'), (22, 44, 'EMAIL_ADDRESS')]
    >>> typed_identifier_spans("2024-01-15"), typed_identifier_spans("FR7630006000011234567890189")
    ([], [(0, 27, 'IBAN_CODE')])
    >>> typed_identifier_spans("cb 4982597919074830"), typed_identifier_spans("ip 82.64.10.20")
    ([(3, 19, 'CREDIT_CARD')], [(3, 14, 'IP_ADDRESS')])
    """
    spans = [(*m.span(), "URL") for m in _URL.finditer(text)]
    spans += [(*m.span(), "EMAIL_ADDRESS") for m in _EMAIL.finditer(text)]
    spans += [(*m.span(), "IBAN_CODE") for m in _IBAN.finditer(text) if iban.is_valid(m.group())]
    spans += [(*m.span(), "FR_VAT") for m in _VAT.finditer(text) if vat.is_valid(m.group())]
    spans += [(*m.span(), "IP_ADDRESS") for m in _IPV4.finditer(text) if _is_ip_address(m.group())]
    spans += [(*m.span(), "IP_ADDRESS") for m in _IPV6.finditer(text)
              if m.group().count(":") >= 2 and _is_ip_address(m.group())]
    spans += _document_spans(text)
    spans += _number_spans(text)
    spans.sort(key=lambda span: (span[0], -span[1]))  # the longest first: its type wins
    kept: list[tuple[int, int, str]] = []
    for start, end, entity_type in spans:
        if kept and start < kept[-1][1]:  # overlapping: one span over both
            kept[-1] = (kept[-1][0], max(end, kept[-1][1]), kept[-1][2])
        else:
            kept.append((start, end, entity_type))
    return kept


def identifier_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    """``typed_identifier_spans``, cached, with a fast answer for a text that cannot hold
    one (fewer than 9 digits, no ``@`` or ``:``, no dot after 4 digits or in ``www.``): a
    scan asks about the same few names again and again.

    >>> identifier_spans("nir_263039715437514"), identifier_spans("date_2024")
    (((4, 19, 'FR_NIR'),), ())
    """
    digits = sum(c.isdigit() for c in text)
    if digits < 9 and "@" not in text and ":" not in text and not (
            "." in text and (digits >= 4 or "www." in text.lower())) and not _DOCUMENT.search(text):
        return ()
    return _cached_spans(text)


def holds_identifier(text: str) -> bool:
    """Whether the cheap checks find an identifier in ``text`` (a name or a record id).

    >>> holds_identifier("263039715437514"), holds_identifier("42"), holds_identifier("a@b.fr")
    (True, False, True)
    """
    return bool(identifier_spans(text))


@functools.lru_cache(maxsize=8192)
def _cached_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    return tuple(typed_identifier_spans(text))


@functools.lru_cache(maxsize=4096)
def mask_name(name: str) -> str:
    """``name`` with each identifier in it masked (``mask``); other names unchanged.
    Cached: a scan shows the same few names over and over."""
    spans = identifier_spans(name)
    if not spans:
        return name
    parts, done = [], 0
    for start, end, _ in spans:
        parts += [name[done:start], mask(name[start:end])]
        done = end
    return "".join(parts) + name[done:]


def masked_excerpt(data: bytes | str, limit: int = 40) -> str:
    """A piece of input quoted in an error message: at most ``limit`` characters, every
    letter or digit but the first of each word hidden, quoted with ``repr``.

    >>> print(masked_excerpt(b"'263039715437514'"))
    "'2**************'"
    >>> masked_excerpt("VALUES (x")
    "'V***** (x'"
    """
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    return repr(re.sub(r"\w+", lambda m: _mask_alnum(m.group(), 1, 0), text[:limit]))


@functools.cache
def run_salt() -> bytes:
    """The random key of this run's record-id hashes (made once per process, on first use;
    a scan makes it before forking its workers, so they share it)."""
    return os.urandom(32)


def shown_record_id(record: str, salt: bytes | None = None) -> str:
    """``record`` as findings and records files show it: a record id that holds an
    identifier becomes ``h:`` and 12 hex digits of HMAC-SHA256 keyed with ``salt`` (the
    run's, by default), so ids can still be joined within a run but not reversed.

    >>> shown_record_id("42"), shown_record_id("263039715437514", b"k")
    ('42', 'h:7f980bb9a5cd')
    """
    if len(record) < 7:  # the usual row number or short id (an IPv4 address has 7 or more)
        return record
    if record.isdigit() and record.isascii():  # a numeric id: only its own length can match
        if _number_type(record) is None:
            return record
    elif not holds_identifier(record):
        return record
    return "h:" + hmac.digest(salt or run_salt(), record.encode("utf-8"), "sha256").hex()[:12]
