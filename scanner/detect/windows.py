"""How free text reaches spaCy: in batches of bounded size (``batches``), a long text in
overlapping windows (``text_windows``), so its cost grows with its length and spaCy never
sees more than a window at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


BATCH_SIZE = 256
"""Texts per spaCy ``nlp.pipe`` batch: the notes of a whole chunk at once (about 15% faster
per note than batches of 64)."""
BATCH_CHARS = 64_000
"""At most this many characters per spaCy batch (one text may pass it): spaCy's memory
grows with the characters of a batch (about 100 MB per 100,000), and a chunk may hold long
notes. 256 notes of the usual 250 characters still make one batch."""
WINDOW_SIZE = 10_000
"""A free text longer than this is analysed in windows of at most this many characters
(``text_windows``): spaCy refuses a text of over a million characters, and the cost of one
text grew faster than its length (context lookups, overlap resolution)."""
WINDOW_OVERLAP = 500
"""Characters a window reads beyond the part it answers for, on each side: an entity on a
cut is found whole, with the context words before it (up to half this before and after
the cut, whatever the cut)."""


def batches(items: list[T], size_of: Callable[[T], int]) -> Iterator[list[T]]:
    """``items`` in consecutive batches of at most ``BATCH_SIZE`` items and ``BATCH_CHARS``
    characters (a single bigger item makes a batch of its own).

    >>> [len(b) for b in batches(["a" * 150_000, "b" * 60_000, "c", "d"], len)]
    [1, 3]
    """
    batch: list[T] = []
    chars = 0
    for item in items:
        size = size_of(item)
        if batch and (len(batch) == BATCH_SIZE or chars + size > BATCH_CHARS):
            yield batch
            batch, chars = [], 0
        batch.append(item)
        chars += size
    if batch:
        yield batch


@dataclass(frozen=True, slots=True)
class Window:
    """``text[start:end]`` is analysed; its results that start in ``[own_start, own_end)``
    are kept (the parts windows answer for cover the text once)."""

    start: int
    end: int
    own_start: int
    own_end: int


def _cut(text: str, position: int, lowest: int) -> int:
    """Where to cut ``text`` at or before ``position`` (not before ``lowest``): after the
    last line break, else sentence end, else blank, else at ``position``.

    >>> _cut("Vu ce jour. Mme ROUX va bien", 20, 5), _cut("Vu ce jour. Mme ROUX va bien", 20, 13)
    (12, 16)
    """
    for separator in ("\n", ". ", " "):
        found = text.rfind(separator, lowest, position)
        if found >= 0:
            return found + len(separator)
    return position


def text_windows(text: str, size: int = WINDOW_SIZE, overlap: int = WINDOW_OVERLAP) -> list[Window]:
    """The windows ``text`` is analysed in: one for a text of at most ``size`` characters,
    else windows of at most ``size`` characters, cut at line breaks, sentence ends or blanks
    where possible, each reading ``overlap / 2`` to ``overlap`` characters beyond its part.

    >>> text_windows("court")
    [Window(start=0, end=5, own_start=0, own_end=5)]
    >>> note = "Vu ce jour. Mme ROUX, NIR 2 63 03 97 154 375 14.\\nRDV le 3 mars." * 3
    >>> [(w.start, w.end, w.own_start, w.own_end) for w in text_windows(note, size=80, overlap=20)]
    [(0, 49, 0, 37), (26, 94, 37, 75), (58, 132, 75, 112), (100, 171, 112, 152), (138, 189, 152, 189)]
    """
    half = overlap // 2
    bounds = [0]
    while len(text) - bounds[-1] > (size - overlap if bounds[-1] else size):  # the last reads back
        target = bounds[-1] + size - 2 * overlap
        bounds.append(_cut(text, target, target - (size - 2 * overlap) // 4))
    bounds.append(len(text))
    return [
        Window(
            0 if own_start == 0 else _cut(text, own_start - half, own_start - overlap),
            len(text) if own_end == len(text) else _cut(text, own_end + overlap, own_end + half),
            own_start,
            own_end,
        )
        for own_start, own_end in zip(bounds, bounds[1:])
    ]
