"""Plain-text notes: the whole file is one record (field ``text``), written back whole.

The encoding is the one the note was read with (UTF-8 unless given or UTF-16/32); a BOM is kept.
A note that cannot be read (NUL bytes, undecodable) gives no output at all.
"""

from __future__ import annotations

from collections.abc import Iterator

from scanner.models import ReadError, Record
from scanner.readers.decoding import decode, resolve_wide
from scanner.readers.sources import open_binary
from scanner.redact.writers import Unit, Writer

UTF8_BOM = b"\xef\xbb\xbf"


class TextWriter(Writer):
    def units(self) -> Iterator[Unit]:
        with open_binary(self.path) as fp:
            raw = fp.read()
        self.encoding = resolve_wide(self.options.encoding, raw[:64]) or self.options.encoding or "utf-8"
        if b"\0" in raw and not resolve_wide(self.encoding, b""):
            yield Unit(errors=[ReadError(self.source, None, "binary file (NUL bytes), not a text note")])
            return
        content = decode(raw, self.encoding)
        if isinstance(content, ReadError):
            yield Unit(errors=[ReadError(self.source, content.line, content.message)])
            return
        self.bom = raw.startswith(UTF8_BOM) and self.encoding.lower().replace("_", "-") in ("utf-8", "utf8")
        yield Unit(Record(source=self.source, table=None, record="1", fields={"text": content}, line=1))

    def emit(self, unit: Unit, changes: dict[str, str] | None) -> str | None:
        if unit.record is None or changes is None:
            return None
        text = changes.get("text", unit.record.fields["text"])
        if self.bom:
            self.out.write(UTF8_BOM)
        self.out.write(text.encode(self.encoding, errors="replace"))
        self.written += 1
        return None
