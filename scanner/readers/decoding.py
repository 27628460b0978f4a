"""Byte decoding that reports where it failed instead of raising."""

from __future__ import annotations

from scanner.models import ReadError

BOM = "\ufeff"


def decode(raw: bytes, encoding: str, first_line: int = 1) -> str | ReadError:
    """Decode ``raw`` or return a ReadError with the line and byte offset of the bad byte.

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
            f"cannot decode byte 0x{raw[error.start]:02x} at byte offset {error.start} as {encoding}{hint}",
        )
    except LookupError:
        return ReadError("", None, f"unknown encoding {encoding!r}")
