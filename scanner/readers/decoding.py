"""Byte decoding that reports where it failed instead of raising."""

from __future__ import annotations

import codecs

from scanner.models import ReadError

BOM = "\ufeff"


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


def guess_encoding(sample: bytes) -> str:
    """``utf-8-sig`` with a BOM, ``utf-8`` when the sample decodes, else ``cp1252``.

    The sample may end inside a multi-byte character: that is not a failure.

    >>> guess_encoding("nom;né le".encode()), guess_encoding("nom;né le".encode("cp1252"))
    ('utf-8', 'cp1252')
    >>> guess_encoding(b"\\xef\\xbb\\xbfnom")
    'utf-8-sig'
    """
    if sample.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"
