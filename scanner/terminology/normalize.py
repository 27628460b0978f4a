"""Accent- and case-folding normalisation that remembers where each character came from.

Terms and notes are compared in a folded form: lower case, accents removed, ligatures
expanded, and every run of characters that is not a letter or a digit collapsed to one
space. ``offsets[i]`` is the index in the original text of the character that produced
``folded[i]``, so a match ``folded[a:b]`` maps back to ``text[offsets[a]:offsets[b - 1] + 1]``.

>>> folded, offsets = normalize("Diabète  de Type-2")
>>> folded
'diabete de type 2'
>>> to_original_span(offsets, 0, 7)
(0, 7)
>>> normalize("Cœur")[0]
'coeur'
>>> normalize("")
('', [])
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_LIGATURES = {"œ": "oe", "æ": "ae", "ß": "ss", "ﬁ": "fi", "ﬂ": "fl"}


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """Return the folded form of one character: '' for marks, ' ' for separators."""
    lower = char.lower()
    if lower in _LIGATURES:
        return _LIGATURES[lower]
    if lower.isascii():
        return lower if lower.isalnum() else " "
    decomposed = unicodedata.normalize("NFKD", lower)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    if kept and all(c.isalnum() for c in kept):
        return kept.lower()
    if not kept and unicodedata.combining(char):
        return ""
    return " "


class _FoldTable(dict):
    """``str.translate`` table that folds characters lazily."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        self[code] = folded
        return folded


_TABLE = _FoldTable()
# Characters whose folded form is not exactly one character (ligatures, combining marks).
_IRREGULAR = re.compile("[" + "".join(
    re.escape(chr(c)) for c in range(0x2500) if len(_fold_char(chr(c))) != 1
) + r"\U00002500-\U0010ffff]")
_SPACE_RUNS = re.compile(r"  +")


def normalize(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` and return it with, for each folded character, its original index."""
    pieces: list[str] = []
    offsets: list[int] = []
    position = 0
    for match in _IRREGULAR.finditer(text):
        index = match.start()
        if index > position:
            pieces.append(text[position:index].translate(_TABLE))
            offsets.extend(range(position, index))
        folded = _fold_char(match.group())
        pieces.append(folded)
        offsets.extend([index] * len(folded))
        position = index + 1
    if position < len(text):
        pieces.append(text[position:].translate(_TABLE))
        offsets.extend(range(position, len(text)))
    spaced = "".join(pieces)
    if "  " in spaced or spaced[:1] == " " or spaced[-1:] == " ":
        spaced, offsets = _collapse_spaces(spaced, offsets)
    return spaced, offsets


def _collapse_spaces(spaced: str, offsets: list[int]) -> tuple[str, list[int]]:
    """Collapse runs of spaces to one and strip both ends, keeping offsets aligned."""
    pieces: list[str] = []
    kept: list[int] = []
    position = 0
    for match in _SPACE_RUNS.finditer(spaced):
        pieces.append(spaced[position : match.start() + 1])
        kept.extend(offsets[position : match.start() + 1])
        position = match.end()
    pieces.append(spaced[position:])
    kept.extend(offsets[position:])
    folded = "".join(pieces)
    lead = len(folded) - len(folded.lstrip(" "))
    folded = folded.strip(" ")
    return folded, kept[lead : lead + len(folded)]


def normalize_term(term: str) -> str:
    """Fold a dictionary term the same way as a note."""
    return normalize(term)[0]


def to_original_span(offsets: list[int], start: int, end: int) -> tuple[int, int]:
    """Map the folded span ``[start, end)`` back onto the original text."""
    return offsets[start], offsets[end - 1] + 1
