"""A text stream read as overlapping windows of whole words: ``--verify`` scans every byte
of an output as text, a window at a time, without cutting a value in two."""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanner.models import Record


_SPACES = re.compile(r"\s")


def _space_before(text: str, end: int, start: int, spaces: str | None = None) -> int | None:
    """The offset just after the last space (or character of ``spaces``) in
    ``text[start:end]``, so that a window never starts or ends inside a word."""
    if spaces is not None:
        found = max(text.rfind(c, start, end) for c in spaces)
        return found + 1 if found >= 0 else None
    for match in reversed(list(_SPACES.finditer(text, start, end))):
        return match.end()
    return None


TEXT_WINDOW = 20_000
TEXT_OVERLAP = 400


def read_text_windows(source: str, fp, window: int = TEXT_WINDOW, overlap: int = TEXT_OVERLAP) -> Iterator[Record]:
    r"""A text stream as records of at most ``window`` characters (field ``text``, ``line``
    of their first character), each starting ``overlap`` characters before the end of the
    previous one (so a value cut by a window's end is whole in the next), cut after a
    newline when there is one in the last quarter, else after a space: never in a word.

    >>> import io
    >>> text = io.StringIO("M. Jean ROY\nMme Anne LEROY, 12 rue Haute")
    >>> [(r.line, r.fields["text"]) for r in read_text_windows("f", text, 16, 6)]
    [(1, 'M. Jean ROY\nMme '), (1, 'ROY\nMme Anne '), (2, 'Mme Anne LEROY, '), (2, 'LEROY, 12 rue '), (2, '12 rue Haute')]
    """
    line, carry = 1, ""
    while True:
        block = fp.read(window - len(carry))
        text = carry + block
        if not block:
            break
        cut = len(text)
        if len(text) >= window:
            cut = _space_before(text, window, window * 3 // 4, "\n") or _space_before(text, window, overlap) or cut
        yield Record(source=source, table=None, record=str(line), fields={"text": text[:cut]}, line=line)
        keep = max(_space_before(text, cut - overlap, max(cut - 2 * overlap, 0)) or cut - overlap, 1)
        line += text.count("\n", 0, keep)
        carry = text[keep:]
