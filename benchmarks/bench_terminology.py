"""Measure terminology load time and matching speed on synthetic French notes.

Example: python benchmarks/bench_terminology.py --notes 5000
"""

import argparse
import random
import time

SENTENCES = [
    "Patiente de {age} ans, suivie pour diabète de type 2 et HTA.",
    "ATCD : IDM en 2015, FA paroxystique, BPCO stade 2.",
    "Sous Levothyrox 75 µg, metformine 1000 mg matin et soir, Kardégic 75.",
    "Pas de tentative de suicide, pas d'idées noires ce jour.",
    "Mère : cancer du sein. Père diabétique.",
    "Sérologie VIH négative, dépistage IST demandé.",
    "OH chronique sevré depuis 2 ans, tabagisme actif 20 PA.",
    "Grossesse de 12 SA, échographie normale.",
    "Examen clinique sans particularité, auscultation cardio-pulmonaire normale.",
    "Revue en consultation dans 3 mois avec bilan biologique.",
    "Insuffisance cardiaque à FEVG préservée, œdèmes des membres inférieurs.",
    "DP : E11.9 ; DAS : I10, F32.1.",
]


def make_notes(count: int, seed: int = 0) -> list[str]:
    from faker import Faker

    fake = Faker("fr_FR")
    Faker.seed(seed)
    rng = random.Random(seed)
    notes = []
    for _ in range(count):
        parts = [rng.choice(SENTENCES).format(age=rng.randint(18, 95)) for _ in range(rng.randint(3, 8))]
        parts += [fake.sentence(nb_words=12) for _ in range(rng.randint(2, 6))]
        rng.shuffle(parts)
        notes.append(" ".join(parts))
    return notes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=int, default=5000)
    args = parser.parse_args()

    start = time.perf_counter()
    from scanner.terminology import find_terms, get_matcher
    from scanner.terminology.codes import icd10_codes

    get_matcher()
    icd10_codes()
    load = time.perf_counter() - start

    notes = make_notes(args.notes)
    chars = sum(len(n) for n in notes)
    start = time.perf_counter()
    found = sum(len(find_terms(n)) for n in notes)
    elapsed = time.perf_counter() - start
    print(f"load: {load:.2f} s (import + terminology table + ICD-10 code set)")
    print(f"match: {args.notes} notes, {chars / 1e6:.2f} M chars, {found} terms in {elapsed:.2f} s "
          f"-> {chars / elapsed / 1e6:.2f} M chars/s, {args.notes / elapsed:.0f} notes/s")


if __name__ == "__main__":
    main()
