"""Presidio's IP_ADDRESS for French text, without the OIDs and version numbers it misreads."""

import ipaddress
from typing import Optional

from presidio_analyzer import Pattern
from presidio_analyzer.predefined_recognizers import IpRecognizer

from recognizers._pattern import FrenchPatternRecognizer

_PRESIDIO = {p.name: p for p in IpRecognizer.PATTERNS}
_IPV4 = _PRESIDIO["IPv4"].regex


class FrIpRecognizer(FrenchPatternRecognizer):
    """Recognize an IPv4 or IPv6 address with Presidio's own patterns, but an IPv4
    address only when it is not part of a longer dotted number (the OID
    '1.2.250.1.213.1.4.8' of an INS holds '1.2.250.1'), and without Presidio's bare '::'.

    ``validate_result`` policy: None (Presidio's score, 0.6: reported) for an address
    ``ipaddress`` reads that is not loopback, unspecified, multicast or reserved (those
    name no machine of a person); False (dropped) otherwise.
    """

    ENTITY = "IP_ADDRESS"
    NEEDS_NON_DIGIT = True
    TEXT_NEEDS = r"[0-9]\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]|::|:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:"
    """An IPv4 address (in every IPv4 pattern), or IPv6's ``::`` or the third to fifth of
    its eight groups when none is left out."""
    PATTERNS = [
        _PRESIDIO["IPv4_mapped"],
        _PRESIDIO["IPv4_embedded"],
        Pattern("IPv4", rf"(?<![\d.]){_IPV4}(?!\.\d)", _PRESIDIO["IPv4"].score),
        _PRESIDIO["IPv6"],
    ]
    CONTEXT = ["ip", "ipv4", "ipv6"]

    def validate_result(self, pattern_text: str) -> Optional[bool]:  # noqa: D102
        try:
            address = ipaddress.ip_interface(pattern_text).ip
        except ValueError:
            return False
        if address.is_loopback or address.is_unspecified or address.is_multicast or address.is_reserved:
            return False
        return None
