"""Byte decoding that reports where it failed instead of raising."""

from __future__ import annotations

import codecs
import io
from pathlib import Path
from typing import BinaryIO

from scanner.models import ReadError
from scanner.readers.sources import open_input

BOM = "\ufeff"
_WIDE_BOMS = (  # UTF-32 first: its little-endian BOM starts like UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_WIDE_NAMES = {"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"}


def decode(raw: bytes, encoding: str, first_line: int = 1, first_byte: int = 0) -> str | ReadError:
    """Decode ``raw`` or return a ReadError with the line and byte offset of the bad byte
    (``raw`` starting at line ``first_line``, byte offset ``first_byte`` of its file).

    >>> decode("né le 3 mars".encode(), "utf-8")
    'né le 3 mars'
    >>> decode(b"ok\\nn\\xe9 le", "utf-8")
    ReadError(source='', line=2, message='cannot decode byte 0xe9 at byte offset 4 as utf-8 (try --encoding cp1252)')
    """
    try:
        return raw.decode(encoding).removeprefix(BOM)
    except UnicodeDecodeError as error:
        line = first_line + raw.count(b"\n", 0, error.start)
        hint = " (try --encoding cp1252)" if encoding.lower().replace("-", "") in ("utf8", "utf8sig") else ""
        return ReadError(
            "", line,
            f"cannot decode byte 0x{raw[error.start]:02x} at byte offset {first_byte + error.start} as {encoding}{hint}",
        )
    except LookupError:
        return ReadError("", None, f"unknown encoding {encoding!r}")


def decode_lenient(raw: bytes, encoding: str) -> tuple[str, str | None]:
    """Decode ``raw``; on a bad byte, decode with U+FFFD replacements and say what was replaced.

    >>> decode_lenient(b"n\\xc3\\xa9e", "utf-8")
    ('née', None)
    >>> decode_lenient(b"n\\xe9e", "utf-8")
    ('n\\ufffde', 'cannot decode byte 0xe9 at byte offset 1 as utf-8, replaced by U+FFFD (try --encoding cp1252)')
    """
    try:
        return raw.decode(encoding), None
    except UnicodeDecodeError as error:
        hint = " (try --encoding cp1252)" if encoding.lower().replace("-", "") in ("utf8", "utf8sig") else ""
        message = (
            f"cannot decode byte 0x{raw[error.start]:02x} at byte offset {error.start} as {encoding}, "
            f"replaced by U+FFFD{hint}"
        )
        return raw.decode(encoding, errors="replace"), message


def wide_encoding(head: bytes) -> str | None:
    r"""UTF-16 or UTF-32, by a byte order mark or by where the NUL bytes of mostly-ASCII
    text fall; None for any other content.

    >>> wide_encoding("nom\tville".encode("utf-16")), wide_encoding("nom".encode("utf-32"))
    ('utf-16', 'utf-32')
    >>> wide_encoding("nom;née".encode("utf-16-be")), wide_encoding(b"nom;ville"), wide_encoding(b"\x00\x01\x02\x03")
    ('utf-16-be', None, None)
    """
    for bom, name in _WIDE_BOMS:
        if head.startswith(bom):
            return name
    size = len(head) - len(head) % 4
    if size < 4 or b"\0" not in head:
        return None
    units = [head[i:size:4] for i in range(4)]
    empty = [unit.count(0) / len(unit) for unit in units]
    patterns = {
        "utf-32-le": (False, True, True, True), "utf-32-be": (True, True, True, False),
        "utf-16-le": (False, True, False, True), "utf-16-be": (True, False, True, False),
    }
    for name, nul in patterns.items():  # NUL where a wide code unit has its high bytes, text elsewhere
        if all(share > 0.9 if is_nul else share < 0.1 for share, is_nul in zip(empty, nul)):
            return name
    return None


def is_wide(encoding: str | None) -> bool:
    """Whether ``encoding`` is a UTF-16 or UTF-32 codec (read through ``open_decoded``).

    >>> is_wide("UTF-16LE"), is_wide("utf_32"), is_wide("cp1252"), is_wide(None)
    (True, True, False, False)
    """
    if not encoding:
        return False
    try:
        return codecs.lookup(encoding).name in _WIDE_NAMES
    except LookupError:
        return False


class _Utf8Transcoder(io.RawIOBase):
    """A binary stream in a wide encoding, read as UTF-8 without BOM (U+FFFD for bad units)."""

    def __init__(self, fp: BinaryIO, encoding: str) -> None:
        self.fp = fp
        self.decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        self.pending = b""
        self.started = False
        self.done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # noqa: ANN001 - a writable buffer
        while not self.pending and not self.done:
            chunk = self.fp.read(1 << 16)
            text = self.decoder.decode(chunk, final=not chunk)
            if not self.started and text:
                text, self.started = text.removeprefix(BOM), True
            self.pending, self.done = text.encode("utf-8"), not chunk
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        return size

    def close(self) -> None:
        self.fp.close()
        super().close()


def open_decoded(path: Path, encoding: str | None) -> tuple[BinaryIO, str | None] | ReadError:
    r"""``path`` opened for binary reading and the encoding to decode it with: a UTF-16 or
    UTF-32 file (given, or found by ``wide_encoding``) is read as UTF-8, so that readers
    which split lines and find quotes in bytes work on it unchanged.

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "n.txt"
    >>> _ = p.write_bytes("nom\tnée\r\n".encode("utf-16"))
    >>> fp, encoding = open_decoded(p, None)
    >>> fp.read(), encoding
    (b'nom\tn\xc3\xa9e\r\n', 'utf-8')
    """
    fp = open_input(path)
    if isinstance(fp, ReadError):
        return fp
    return to_utf8(fp, encoding)


def to_utf8(fp: BinaryIO, encoding: str | None) -> tuple[BinaryIO, str | None]:
    """``fp`` read as UTF-8 when it is UTF-16 or UTF-32 (given, or found from its head),
    with the encoding to decode it with; else ``fp`` and ``encoding`` unchanged."""
    if encoding and not is_wide(encoding):
        return fp, encoding
    wide = resolve_wide(encoding, fp.peek(64)[:64] if hasattr(fp, "peek") else b"")
    if wide is None:
        return fp, encoding
    return io.BufferedReader(_Utf8Transcoder(fp, wide)), "utf-8"  # type: ignore[return-value]


def resolve_wide(encoding: str | None, head: bytes) -> str | None:
    r"""The wide codec that reads a file starting with ``head``: ``utf-16``/``utf-32`` when
    it has a BOM (and writes one back), else the byte order the NUL bytes show, else
    little-endian (what Windows writes); None when neither ``encoding`` nor the head is wide.

    >>> resolve_wide(None, "ab".encode("utf-16")), resolve_wide("utf-16", "ab".encode("utf-16-be"))
    ('utf-16', 'utf-16-be')
    >>> resolve_wide("UTF16", b""), resolve_wide(None, b"id;nom"), resolve_wide("utf-32-be", b"")
    ('utf-16-le', None, 'utf-32-be')
    """
    found = wide_encoding(head)
    if encoding is None or not is_wide(encoding):
        return found if encoding is None else None
    name = codecs.lookup(encoding).name
    if name not in ("utf-16", "utf-32") or found == name:
        return name
    return found if found and found.startswith(name) else name + "-le"


class WideWriter(io.RawIOBase):
    r"""Writes UTF-8 bytes to ``out`` in a wide ``encoding`` (a BOM first for ``utf-16``/``utf-32``).

    >>> out = io.BytesIO()
    >>> w = WideWriter(out, "utf-16-le"); _ = w.write("né".encode()); w.flush_all()
    >>> out.getvalue()
    b'n\x00\xe9\x00'
    """

    def __init__(self, out: BinaryIO, encoding: str) -> None:
        self.out = out
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.encoder = codecs.getincrementalencoder(encoding)()

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # noqa: ANN001 - bytes-like
        self.out.write(self.encoder.encode(self.decoder.decode(bytes(data))))
        return len(data)

    def flush_all(self) -> None:
        """Write what the decoder and encoder still hold."""
        self.out.write(self.encoder.encode(self.decoder.decode(b"", final=True), final=True))

    def close(self) -> None:
        if not self.closed:
            self.flush_all()
            self.out.close()
        super().close()


def line_encoding(encoding: str) -> str:
    """The codec for decoding a file line by line: ``utf-8-sig`` would take a U+FEFF at the
    start of every line for a BOM (a cell's character lost), so its lines are decoded as
    ``utf-8`` and the caller removes the BOM of the first line.

    >>> line_encoding("utf-8-sig"), line_encoding("UTF_8_SIG"), line_encoding("cp1252")
    ('utf-8', 'utf-8', 'cp1252')
    >>> "\ufeffa".encode("utf-8").decode(line_encoding("utf-8-sig"))
    '\ufeffa'
    """
    return "utf-8" if codecs.lookup(encoding).name == "utf-8-sig" else encoding


def guess_encoding(sample: bytes) -> str:
    """``utf-8-sig`` with a BOM, UTF-16/32 (``wide_encoding``), ``utf-8`` when the sample
    decodes, else ``cp1252``.

    The sample may end inside a multi-byte character: that is not a failure.

    >>> guess_encoding("nom;né le".encode()), guess_encoding("nom;né le".encode("cp1252"))
    ('utf-8', 'cp1252')
    >>> guess_encoding(b"\\xef\\xbb\\xbfnom")
    'utf-8-sig'
    """
    if sample.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    wide = wide_encoding(sample)
    if wide:
        return wide
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"
