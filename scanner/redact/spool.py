"""What the first pass of a redaction found in a file, kept for the second pass that writes it.

Redaction reads its input twice: the first pass detects, record by record, and learns the
values to make consistent over the whole run (``consistency.SeenValues``); the second pass
re-reads the input and writes each record with the findings of the first pass and the
occurrences of every value learned, so an occurrence written before the value's first
replacement (an earlier table, an earlier file) is replaced too, without a second detection.

A ``FindingsSpool`` holds, per record in input order, a keyed check of the record as read
and its findings as field, entity type and offsets (never a value), pickled chunk by chunk
to a file of the run's private staging directory: memory stays bounded. The second pass
fails closed (``InputChanged``) when a record reads differently or the file's size,
modification time or inode changed since the first pass began.

>>> import tempfile
>>> from scanner.models import Finding, Record
>>> row = Record("c.csv", None, "1", {"nom": "Lucie Garnier"})
>>> with tempfile.TemporaryDirectory() as tmp:
...     _ = (Path(tmp) / "c.csv").write_text("nom\\nLucie Garnier\\n", encoding="utf-8")
...     spool = FindingsSpool(Path(tmp) / "c.spool", Path(tmp) / "c.csv")
...     spool.add([(row, [Finding("c.csv", None, "1", "nom", "PERSON", 0, 13, 0.9, "r", value="Lucie Garnier")])])
...     spool.close()
...     [(f.entity_type, f.value) for f in spool.findings(row)]
[('PERSON', 'Lucie Garnier')]
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterator
from pathlib import Path

from scanner.errors import ScannerError
from scanner.models import FieldHit, Finding, Record, field_hits

_CHECK_KEY = os.urandom(32)
"""Keys the record checks: random per process, never written (a check reveals nothing)."""
_KEYED_CHECK = hashlib.blake2b(key=_CHECK_KEY, digest_size=16)
"""The checks' keyed start, copied for each record (the key is not hashed again)."""
_SIZE_BYTES = 8
"""Each piece of a spool file (``FindingsSpool.add_pickled``) comes after its size and its
number of entries, so the second pass can send it on to a worker as it is, with as many
records."""


class InputChanged(ScannerError):
    """An input file changed between the two passes of a redaction: nothing is written."""

    exit_code = 3


def file_state(path: Path) -> tuple[int, int, int]:
    """Size, modification time (ns) and inode of ``path``: what tells that a file changed."""
    status = os.stat(path)
    return status.st_size, status.st_mtime_ns, status.st_ino


def record_check(record: Record) -> bytes:
    """A keyed digest of a record as read (table, id, field names and texts).

    >>> record_check(Record("f", "t", "1", {"a": "x"})) == record_check(Record("f", "t", "1", {"a": "y"}))
    False
    """
    fields = record.fields
    check = _KEYED_CHECK.copy()  # each part then a separator: names, then texts, in order
    check.update("\x1f".join([record.table or "", record.record, *fields, *fields.values(), ""])
                 .encode("utf-8", "surrogatepass"))
    return check.digest()


SpoolEntry = tuple[bytes, "list[FieldHit] | str"]
"""A record's check and its findings without values (``FieldHit``: field, type, offsets,
score, recognizer, category, qualifier), or why it could not be scanned."""


def spool_entry(record: Record, found: list[FieldHit] | Exception) -> SpoolEntry:
    """What the spool keeps of a record and its findings (or the error that stopped them).

    >>> spool_entry(Record("f", None, "1", {"a": "x"}), ValueError("bad"))[1]
    'bad'
    """
    return record_check(record), str(found) if isinstance(found, Exception) else found


def stored_findings(record: Record, stored: list[FieldHit]) -> list[Finding]:
    """The findings of ``record`` from their stored form (``spool_entry``), values included.

    >>> row = Record("c.csv", None, "1", {"nom": "Lucie Garnier"})
    >>> [(f.field, f.value) for f in stored_findings(row, [("nom", "PERSON", 0, 5, 0.9, "r", None, None)])]
    [('nom', 'Lucie')]
    """
    source, table, key, fields = record.source, record.table, record.record, record.fields
    return [Finding(source, table, key, name, entity_type, start, end, score, recognizer, category, qualifier,
                    fields[name][start:end])
            for name, entity_type, start, end, score, recognizer, category, qualifier in stored]


def checked_entries(source: str, records: list[Record], piece: bytes) -> list[list[tuple] | str]:
    """The stored findings (or why it could not be scanned) of each of ``records``, read
    again, from the spool's piece of the first pass's unit that held them (``pieces``;
    empty past the last); ``InputChanged`` when a record or their number differ.

    >>> row = Record("c.csv", None, "1", {"nom": "Lucie Garnier"})
    >>> checked_entries("c.csv", [row], pickled_entries([spool_entry(row, [])]))
    [[]]
    >>> try:
    ...     checked_entries("c.csv", [row, row], pickled_entries([spool_entry(row, [])]))
    ... except InputChanged as error:
    ...     print(error)
    c.csv: record 1 (line None) reads differently than when it was scanned: the file changed
    during the run; nothing written
    """
    entries = pickle.loads(piece) if piece else []
    for i, record in enumerate(records):
        if i == len(entries) or entries[i][0] != record_check(record):
            raise read_differently(source, record)
    if len(entries) > len(records):
        raise fewer_records(source)
    return [found for _, found in entries]


def read_differently(source, record: Record) -> InputChanged:
    return InputChanged(f"{source}: record {record.record} (line {record.line}) reads differently "
                        "than when it was scanned: the file changed during the run; nothing written")


def fewer_records(source) -> InputChanged:
    return InputChanged(f"{source}: fewer records than when it was scanned: "
                        "the file changed during the run; nothing written")


def pickled_entries(entries: list[SpoolEntry]) -> bytes:
    """``spool_entry``s as a spool file holds them (one pickle per chunk of records)."""
    return pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)


class FindingsSpool:
    """The first pass's findings of one file, written chunk by chunk, read back in order."""

    def __init__(self, path: Path, source: Path) -> None:
        self.path, self.source = path, source
        self.state = file_state(source)
        self._out = path.open("xb")
        self._entries: Iterator[tuple[bytes, list[tuple] | str]] | None = None
        self._pieces: Iterator[tuple[int, bytes]] | None = None

    def add(self, results: list[tuple[Record, list[Finding] | Exception]]) -> None:
        """Keep each record's check and findings (or why it could not be scanned)."""
        self.add_entries([spool_entry(record, found if isinstance(found, Exception) else field_hits(found))
                          for record, found in results])

    def add_entries(self, entries: list[SpoolEntry]) -> None:
        """Keep ``spool_entry``s worked out elsewhere (a worker of the same run)."""
        if entries:
            self.add_pickled(pickled_entries(entries), len(entries))

    def add_pickled(self, entries: bytes, count: int) -> None:
        """Keep ``count`` ``spool_entry``s as ``pickled_entries`` gave them (in a worker of the
        same run), as one piece of the spool, after its size and ``count``."""
        self._out.write(len(entries).to_bytes(_SIZE_BYTES, "little"))
        self._out.write(count.to_bytes(_SIZE_BYTES, "little"))
        self._out.write(entries)

    def close(self) -> None:
        self._out.close()

    def findings(self, record: Record) -> list[Finding] | Exception:
        """The next record's findings, ``record`` being that record read again."""
        found = self.stored(record)
        return found if isinstance(found, Exception) else stored_findings(record, found)

    def stored(self, record: Record) -> list[tuple] | Exception:
        """The next record's findings as stored (``stored_findings`` makes them findings), or
        why it could not be scanned, ``record`` being that record read again."""
        if self._entries is None:
            self._entries = (entry for _, piece in self.pieces() for entry in pickle.loads(piece))
        check, found = next(self._entries, (None, []))
        if check != record_check(record):
            raise read_differently(self.source, record)
        return ValueError(found) if isinstance(found, str) else found

    def pieces(self) -> Iterator[tuple[int, bytes]]:
        """The spool's pieces, each the number of entries and the ``pickled_entries`` of one
        ``add_pickled`` (a unit of records of the first pass), for ``checked_entries`` to
        read where they are sent."""
        if self._pieces is None:
            self.check_unchanged()
            self._pieces = self._read_pieces()
        return self._pieces

    def finish(self) -> None:
        """Check that every record was read again and the file is as it was; remove the spool."""
        if (self._entries is not None and next(self._entries, None) is not None) or (
            self._pieces is not None and any(count for count, _ in self._pieces)
        ):
            raise fewer_records(self.source)
        self.check_unchanged()
        self.path.unlink(missing_ok=True)

    def check_unchanged(self) -> None:
        if file_state(self.source) != self.state:
            raise InputChanged(f"{self.source}: changed during the run (size, time or inode); nothing written")

    def _read_pieces(self) -> Iterator[tuple[int, bytes]]:
        with self.path.open("rb") as fp:
            while size := int.from_bytes(fp.read(_SIZE_BYTES), "little"):
                count = int.from_bytes(fp.read(_SIZE_BYTES), "little")
                yield count, fp.read(size)
