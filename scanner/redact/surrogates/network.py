"""Network addresses (issue 23): IP_ADDRESS becomes a private (10.0.0.0/8) or documentation
(2001:db8::/32) address; URL keeps its scheme and path shape on the reserved example.com."""

from __future__ import annotations

import ipaddress
import re

from scanner.redact.keyed import Draw
from scanner.redact.surrogates.common import MAX_TRIES, no_surrogate
from scanner.redact.surrogates.people import RESERVED_EMAIL_DOMAIN


def surrogate_ip_address(value: str, key: bytes) -> str:
    """An IPv4 address in 10.0.0.0/8, an IPv6 one in 2001:db8::/32 (documentation); a
    ``/prefix`` is kept.

    >>> surrogate_ip_address("192.168.1.24", b"k" * 32).startswith("10.")
    True
    >>> surrogate_ip_address("2a01:cb00:8a1:5e00::1/64", b"k" * 32).startswith("2001:db8:")
    True
    """
    address, slash, prefix = value.strip().partition("/")
    parsed = ipaddress.ip_address(address)
    draw = Draw(key, "IP_ADDRESS", parsed.compressed)
    for _ in range(MAX_TRIES):
        if parsed.version == 4:
            new = ipaddress.IPv4Address((10 << 24) + draw.between(1, (1 << 24) - 2))
        else:
            new = ipaddress.IPv6Address((0x20010DB8 << 96) + draw.between(1, (1 << 96) - 1))
        if new != parsed:
            return value.replace(value.strip(), f"{new.compressed}{slash}{prefix}")
    raise no_surrogate("IP_ADDRESS")


_URL = re.compile(r"(?i)(?P<scheme>(?:https?|ftp)://)?(?P<www>www\d{0,3}\.)?(?P<host>[a-z0-9.\-]+)(?P<rest>.*)", re.S)


def surrogate_url(value: str, key: bytes) -> str:
    """The same scheme and ``www.`` on ``example.com``; each letter and digit of the path
    and query replaced by a drawn one (separators kept).

    >>> s = surrogate_url("https://www.ameli.fr/assure/compte?id=42", b"k" * 32)
    >>> s[:24], len(s) - len("https://www.example.com"), s[-3]
    ('https://www.example.com/', 20, '=')
    """
    found = _URL.fullmatch(value.strip())
    if found is None or not found["host"]:
        raise no_surrogate("URL")
    draw = Draw(key, "URL", value.strip().casefold())
    rest = "".join(
        draw.digits(1) if c.isdigit() else chr(ord("a") + draw.below(26)) if c.isascii() and c.isalpha() else c
        for c in found["rest"]
    )
    new = f"{found['scheme'] or ''}{found['www'] or ''}{RESERVED_EMAIL_DOMAIN}{rest}"
    return value.replace(value.strip(), new)
