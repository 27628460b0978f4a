"""Recall and precision of the tax, business, card, IP and URL types on generated notes
and tables that hold them in the forms people write (spaced, dotted, compact, with or
without their label), among look-alikes (phones, NIRs, RPPS, dates, amounts, order numbers).

Issue 23's bar: recall >= 0.98 and precision >= 0.95 per type. Values are synthetic, keys
computed with python-stdnum.
"""

import random
from collections import Counter

import pytest
from stdnum import luhn
from stdnum.fr import nir as stdnum_nir

from scanner.identifiers import tax_id, vat

TYPES = ("FR_TAX_ID", "FR_SIREN", "FR_SIRET", "FR_VAT", "CREDIT_CARD", "IP_ADDRESS", "URL")
MIN_RECALL, MIN_PRECISION = 0.98, 0.95
WORDS = "cabinet sante famille martin durand clinique dupont medecin infos rdv dossier".split()


def _digits(rng, n):
    return "".join(rng.choice("0123456789") for _ in range(n))


def _group(number, sizes, separator):
    parts, i = [], 0
    for size in sizes:
        parts.append(number[i:i + size])
        i += size
    return separator.join(parts)


def _siren(rng):
    body = rng.choice("123456789") + _digits(rng, 7)
    return body + luhn.calc_check_digit(body)


def tax_number(rng):
    while True:
        body = rng.choice("0123") + _digits(rng, 9)
        number = body + tax_id.calc_check_digits(body)
        if not tax_id.is_drug_code(number) and number.strip("0"):
            break
    form = rng.choice(["compact", "spaced", "dotted"])
    text = number if form == "compact" else _group(number, (2, 2, 3, 3, 3), " " if form == "spaced" else ".")
    label = rng.choice(["N° fiscal : ", "numéro SPI ", "NIF ", "n° fiscal de référence ", ""])
    return label, text


def siren_number(rng):
    number = _siren(rng)
    form = rng.choice(["compact", "spaced", "dotted"])
    text = number if form == "compact" else _group(number, (3, 3, 3), " " if form == "spaced" else ".")
    label = rng.choice(["SIREN ", "SIREN : ", "RCS Lyon ", "Employeur, SIREN n° ", "immatriculée au RCS sous le n° "])
    return label, text


def siret_number(rng):
    body = _siren(rng) + "000" + rng.choice("123456789")
    number = body + luhn.calc_check_digit(body)
    form = rng.choice(["compact", "spaced", "dotted"])
    text = number if form == "compact" else _group(number, (3, 3, 3, 5), " " if form == "spaced" else ".")
    label = rng.choice(["SIRET ", "SIRET : ", "Employeur (SIRET ", "n° d'établissement ", ""])
    return label, text


def vat_number(rng):
    siren = _siren(rng)
    number = "FR" + vat.calc_check_digits(siren) + siren
    form = rng.choice(["compact", "spaced", "half"])
    text = {"compact": number, "spaced": _group(number, (2, 2, 3, 3, 3), " "), "half": number[:2] + " " + number[2:]}[form]
    label = rng.choice(["TVA intracommunautaire : ", "n° TVA ", "N° TVA intracom. ", ""])
    return label, text


def card_number(rng):
    kind = rng.choice(["visa", "mastercard", "amex"])
    if kind == "amex":
        body = rng.choice(["34", "37"]) + _digits(rng, 12)
        number = body + luhn.calc_check_digit(body)
        text = _group(number, (4, 6, 5), rng.choice([" ", ""]))
    else:
        body = ("4" + _digits(rng, 14)) if kind == "visa" else (str(rng.randint(51, 55)) + _digits(rng, 13))
        number = body + luhn.calc_check_digit(body)
        text = _group(number, (4, 4, 4, 4), rng.choice([" ", "-", ""]))
    label = rng.choice(["CB n° ", "carte bancaire ", "Visa ", "payé par carte ", ""])
    return label, text


def ip_address(rng):
    if rng.random() < 0.8:
        text = f"{rng.choice([10, 82, 90, 176, 192])}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    else:
        text = f"2a01:cb{rng.randint(10, 99)}:{rng.randint(100, 999)}:{rng.randint(1000, 9999)}::{rng.randint(1, 99)}"
    label = rng.choice(["IP ", "adresse IP : ", "connexion depuis ", ""])
    return label, text


def url(rng):
    host = "-".join(rng.sample(WORDS, rng.choice([1, 2]))) + rng.choice([".fr", ".com", ".org"])
    path = "/" + "/".join(rng.sample(WORDS, rng.randint(0, 2))) if rng.random() < 0.6 else ""
    form = rng.choice(["https", "http", "www", "bare"])
    text = {"https": f"https://{host}{path}", "http": f"http://www.{host}{path}", "www": f"www.{host}{path}",
            "bare": f"{host}{path}"}[form]
    label = rng.choice(["lien : ", "url ", "site web "]) if form == "bare" else rng.choice(["voir ", "lien : ", ""])
    return label, text


MAKERS = {"FR_TAX_ID": tax_number, "FR_SIREN": siren_number, "FR_SIRET": siret_number, "FR_VAT": vat_number,
          "CREDIT_CARD": card_number, "IP_ADDRESS": ip_address, "URL": url}


def look_alike(rng):
    """A phrase with numbers of other kinds, none of the types measured here."""
    nir_body = f"{rng.choice('12')}{rng.randint(40, 99)}{rng.randint(1, 12):02d}{rng.randint(1, 95):02d}{_digits(rng, 6)}"
    rpps = "10" + _digits(rng, 8)
    return rng.choice([
        f"Tél. 0{rng.randint(1, 7)} {_digits(rng, 2)} {_digits(rng, 2)} {_digits(rng, 2)} {_digits(rng, 2)}.",
        f"NIR {stdnum_nir.format(nir_body + stdnum_nir.calc_check_digits(nir_body))}.",
        f"Dr Martin, RPPS {rpps + luhn.calc_check_digit(rpps)}.",
        f"Vu le {rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(1990, 2024)} à {rng.randint(8, 18)}h.",
        f"Montant {rng.randint(1, 99)} {_digits(rng, 3)},{_digits(rng, 2)} €.",
        f"Commande n° {_digits(rng, 12)}.",
        f"Poids {rng.randint(40, 99)}.{rng.randint(0, 9)} kg, TA {rng.randint(10, 16)}.{rng.randint(0, 9)}.",
    ])


def generated_notes(seed=23, per_type=60):
    """(text, [(start, end, entity type)]) notes, one value each, among look-alikes."""
    rng = random.Random(seed)
    notes = []
    for entity_type, make in MAKERS.items():
        for _ in range(per_type):
            label, value = make(rng)
            before = f"{look_alike(rng)} " if rng.random() < 0.7 else ""
            start = len(before) + len(label)
            text = f"{before}{label}{value} {rng.choice(['', 'à vérifier. ', 'noté au dossier. '])}{look_alike(rng)}"
            notes.append((text, [(start, start + len(value), entity_type)]))
    return notes


def generated_rows(seed=23, per_type=60):
    """Table rows ``{column: value}`` with each type in a column of its name."""
    rng = random.Random(seed + 1)
    columns = {"FR_TAX_ID": "num_fiscal", "FR_SIREN": "siren", "FR_SIRET": "siret", "FR_VAT": "tva_intra",
               "CREDIT_CARD": "numero_carte", "IP_ADDRESS": "adresse_ip", "URL": "site_web"}
    rows = []
    for _ in range(per_type):
        rows.append({columns[t]: MAKERS[t](rng)[1] for t in TYPES})
    return rows, {column: t for t, column in columns.items()}


def _scores(predicted, gold):
    """Per type: counts of true positives, false positives and false negatives (spans that
    overlap, one-to-one). A value found as another type (an Amex number whose digits also
    make a NIR with a right key, one in 970) is a false negative of its type."""
    counts = {t: Counter() for t in TYPES}
    for found, expected in zip(predicted, gold):
        claimed = set()
        for start, end, entity_type in found:
            match = next((i for i, (s, e, t) in enumerate(expected)
                          if t == entity_type and i not in claimed and start < e and s < end), None)
            if match is None:
                counts[entity_type]["fp"] += 1
            else:
                claimed.add(match)
                counts[entity_type]["tp"] += 1
        for i, (_, _, entity_type) in enumerate(expected):
            if i not in claimed:
                counts[entity_type]["fn"] += 1
    return counts


def _assert_bar(counts):
    failures = []
    for entity_type, c in counts.items():
        recall = c["tp"] / ((c["tp"] + c["fn"]) or 1)
        precision = c["tp"] / ((c["tp"] + c["fp"]) or 1)
        if recall < MIN_RECALL or precision < MIN_PRECISION:
            failures.append(f"{entity_type}: recall {recall:.3f} precision {precision:.3f} {dict(c)}")
    assert not failures, failures


@pytest.mark.slow
def test_generated_notes_reach_the_bar_for_each_type(detector):
    notes = generated_notes()
    results = detector.analyze_texts([text for text, _ in notes])
    predicted = [[(r.start, r.end, r.entity_type) for r in found if r.entity_type in TYPES] for found in results]
    _assert_bar(_scores(predicted, [gold for _, gold in notes]))


@pytest.mark.slow
def test_generated_tables_reach_the_bar_for_each_type(detector):
    from scanner.models import Record

    rows, type_of = generated_rows()
    records = [Record("generated.csv", None, str(i), row) for i, row in enumerate(rows, 1)]
    findings = detector.detect_batch(records)
    found = [[(i, i + 1, f.entity_type) for f in row_findings if f.entity_type in TYPES for i, c in enumerate(row) if c == f.field]
             for row_findings, row in zip(findings, rows)]
    gold = [[(i, i + 1, type_of[c]) for i, c in enumerate(row)] for row in rows]
    _assert_bar(_scores(found, gold))
