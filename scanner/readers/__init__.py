"""Readers: one per input format, each a streaming generator behind ``read_records``.

Readers yield ``Record`` for what they can parse and ``ReadError`` (with file and
line) for what they cannot, then go on: nothing is silently skipped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from enum import Enum
from pathlib import Path

from scanner.errors import UnreadableFileError, UsageError
from scanner.models import ReadError, Record
from scanner.readers import jsonl, text


class Format(str, Enum):
    """Input formats vigie reads."""

    TEXT = "text"
    JSONL = "jsonl"


_BY_SUFFIX = {".txt": Format.TEXT, ".jsonl": Format.JSONL, ".ndjson": Format.JSONL}
_READERS = {Format.TEXT: text.read_text, Format.JSONL: jsonl.read_jsonl}
SNIFF_BYTES = 8192


def detect_format(path: Path) -> Format:
    """The format of ``path``, by its content first, then by its suffix.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "export.dat"
    >>> _ = p.write_text('{"id": 1, "text": "RAS"}\\n')
    >>> detect_format(p)
    <Format.JSONL: 'jsonl'>
    """
    head = _read_head(path)
    if b"\0" in head:
        raise UnreadableFileError(f"{path}: binary file (NUL bytes), not a supported format")
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{"):
        return Format.JSONL
    return _BY_SUFFIX.get(path.suffix.lower(), Format.TEXT)


def _read_head(path: Path) -> bytes:
    try:
        with path.open("rb") as fp:
            return fp.read(SNIFF_BYTES)
    except OSError as error:
        raise UnreadableFileError(f"{path}: {error.strerror or error}") from None


def iter_input_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Every file named by ``paths``, directories walked recursively in sorted order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        elif path.exists():
            yield path
        else:
            raise UsageError(f"{path}: no such file or directory")


def read_records(
    path: str | Path, format: Format | None = None, encoding: str | None = None
) -> Iterator[Record | ReadError]:
    """Records of one file, and a ReadError for each part that cannot be read.

    A file that cannot be read at all yields a single ReadError.
    """
    path = Path(path)
    try:
        chosen = format or detect_format(path)
    except UnreadableFileError as error:
        yield ReadError(str(path), None, str(error).removeprefix(f"{path}: "))
        return
    yield from _READERS[chosen](path, encoding or "utf-8")
