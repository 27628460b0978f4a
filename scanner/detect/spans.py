"""Spans of text and how they overlap: one span kept per overlapping group
(``resolve_overlaps``), and whether spans cover every letter and digit of a cell
(``is_alnum_covered``).

>>> resolve_overlaps([ScoredSpan(0, 10, 0.6), ScoredSpan(2, 8, 1.0), ScoredSpan(12, 15, 0.5)])
[ScoredSpan(start=2, end=8, score=1.0), ScoredSpan(start=12, end=15, score=0.5)]
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, TypeVar


class _HasSpan(Protocol):
    start: int
    end: int
    score: float


S = TypeVar("S", bound=_HasSpan)


@dataclass(frozen=True)
class ScoredSpan:
    """The least a span needs for ``resolve_overlaps``: where it is and its score."""

    start: int
    end: int
    score: float


def resolve_overlaps(spans: Iterable[S]) -> list[S]:
    """Keep one span per overlapping group: highest score, then longest, then first.

    The spans kept so far are disjoint, so they stay sorted by start and end at once: a
    candidate is checked against its two neighbours only, not all of them (a long note has
    thousands of spans).
    """
    ranked = sorted(spans, key=lambda s: (-s.score, -(s.end - s.start), s.start))
    keys: list[tuple[int, int]] = []
    kept: list[S] = []
    for span in ranked:
        key = (span.start, span.end)
        i = bisect.bisect_right(keys, key)
        if (i == 0 or kept[i - 1].end <= span.start) and (i == len(kept) or span.end <= kept[i].start):
            keys.insert(i, key)
            kept.insert(i, span)
    return kept


def is_alnum_covered(text: str, spans: list[tuple[int, int]]) -> bool:
    """True when every letter and digit of ``text`` lies inside some ``(start, end)`` span.

    >>> is_alnum_covered(" 06 12 34 56 78.", [(1, 15)]), is_alnum_covered("tel 06 12 34 56 78", [(4, 18)])
    (True, False)
    """
    if len(spans) == 1:  # the usual cell
        [(start, end)] = spans
        return not (_has_alnum(text[:start]) or _has_alnum(text[end:]))
    position = 0
    for start, end in sorted(spans):
        if _has_alnum(text[position:start]):
            return False
        position = max(position, end)
    return not _has_alnum(text[position:])


def _has_alnum(text: str) -> bool:
    return bool(text) and any(c.isalnum() for c in text)
