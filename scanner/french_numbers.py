"""French numbers written in words, as in dates spelled out ("le douze mars",
"quinze septembre mille neuf cent soixante-cinq").

Covers 0 to 999 999: units, teens, tens (with the Belgian and Swiss "septante",
"huitante", "nonante"), "quatre-vingt(s)", "cent(s)", "mille"/"mil", hyphens or spaces,
"et" ("vingt et un"), and a trailing figure ("quatre-vingt 2").

>>> parse_french_number("mille neuf cent soixante-cinq")
1965
>>> parse_french_number("deux mille dix-sept"), parse_french_number("vingt et un")
(2017, 21)
>>> parse_french_number("quatre-vingt-dix-sept"), parse_french_number("quatre-vingt 2")
(97, 82)
>>> parse_french_number("douze mars") is None
True
"""

from __future__ import annotations

import re
import unicodedata

NUMBER_WORDS = {
    "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15,
    "seize": 16, "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
    "septante": 70, "huitante": 80, "octante": 80, "nonante": 90,
}
"""The words that add their value, accents removed."""

NUMBER_WORD_PATTERN = (
    r"(?:z[ée]ro|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze"
    r"|quinze|seize|vingts?|trente|quarante|cinquante|soixante|septante|huitante|octante|nonante"
    r"|cents?|milles?|mil)"
)
"""One number word, for the patterns that find numbers in text (``re.IGNORECASE``)."""


def parse_french_number(text: str) -> int | None:
    """The value of a number written in French words (figures allowed after them), or
    None when a word is not a number word."""
    words = re.split(r"[\s\-]+", unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower())
    total = current = 0
    seen = False
    for word in filter(None, words):
        if word == "et":
            continue
        if word.isdigit():
            current += int(word)
        elif word in ("mille", "milles", "mil"):
            total += max(current, 1) * 1000
            current = 0
        elif word in ("cent", "cents"):
            current = max(current, 1) * 100
        elif word in ("vingt", "vingts") and current % 100 == 4:
            current += 76  # quatre-vingt: 4 x 20
        else:
            value = NUMBER_WORDS.get(word)
            if value is None and word.endswith("s"):  # "vingts", a plural s where none belongs
                value = NUMBER_WORDS.get(word[:-1])
            if value is None:
                return None
            current += value
        seen = True
    return total + current if seen else None
