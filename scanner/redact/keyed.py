"""Keyed, deterministic randomness: everything a pseudonym draws comes from HMAC-SHA256.

Without the key, a surrogate or a hash cannot be linked back to its value by hashing
guesses (a NIR has only about 10^13 possible values: an unkeyed hash of it is reversible).
With the same key, the same value always draws the same numbers, in every file and run.

>>> key = b"k" * 32
>>> keyed_hash(key, "185057800608491") == keyed_hash(key, "185057800608491")
True
>>> keyed_hash(key, "185057800608491") == keyed_hash(b"j" * 32, "185057800608491")
False
>>> len(keyed_hash(key, "x"))
64
>>> a, b = Draw(key, "FR_RPPS", "10000000009"), Draw(key, "FR_RPPS", "10000000009")
>>> a.digits(8) == b.digits(8), a.digits(8) == Draw(key, "FR_RPPS", "10000000017").digits(8)
(True, False)
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")
_SEPARATOR = b"\x1f"
_DIGITS = "0123456789"


def digest(key: bytes, label: str, *parts: str) -> bytes:
    """HMAC-SHA256 of ``label`` and ``parts`` (unambiguously joined) under ``key``."""
    message = _SEPARATOR.join(p.encode("utf-8", "surrogatepass") for p in (label, *parts))
    return hmac.new(key, message, hashlib.sha256).digest()


def keyed_hash(key: bytes, value: str) -> str:
    """Hex HMAC-SHA256 of ``value``: the ``hash`` operator (64 hex characters)."""
    return digest(key, "hash", value).hex()


class Draw:
    """A deterministic stream of choices seeded by HMAC(key, label, parts).

    Blocks are HMAC-SHA256(seed, counter); each number uses 8 fresh bytes, so the modulo
    bias is below 2^-50 for every range used here.
    """

    def __init__(self, key: bytes, label: str, *parts: str) -> None:
        self._seed = digest(key, label, *parts)
        self._counter = 0
        self._buffer = b""
        self._used = 0
        """Bytes of ``_buffer`` already drawn."""

    def _numbers(self, count: int) -> list[int]:
        """The next ``count`` numbers of 8 bytes each (big-endian)."""
        end = self._used + 8 * count
        if end > len(self._buffer):
            blocks = [self._buffer[self._used:]]
            have = len(blocks[0])
            while have < 8 * count:
                blocks.append(hmac.digest(self._seed, self._counter.to_bytes(8, "big"), "sha256"))
                self._counter += 1
                have += 32
            self._buffer, self._used, end = b"".join(blocks), 0, 8 * count
        buffer, start = self._buffer, self._used
        self._used = end
        return [int.from_bytes(buffer[i:i + 8], "big") for i in range(start, end, 8)]

    def below(self, n: int) -> int:
        """An integer in ``[0, n)``."""
        if n <= 0:
            raise ValueError("empty range")
        return self._numbers(1)[0] % n

    def between(self, low: int, high: int) -> int:
        """An integer in ``[low, high]``."""
        return low + self.below(high - low + 1)

    def choice(self, items: Sequence[T]) -> T:
        """One element of a non-empty sequence."""
        return items[self.below(len(items))]

    def digits(self, n: int) -> str:
        """``n`` decimal digits.

        >>> Draw(b"k" * 32, "x").digits(12) == "".join(str(d.below(10)) for d in [Draw(b"k" * 32, "x")] for _ in range(12))
        True
        """
        return "".join([_DIGITS[number % 10] for number in self._numbers(n)])

