"""The committed word lists pseudonyms are drawn from (see ``scanner/data/SOURCES.md``).

>>> len(first_names("F")) > 1000 and len(first_names("M")) > 1000
True
>>> "Martin" in last_names()
True
>>> cities_by_department()["69"][0].city
'Lyon'
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

from scanner.names import fold

DATA = Path(__file__).resolve().parent.parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


@functools.cache
def first_name_sexes() -> dict[str, str]:
    """Folded first name -> ``F``, ``M`` or ``FM`` (INSEE list)."""
    return {fold(r["first_name"]): r["sex"] for r in _rows("first_names_fr.tsv")}


@functools.cache
def first_names(sex: str) -> tuple[str, ...]:
    """One-part first names (no hyphen) given to ``sex`` (``F``, ``M`` or ``FM``), as spelled."""
    return tuple(
        r["first_name"] for r in _rows("first_names_fr.tsv")
        if r["sex"] == sex and "-" not in r["first_name"] and r["first_name"].isalpha()
    )


@functools.cache
def last_names() -> tuple[str, ...]:
    """One-word French surnames (Faker ``fr_FR``, MIT)."""
    return tuple(r["last_name"] for r in _rows("last_names_fr.tsv") if r["last_name"].isalpha())


@functools.cache
def folded_last_names() -> frozenset[str]:
    return frozenset(fold(n) for n in last_names())


@functools.cache
def street_names() -> tuple[str, ...]:
    """Common French street names, without the street type: "de la Gare", "Victor Hugo"."""
    return tuple(r["street_name"] for r in _rows("street_names_fr.tsv"))


@dataclass(frozen=True)
class City:
    department: str
    postcode: str
    city: str
    postcodes: int
    """How many consecutive postcodes from ``postcode`` (arrondissements of Paris, Lyon...)."""


@functools.cache
def cities() -> tuple[City, ...]:
    """The prefecture of each department with its main postcode."""
    return tuple(
        City(r["department"], r["postcode"], r["city"], int(r["postcodes"]))
        for r in _rows("cities_fr.tsv")
    )


@functools.cache
def cities_by_department() -> dict[str, list[City]]:
    out: dict[str, list[City]] = {}
    for city in cities():
        out.setdefault(city.department, []).append(city)
    return out
