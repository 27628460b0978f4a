"""vigie: find, size and redact personal and sensitive health data in French exports.

The library API; the ``vigie`` command (``scanner.cli``) only wraps it. The
pipeline is imported lazily so that ``scanner.identifiers`` stays light. Importing
``scanner`` changes nothing in the process: no import hook, no garbage-collector setting.
"""

__all__ = ["ScanConfig", "scan_paths"]


def __getattr__(name: str):
    if name in __all__:
        from scanner import scan

        return getattr(scan, name)
    raise AttributeError(f"module 'scanner' has no attribute {name!r}")
