"""Opening inputs: transparent gzip, bounded heads, and the text test for binary values.

>>> binary_to_text(b"Mme ROUX, n\\xc3\\xa9e le 3 mars")
'Mme ROUX, née le 3 mars'
>>> binary_to_text(b"\\x89PNG\\r\\n\\x1a\\n\\x00") is None
True
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import BinaryIO, TypeVar

from scanner.models import ReadError

GZIP_MAGIC = b"\x1f\x8b"
CHUNK_SIZE = 1 << 16
MAX_FIELDS = 10_000
"""A record (CSV row, JSON object) with more fields is not read: each column has its own
plan and counters, about 1.4 KB, and no export of patients has that many."""
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v\x1b")


def is_gzip(path: Path) -> bool:
    """True when ``path`` starts with the gzip magic number."""
    with path.open("rb") as fp:
        return fp.read(2) == GZIP_MAGIC


_current_input: ContextVar[BinaryIO | None] = ContextVar("vigie_current_input", default=None)


def open_binary(path: Path) -> BinaryIO:
    """``path`` opened for binary reading, decompressed on the fly when it is gzip.

    The file on disk is remembered as the current input, for :func:`input_position`.
    """
    if is_gzip(path):
        fp = gzip.open(path, "rb")
        _current_input.set(fp.fileobj)  # the compressed file: positions in on-disk bytes
        return fp  # type: ignore[return-value]
    fp = path.open("rb")
    _current_input.set(fp)
    return fp


def open_input(path: Path) -> BinaryIO | ReadError:
    """``open_binary(path)``, or the ReadError that says why the file cannot be opened.

    >>> open_input(Path("/nonexistent/notes.csv"))
    ReadError(source='/nonexistent/notes.csv', line=None, message='No such file or directory')
    """
    try:
        return open_binary(path)
    except OSError as error:
        return ReadError(str(path), None, error.strerror or str(error))


T = TypeVar("T")


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of ``size`` items (the last one shorter), read as they come.

    >>> list(chunked(range(5), 2))
    [[0, 1], [2, 3], [4]]
    """
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def guarded(items: Iterable[T], source: str) -> Iterator[T | ReadError]:
    """``items``, ended by a ReadError if the gzip stream under them turns out corrupt or
    truncated (what was read before it is kept).

    >>> def cut():
    ...     yield 1
    ...     raise EOFError("Compressed file ended before the end-of-stream marker was reached")
    >>> list(guarded(cut(), "a.csv.gz"))[1].message
    'corrupt or truncated gzip stream: Compressed file ended before the end-of-stream marker was reached'
    """
    try:
        yield from items
    except (EOFError, zlib.error, gzip.BadGzipFile) as error:
        yield ReadError(source, None, f"corrupt or truncated gzip stream: {error}")


def input_position() -> int | None:
    """Bytes read so far from the file on disk last opened by :func:`open_binary` in this
    context (read-ahead included), or None when it is closed or unknown: scan progress."""
    fp = _current_input.get()
    try:
        return fp.tell() if fp is not None else None
    except (ValueError, OSError):
        return None


def read_head(path: Path, size: int) -> tuple[bytes, bool]:
    """The first ``size`` bytes of the (decompressed) content, and whether it was gzip.

    A truncated or corrupt gzip stream gives the bytes that could be decompressed.
    """
    compressed = is_gzip(path)
    if not compressed:
        with path.open("rb") as fp:
            return fp.read(size), False
    head = bytearray()
    try:
        with gzip.open(path, "rb") as fp:
            while len(head) < size:
                block = fp.read(size - len(head))
                if not block:
                    break
                head += block
    except (EOFError, OSError):
        pass
    return bytes(head), True


def inner_suffix(path: Path) -> str:
    """The suffix that names the format: ``patients.csv.gz`` -> ``.csv``.

    >>> inner_suffix(Path("patients.jsonl.gz")), inner_suffix(Path("dump.SQL"))
    ('.jsonl', '.sql')
    """
    if path.suffix.lower() == ".gz":
        return Path(path.stem).suffix.lower()
    return path.suffix.lower()


def looks_binary(head: bytes) -> bool:
    """True for content that is not text: NUL bytes or many control characters.

    >>> looks_binary(b"nom;prenom\\r\\nROUX;Anne\\r\\n"), looks_binary(b"\\x00\\x01\\x02abc")
    (False, True)
    """
    if b"\0" in head:
        return True
    if not head:
        return False
    controls = sum(1 for byte in head if byte < 0x20 and byte not in _TEXT_CONTROLS)
    return controls > len(head) // 10


def binary_to_text(data: bytes) -> str | None:
    """A binary value (BLOB, ``_binary``, hex literal) as text when it is UTF-8 text, else None.

    Text stored in binary columns (letters, RTF, notes) is common in medical software and is
    scanned; other binary content (images, PDF) is not text and is left out.
    """
    if b"\0" in data or looks_binary(data[:4096]):
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None
