"""The pseudonymisation key: from a key file, else ``$VIGIE_KEY``, else a one-run random key.

The key never comes from a command-line argument (it would land in shell histories and
process lists). Whoever holds it can recompute every pseudonym from a guessed value, so it
is kept apart from the redacted exports, like a password.

Accepted encodings, for the file content (surrounding blanks ignored) and the variable:

* hexadecimal (what :func:`generate_key_file` writes): an even number of hex digits;
* ``base64:`` followed by standard base64;
* any other text: its UTF-8 bytes (a long passphrase);
* a key file that is not text: its raw bytes (``head -c 32 /dev/urandom > vigie.key``).

At least 16 bytes after decoding (:data:`MIN_KEY_BYTES`); 32 are generated.

>>> key, ephemeral = load_key(environ={KEY_ENV: "00112233445566778899aabbccddeeff"})
>>> len(key), ephemeral
(16, False)
>>> len(load_key(environ={})[0]), load_key(environ={})[1]
(32, True)
>>> load_key(environ={KEY_ENV: "short"})
Traceback (most recent call last):
    ...
scanner.errors.UsageError: $VIGIE_KEY is too short: 5 bytes, at least 16 needed
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import secrets
from collections.abc import Mapping
from pathlib import Path

from scanner.errors import UsageError
from scanner.readers.sources import read_small_file

KEY_ENV = "VIGIE_KEY"
MIN_KEY_BYTES = 16
NEW_KEY_BYTES = 32
_HEX = re.compile(r"(?:[0-9a-fA-F]{2})+")


def decode_key(text: str, origin: str) -> bytes:
    """Key bytes from the text of a key file or of ``$VIGIE_KEY``; raises UsageError."""
    text = text.strip()
    if not text:
        raise UsageError(f"{origin} is empty")
    if _HEX.fullmatch(text):
        key = bytes.fromhex(text)
    elif text.startswith("base64:"):
        try:
            key = base64.b64decode(text[len("base64:") :].strip(), validate=True)
        except (binascii.Error, ValueError):
            raise UsageError(f"{origin} is not valid base64 after 'base64:'") from None
    else:
        key = text.encode("utf-8")
    return _checked(key, origin)


def _checked(key: bytes, origin: str) -> bytes:
    if len(key) < MIN_KEY_BYTES:
        raise UsageError(f"{origin} is too short: {len(key)} bytes, at least {MIN_KEY_BYTES} needed")
    return key


def load_key(key_file: Path | None = None, environ: Mapping[str, str] = os.environ) -> tuple[bytes, bool]:
    """(key, is_ephemeral): from the key file if given, else $VIGIE_KEY, else a new random
    32-byte key (is_ephemeral=True; the caller warns). Raise scanner.errors.UsageError with a
    clear message for an unreadable/empty/too-short key (< 16 bytes after decoding)."""
    if key_file is not None:
        path = Path(key_file)
        origin = f"key file {path}"
        try:
            raw = read_small_file(path)
        except OSError as error:
            raise UsageError(f"cannot read {origin}: {error.strerror or error}") from None
        if not raw.strip():
            raise UsageError(f"{origin} is empty")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return _checked(raw, origin), False  # a binary key
        return decode_key(text, origin), False
    if KEY_ENV in environ:
        return decode_key(environ[KEY_ENV], f"${KEY_ENV}"), False
    return secrets.token_bytes(NEW_KEY_BYTES), True


def generate_key_file(path: Path | str) -> None:
    """Write a new random key (hex, 32 bytes) to ``path`` with mode 0600; never overwrite."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise UsageError(f"{path} already exists: a key is never overwritten") from None
    except OSError as error:
        raise UsageError(f"cannot create key file {path}: {error.strerror or error}") from None
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(secrets.token_hex(NEW_KEY_BYTES) + "\n")
    os.chmod(path, 0o600)  # whatever the umask
