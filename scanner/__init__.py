"""vigie: find, size and redact personal and sensitive health data in French exports.

The library API; the ``vigie`` command (``scanner.cli``) only wraps it. The
pipeline is imported lazily so that ``scanner.identifiers`` stays light. Presidio, when
it comes, is imported without validating the patterns of a recognizer vigie never runs
(see ``scanner.presidio_import``).
"""

from scanner import presidio_import

presidio_import.install()

__all__ = ["ScanConfig", "scan_paths"]


def __getattr__(name: str):
    if name in __all__:
        from scanner import scan

        return getattr(scan, name)
    raise AttributeError(f"module 'scanner' has no attribute {name!r}")
