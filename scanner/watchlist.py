"""Watchlist: how many records mention each watched person, reported by line number only.

The file has one watched person per line: a NIR in any separator style, or a name of two
words or more (``Camille ROUX``); blank lines and lines starting with ``#`` are ignored.
Watched values are never printed, anywhere: results and warnings name the line number.

A record mentions a watched NIR when one of its ``FR_NIR`` findings has the same compact
form; a watched name when all its words (folded, titles removed, in any order) are words
of one ``PERSON`` finding of the record, or of the row's name columns (``nom`` + ``prenom``).

>>> wl, warnings = parse_watchlist(["# suivi", "Camille ROUX", "", "2 95 10 99 126 111 93", "ROUX", "1234"])
>>> [e.line for e in wl.entries], warnings
([2, 4], ['watchlist line 5: neither a valid NIR nor a name of two words or more; ignored', 'watchlist line 6: neither a valid NIR nor a name of two words or more; ignored'])
>>> sorted(wl.match(nirs={"295109912611193"}, names=[["mme", "camille", "roux"]]))
[0, 1]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from scanner.errors import UsageError
from scanner.identifiers import nir
from scanner.persons import fold, name_tokens
from scanner.readers.sources import read_small_file

MAX_NAME_WORDS = 8
"""Longest name (in words) whose sub-names are looked up."""


@dataclass(frozen=True)
class WatchEntry:
    """One watched person: its line number and kind, never shown with its value."""

    line: int
    kind: str  # "nir" or "name"


@dataclass
class Watchlist:
    """Watched NIRs and names, indexed for lookups per record."""

    entries: list[WatchEntry] = field(default_factory=list)
    _nirs: dict[str, list[int]] = field(default_factory=dict, repr=False)
    _names: dict[tuple[str, ...], list[int]] = field(default_factory=dict, repr=False)
    _sizes: set[int] = field(default_factory=set, repr=False)

    def add_nir(self, line: int, number: str) -> None:
        self._nirs.setdefault(number, []).append(len(self.entries))
        self.entries.append(WatchEntry(line, "nir"))

    def add_name(self, line: int, words: list[str]) -> None:
        self._names.setdefault(tuple(sorted(set(words))), []).append(len(self.entries))
        self._sizes.add(len(set(words)))
        self.entries.append(WatchEntry(line, "name"))

    def match(self, nirs: Iterable[str], names: Iterable[list[str]]) -> set[int]:
        """Indexes of the entries matched by compact NIRs and name word lists of one record."""
        hits: set[int] = set()
        for number in nirs:
            hits.update(self._nirs.get(number, ()))
        if self._names:
            for words in names:
                unique = sorted(set(words))[: MAX_NAME_WORDS]
                for size in self._sizes:
                    if size <= len(unique):
                        for sub in combinations(unique, size):
                            hits.update(self._names.get(sub, ()))
        return hits


def parse_watchlist(lines: Iterable[str]) -> tuple[Watchlist, list[str]]:
    """The watchlist and one warning per unusable line (by line number only)."""
    watchlist = Watchlist()
    warnings = []
    for number, raw in enumerate(lines, start=1):
        text = raw.strip()
        if not text or text.startswith("#"):
            continue
        compact = nir.compact(re.sub(r"[^0-9A-Za-z]", "", text))
        if any(c.isdigit() for c in text):
            if len(compact) == 15 and nir.is_valid(compact):
                watchlist.add_nir(number, compact)
                continue
        else:
            words = name_tokens(text)
            if len(set(words)) >= 2 and fold(text).strip():
                watchlist.add_name(number, words)
                continue
        warnings.append(f"watchlist line {number}: neither a valid NIR nor a name of two words or more; ignored")
    return watchlist, warnings


def load_watchlist(path: str | Path) -> tuple[Watchlist, list[str]]:
    """Read a watchlist file (UTF-8, BOM accepted)."""
    try:
        text = read_small_file(Path(path)).decode("utf-8-sig")
    except OSError as error:
        raise UsageError(f"{path}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path}: watchlist is not UTF-8 text") from None
    return parse_watchlist(text.splitlines())
