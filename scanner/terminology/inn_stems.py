"""Substance names that no list holds yet, recognised by their INN stem.

International Nonproprietary Names are built from stems that tell the class of a
substance: "-mab" for monoclonal antibodies, "-tinib" for kinase inhibitors, "-pril"
for ACE inhibitors, "-navir" for HIV protease inhibitors (WHO, *The use of stems in the
selection of International Nonproprietary Names*). A word with such an ending, at least
three letters before it, is a substance even when no drug list names it yet.
``INN_STEMS`` holds their French spellings (written for vigie from that WHO document:
common facts), each with the category its class reveals; only stems that no French word
of the spaCy lexicon ends with, but drug names ("-caïne" would take "américaine": only
"-docaïne", "-vacaïne" are kept; "-itidine", not "-tidine", which takes "histidine").

>>> find_inn_words("il faut gravir la cote une voiture americaine")
[]
"""

from __future__ import annotations

INN_STEMS: tuple[tuple[str, str], ...] = (
    # antivirals
    ("navir", "hiv_sti"), ("tegravir", "hiv_sti"), ("virine", "hiv_sti"), ("vudine", "hiv_sti"),
    ("previr", "other_health"), ("asvir", "other_health"), ("buvir", "other_health"),
    ("ciclovir", "other_health"), ("amivir", "other_health"), ("fovir", "other_health"),
    ("citabine", "other_health"),
    # antineoplastics
    ("tinib", "oncology"), ("ciclib", "oncology"), ("rafenib", "oncology"), ("zomib", "oncology"),
    ("parib", "oncology"), ("lisib", "oncology"), ("platine", "oncology"), ("rubicine", "oncology"),
    ("taxel", "oncology"), ("mustine", "oncology"), ("poside", "oncology"), ("tecan", "oncology"),
    # psychotropics
    ("azepam", "mental_health"), ("zolam", "mental_health"), ("oxetine", "mental_health"),
    ("pramine", "mental_health"), ("triptyline", "mental_health"), ("zapine", "mental_health"),
    ("peridone", "mental_health"), ("ridazine", "mental_health"), ("perazine", "mental_health"),
    ("promazine", "mental_health"), ("pidem", "mental_health"),
    # everything else
    ("mab", "other_health"), ("pril", "other_health"), ("sartan", "other_health"),
    ("olol", "other_health"), ("dipine", "other_health"), ("cilline", "other_health"),
    ("mycine", "other_health"), ("micine", "other_health"), ("floxacine", "other_health"),
    ("cycline", "other_health"), ("penem", "other_health"), ("bactam", "other_health"),
    ("conazole", "other_health"), ("nidazole", "other_health"), ("bendazole", "other_health"),
    ("prazole", "other_health"), ("fungine", "other_health"), ("vastatine", "other_health"),
    ("parine", "other_health"), ("gatran", "other_health"), ("xaban", "other_health"),
    ("gliptine", "other_health"), ("gliflozine", "other_health"), ("glitazone", "other_health"),
    ("glinide", "other_health"), ("dronate", "other_health"), ("dronique", "other_health"),
    ("triptan", "other_health"), ("setron", "other_health"), ("itidine", "other_health"),
    ("etidine", "other_health"), ("otidine", "other_health"), ("atidine", "other_health"),
    ("profene", "other_health"), ("lukast", "other_health"), ("semide", "other_health"),
    ("thiazide", "other_health"), ("fibrate", "other_health"), ("sonide", "other_health"),
    ("metasone", "other_health"), ("methasone", "other_health"), ("nisolone", "other_health"),
    ("cinolone", "other_health"), ("lutamide", "other_health"), ("relix", "other_health"),
    ("reline", "other_health"), ("docaine", "other_health"), ("vacaine", "other_health"),
    ("curonium", "other_health"), ("curium", "other_health"), ("tropium", "other_health"),
    ("fentanil", "other_health"), ("codone", "other_health"), ("dopa", "other_health"),
    ("serazide", "other_health"), ("barbital", "other_health"), ("vaptan", "other_health"),
    ("trexate", "other_health"), ("moterol", "other_health"), ("meterol", "other_health"),
    ("irudine", "other_health"),
)

_CATEGORY = {stem: category for stem, category in INN_STEMS}
# The stems by their last three letters, the longest first ("tegravir" before "navir").
_BY_TAIL: dict[str, list[str]] = {}
for _stem in sorted(_CATEGORY, key=len, reverse=True):
    _BY_TAIL.setdefault(_stem[-3:], []).append(_stem)


def find_inn_words(folded: str) -> list[tuple[int, int, str]]:
    """Return ``(start, end, category)`` of the words of a folded text (see
    :func:`scanner.terminology.normalize.normalize`) that end with an INN stem after at
    least three letters; whether one is a common word is for the caller to say.

    >>> find_inn_words("relais par zalcitabine puis raltegravir le 12")
    [(11, 22, 'other_health'), (28, 39, 'hiv_sti')]
    """
    found = []
    start = 0
    for word in folded.split(" "):
        bare = word[:-1] if word[-1:] == "s" else word  # a plural
        stems = _BY_TAIL.get(bare[-3:])
        if stems is not None:
            stem = next((stem for stem in stems if bare.endswith(stem)), "")
            if stem and len(bare) - len(stem) >= 3 and word.isalpha():
                found.append((start, start + len(word), _CATEGORY[stem]))
        start += len(word) + 1
    return found
