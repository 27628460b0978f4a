"""What every surrogate family shares: the error, the layout helpers (a value's letters and
digits written back over the original's separators and case), the form a value is keyed by,
and the keyed same-shape drawing."""

from __future__ import annotations

from scanner.identifiers import phone
from scanner.name_words import fold
from scanner.redact.keyed import Draw

MAX_TRIES = 64
"""Draws a builder makes before it gives up (then it raises :class:`SurrogateError`)."""


class SurrogateError(ValueError):
    """No surrogate can be built for this value: the caller masks or tags it instead."""


def no_surrogate(entity_type: str) -> SurrogateError:
    """The error a builder raises when ``entity_type`` gets no surrogate for a value.

    >>> str(no_surrogate("FR_NIR"))
    'FR_NIR: no surrogate for this value'
    """
    return SurrogateError(f"{entity_type}: no surrogate for this value")


# --- layout ------------------------------------------------------------------------


def leading_zeros(number: str) -> int:
    """How many zeros ``number`` starts with: a surrogate keeps as many, so that an integer
    column (which drops them) holds as many digits of it as of the original.

    >>> leading_zeros("0701987765493"), leading_zeros("987623287")
    (1, 0)
    """
    return len(number) - len(number.lstrip("0"))


class _LettersAndDigits(dict):
    """A ``str.translate`` table that keeps letters and digits and drops every other
    character, filled as characters are met (those of the Basic Multilingual Plane kept)."""

    def __missing__(self, code: int) -> int | None:
        kept = code if chr(code).isalnum() else None
        if code < 0x10000:
            self[code] = kept
        return kept


_LETTERS_AND_DIGITS_ONLY = _LettersAndDigits()


def alnum(value: str) -> str:
    """The letters and digits of ``value``, in order (its compact form).

    >>> alnum("1 85 05-78"), alnum("2A1234567"), alnum("n° 1ᵉʳ_Ⅻ-𝟙")
    ('1850578', '2A1234567', 'n1ᵉʳⅫ𝟙')
    """
    if value.isalnum():
        return value
    return value.translate(_LETTERS_AND_DIGITS_ONLY)


def reapply(original: str, compact: str) -> str:
    """Write ``compact`` over the letters and digits of ``original``: separators, grouping and
    the case of each letter are kept.

    >>> reapply("fr76 3000-6000", "FR1234567890")
    'fr12 3456-7890'
    >>> reapply("75071218", "69123456")
    '69123456'
    """
    if len(original) == len(compact) and original.isascii() and original.isalnum() and original == original.upper():
        return compact  # no separator, no lower-case letter: nothing to write back
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


def same_folded(a: str, b: str) -> bool:
    """``fold(a) == fold(b)``: the same words but for case and accents (without memoising
    a surrogate that will not be met again).

    >>> same_folded("Émilie", "EMILIE"), same_folded("Lyon", "Lyon 3e")
    (True, False)
    """
    if a.isascii() and b.isascii():
        return a.lower() == b.lower()
    return fold(a) == fold(b)


def case_like(word: str, like: str) -> str:
    """``word`` in the case style of ``like``: UPPER, lower or Capitalised.

    >>> case_like("Martin", "DUPONT"), case_like("Martin", "dupont"), case_like("Martin", "Dupont")
    ('MARTIN', 'martin', 'Martin')
    """
    if like.isascii():  # every letter is cased: the string methods say the same, faster
        letters = "".join(filter(str.isalpha, like))
        if len(letters) > 1 and letters.isupper():
            return word.upper()
        return word.lower() if letters.islower() else word
    letters = [c for c in like if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return word.upper()
    if letters and all(c.islower() for c in letters):
        return word.lower()
    return word


# --- keyed drawing -----------------------------------------------------------------


def same_shape(value: str, key: bytes, entity_type: str) -> str:
    """Each digit of ``value`` replaced by a drawn digit, each letter by a drawn letter of
    the same case, separators kept (a value needs a digit, and ASCII letters only).

    >>> same_shape("T6G 2C7", b"k" * 32, "ADDRESS")[3], len(same_shape("12227-000", b"k" * 32, "ADDRESS"))
    (' ', 9)
    """
    compact = alnum(value).upper()
    if not compact.isascii() or not any(c.isdigit() for c in compact):
        raise no_surrogate(entity_type)
    draw = Draw(key, entity_type, compact)
    for _ in range(MAX_TRIES):
        new = "".join(draw.digits(1) if c.isdigit() else chr(ord("A") + draw.below(26)) for c in compact)
        if new != compact:
            return reapply(value, new)
    raise no_surrogate(entity_type)


def department_prefix(first_two: str, draw: Draw, keep: bool) -> str:
    """``first_two`` when ``keep``, else a drawn department number (``01``-``95``, not ``20``).

    >>> department_prefix("75", Draw(b"k" * 32, "FR_ADELI", "x"), True)
    '75'
    """
    if keep:
        return first_two
    while True:
        department = draw.between(1, 95)
        if department != 20:
            return f"{department:02d}"


# --- keying ------------------------------------------------------------------------


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
