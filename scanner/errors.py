"""Application errors. Everything vigie raises on purpose derives from ScannerError."""


class ScannerError(Exception):
    """Base class: the CLI prints the message and exits with ``exit_code``."""

    exit_code = 2


class UsageError(ScannerError):
    """Unusable arguments: a missing path, an unknown format, a bad option value."""


class UnreadableFileError(ScannerError):
    """A whole input file cannot be read (missing, binary, undecodable)."""
