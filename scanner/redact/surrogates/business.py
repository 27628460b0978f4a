"""Tax, business and payment numbers (issue 23): FR_TAX_ID keeps its first digit and gets a
valid mod-511 key; FR_SIREN gets a valid Luhn key, and a SIRET or a VAT number holds the
surrogate of its SIREN (so that an employer's SIREN, SIRET and VAT number still agree);
CREDIT_CARD keeps its network's prefix and length and gets a valid Luhn key; IBAN_CODE stays
a valid IBAN of its country (French ones with a valid RIB key)."""

from __future__ import annotations

from stdnum import iban as _iban
from stdnum import luhn

from scanner.identifiers import payment_card, siren, siret, tax_id, vat
from scanner.redact.keyed import Draw
from scanner.redact.surrogates.common import MAX_TRIES, alnum, leading_zeros, no_surrogate, reapply


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
        raise no_surrogate("IBAN_CODE")
    draw = Draw(key, "IBAN_CODE", body[:2] + body[4:])
    country = body[:2]
    for _ in range(MAX_TRIES):
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
    raise no_surrogate("IBAN_CODE")


def surrogate_tax_id(value: str, key: bytes) -> str:
    """13 digits keeping the first one (0 to 3) and the count of leading zeros, with a valid key.

    >>> s = surrogate_tax_id("30 23 217 600 053", b"k" * 32)
    >>> s[:1], s[2], len(s), tax_id.is_valid(s)
    ('3', ' ', 17, True)
    """
    digits = alnum(value)
    if not tax_id.is_valid(digits):
        raise no_surrogate("FR_TAX_ID")
    draw = Draw(key, "FR_TAX_ID", digits)
    for _ in range(MAX_TRIES):
        body = digits[0] + draw.digits(9)
        new = body + tax_id.calc_check_digits(body)
        if new != digits and leading_zeros(new) == leading_zeros(digits):
            return reapply(value, new)
    raise no_surrogate("FR_TAX_ID")


def surrogate_siren(value: str, key: bytes) -> str:
    """9 digits with a valid Luhn key, drawn from the SIREN, with as many leading zeros
    (``leading_zeros``: an integer column drops them, the SIREN and SIRET would get shorter).

    >>> s = surrogate_siren("552 008 443", b"k" * 32)
    >>> len(s), siren.is_valid(s), s != "552 008 443"
    (11, True, True)
    """
    digits = alnum(value)
    if len(digits) != 9 or not digits.isdigit() or not digits.isascii():
        raise no_surrogate("FR_SIREN")
    draw = Draw(key, "FR_SIREN", digits)
    for _ in range(MAX_TRIES):
        body = draw.digits(8)
        new = body + luhn.calc_check_digit(body)
        if new != digits and not new.startswith("000") and leading_zeros(new) == leading_zeros(digits):
            return reapply(value, new)
    raise no_surrogate("FR_SIREN")


def surrogate_siret(value: str, key: bytes) -> str:
    """The SIREN surrogate of its first nine digits, the site number's first four digits,
    and a last digit that makes the 14 digits' Luhn key valid.

    >>> s = surrogate_siret("732 829 320 00074", b"k" * 32)
    >>> siret.is_valid(s), s[:11] == surrogate_siren("732 829 320", b"k" * 32), s[11:16]
    (True, True, ' 0007')
    """
    digits = alnum(value)
    if len(digits) != 14 or not digits.isdigit() or not digits.isascii():
        raise no_surrogate("FR_SIRET")
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
        raise no_surrogate("FR_VAT")
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
        raise no_surrogate("CREDIT_CARD")
    prefix = digits[: payment_card.prefix_length(digits)]
    draw = Draw(key, "CREDIT_CARD", digits)
    for _ in range(MAX_TRIES):
        body = prefix + draw.digits(len(digits) - len(prefix) - 1)
        new = body + luhn.calc_check_digit(body)
        if new != digits and payment_card.is_valid(new):
            return reapply(value, new)
    raise no_surrogate("CREDIT_CARD")
