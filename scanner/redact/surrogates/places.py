"""ADDRESS surrogates: plausible French addresses of the same shape whose postcode and city
are a real pair of Etalab's communes table (a postal code of another country keeps its shape)."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from scanner.columns import is_postcode_shaped
from scanner.identifiers import postcode
from scanner.name_words import fold
from scanner.redact import lists
from scanner.redact.keyed import Draw
from scanner.redact.surrogates.common import (
    MAX_TRIES, alnum, case_like, no_surrogate, reapply, same_folded, same_shape,
)

_STREET_TYPE = (
    r"(?:rue|avenue|av\.?|ave\.?|boulevard|bd|bld|bvd|chemin|chem\.|ch\.|impasse|imp\.?|all[ée]e|all\.|place|pl\.|"
    r"route|rte|quai|cours|square|sq\.|r[ée]sidence|r[ée]s\.|lotissement|lot\.|lieu[- ]dit|hameau|"
    r"passage|sentier|voie|cit[ée]|faubourg|fbg|fg|esplanade|promenade|parvis|rond[- ]point|"
    r"clos|domaine|villa|mont[ée]e|traverse|chauss[ée]e|ruelle|venelle|carrefour)"
)
_SPELLED_NUMBER = r"(?:un|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize)"
_CITY_WORDS = r"[^\W\d_][\w’'\-]*(?:[ \t\-]+[^\W\d_][\w’'\-]*){0,5}?"
_CEDEX = r"(?P<cedex>\s+cedex(?:\s+\d{1,2})?)?(?P<district>[ \t]+\d{1,2}(?:e|[èe]me|er)?)?"
_STREET = re.compile(
    rf"(?P<number>(?:\d{{1,4}}|{_SPELLED_NUMBER}\b)(?:\s?(?:bis|ter|quater|[a-d])\b)?)?(?P<sep>,?\s*)"
    rf"(?P<type>{_STREET_TYPE})(?P<sp>\s+)(?P<name>[^\W\d_].*)",
    re.IGNORECASE,
)
_TAIL = re.compile(
    rf"(?P<sep>[ \t]*(?:,|\n|-)?\s*)(?P<postcode>\b\d{{5}}|\b\d{{2}} \d{{3}})(?P<sp>,?\s+)"
    rf"(?P<city>{_CITY_WORDS}){_CEDEX}$",
    re.IGNORECASE,
)
_BARE_POSTCODE = re.compile(r"\d{5}|\d{2}[ .]\d{3}")
_BARE_CITY = re.compile(rf"(?P<city>{_CITY_WORDS}){_CEDEX}", re.IGNORECASE)
_CITY_THEN_POSTCODE = re.compile(rf"(?P<city>{_CITY_WORDS})(?P<sep>,?[ \t]*)(?P<postcode>\d{{5}}|\d{{2}} \d{{3}})")


def surrogate_postcode(value: str, key: bytes, *, keep_department: bool = True) -> str:
    """The postcode of the postcode's surrogate commune (:func:`surrogate_place`): a real
    one, in the same department by default (any department otherwise).

    >>> s = surrogate_postcode("69003", b"k" * 32)
    >>> s[:2], postcode.is_valid(s), s != "69003"
    ('69', True, True)
    """
    code = alnum(value)
    if not postcode.is_valid(code):
        raise no_surrogate("ADDRESS")
    return reapply(value, surrogate_place(code, key, keep_department=keep_department).postcode)


def _city_for(
    key: bytes, draw: Draw, code: str | None, keep_department: bool, avoid: str | None, longest: int | None = None,
) -> tuple[str, str]:
    """(postcode, city) of ``code``'s surrogate commune (:func:`surrogate_place`); with
    ``longest``, when its name is longer, another commune of the same postcode that fits, else
    one of the same department (else anywhere)
    whose name has at most that many characters; never the city ``avoid`` (folded). Without
    a ``code``, a commune drawn from the whole table."""
    if code:
        place = surrogate_place(code, key, keep_department=keep_department)
        if place.folded_city != avoid and (longest is None or len(place.city) <= longest):
            return place.postcode, place.city
        same_postcode = [p for p in lists.places_of_postcode(place.postcode) if p.folded_city != avoid]
        if longest is not None and (fitting := _fitting(same_postcode, longest)):
            return place.postcode, draw.choice(fitting).city  # a postcode column keeps agreeing
    everywhere = lists.places()
    department = lists.postcode_department(code) if code and keep_department else None
    if not lists.places_by_department().get(department):
        department = None  # the whole table
    base = lists.places_by_department()[department] if department else everywhere
    candidates = None
    if longest is not None:  # the places of base that fit, else of the table, else all of base
        candidates = [p for p in _places_within(department, longest) if p.folded_city != avoid and p.postcode != code]
        candidates = candidates or list(_places_within(None, longest))
    if not candidates:
        candidates = [p for p in base if p.folded_city != avoid and p.postcode != code] or everywhere
    place = draw.choice(candidates)
    return place.postcode, place.city


def _fitting(places: Sequence[lists.Place], longest: int) -> list[lists.Place]:
    return [p for p in places if len(p.city) <= longest]


@functools.lru_cache(maxsize=1024)
def _places_within(department: str | None, longest: int) -> tuple[lists.Place, ...]:
    """The places of ``department`` (None: of the whole table) whose city has at most
    ``longest`` characters, in the table's order (kept: every address of a narrow column asks).

    >>> all(len(p.city) <= 5 and p.postcode.startswith("69") for p in _places_within("69", 5))
    True
    """
    places = lists.places_by_department()[department] if department else lists.places()
    return tuple(_fitting(places, longest))


def _new_street(match: re.Match, draw: Draw, spare: int | None) -> str:
    """Another number and street name; with ``spare``, each at most ``spare`` characters
    longer than the original's."""
    number = match["number"]
    suffix = number.lstrip("0123456789") if number and number[0].isdigit() else ""
    highest = 150 if spare is None else min(150, 10 ** (len(number or "") - len(suffix) + spare) - 1)
    out = f"{draw.between(1, max(highest, 1))}{suffix}" if number else ""
    names = lists.street_names()
    if spare is not None:
        names = [n for n in names if len(n) <= len(match["name"]) + spare] or names
    name = draw.choice(names)
    return f"{out}{match['sep']}{match['type']}{match['sp']}{case_like(name, match['name'])}"


def surrogate_address(
    value: str, key: bytes, *, keep_department: bool = True, max_length: int | None = None,
    place_code: str | None = None,
) -> str:
    """A plausible French address of the same shape, from the committed lists.

    ``12 rue des Lilas, 69003 Lyon`` -> another number, the same street type, a common
    street name, then the postcode's surrogate commune (:func:`surrogate_place`: a real
    postcode and city, in the same department by default); ``69003 Lyon`` -> that commune
    alone; a bare postcode -> its postcode; a bare city -> the city of ``place_code``'s
    surrogate commune (the postcode of the same row), else of its own postcode's when the
    table knows it (so it stays in its department), else a commune drawn from the table.
    A CEDEX suffix is kept. Longer than ``max_length``, it is drawn again (keyed by the
    length) from the street names, numbers and communes (of the department, else any) no
    longer than the original's; the shortest drawn is returned.

    >>> key = b"k" * 32
    >>> s = surrogate_address("12 rue des Lilas, 69003 Lyon", key)
    >>> place = surrogate_place("69003", key)
    >>> " rue " in s, s.endswith(f", {place.postcode} {place.city}")
    (True, True)
    >>> surrogate_address("Lyon", key, place_code="69003") == place.city
    True
    >>> len(surrogate_address("Périgueux", key, max_length=8)) <= 8
    True
    """
    stripped = value.strip()
    folded = " ".join(fold(stripped).split())
    new = _new_address(stripped, Draw(key, "ADDRESS", folded), key, keep_department, None, place_code=place_code)
    room = None if max_length is None else max_length - len(value) + len(stripped)
    if room is not None and len(new) > room:
        within = Draw(key, "ADDRESS", folded, f"within {room}")
        shorter = _new_address(stripped, within, key, keep_department, max(room - len(stripped), 0), room, place_code)
        new = min(new, shorter, key=len)
    return value.replace(stripped, new, 1)


def _new_address(
    text: str, draw: Draw, key: bytes, keep_department: bool, spare: int | None, room: int | None = None,
    place_code: str | None = None,
) -> str:
    """The first drawn address that differs from ``text`` (and is at most ``room`` long,
    else the shortest drawn)."""
    drawn = []
    for _ in range(MAX_TRIES):
        new = _address_once(text, draw, key, keep_department, spare, place_code)
        if not same_folded(new, text):
            if room is None or len(new) <= room:
                return new
            drawn.append(new)
    if drawn:
        return min(drawn, key=len)
    raise no_surrogate("ADDRESS")


def _address_once(
    text: str, draw: Draw, key: bytes, keep_department: bool, spare: int | None, place_code: str | None,
) -> str:
    if _BARE_POSTCODE.fullmatch(text) and postcode.is_valid(text):
        return surrogate_postcode(text, key, keep_department=keep_department)
    tail = _TAIL.search(text)
    head = text[: tail.start()] if tail else text
    out = ""
    if head:
        street = _STREET.fullmatch(head)
        if street is None and (city_first := _CITY_THEN_POSTCODE.fullmatch(text)) is not None:
            new_code, city = _city_for(key, draw, city_first["postcode"].replace(" ", ""), keep_department,
                                       fold(city_first["city"]), _longest(city_first["city"], spare))
            return f"{case_like(city, city_first['city'])}{city_first['sep']}{reapply(city_first['postcode'], new_code)}"
        if street is None:
            bare = _BARE_CITY.fullmatch(text)
            if tail is None and bare and not any(c.isdigit() for c in text):
                code = place_code if place_code and postcode.is_valid(place_code) else None
                code = code or lists.postcode_of_city().get(fold(bare["city"]))
                _, city = _city_for(key, draw, code, keep_department, fold(bare["city"]), _longest(bare["city"], spare))
                return case_like(city, bare["city"]) + (bare["cedex"] or "")
            if tail is None and is_postcode_shaped(text):  # a postal code of another country: "T6G 2C7", "12227-000"
                return same_shape(text, key, "ADDRESS")
            raise no_surrogate("ADDRESS")
        out = _new_street(street, draw, spare)
    if tail is not None:
        code = tail["postcode"].replace(" ", "")
        avoid = None if head else fold(tail["city"])
        new_code, city = _city_for(key, draw, code, keep_department, avoid, _longest(tail["city"], spare))
        out += (
            f"{tail['sep']}{reapply(tail['postcode'], new_code)}{tail['sp']}"
            f"{case_like(city, tail['city'])}{tail['cedex'] or ''}"
        )
    return out


def _longest(city: str, spare: int | None) -> int | None:
    return None if spare is None else len(city) + spare


PLACES_REMEMBERED = 1 << 14
"""Postcodes whose surrogate commune is kept at hand: every address, postcode and city of a
table asks again for the few thousand postcodes it holds."""


@functools.lru_cache(maxsize=PLACES_REMEMBERED)
def surrogate_place(code: str, key: bytes, *, keep_department: bool = True) -> lists.Place:
    """The surrogate commune of a postcode: a real (postcode, city) pair of the communes
    table, in the postcode's department (by default, when it has another commune: Paris
    becomes a commune of another department; any otherwise), never the original postcode
    nor one of its communes. Keyed by the postcode alone, so a postcode column,
    a city column of the same row and a full address in a note agree (memoised).

    >>> place = surrogate_place("69003", b"k" * 32)
    >>> place.postcode[:2], place.postcode != "69003", fold(place.city) in lists.cities_of_postcodes()[place.postcode]
    ('69', True, True)
    """
    draw = Draw(key, "ADDRESS", "place", code)
    local = lists.places_by_department().get(lists.postcode_department(code), ()) if keep_department else ()
    original = lists.cities_of_postcodes().get(code, frozenset())
    candidates = ([p for p in local if p.folded_city not in original]
                  or [p for p in lists.places() if p.folded_city not in original])
    return draw.choice(candidates)
