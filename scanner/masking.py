"""Masked samples: enough of a value to recognise its shape, never the value itself.

>>> mask("2 85 05 78 006 084 59")
'2 85 ** ** *** *** 59'
>>> mask("camille.roux@orange.fr")
'c******.****@o*****.fr'
>>> mask("Jean DUPONT")
'J*** D*****'
>>> mask("06 12 34 56 78")
'06 1* ** ** 78'
"""

from __future__ import annotations


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
