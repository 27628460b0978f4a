"""Copying a dump through to its redacted copy: the bytes in order, skipped ranges left out,
rewrites put in place (``DumpCopier``), and the identifiers found in table and column names
replaced in every byte written (``SqlNames``).

Used by the dump writers (``writers.sql``); ``SqlNames`` by the SQLite writer too.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator

from scanner.masking import typed_identifier_spans


class SqlNames:
    """The identifiers (NIR, phone, e-mail...) found in a dump's names and schema text, and
    the SQL-safe replacement of each (``rename``, then every character but ``[A-Za-z0-9_]``
    made ``_``), put in place of every occurrence in the bytes copied.

    >>> names = SqlNames(lambda found: ["<FR_NIR>" for _ in found])
    >>> names.learn("-- Table `t_263039715437514`"); names.replace(b"INSERT INTO `t_263039715437514`")
    b'INSERT INTO `t__FR_NIR_`'
    """

    def __init__(self, rename) -> None:
        self.rename = rename
        self.replacements: dict[bytes, bytes] = {}
        self.pattern: re.Pattern | None = None

    def learn(self, text: str) -> None:
        """Remember the identifiers of a name or of schema text (decoded as Latin-1)."""
        if sum(c.isdigit() for c in text) < 9 and "@" not in text:
            return
        for start, end, _ in typed_identifier_spans(text):
            found = text[start:end].encode("utf-8")
            if found in self.replacements or len(found) > _NAME_TAIL:
                continue
            new = self.rename([text[start:end]])[0]
            if new != text[start:end]:
                self.replacements[found] = re.sub(r"[^A-Za-z0-9_]", "_", new).encode("ascii")
                keys = sorted(self.replacements, key=len, reverse=True)
                self.pattern = re.compile(b"(?<![0-9])(?:" + b"|".join(map(re.escape, keys)) + b")(?![0-9])")

    def replace(self, data: bytes) -> bytes:
        return self.pattern.sub(lambda m: self.replacements[m.group()], data) if self.pattern else data


_NAME_TAIL = 256
"""Bytes held back between two blocks, so that an identifier cut by a block boundary is
still found and replaced whole."""


class DumpCopier:
    """Copies the input to the output in order, skipping ranges and applying the rewrites
    of copied statements and comments (``rewrite``) on the way; never goes back. With
    ``names``, the identifiers it holds are replaced in every byte written, rewrites
    included, and ranges copied with ``learn`` (schema statements, comments) teach it new
    ones first."""

    BLOCK = 1 << 16

    def __init__(self, src, out, names: SqlNames | None = None):
        self.src = src
        self.out = out
        self.pos = 0
        self.names = names
        self.held = b""
        self.rewrites: deque[tuple[int, int, bytes]] = deque()

    def _move(self, offset: int | None, keep: bool, learn: bool = False) -> None:
        if offset is not None and offset < self.pos:
            raise RuntimeError(f"dump writer went backwards ({offset} < {self.pos})")
        while offset is None or self.pos < offset:
            size = self.BLOCK if offset is None else min(self.BLOCK, offset - self.pos)
            block = self.src.read(size)
            if not block:
                if offset is not None:
                    raise RuntimeError("dump writer: input ended before the expected offset")
                break
            if keep:
                self._write_copied(block, learn)
            elif learn and self.names is not None:  # a range rewritten: its names still count
                self.names.learn(block.decode("latin-1"))
            self.pos += len(block)
        if keep:
            self._write_copied(b"", learn, final=True)

    def _write_copied(self, block: bytes, learn: bool, final: bool = False) -> None:
        names = self.names
        if names is None or (names.pattern is None and not learn and not self.held):
            self.out.write(block)
            return
        data = self.held + block
        if learn:
            names.learn(data.decode("latin-1"))
        cut = len(data) if final else max(0, len(data) - _NAME_TAIL)
        while 0 < cut < len(data) and data[cut - 1:cut + 1].isdigit():  # never inside a number
            cut -= 1
        if names.pattern is not None and not final:
            for match in names.pattern.finditer(data, max(0, cut - _NAME_TAIL), cut + _NAME_TAIL):
                if match.start() < cut < match.end():
                    cut = match.end()
        self.out.write(names.replace(data[:cut]))
        self.held = data[cut:]

    def rewrite(self, start: int, end: int, data: bytes) -> None:
        """Write ``data`` instead of the input's ``[start, end)`` when that range is copied."""
        if self.rewrites and start < self.rewrites[-1][1] or start < self.pos:
            raise RuntimeError("dump writer: rewrites out of order")
        self.rewrites.append((start, end, data))

    def _pending(self, offset: int | None) -> Iterator[tuple[int, int, bytes]]:
        while self.rewrites and (offset is None or self.rewrites[0][0] < offset):
            start, end, data = self.rewrites.popleft()
            if offset is not None and end > offset:  # never half a rewrite: fail closed
                raise RuntimeError("dump writer: a rewritten range is cut")
            yield start, end, data

    def copy_to(self, offset: int | None, learn: bool = False) -> None:
        for start, end, data in self._pending(offset):
            self._move(start, True, learn)  # flushes the held tail before the rewrite
            self._move(end, False, learn)
            self.write(data)
        self._move(offset, True, learn)

    def skip_to(self, offset: int | None) -> None:
        for _ in self._pending(offset):
            pass
        self._move(offset, False)

    def write(self, data: bytes) -> None:
        self.out.write(self.names.replace(data) if self.names is not None else data)
