"""Detection quality of identity documents and the INS on generated notes and tables.

Usage: python -m benchmarks.identity_documents [--notes 300] [--rows 300] [--seed 23]

Notes and table rows hold a CNI (laminated and card), passport, residence permit (AGDREF),
driving licence (paper and card) or INS number in the forms people write (compact, spaced,
dotted, in pairs; after their label, or near a context word; an INS beside its OID), among
numbers that look like them (phone numbers, NIRs, order numbers, amounts, dates, stay
numbers, RPPS). All values are synthetic: random digits and letters with the documents'
structure, NIRs with a computed key. A predicted span is a true positive when it overlaps a
labelled span of its type; per type, recall and precision.
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import dataclass, field

from benchmarks.quality import EntityScore

TYPES = ("FR_CNI", "FR_PASSPORT", "FR_RESIDENCE_PERMIT", "FR_DRIVING_LICENCE", "FR_INS")
INS_OIDS = ("1.2.250.1.213.1.4.8", "1.2.250.1.213.1.4.9", "1.2.250.1.213.1.4.10")
LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


@dataclass
class Sample:
    """A text (a note, or a table cell with its column name) and its labelled spans."""

    text: str
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    column: str | None = None


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _letters(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(LETTERS) for _ in range(n))


def _department(rng: random.Random) -> str:
    """A department code, Corsica's 2A/2B included (20 is none)."""
    if rng.random() < 0.1:
        return rng.choice(["2A", "2B"])
    return f"{rng.choice([d for d in range(1, 96) if d != 20]):02d}"


def cni_number(rng: random.Random) -> str:
    """A CNI number of either generation, compact.

    >>> from scanner.identifiers import cni
    >>> all(cni.is_valid(cni_number(random.Random(i))) for i in range(200))
    True
    """
    from scanner.identifiers import cni, passport

    if rng.random() < 0.5:
        year = rng.choice([*range(88, 100), *range(0, 22)])
        office = _department(rng) + rng.choice("0123456789AB")
        return f"{year:02d}{rng.randint(1, 12):02d}{office}{_digits(rng, 5)}"
    while True:
        number = "".join(rng.choice("0123456789" + LETTERS) for _ in range(9))
        if cni.is_valid(number) and not passport.is_valid(number):
            return number


def passport_number(rng: random.Random) -> str:
    return f"{_digits(rng, 2)}{_letters(rng, 2)}{_digits(rng, 5)}"


def residence_permit_number(rng: random.Random) -> str:
    return f"{rng.randint(1, 95):02d}{_digits(rng, 8)}"


def driving_licence_number(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{_digits(rng, 2)}{rng.randint(1, 12):02d}{_department(rng)}{_digits(rng, 6)}"
    return f"{_digits(rng, 2)}{_letters(rng, 2)}{_digits(rng, 9)}"


def nir_number(rng: random.Random, first: str = "12") -> str:
    """A NIR (or NIA with ``first`` "78") with its key."""
    body = f"{rng.choice(first)}{_digits(rng, 2)}{rng.randint(1, 12):02d}{rng.randint(1, 95):02d}{_digits(rng, 6)}"
    return body + f"{97 - int(body) % 97:02d}"


def written(rng: random.Random, number: str, groups: tuple[int, ...] | None) -> str:
    """``number`` compact, or in ``groups`` joined by spaces, dots or dashes."""
    if groups is None or rng.random() < 0.4:
        return number
    separator = rng.choice([" ", " ", ".", "-"])
    parts, start = [], 0
    for size in groups:
        parts.append(number[start:start + size])
        start += size
    return separator.join(parts)


def _layout(entity_type: str, number: str) -> tuple[int, ...] | None:
    if entity_type == "FR_CNI":
        return (4, 3, 5) if len(number) == 12 else None
    if entity_type == "FR_PASSPORT":
        return (2, 2, 5)
    if entity_type == "FR_RESIDENCE_PERMIT":
        return (2, 2, 2, 2, 2)
    if entity_type == "FR_DRIVING_LICENCE":
        return (2, 2, 2, 6) if len(number) == 12 else (2, 2, 3, 3, 3)
    return (1, 2, 2, 2, 3, 3, 2)  # FR_INS


NUMBERS = {
    "FR_CNI": cni_number, "FR_PASSPORT": passport_number, "FR_RESIDENCE_PERMIT": residence_permit_number,
    "FR_DRIVING_LICENCE": driving_licence_number,
    "FR_INS": lambda rng: nir_number(rng, "12" if rng.random() < 0.8 else "78"),
}
LABELLED = {
    "FR_CNI": ["CNI n° {}", "CNI : {}", "carte nationale d'identité n° {}", "Carte d'identité {}", "CNI {}"],
    "FR_PASSPORT": ["passeport n° {}", "Passeport : {}", "passeport {}", "N° de passeport : {}"],
    "FR_RESIDENCE_PERMIT": ["titre de séjour n° {}", "Titre de séjour : {}", "carte de séjour n° {}",
                            "carte de résident {}", "n° étranger : {}", "AGDREF {}"],
    "FR_DRIVING_LICENCE": ["permis de conduire n° {}", "Permis : {}", "permis n° {}", "NEPH {}"],
    "FR_INS": ["INS {} (OID {oid})", "INS : {}, OID {oid}", "{}^^^&{oid}&ISO^INS", "OID {oid} : {}",
               "matricule INS {} ({oid})"],
}
NEAR_CONTEXT = {
    "FR_CNI": ["Identité vérifiée sur présentation de la CNI, numéro relevé {}.",
               "Pièce d'identité (CNI) : {}"],
    "FR_PASSPORT": ["Identité vérifiée par passeport, numéro {}.", "Passeport présenté, {}."],
    "FR_RESIDENCE_PERMIT": ["Numéro AGDREF du patient {}.", "Récépissé présenté, {}."],
    "FR_DRIVING_LICENCE": ["Permis présenté, numéro {}.", "Copie du permis de conduire : {}."],
    "FR_INS": ["Identité qualifiée, INS {} / {oid}."],
}
OPENINGS = ["Patiente vue ce jour pour bilan.", "Admission aux urgences pour chute.", "Consultation de suivi.",
            "Entrée en médecine interne.", "Vu en hôpital de jour."]
DISTRACTORS = [
    lambda rng: f"Tél : 0{rng.randint(1, 7)} {_digits(rng, 2)} {_digits(rng, 2)} {_digits(rng, 2)} {_digits(rng, 2)}.",
    lambda rng: f"NIR {nir_number(rng)}.",
    lambda rng: f"Séjour n° {rng.randint(2019, 2025)}{_digits(rng, 6)}.",
    lambda rng: f"Commande {_digits(rng, 12)} du {rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2024.",
    lambda rng: f"Montant réglé : {rng.randint(1, 999)} {_digits(rng, 3)},{_digits(rng, 2)} €.",
    lambda rng: f"Domicile : {rng.randint(1, 99)} rue des Lilas, {rng.randint(1, 95):02d}{_digits(rng, 3)} Lyon.",
    lambda rng: f"Dossier {_digits(rng, 10)}.",
    lambda rng: "RPPS du médecin traitant : 10003456789.",
    lambda rng: f"Référence colis {passport_number(rng)}.",
    lambda rng: f"Né le {rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1930, 2020)}.",
]
COLUMNS = {
    "FR_CNI": ["num_cni", "cni", "numero_carte_identite", "piece_identite_numero"],
    "FR_PASSPORT": ["passeport", "num_passeport", "numeroPasseport"],
    "FR_RESIDENCE_PERMIT": ["num_titre_sejour", "agdref", "numero_etranger", "titre_sejour"],
    "FR_DRIVING_LICENCE": ["permis_conduire", "num_permis", "neph"],
    "FR_INS": ["matricule_ins", "ins", "insNir"],
}


def generate_notes(rng: random.Random, count: int) -> list[Sample]:
    """Notes holding one to three identity numbers, labelled or near a context word, among
    look-alikes."""
    notes = []
    for _ in range(count):
        sample = Sample(rng.choice(OPENINGS))
        sentences = [rng.choice(DISTRACTORS)(rng) for _ in range(rng.randint(1, 3))]
        for entity_type in rng.sample(TYPES, rng.randint(1, 3)):
            number = NUMBERS[entity_type](rng)
            shown = written(rng, number, _layout(entity_type, number))
            templates = LABELLED[entity_type] + (NEAR_CONTEXT[entity_type] if rng.random() < 0.3 else [])
            sentences.insert(rng.randint(0, len(sentences)), (rng.choice(templates), shown, entity_type))
        for sentence in sentences:
            sample.text += " "
            if isinstance(sentence, str):
                sample.text += sentence
                continue
            template, shown, entity_type = sentence
            before, after = template.split("{}")
            oid = rng.choice(INS_OIDS)
            sample.text += before.format(oid=oid)
            sample.spans.append((len(sample.text), len(sample.text) + len(shown), entity_type))
            sample.text += shown + after.format(oid=oid) + ("" if after.endswith(".") else ".")
        notes.append(sample)
    return notes


def generate_cells(rng: random.Random, count: int) -> list[Sample]:
    """Table cells: a number in a column named for its document, compact or spaced."""
    cells = []
    for _ in range(count):
        entity_type = rng.choice(TYPES)
        number = NUMBERS[entity_type](rng)
        shown = written(rng, number, _layout(entity_type, number))
        cells.append(Sample(shown, [(0, len(shown), entity_type)], rng.choice(COLUMNS[entity_type])))
    return cells


def score(samples: list[Sample], predictions: list[list[tuple[int, int, str]]]) -> dict[str, EntityScore]:
    """Per type: a prediction overlapping a labelled span of its type is a true positive."""
    scores = {entity_type: EntityScore() for entity_type in TYPES}
    for sample, predicted in zip(samples, predictions):
        for start, end, entity_type in sample.spans:
            found = any(t == entity_type and s < end and start < e for s, e, t in predicted)
            if found:
                scores[entity_type].true_positives += 1
            else:
                scores[entity_type].false_negatives += 1
        for start, end, entity_type in predicted:
            if entity_type in scores and not any(
                t == entity_type and s < end and start < e for s, e, t in sample.spans
            ):
                scores[entity_type].false_positives += 1
    return scores


def measure(detector, notes: int = 300, rows: int = 300, seed: int = 23) -> dict[str, dict[str, EntityScore]]:
    """Scores per type on generated notes and on generated table cells."""
    from scanner.models import Record

    rng = random.Random(seed)
    note_samples = generate_notes(rng, notes)
    found = detector.analyze_texts([s.text for s in note_samples])
    note_predictions = [[(r.start, r.end, r.entity_type) for r in results] for results in found]
    cell_samples = generate_cells(rng, rows)
    records = [Record("identity.csv", "patients", str(i), {s.column: s.text}) for i, s in enumerate(cell_samples)]
    findings = detector.detect_batch(records)
    cell_predictions = [[(f.start, f.end, f.entity_type) for f in fs] for fs in findings]
    return {"notes": score(note_samples, note_predictions), "tables": score(cell_samples, cell_predictions)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=300)
    parser.add_argument("--rows", type=int, default=300)
    parser.add_argument("--seed", type=int, default=23)
    args = parser.parse_args()
    from scanner.detect import Detector

    started = time.perf_counter()
    results = measure(Detector(), args.notes, args.rows, args.seed)
    print(f"{'where':8} {'entity':20} {'precision':>9} {'recall':>7} {'tp':>5} {'fp':>5} {'fn':>5}")
    for where, scores in results.items():
        for entity_type, s in scores.items():
            print(f"{where:8} {entity_type:20} {s.precision:9.3f} {s.recall:7.3f} "
                  f"{s.true_positives:5d} {s.false_positives:5d} {s.false_negatives:5d}")
    print(f"({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
