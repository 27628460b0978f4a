"""Inputs of the commands that read files only (``vigie risk``, ``vigie redact``)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from scanner.errors import UsageError
from scanner.readers.live_db import is_database_url, shown_url


def file_inputs(inputs: Sequence[str], command: str) -> list[Path]:
    """``inputs`` as paths; a database URL is a ``UsageError`` naming it without its password
    (the text, as a path, would lose a slash and be reported as a missing file, password and all).

    >>> file_inputs(["exports/patients.csv"], "risk")
    [PosixPath('exports/patients.csv')]
    >>> file_inputs(["postgresql://audit:s3cret@db.local/cabinet"], "risk")
    Traceback (most recent call last):
        ...
    scanner.errors.UsageError: postgresql://audit@db.local/cabinet: vigie risk does not read live databases yet; dump it first (pg_dump, mysqldump, or the SQLite file itself) and give the dump
    """
    for text in inputs:
        if is_database_url(text):
            raise UsageError(
                f"{shown_url(text)}: vigie {command} does not read live databases yet; "
                "dump it first (pg_dump, mysqldump, or the SQLite file itself) and give the dump"
            )
    return [Path(text) for text in inputs]
