"""A synthetic patient dump of any size, with the exact report it must produce (truth.json).

Usage::

    python -m benchmarks.generate_dump --rows 1000000 --notes-share 0.35 --format csv --out /tmp/dump

writes ``patients.csv`` (or ``dump_mysql.sql`` / ``dump_postgres.sql``) and ``truth.json``
beside it: every sizing figure ``vigie scan --report`` must give for that file (records by
class, entities, findings by category, categories, persons, duplicates, free text,
per-column rows and findings).

One table, ``patients``: ``id, nom, prenom, date_naissance, nir, telephone, email,
adresse, cp, ville, medecin_rpps, notes``. Each administrative cell gives exactly one
finding (``nom``/``prenom`` PERSON, ``date_naissance`` DATE_TIME, ``nir`` FR_NIR,
``telephone`` PHONE_NUMBER, ``email`` EMAIL_ADDRESS, ``adresse``/``cp``/``ville``
ADDRESS, ``medecin_rpps`` FR_RPPS); ``id`` gives none. ``notes`` is filled in
``--notes-share`` of the rows with one phrase of ``PHRASES``, each chosen because vigie
finds exactly the findings listed next to it (``tests/test_report_generated.py`` checks
this). A share ``--dup-share`` of the rows repeats an earlier person (same NIR, name and
birth date): the report's ``duplicates``.

Everything is synthetic and derived from the row number and ``--seed``: the output is
the same for the same arguments. It streams (constant memory) and writes about
1M rows in 10-20 s.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path

from scanner.classify import SENSITIVE_ENTITIES

COLUMNS = [
    "id", "nom", "prenom", "date_naissance", "nir", "telephone", "email", "adresse", "cp", "ville",
    "medecin_rpps", "notes",
]
ADMIN_FINDINGS = {
    "nom": "PERSON", "prenom": "PERSON", "date_naissance": "DATE_TIME", "nir": "FR_NIR",
    "telephone": "PHONE_NUMBER", "email": "EMAIL_ADDRESS", "adresse": "ADDRESS", "cp": "ADDRESS",
    "ville": "ADDRESS", "medecin_rpps": "FR_RPPS",
}
"""Column -> the one finding each of its cells gives."""

PHRASES: list[tuple[str, tuple[tuple[str, str | None], ...]]] = [
    ("Patient suivi pour un diabète de type 2 sous metformine.",
     (("DIAGNOSIS", "other_health"), ("MEDICATION", "other_health"))),
    ("Hypertension artérielle traitée par amlodipine.",
     (("DIAGNOSIS", "other_health"), ("MEDICATION", "other_health"))),
    ("Séropositivité VIH connue, sous Truvada.",
     (("DIAGNOSIS", "hiv_sti"), ("DIAGNOSIS", "hiv_sti"), ("MEDICATION", "hiv_sti"))),
    ("Antécédent de cancer du sein, surveillance annuelle.", (("DIAGNOSIS", "oncology"),)),
    ("Asthme allergique, Ventoline si besoin.",
     (("DIAGNOSIS", "other_health"), ("MEDICATION", "other_health"))),
    ("Consultation de contrôle, examen clinique normal.", ()),
    ("Rendez-vous reporté à la demande du patient.", ()),
    ("Rappeler la patiente au 06 12 34 56 78 pour les résultats.", (("PHONE_NUMBER", None),)),
    ("Patient sevré, suivi pour dépendance aux opiacés sous méthadone.",
     (("DIAGNOSIS", "addiction"), ("MEDICATION", "addiction"))),
    ("Grossesse de 12 semaines, échographie prévue.",
     (("PROCEDURE", "reproductive"), ("PROCEDURE", "other_health"))),
    ("Mucoviscidose suivie au centre de référence.", (("DIAGNOSIS", "genetic"),)),
    ("Renouvellement de Levothyrox pour hypothyroïdie.",
     (("MEDICATION", "other_health"), ("DIAGNOSIS", "other_health"))),
    ("Courrier envoyé au médecin traitant.", ()),
    ("Bilan sanguin sans particularité.", ()),
    ("Insuffisance cardiaque, furosémide 40 mg par jour.",
     (("DIAGNOSIS", "other_health"), ("MEDICATION", "other_health"))),
    ("Schizophrénie stabilisée, rispéridone.",
     (("DIAGNOSIS", "mental_health"), ("MEDICATION", "mental_health"))),
    ("Dossier transmis au secrétariat.", ()),
    ("Patiente en situation de handicap, dossier MDPH en cours.",
     (("DIAGNOSIS", "disability"), ("DIAGNOSIS", "disability"))),
]
"""Note phrases and the findings (entity type, category) vigie gives for each, exactly."""

FIRST_NAMES = (
    ["Jean", "Pierre", "Michel", "André", "Philippe", "Alain", "Nicolas", "Louis", "Jacques",
     "Bernard", "Julien", "Thomas", "Antoine", "François", "Hugo", "Lucas", "Mathieu", "Paul"],
    ["Marie", "Nathalie", "Isabelle", "Sylvie", "Catherine", "Martine", "Christine", "Camille",
     "Julie", "Sophie", "Céline", "Hélène", "Chantal", "Léa", "Manon", "Émilie", "Claire", "Anne"],
)
LAST_NAMES = [
    "MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "RICHARD", "PETIT", "DURAND", "LEROY",
    "MOREAU", "SIMON", "LAURENT", "LEFEBVRE", "MICHEL", "GARCIA", "DAVID", "BERTRAND", "ROUX",
    "VINCENT", "FOURNIER", "MOREL", "GIRARD", "ANDRÉ", "LEFÈVRE", "MERCIER", "DUPONT", "LAMBERT",
    "BONNET", "FRANÇOIS", "MARTINEZ", "LEGRAND", "GARNIER", "FAURE", "ROUSSEAU", "BLANC",
]
STREETS = [
    "rue des Lilas", "avenue Jean Jaurès", "boulevard Victor Hugo", "rue de la République",
    "impasse des Roses", "chemin du Moulin", "place de la Mairie", "allée des Chênes",
    "rue Pasteur", "avenue de la Gare",
]
CITIES = [
    ("75011", "Paris"), ("69003", "Lyon"), ("13005", "Marseille"), ("31000", "Toulouse"),
    ("33000", "Bordeaux"), ("59000", "Lille"), ("44000", "Nantes"), ("67000", "Strasbourg"),
    ("34000", "Montpellier"), ("35000", "Rennes"), ("97400", "Saint-Denis"), ("20000", "Ajaccio"),
]
DEPARTMENTS = [f"{d:02d}" for d in range(1, 96) if d != 20] + ["2A", "2B"]
_MASK = (1 << 64) - 1


def _mix(n: int) -> int:
    """splitmix64: a well-spread 64-bit number for each integer."""
    z = (n + 0x9E3779B97F4A7C15) & _MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


@lru_cache(maxsize=None)
def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def nir_key(body: str) -> str:
    """The NIR key of a 13-character body (2A/2B read as 19/18).

    >>> nir_key("1850578006084")
    '91'
    """
    number = int(body.replace("2A", "19").replace("2B", "18"))
    return f"{97 - number % 97:02d}"


def luhn_digit(body: str) -> str:
    """The Luhn check digit of a digit string.

    >>> luhn_digit("1012345678")
    '1'
    """
    total = 0
    for i, char in enumerate(reversed(body)):
        digit = int(char)
        if i % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return str((10 - total % 10) % 10)


def person(index: int, seed: int) -> tuple[str, str, str, str]:
    """``(nom, prenom, date_naissance, nir)`` of person ``index``: distinct NIR per index."""
    h = _mix(index ^ (seed << 32))
    sex = 1 + (h & 1)
    first = FIRST_NAMES[sex - 1][(h >> 1) % len(FIRST_NAMES[0])]
    last = LAST_NAMES[(h >> 8) % len(LAST_NAMES)]
    year, month, day = 1930 + (h >> 16) % 80, 1 + (h >> 24) % 12, 1 + (h >> 28) % 28
    order, rest = index % 999 + 1, index // 999
    commune, rest = rest % 999 + 1, rest // 999
    department = DEPARTMENTS[rest % len(DEPARTMENTS)]
    body = f"{sex}{year % 100:02d}{month:02d}{department}{commune:03d}{order:03d}"
    return last, first, f"{year:04d}-{month:02d}-{day:02d}", body + nir_key(body)


def contact(index: int, seed: int, last: str, first: str) -> tuple[str, str, str, str, str, str]:
    """``(telephone, email, adresse, cp, ville, medecin_rpps)`` of person ``index``."""
    h = _mix(index ^ (seed << 32) ^ 0x5A5A5A5A)
    digits = f"{h % 100_000_000:08d}"
    telephone = f"06 {digits[0:2]} {digits[2:4]} {digits[4:6]} {digits[6:8]}"
    email = f"{_fold(first)}.{_fold(last)}{index}@example.fr".replace(" ", "").replace("'", "")
    adresse = f"{1 + (h >> 27) % 150} {STREETS[(h >> 35) % len(STREETS)]}"
    cp, ville = CITIES[(h >> 40) % len(CITIES)]
    rpps_body = f"10{(h >> 44) % 100_000_000:08d}"
    return telephone, email, adresse, cp, ville, rpps_body + luhn_digit(rpps_body)


class Truth:
    """The figures the report must give, counted as rows are written."""

    def __init__(self, fmt: str, path: Path) -> None:
        self.format, self.path = fmt, path
        self.rows = 0
        self.sensitive = 0
        self.distinct = 0
        self.duplicates = 0
        self.notes = 0
        self.notes_sensitive = 0
        self.entities: Counter = Counter()
        self.findings_by_category: Counter = Counter()
        self.categories: Counter = Counter()
        self.notes_findings: Counter = Counter()
        self.notes_sensitive_rows = 0
        self._phrases = [
            (Counter(t for t, _ in found), Counter(c for _, c in found if c),
             sorted({c for _, c in found if c}), any(t in SENSITIVE_ENTITIES for t, _ in found))
            for _, found in PHRASES
        ]

    def add(self, phrase: int | None, duplicate: bool) -> None:
        self.rows += 1
        if duplicate:
            self.duplicates += 1
        else:
            self.distinct += 1
        if phrase is None:
            return
        entities, categories, record_categories, sensitive = self._phrases[phrase]
        self.notes += 1
        self.notes_findings.update(entities)
        self.findings_by_category.update(categories)
        self.categories.update(record_categories)
        if sensitive:
            self.sensitive += 1
            self.notes_sensitive += 1

    def to_dict(self) -> dict:
        entities = Counter({t: self.rows * n for t, n in Counter(ADMIN_FINDINGS.values()).items()})
        entities.update(self.notes_findings)
        columns = {c: {"rows": self.rows, "findings": {ADMIN_FINDINGS[c]: self.rows} if c in ADMIN_FINDINGS else {}}
                   for c in COLUMNS if c != "notes"}
        columns["notes"] = {"rows": self.notes, "findings": dict(sorted(self.notes_findings.items())),
                            "sensitive_rows": self.notes_sensitive}
        return {
            "format": self.format,
            "file": self.path.name,
            "table": None if self.format == "csv" else "patients",
            "records": {
                "total": self.rows, "sensitive": self.sensitive,
                "administrative": self.rows - self.sensitive, "none": 0, "unparsed": 0,
            },
            "entities": dict(sorted(entities.items())),
            "findings_by_category": dict(sorted(self.findings_by_category.items())),
            "categories": dict(sorted(self.categories.items())),
            "persons": {"distinct": self.distinct, "method": "nir", "keyed_records": self.rows},
            "duplicates": self.duplicates,
            "free_text": {"records": self.notes, "sensitive": self.notes_sensitive},
            "columns": columns,
        }


def iter_rows(rows: int, notes_share: float, dup_share: float, seed: int, truth: Truth):
    """Rows as lists of strings (``None`` for an empty note), counted into ``truth``."""
    rng = random.Random(seed)
    random_ = rng.random
    persons = 0
    for number in range(1, rows + 1):
        duplicate = persons > 0 and random_() < dup_share
        index = int(random_() * persons) if duplicate else persons
        if not duplicate:
            persons += 1
        last, first, born, nir = person(index, seed)
        phrase = int(random_() * len(PHRASES)) if random_() < notes_share else None
        truth.add(phrase, duplicate)
        yield [str(number), last, first, born, nir, *contact(index, seed, last, first),
               None if phrase is None else PHRASES[phrase][0]]


def write_csv(path: Path, rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as fp:
        writer = csv.writer(fp, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(["" if v is None else v for v in row] for row in rows)


def _sql_literal(value: str | None) -> str:
    if value is None:
        return "NULL"
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def write_mysql(path: Path, rows, batch: int = 500) -> None:
    columns = ",\n".join(f"  `{c}` {'int NOT NULL' if c == 'id' else 'text'}" for c in COLUMNS)
    with path.open("w", encoding="utf-8") as fp:
        fp.write("-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n--\n"
                 "-- Host: localhost    Database: cabinet (synthetic, benchmarks/generate_dump.py)\n\n"
                 f"DROP TABLE IF EXISTS `patients`;\nCREATE TABLE `patients` (\n{columns},\n"
                 "  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n\n"
                 "LOCK TABLES `patients` WRITE;\n")
        pending: list[str] = []
        for row in rows:
            pending.append("(" + row[0] + "," + ",".join(_sql_literal(v) for v in row[1:]) + ")")
            if len(pending) == batch:
                fp.write("INSERT INTO `patients` VALUES " + ",".join(pending) + ";\n")
                pending = []
        if pending:
            fp.write("INSERT INTO `patients` VALUES " + ",".join(pending) + ";\n")
        fp.write("UNLOCK TABLES;\n-- Dump completed\n")


def _copy_cell(value: str | None) -> str:
    if value is None:
        return "\\N"
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def write_postgres(path: Path, rows) -> None:
    columns = ",\n".join(f"    {c} {'integer NOT NULL' if c == 'id' else 'text'}" for c in COLUMNS)
    with path.open("w", encoding="utf-8") as fp:
        fp.write("--\n-- PostgreSQL database dump\n--\n\n"  # pg_dump's own header, as the scan knows it
                 "SET standard_conforming_strings = on;\n\n"
                 f"CREATE TABLE public.patients (\n{columns}\n);\n\n"
                 f"COPY public.patients ({', '.join(COLUMNS)}) FROM stdin;\n")
        fp.writelines("\t".join(_copy_cell(v) for v in row) + "\n" for row in rows)
        fp.write("\\.\n\nALTER TABLE ONLY public.patients ADD CONSTRAINT patients_pkey PRIMARY KEY (id);\n"
                 "\n--\n-- PostgreSQL database dump complete\n--\n")


WRITERS = {
    "csv": ("patients.csv", write_csv),
    "mysql": ("dump_mysql.sql", write_mysql),
    "postgres": ("dump_postgres.sql", write_postgres),
}


def generate(out: Path, rows: int, notes_share: float = 0.35, fmt: str = "csv",
             dup_share: float = 0.1, seed: int = 20240611) -> tuple[Path, dict]:
    """Write the dump and ``truth.json`` in ``out``; return the dump path and the truth."""
    out.mkdir(parents=True, exist_ok=True)
    name, writer = WRITERS[fmt]
    path = out / name
    truth = Truth(fmt, path)
    writer(path, iter_rows(rows, notes_share, dup_share, seed, truth))
    data = truth.to_dict()
    data["arguments"] = {"rows": rows, "notes_share": notes_share, "dup_share": dup_share, "seed": seed}
    (out / "truth.json").write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path, data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--notes-share", type=float, default=0.35, help="share of rows with a note (0.01, 0.35...)")
    parser.add_argument("--dup-share", type=float, default=0.1, help="share of rows repeating an earlier person")
    parser.add_argument("--format", choices=sorted(WRITERS), default="csv")
    parser.add_argument("--seed", type=int, default=20240611)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    path, truth = generate(args.out, args.rows, args.notes_share, args.format, args.dup_share, args.seed)
    print(f"{path}: {truth['records']['total']:,} rows, {truth['persons']['distinct']:,} persons, "
          f"{truth['duplicates']:,} duplicates, {truth['free_text']['records']:,} notes "
          f"({time.perf_counter() - started:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
