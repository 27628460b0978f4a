"""The committed word lists pseudonyms are drawn from (see ``scanner/data/SOURCES.md``).

>>> len(first_names("F")) > 1000 and len(first_names("M")) > 1000
True
>>> "Martin" in last_names()
True
>>> [c.city for c in communes() if c.insee == "69123"]
['Lyon']
"""

from __future__ import annotations

import csv
import functools
import gzip
from pathlib import Path
from typing import NamedTuple

from scanner.name_words import fold

DATA = Path(__file__).resolve().parent.parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


@functools.cache
def _first_name_rows() -> tuple[tuple[str, str], ...]:
    """(first name, sex) of each row of the INSEE first-name list, read once for the lookups below."""
    return tuple((r["first_name"], r["sex"]) for r in _rows("first_names_fr.tsv"))


@functools.cache
def first_name_sexes() -> dict[str, str]:
    """Folded first name -> ``F``, ``M`` or ``FM`` (INSEE list)."""
    return {fold(name): name_sex for name, name_sex in _first_name_rows()}


@functools.cache
def first_names(sex: str) -> tuple[str, ...]:
    """One-part first names (no hyphen) given to ``sex`` (``F``, ``M`` or ``FM``), as spelled."""
    return tuple(
        name for name, name_sex in _first_name_rows()
        if name_sex == sex and "-" not in name and name.isalpha()
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


class Commune(NamedTuple):
    """A French commune (INSEE code, Etalab's ``@etalab/decoupage-administratif``): a named
    tuple, built 35,000 times by each process that draws a place."""

    insee: str
    department: str
    city: str
    postcodes: tuple[str, ...]


@functools.cache
def communes() -> tuple[Commune, ...]:
    """The current communes that have a postcode, metropolitan and overseas."""
    with gzip.open(DATA / "communes_fr.tsv.gz", "rt", encoding="utf-8", newline="") as f:
        rows = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(rows)
        columns = [header.index(name) for name in ("insee", "department", "city", "postcodes")]
        return tuple(
            Commune(insee, department, city, tuple(postcodes.split()))
            for insee, department, city, postcodes in ([row[i] for i in columns] for row in rows)
        )


def postcode_department(code: str) -> str:
    """The department a postcode belongs to: ``97400`` -> ``974``, ``20090`` -> ``2A``.

    >>> postcode_department("69003"), postcode_department("97400"), postcode_department("20200")
    ('69', '974', '2B')
    """
    if code.startswith("97"):
        return code[:3]
    if code.startswith("20"):
        return "2A" if int(code) < 20200 else "2B"
    return code[:2]


class Place(NamedTuple):
    """One postcode of a commune: what an address writes (a named tuple, as ``Commune``)."""

    postcode: str
    city: str
    insee: str
    folded_city: str
    """``names.fold(city)``, computed once: surrogates compare it for every place drawn."""


@functools.cache
def places() -> tuple[Place, ...]:
    """Every (postcode, commune) pair of the communes table whose name is words, spaces,
    hyphens and apostrophes (not "Bors (Canton de Charente-Sud)": an address reader would
    not read it back as a city)."""
    return tuple(
        Place(code, c.city, c.insee, folded) for c in communes()
        if _written_as_words(c.city) for folded in [fold(c.city)] for code in c.postcodes
    )


_WORD_SEPARATORS = str.maketrans("", "", " -'’")


def _written_as_words(city: str) -> bool:
    """Whether every character of ``city`` is a letter, a space, a hyphen or an apostrophe.

    >>> [_written_as_words(city) for city in ("L'Haÿ-les-Roses", "Bors (Canton de Charente-Sud)", "Saint-Étienne")]
    [True, False, True]
    """
    letters = city.translate(_WORD_SEPARATORS)
    return not letters or letters.isalpha()


@functools.cache
def places_by_department() -> dict[str, tuple[Place, ...]]:
    """Places by the department of their postcode (``postcode_department``).

    >>> {p.city for p in places_by_department()["75"]}
    {'Paris'}
    """
    out: dict[str, list[Place]] = {}
    for place in places():
        out.setdefault(postcode_department(place.postcode), []).append(place)
    return {department: tuple(found) for department, found in out.items()}


@functools.cache
def places_by_postcode() -> dict[str, tuple[Place, ...]]:
    """Places by postcode, in the table's order.

    >>> [p.city for p in places_by_postcode()["69003"]]
    ['Lyon']
    """
    out: dict[str, list[Place]] = {}
    for place in places():
        out.setdefault(place.postcode, []).append(place)
    return {code: tuple(found) for code, found in out.items()}


def places_of_postcode(code: str) -> tuple[Place, ...]:
    """The places of a postcode (none for an unknown one)."""
    return places_by_postcode().get(code, ())


@functools.cache
def cities_of_postcodes() -> dict[str, frozenset[str]]:
    """Postcode -> the folded names of the communes it serves (to check an address agrees).

    >>> "lyon" in cities_of_postcodes()["69003"]
    True
    """
    out: dict[str, set[str]] = {}
    for place in places():
        out.setdefault(place.postcode, set()).add(place.folded_city)
    return {code: frozenset(names) for code, names in out.items()}


@functools.cache
def postcode_of_city() -> dict[str, str]:
    """Folded city name -> its first postcode (of the first commune of that name by INSEE code).

    >>> postcode_of_city()["nemours"]
    '77140'
    """
    out: dict[str, str] = {}
    for place in places():
        out.setdefault(place.folded_city, place.postcode)
    return out


@functools.cache
def nir_birthplaces() -> tuple[str, ...]:
    """INSEE codes a NIR may carry as its place of birth: communes of departments 01 to 95
    (2A and 2B for Corsica) and of the overseas departments 971 to 976.

    >>> "75056" in nir_birthplaces(), "2A004" in nir_birthplaces(), len(nir_birthplaces()) > 34000
    (True, True, True)
    """
    return tuple(
        c.insee for c in communes()
        if c.department in ("2A", "2B") or c.department.isdigit() and (
            int(c.department) <= 95 or 971 <= int(c.department) <= 976
        )
    )
