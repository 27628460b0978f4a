"""Synthetic people and the agreements a coherent surrogate identity keeps (issue 20),
shared by the tests that check them on generated tables, notes, joined tables and fixtures.

>>> nir_agrees("2 95 10 99 126 111 93", "F", datetime.date(1995, 10, 3)), nir_agrees("295109912611193", "M", None)
(True, False)
"""

import datetime
import random
import re

from faker import Faker
from stdnum.fr import nir as stdnum_nir

from scanner.identifiers import phone
from scanner.name_words import fold
from scanner.redact import lists

TITLES = {"M": "M.", "F": "Mme"}
SEX_OF_TITLE = {"M.": "M", "Mme": "F"}
PHONE_ZONES = ["06", "07", "01", "02", "03", "04", "05", "09", "0692", "0596", "0262"]
SEX_OF_NIR_DIGIT = {"1": "M", "3": "M", "7": "M", "2": "F", "4": "F", "8": "F"}


class Generator:
    """Seeded synthetic people: name, sex, birth date, a NIR that agrees with them, a phone
    of a known zone and a real (postcode, city) pair."""

    def __init__(self, seed: int) -> None:
        self.fake = Faker("fr_FR")
        self.fake.seed_instance(seed)
        self.random = random.Random(seed)
        self.places = lists.places()
        self.birthplaces = lists.nir_birthplaces()

    def person(self) -> dict:
        sex = self.random.choice("FM")
        first = self.fake.first_name_female() if sex == "F" else self.fake.first_name_male()
        last = self.random.choice([n for n in (self.fake.last_name() for _ in range(5)) if " " not in n] or ["Martin"])
        born = self.fake.date_between(datetime.date(1925, 1, 1), datetime.date(2015, 12, 31))
        body = f"{'1' if sex == 'M' else '2'}{born:%y%m}{self.random.choice(self.birthplaces)}{self.random.randint(1, 999):03d}"
        place = self.random.choice(self.places)
        zone = self.random.choice(PHONE_ZONES)
        telephone = self._phone(zone)
        return {
            "sex": sex, "first": first, "last": last.upper(), "born": born,
            "nir": body + stdnum_nir.calc_check_digits(body), "telephone": telephone,
            "cp": place.postcode, "ville": place.city,
            "visit": born + datetime.timedelta(days=self.random.randint(0, 365 * 40)),
        }

    def _phone(self, zone: str) -> str:
        while True:
            number = zone + "".join(str(self.random.randint(0, 9)) for _ in range(10 - len(zone)))
            if phone.is_valid(number):
                return number


def nir_sex(nir: str) -> str | None:
    """``F`` or ``M`` as the NIR's first digit says."""
    return SEX_OF_NIR_DIGIT.get(re.sub(r"\W", "", nir)[:1])


def nir_agrees(nir: str, sex: str | None, born: datetime.date | None) -> bool:
    """Whether ``nir`` is valid and says ``sex`` and the year and month of ``born``."""
    body = re.sub(r"\W", "", nir)
    return (stdnum_nir.is_valid(body) and nir_sex(body) == sex
            and (born is None or body[1:5] == f"{born:%y%m}"))


def first_name_sexes(first_names: str) -> set[str]:
    return {lists.first_name_sexes().get(fold(part)) for part in first_names.split("-")}


def place_agrees(code: str, city: str) -> bool:
    return fold(city) in lists.cities_of_postcodes().get(code, ())


def other_commune_in_department(code: str) -> bool:
    originals = lists.cities_of_postcodes()[code]
    return any(fold(p.city) not in originals for p in lists.places_by_department()[lists.postcode_department(code)])


def zone(number: str) -> str:
    return next(z for z in sorted(PHONE_ZONES, key=len, reverse=True) if number.startswith(z))
