"""A surrogate longer than its ``varchar(n)`` column is replaced by a shorter one of the same
kind, not cut: "Périgueux" in varchar(8) becomes another commune, never "Périgueu".

Synthetic values (invented names, cities, addresses and e-mails); the ``db`` tests load the
redacted dumps into real PostgreSQL and MariaDB servers (fixtures of ``conftest``).
"""

from __future__ import annotations

import re
import subprocess
from collections import Counter

import pytest

from scanner.models import Finding
from scanner.name_words import fold
from scanner.readers.mysql_dump import read_mysql
from scanner.readers.postgres_dump import read_postgres
from scanner.redact import lists
from scanner.redact.fields import FieldRedactor
from scanner.redact.pipeline import redact_path
from scanner.redact.policy import RedactionPolicy
from scanner.redact.surrogates import PUBLIC_EMAIL_DOMAINS, RESERVED_EMAIL_DOMAIN, SurrogateError, surrogate
from tests.redact.servers import TIMEOUT
from tests.redact.servers import run as _run

KEY = b"short-surrogates-test-key-0123456789"
CITIES = {fold(c.city) for c in lists.communes()}
FIRST_NAMES = set(lists.first_name_sexes())
LAST_NAMES = lists.folded_last_names()
STREET_NAMES = {fold(n) for n in lists.street_names()}
EMAIL = re.compile(r"[a-z0-9-]+(?:[._-][a-z0-9-]+)?\d*@(?P<domain>[a-z0-9.-]+)")
WIDTHS = range(4, 21)


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", fold(text))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("city", ["Périgueux", "Saint-Jean-de-Luz", "Clermont-Ferrand", "Boulogne-Billancourt", "Pau"])
def test_a_city_becomes_a_listed_city_that_fits(city, width):
    new = surrogate("ADDRESS", city, KEY, max_length=max(width, len(city)))
    assert len(new) <= max(width, len(city)) and fold(new) in CITIES, new


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name, entity", [
    ("Jean DUPONT", "PERSON"), ("Marie-Claire LEFEBVRE", "PERSON"), ("Noé GUÉRIN", "PERSON"),
    ("Chloé", "PERSON"), ("Bartholomew", "PERSON"),
])
def test_a_name_becomes_listed_names_that_fit(name, entity, width):
    new = surrogate(entity, name, KEY, max_length=max(width, len(name)))
    assert len(new) <= max(width, len(name)), new
    assert all(w in FIRST_NAMES or w in LAST_NAMES for w in _words(new)), new


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("address", ["12 rue des Lilas", "3 avenue Victor Hugo", "7 bd de la Liberté"])
def test_a_street_keeps_its_type_and_takes_a_listed_name_that_fits(address, width):
    new = surrogate("ADDRESS", address, KEY, max_length=max(width, len(address)))
    street = re.fullmatch(r"(\d+) (rue|avenue|bd) (.+)", new)
    assert street and len(new) <= max(width, len(address)), new
    assert street[2] == address.split()[1] and fold(street[3]) in STREET_NAMES, new


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("email", ["jean.dupont@gmail.com", "c.roux@chu-exemple.fr", "m_leroy75@orange.fr"])
def test_an_email_gets_a_shorter_local_part_or_domain_never_a_cut_one(email, width):
    try:
        new = surrogate("EMAIL_ADDRESS", email, KEY, max_length=width)
    except SurrogateError:  # masked by the operator: nothing short enough
        assert width < len(f"abc@{RESERVED_EMAIL_DOMAIN}") or email.endswith(".fr") and width < len("abc@me.com"), width
        return
    found = EMAIL.fullmatch(new)
    assert found and len(new) <= width, new
    assert found["domain"] in PUBLIC_EMAIL_DOMAINS | {RESERVED_EMAIL_DOMAIN}, new


@pytest.mark.parametrize("value", ["a@chu-x.fr", "ab@me.com", "j@chu-nancy.fr"])
def test_an_email_with_no_surrogate_short_enough_is_masked_and_counted(value):
    redactor = FieldRedactor(RedactionPolicy(key=KEY))
    finding = Finding("d.sql", "t", "1", "f", "EMAIL_ADDRESS", 0, len(value), 1.0, "r")
    new = redactor.redact_text(value, [finding], "p", width=len(value))
    assert set(new) <= set("*.@-") and len(new) == len(value), new
    assert redactor.fallbacks == Counter({"EMAIL_ADDRESS": 1})


@pytest.mark.parametrize("width", [9, 12])
def test_the_same_value_in_columns_of_one_width_gets_one_surrogate(width):
    a = surrogate("ADDRESS", "Clermont-Ferrand", KEY, max_length=width)
    b = surrogate("ADDRESS", "clermont-ferrand", KEY, max_length=width)
    assert fold(a) == fold(b) and len(a) <= width
    wide = surrogate("ADDRESS", "Clermont-Ferrand", KEY, max_length=40)
    assert wide == surrogate("ADDRESS", "Clermont-Ferrand", KEY)  # the default, when it fits


POSTGRES_DUMP = """--
-- PostgreSQL database dump
--

SET standard_conforming_strings = on;
CREATE TABLE public.patients (
    id integer NOT NULL,
    prenom character varying(5),
    nom character varying(6),
    ville character varying(9),
    adresse character varying(16),
    email character varying(21)
);
COPY public.patients (id, prenom, nom, ville, adresse, email) FROM stdin;
1\tChloé\tGUÉRIN\tPérigueux\t12 rue des Lilas\tc.roux@chu-exemple.fr
2\tNoé\tMARTIN\tAgen\t3 rue de la Paix\tjean.roux@gmail.com
3\tLéa\tDUPONT\tMontauban\t7 rue du Moulin\tl.petit@orange.fr
\\.
"""

MYSQL_DUMP = """-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
CREATE TABLE `patients` (
  `id` int NOT NULL,
  `prenom` varchar(5) DEFAULT NULL,
  `nom` varchar(6) DEFAULT NULL,
  `ville` varchar(9) DEFAULT NULL,
  `adresse` varchar(16) DEFAULT NULL,
  `email` varchar(21) DEFAULT NULL,
  PRIMARY KEY (`id`)
);
INSERT INTO `patients` VALUES (1,'Chloé','GUÉRIN','Périgueux','12 rue des Lilas','c.roux@chu-exemple.fr'),\
(2,'Noé','MARTIN','Agen','3 rue de la Paix','jean.roux@gmail.com'),\
(3,'Léa','DUPONT','Montauban','7 rue du Moulin','l.petit@orange.fr');
"""

WIDTH_OF = {"prenom": 5, "nom": 6, "ville": 9, "adresse": 16, "email": 21}


def _redact(tmp_path, detector, name: str, text: str):
    source = tmp_path / name
    source.write_text(text)
    output = tmp_path / f"redacted_{name}"
    summary = redact_path(source, output, RedactionPolicy(key=KEY), detector=detector)
    assert summary.output == output and summary.records_dropped == 0
    return source, output


@pytest.mark.parametrize("name, text, read", [
    ("short_postgres.sql", POSTGRES_DUMP, read_postgres),
    ("short_mysql.sql", MYSQL_DUMP, read_mysql),
])
def test_redacted_dump_values_are_whole_surrogates_that_fit(tmp_path, detector, name, text, read):
    source, output = _redact(tmp_path, detector, name, text)
    before = {r.record: r.fields for r in read(source)}
    for record, fields in ((r.record, r.fields) for r in read(output)):
        for column, width in WIDTH_OF.items():
            assert fields[column] != before[record][column] and len(fields[column]) <= width, (column, fields)
        assert fold(fields["prenom"]) in FIRST_NAMES and fold(fields["nom"]) in LAST_NAMES, fields
        assert fold(fields["ville"]) in CITIES and EMAIL.fullmatch(fields["email"]), fields


@pytest.mark.db
def test_short_surrogates_load_into_postgres(postgres, tmp_path, detector):
    _, output = _redact(tmp_path, detector, "short_postgres.sql", POSTGRES_DUMP)
    _run(postgres + ["-d", "postgres", "-c", "CREATE DATABASE short_surrogates"])
    loaded = subprocess.run(postgres + ["-d", "short_surrogates", "-v", "ON_ERROR_STOP=1", "-f", "-"],
                            input=output.read_bytes(), capture_output=True, timeout=TIMEOUT)
    assert loaded.returncode == 0, loaded.stderr.decode(errors="replace")
    count = _run(postgres + ["-d", "short_surrogates", "-t", "-A", "-c", "SELECT count(*) FROM public.patients"])
    assert count.stdout.strip() == "3"


@pytest.mark.db
def test_short_surrogates_load_into_mariadb(mariadb, tmp_path, detector):
    _, output = _redact(tmp_path, detector, "short_mysql.sql", MYSQL_DUMP)
    _run(mariadb + ["-e", "CREATE DATABASE short_surrogates CHARACTER SET utf8mb4"])
    strict = b"SET sql_mode = 'STRICT_ALL_TABLES';\n"
    loaded = subprocess.run(mariadb + ["short_surrogates"], input=strict + output.read_bytes(),
                            capture_output=True, timeout=TIMEOUT)
    assert loaded.returncode == 0, loaded.stderr.decode(errors="replace")
    count = _run(mariadb + ["-N", "-B", "short_surrogates", "-e", "SELECT count(*) FROM patients"])
    assert count.stdout.strip() == "3"
