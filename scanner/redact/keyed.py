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

import functools
import hashlib
import struct
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")
_SEPARATOR = "\x1f"
_DIGITS = "0123456789"


_INNER_PAD = bytes(b ^ 0x36 for b in range(256))
_OUTER_PAD = bytes(b ^ 0x5C for b in range(256))
_SHA256_BLOCK = 64
_sha256 = hashlib.sha256
_blake2b = hashlib.blake2b
_INNER_FILL = bytes([0x36]) * 32
_OUTER_FILL = bytes([0x5C]) * 32
"""The pads of the 32 zero bytes a seed (a 32-byte HMAC) is filled up to a block with."""


def _hmac_states(key: bytes) -> tuple:
    """SHA-256 states with HMAC's inner and outer padded ``key`` already hashed (RFC 2104):
    each message under ``key`` then costs two copies (:func:`_hmac`), faster than
    ``hmac.digest``, which sets up OpenSSL's HMAC for every message."""
    if len(key) > _SHA256_BLOCK:
        key = hashlib.sha256(key).digest()
    key = key.ljust(_SHA256_BLOCK, b"\0")
    return hashlib.sha256(key.translate(_INNER_PAD)), hashlib.sha256(key.translate(_OUTER_PAD))


_run_key_states = functools.lru_cache(maxsize=16)(_hmac_states)
""":func:`_hmac_states` kept per key: a run digests every value under the same key."""


def forget_keys() -> None:
    """Drop the states and subkeys kept per key (a run's end: no key stays in the process's memory).

    >>> digest(b"k" * 32, "x") == (forget_keys() or digest(b"k" * 32, "x"))
    True
    """
    _run_key_states.cache_clear()
    _subkey.cache_clear()


def _hmac(states: tuple, message: bytes) -> bytes:
    """HMAC-SHA256 of ``message`` under the key of ``states`` (:func:`_hmac_states`).

    >>> import hmac
    >>> _hmac(_hmac_states(b"k" * 32), b"m") == hmac.digest(b"k" * 32, b"m", "sha256")
    True
    """
    inner, outer = states
    inner = inner.copy()
    inner.update(message)
    outer = outer.copy()
    outer.update(inner.digest())
    return outer.digest()


def digest(key: bytes, label: str, *parts: str) -> bytes:
    """HMAC-SHA256 of ``label`` and ``parts`` (unambiguously joined) under ``key``.

    >>> import hmac
    >>> digest(b"k" * 32, "x", "y") == hmac.digest(b"k" * 32, b"x\x1fy", "sha256")
    True
    >>> digest(b"k" * 65, "x") == hmac.digest(b"k" * 65, b"x", "sha256")
    True
    """
    # U+001F encodes to the one byte 0x1F: the bytes of the encoded parts joined by it
    message = _SEPARATOR.join((label, *parts)).encode("utf-8", "surrogatepass")
    return _hmac(_run_key_states(key), message)


_subkey = functools.lru_cache(maxsize=16)(digest)
"""The key of :func:`short_digest` for a key and label: a digest of the label, kept per key."""


def short_digest(key: bytes, label: str, value: str) -> bytes:
    """A 16-byte keyed BLAKE2b digest of ``value`` under a subkey of ``key`` for ``label``:
    half the cost of :func:`digest`, for digests that a run only compares with each other
    and never writes (``--verify``'s sets of values seen, the NIRs of ``NirBirths``).

    >>> import hashlib
    >>> short_digest(b"k" * 32, "x", "y") == hashlib.blake2b(b"y", key=digest(b"k" * 32, "x"), digest_size=16).digest()
    True
    """
    return _blake2b(value.encode("utf-8", "surrogatepass"), key=_subkey(key, label), digest_size=16).digest()


def keyed_hash(key: bytes, value: str) -> str:
    """Hex HMAC-SHA256 of ``value``: the ``hash`` operator (64 hex characters)."""
    return digest(key, "hash", value).hex()


_NUMBERS_PER_BLOCK = struct.Struct(">4Q")
"""A block (32 bytes of HMAC-SHA256) read as four big-endian numbers of 8 bytes."""
_COUNTERS = [n.to_bytes(8, "big") for n in range(64)]
"""The first block counters, as the 8 bytes HMAC'd (most draws need one or two blocks)."""


class Draw:
    """A deterministic stream of choices seeded by HMAC(key, label, parts).

    Blocks are HMAC-SHA256(seed, counter); each number uses 8 fresh bytes, so the modulo
    bias is below 2^-50 for every range used here.

    >>> import hmac
    >>> seed = digest(b"k" * 32, "x")
    >>> blocks = b"".join(hmac.digest(seed, counter.to_bytes(8, "big"), "sha256") for counter in range(70))
    >>> numbers = [int.from_bytes(blocks[i:i + 8], "big") for i in range(0, len(blocks), 8)]
    >>> draw = Draw(b"k" * 32, "x")
    >>> [draw.below(1 << 64) for _ in range(5)] == numbers[:5]
    True
    >>> draw.digits(275) == "".join(str(n % 10) for n in numbers[5:])  # past the 64th block too
    True
    """

    __slots__ = ("_inner_key", "_outer_key", "_counter", "_left")  # a run makes one per surrogate

    def __init__(self, key: bytes, label: str, *parts: str) -> None:
        seed = digest(key, label, *parts)  # 32 bytes: padded to a block, never hashed first
        inner_key = self._inner_key = seed.translate(_INNER_PAD) + _INNER_FILL
        outer_key = self._outer_key = seed.translate(_OUTER_PAD) + _OUTER_FILL
        # the first block drawn at once (every builder draws): one call fewer than _refill
        self._counter = 1
        self._left: list[int] = [
            *reversed(_NUMBERS_PER_BLOCK.unpack(_sha256(outer_key + _sha256(inner_key + _COUNTERS[0]).digest()).digest()))]
        """Numbers of the blocks drawn not used yet, the next one last."""

    def _refill(self, count: int) -> None:
        """Draw blocks until at least ``count`` numbers are left."""
        left = self._left
        inner_key, outer_key = self._inner_key, self._outer_key
        while len(left) < count:
            counter = self._counter
            self._counter = counter + 1
            # HMAC of the counter, two hashes of the padded seed and what follows: a draw asks
            # for one to three blocks, fewer calls than copying states hashed beforehand
            inner = _sha256(inner_key + (_COUNTERS[counter] if counter < 64 else counter.to_bytes(8, "big"))).digest()
            left[:0] = reversed(_NUMBERS_PER_BLOCK.unpack(_sha256(outer_key + inner).digest()))

    def below(self, n: int) -> int:
        """An integer in ``[0, n)``."""
        if n <= 0:
            raise ValueError("empty range")
        left = self._left
        if not left:
            self._refill(1)
        return left.pop() % n

    def between(self, low: int, high: int) -> int:
        """An integer in ``[low, high]`` (``below(high - low + 1)``, inlined: draws are many)."""
        n = high - low + 1
        if n <= 0:
            raise ValueError("empty range")
        left = self._left
        if not left:
            self._refill(1)
        return low + left.pop() % n

    def choice(self, items: Sequence[T]) -> T:
        """One element of a non-empty sequence (``below(len(items))``, inlined).

        >>> Draw(b"k" * 32, "x").choice("abc") == "abc"[Draw(b"k" * 32, "x").below(3)]
        True
        """
        n = len(items)
        if n <= 0:
            raise ValueError("empty range")
        left = self._left
        if not left:
            self._refill(1)
        return items[left.pop() % n]

    def digits(self, n: int) -> str:
        """``n`` decimal digits.

        >>> Draw(b"k" * 32, "x").digits(12) == "".join(str(d.below(10)) for d in [Draw(b"k" * 32, "x")] for _ in range(12))
        True
        """
        left = self._left
        if len(left) < n:
            self._refill(n)
        start = len(left) - n
        out = "".join([_DIGITS[number % 10] for number in reversed(left[start:])])
        del left[start:]
        return out
