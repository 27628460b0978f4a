"""Opening inputs: transparent gzip, bounded heads, pipes, and the text test for binary values.

A pipe, FIFO or device (``<(zcat dump.sql.gz)``, ``/dev/stdin``) is opened without
blocking and waits at most :func:`stream_timeout` seconds for its first byte: a FIFO
nobody writes to is an error, never a hang. Inside :func:`read_once` it is read once, its
first bytes kept for whoever opens it again (the format sniffing, then the reader).

>>> binary_to_text(b"Mme ROUX, n\\xc3\\xa9e le 3 mars")
'Mme ROUX, née le 3 mars'
>>> binary_to_text(b"\\x89PNG\\r\\n\\x1a\\n\\x00") is None
True
"""

from __future__ import annotations

import errno
import gzip
import io
import itertools
import os
import select
import stat
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import BinaryIO, TypeVar

from scanner.models import ReadError

GZIP_MAGIC = b"\x1f\x8b"
CHUNK_SIZE = 1 << 16
MAX_FIELDS = 10_000
"""A record (CSV row, JSON object) with more fields is not read: each column has its own
plan and counters, about 1.4 KB, and no export of patients has that many."""
MAX_LINE_BYTES = 32 << 20
"""A line of a line-based format (CSV, JSON Lines) longer than this is not read: it is
skipped without being held in memory (a gzip bomb of one line would fill it) and reported."""
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v\x1b")


def bounded_lines(fp: BinaryIO, limit: int = MAX_LINE_BYTES) -> Iterator[bytes | int]:
    r"""The lines of ``fp`` as iterating over it gives them, except that a line of more than
    ``limit`` bytes is read past, never held whole: its size in bytes comes instead.

    >>> import io
    >>> list(bounded_lines(io.BytesIO(b"a\n" + b"x" * 10 + b"\nb"), 5))
    [b'a\n', 11, b'b']
    """
    while line := fp.readline(limit + 1):
        if len(line) <= limit:
            yield line
            continue
        size = len(line)
        while not line.endswith(b"\n") and (line := fp.readline(CHUNK_SIZE)):
            size += len(line)
        yield size


def too_long_line(size: int) -> str:
    """The error for a line that ``bounded_lines`` read past.

    >>> too_long_line(40_000_000)
    'a line of 40,000,000 bytes, more than 33,554,432: not read'
    """
    return f"a line of {size:,} bytes, more than {MAX_LINE_BYTES:,}: not read"


def is_gzip(path: Path) -> bool:
    """True when ``path`` starts with the gzip magic number."""
    with _open_raw(path) as fp:
        return fp.read(2) == GZIP_MAGIC


STREAM_TIMEOUT_ENV = "VIGIE_FIFO_TIMEOUT"
DEFAULT_STREAM_TIMEOUT = 30.0
KEPT_STREAM_BYTES = 1 << 20
"""Bytes of a pipe kept for a second opening within :func:`read_once` (sniffing, samples)."""


def is_stream(path: Path) -> bool:
    """True for what is neither a regular file nor a directory: a pipe, FIFO, device or socket.

    >>> is_stream(Path("/dev/null")), is_stream(Path(__file__)), is_stream(Path("/nonexistent"))
    (True, False, False)
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def stream_timeout() -> float:
    """Seconds to wait for the first byte of a pipe or FIFO: ``$VIGIE_FIFO_TIMEOUT``, else 30."""
    try:
        return max(0.0, float(os.environ.get(STREAM_TIMEOUT_ENV, DEFAULT_STREAM_TIMEOUT)))
    except ValueError:
        return DEFAULT_STREAM_TIMEOUT


def open_stream(path: Path, timeout: float | None = None) -> BinaryIO:
    """A pipe, FIFO or device opened for reading once its first byte (or its end) is there.

    Raises TimeoutError (an OSError) after ``timeout`` seconds (default
    :func:`stream_timeout`) with nothing to read, e.g. a FIFO no process writes to.
    """
    timeout = stream_timeout() if timeout is None else timeout
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # opening a FIFO blocks until a writer comes
    try:
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            raise TimeoutError(
                errno.ETIMEDOUT, f"nothing to read after {timeout:g} s (a pipe nobody writes to? "
                f"${STREAM_TIMEOUT_ENV} sets the wait)", str(path),
            )
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


RECENT_STREAM_BYTES = 8 << 20
"""Bytes of a pipe past its kept head that stay readable again."""


class _StreamOnce:
    """A pipe read once, whose first bytes (up to ``keep``) every opening replays, and whose
    last ``RECENT_STREAM_BYTES`` read stay readable again (for a second reader a little
    behind the first, as a dump's text parts are behind its rows)."""

    def __init__(self, path: Path, keep: int) -> None:
        self.path = path
        self.fp = open_stream(path)
        self.kept = bytearray()
        self.read_bytes = 0
        self.keep = keep
        self.recent = bytearray()
        self.recent_start = 0

    def open(self) -> BinaryIO:
        """A new reader from the start of the stream."""
        return io.BufferedReader(_Replay(self))

    def read_at(self, position: int, size: int) -> bytes:
        """Up to ``size`` bytes from ``position``: kept bytes, else the next ones of the pipe."""
        if position < len(self.kept):
            return bytes(self.kept[position:position + size])
        if self.recent_start <= position < self.read_bytes:
            at = position - self.recent_start
            return bytes(self.recent[at:at + size])
        if position != self.read_bytes:
            raise OSError(errno.ESPIPE, f"a pipe is read only once and its first {self.keep} bytes "
                          "are kept: save it to a file to read it", str(self.path))
        data = self.fp.read1(size)
        self.read_bytes += len(data)
        if len(self.kept) + len(data) <= self.keep and len(self.kept) == position:
            self.kept += data
        self.recent += data
        if len(self.recent) > 2 * RECENT_STREAM_BYTES:  # trimmed now and then: amortised
            del self.recent[:len(self.recent) - RECENT_STREAM_BYTES]
            self.recent_start = self.read_bytes - len(self.recent)
        return data

    def close(self) -> None:
        self.fp.close()


class _Replay(io.RawIOBase):
    """One opening of a :class:`_StreamOnce`, from its start."""

    def __init__(self, source: _StreamOnce) -> None:
        self.source = source
        self.position = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.source.read_at(self.position, len(buffer))
        buffer[:len(data)] = data
        self.position += len(data)
        return len(data)

    def tell(self) -> int:
        return self.position


_streams: dict[str, _StreamOnce] = {}


@contextmanager
def read_once(path: Path, keep: int = KEPT_STREAM_BYTES) -> Iterator[None]:
    """Within this block, :func:`is_gzip`, :func:`read_head` and :func:`open_binary` of a
    pipe ``path`` share one opening (raises OSError, e.g. TimeoutError, when it fails).

    A regular file is opened as usual. A pipe is read once: its first ``keep`` bytes are
    kept, so that the format can be sniffed before the reader starts from the beginning.

    >>> import subprocess
    >>> writer = subprocess.Popen(["printf", "a\\nb\\n"], stdout=subprocess.PIPE)
    >>> pipe = Path(f"/dev/fd/{writer.stdout.fileno()}")
    >>> with read_once(pipe):
    ...     read_head(pipe, 1), open_binary(pipe).read()
    ((b'a', False), b'a\\nb\\n')
    >>> _ = writer.wait(); writer.stdout.close()
    """
    key = str(path)
    if key in _streams or not is_stream(path):
        yield
        return
    _streams[key] = _StreamOnce(path, keep)
    try:
        yield
    finally:
        _streams.pop(key).close()


def read_small_file(path: Path) -> bytes:
    """The whole content of a key file, watchlist...: a FIFO (``--key-file <(pass vigie)``)
    is read with the timeout of :func:`open_stream`, never waited for forever.

    >>> read_small_file(Path("/dev/null"))
    b''
    """
    with _open_raw(path) as fp:
        return fp.read()


def _open_raw(path: Path) -> BinaryIO:
    """``path`` opened for binary reading: a shared pipe replayed, a pipe or FIFO with a
    timeout for its first byte, a file as usual."""
    shared = _streams.get(str(path))
    if shared is not None:
        return shared.open()
    if is_stream(path):
        return open_stream(path)
    return path.open("rb")


_current_input: ContextVar[BinaryIO | None] = ContextVar("vigie_current_input", default=None)


def open_binary(path: Path) -> BinaryIO:
    """``path`` opened for binary reading, decompressed on the fly when it is gzip.

    The file on disk is remembered as the current input, for :func:`input_position`.
    """
    compressed = is_gzip(path)
    fp = _open_raw(path)
    _current_input.set(fp)  # for gzip, the compressed file: positions in on-disk bytes
    if not compressed:
        return fp
    unzipped = gzip.GzipFile(fileobj=fp, mode="rb")
    unzipped.myfileobj = fp  # closed with it, as gzip.open(path) does
    return unzipped  # type: ignore[return-value]


def open_again(path: Path) -> BinaryIO:
    """Another reader of ``path`` from its start, decompressed like :func:`open_binary` but
    not remembered as the current input (a pipe is replayed from its kept head)."""
    fp = _open_raw(path)
    if not is_gzip(path):
        return fp
    unzipped = gzip.GzipFile(fileobj=fp, mode="rb")
    unzipped.myfileobj = fp
    return unzipped  # type: ignore[return-value]


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


def ramped(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of 1, 2, 4... items, then of ``size`` (the last one shorter): the
    first units of work are small, so that workers start early.

    >>> [len(group) for group in ramped(range(40), 16)]
    [1, 2, 4, 8, 16, 9]
    """
    items = iter(items)
    length = 1
    while length < size:
        group = list(itertools.islice(items, length))
        if not group:
            return
        yield group
        length *= 2
    yield from chunked(items, size)


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
    with _open_raw(path) as raw:  # buffered: read(size) gives size bytes unless the end comes first
        if not compressed:
            return raw.read(size), False
        head = bytearray()
        try:
            with gzip.GzipFile(fileobj=raw, mode="rb") as fp:
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
