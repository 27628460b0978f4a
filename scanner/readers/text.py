"""Plain-text notes: one file is one record, with a single field ``text``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from scanner.models import ReadError, Record
from scanner.readers.decoding import decode, open_decoded


def read_text(path: Path, encoding: str) -> Iterator[Record | ReadError]:
    """Yield the whole file as one record, or a ReadError naming the bad line."""
    opened = open_decoded(path, encoding)  # UTF-16/32 read as UTF-8
    if isinstance(opened, ReadError):
        yield opened
        return
    fp, encoding = opened
    try:
        with fp:
            raw = fp.read()
    except OSError as error:
        yield ReadError(str(path), None, error.strerror or str(error))
        return
    if b"\0" in raw:
        yield ReadError(str(path), None, "binary file (NUL bytes), not a text note")
        return
    content = decode(raw, encoding)
    if isinstance(content, ReadError):
        yield ReadError(str(path), content.line, content.message)
        return
    yield Record(source=str(path), table=None, record="1", fields={"text": content}, line=1)
