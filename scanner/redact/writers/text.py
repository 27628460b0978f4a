"""Plain-text notes: read as the reader does (one record, or pieces of whole lines for a
big file: ``scanner.readers.text``), each piece written back in turn.

The encoding is the one the note was read with (UTF-8 unless given or UTF-16/32); a BOM is kept.
Apart from the replaced values the output is the input, byte for byte. A part that cannot
be read (NUL bytes, undecodable) is not written; a note that cannot be read at all gives
no output.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator

from scanner.models import ReadError
from scanner.readers.decoding import resolve_wide
from scanner.readers.sources import read_head
from scanner.readers.text import read_text
from scanner.redact.writers import Unit, Writer

UTF8_BOM = b"\xef\xbb\xbf"


class TextWriter(Writer):
    def units(self) -> Iterator[Unit]:
        head, _ = read_head(self.path, 64)
        self.encoding = resolve_wide(self.options.encoding, head) or self.options.encoding or "utf-8"
        self.bom = head.startswith(UTF8_BOM) and self.encoding.lower().replace("_", "-") in ("utf-8", "utf8")
        self.encoder = None
        for item in read_text(self.path, self.encoding):
            if isinstance(item, ReadError):
                yield Unit(errors=[ReadError(self.source, item.line, item.message)])
            else:
                yield Unit(item)

    def emit(self, unit: Unit, changes: dict[str, str] | None) -> str | None:
        if unit.record is None or changes is None:
            return None
        if self.encoder is None:  # one encoder for the whole file: a utf-8-sig BOM is written once
            self.encoder = codecs.getincrementalencoder(self.encoding)(errors="replace")
            if self.bom:
                self.out.write(UTF8_BOM)
        text = changes.get("text", unit.record.fields["text"])
        self.out.write(self.encoder.encode(text))
        self.written += 1
        return None
