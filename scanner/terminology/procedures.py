"""Health procedures and states that reveal health care: the ``PROCEDURE`` entity type.

Three sources, all matched in :func:`scanner.terminology.find_terms`:

- ``data/procedure_terms.tsv``: a curated list (chimiothérapie, hémodialyse, greffe de
  rein, accouchement, IVG, coloscopie, IRM...); ambiguous words ("scanner", "greffe",
  "opération") have the ``C`` rule and need a cue word of :data:`PROCEDURE_CUES` nearby;
- the CIM-10 labels of deliveries and of procreation and pregnancy supervision
  (:func:`is_procedure_code`), read as procedures rather than diagnoses;
- morphology (:func:`find_procedure_words`): a word built on a surgical or examination
  suffix ("cholécystectomie", "gastrostomie", "hystéroscopie", "coronarographie").

>>> [(w.text, w.category) for w in find_procedure_words("ATCD : cholécystectomie, psychothérapie.")]
[('cholécystectomie', 'other_health'), ('psychothérapie', 'mental_health')]
>>> find_procedure_words("Une biographie et une dichotomie.")
[]
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from scanner.terminology.normalize import normalize_term

PROCEDURE_CUES = (
    "realis", "pratiq", "subi", "benefic", "program", "prevu", "controle", "resultat",
    "montr", "retrouv", "object", "visualis", "injecte", "injection", "produit", "contraste",
    "thorac", "abdomin", "pelvien", "cerebral", "cranien", "rachi", "lombaire", "cervical",
    "chirurg", "opere", "operatoire", "bloc", "anesthes", "hospit", "urgence", "service",
    "patient", "atcd", "antecedent", "suite", "post", "pec", "suivi", "indication", "rein",
    "renal", "hepatique", "cardiaque", "moelle", "cornee", "cutane", "osseu",
    "donneur", "receveur", "rejet", "cancer", "tumeur", "lesion", "normal", "anomal",
    "ras", "compte", "cr", "tdm", "irm", "echo", "bilan", "biopsie", "dr", "docteur",
    "hanche", "genou", "epaule", "coeur", "menisque", "ligament", "cataracte", "hernie",
    "appendic", "vesicule", "prostate", "sein", "thyroid", "colon", "estomac", "poumon",
)
"""Prefixes of folded words that make an ambiguous procedure term clinical ("scanner
thoraco-abdominal", "opération de la hanche", "greffe de moelle")."""

STRONG_SUFFIXES = ("ectomie", "otomie", "ostomie", "rraphie", "centese")
"""Surgical suffixes: a word built on one is a procedure (an excision, an incision, an
opening, a suture, a puncture)."""

WEAK_SUFFIXES = ("plastie", "scopie", "graphie", "therapie", "pexie")
"""Suffixes shared with everyday words ("biographie", "horoscopie", "galvanoplastie"): a
word built on one is a procedure when it is not a common French word, or when it starts
with a medical root of :data:`MEDICAL_ROOTS`."""

MEDICAL_ROOTS = (
    "angio", "aorto", "arterio", "arthro", "broncho", "cardio", "chimio", "cholangio",
    "cholecysto", "coelio", "colo", "colpo", "coronaro", "cortico", "cysto", "duodeno",
    "echo", "electrocardio", "electroencephalo", "electromyo", "endo", "entero", "fibro",
    "gastro", "hepato", "hormono", "hystero", "ileo", "immuno", "insulino", "kinesi",
    "laparo", "laryngo", "lympho", "mammo", "mediastino", "myelo", "nephro", "neuro",
    "oeso", "oesophago", "oxygeno", "pharyngo", "phlebo", "physio", "psycho", "pyelo",
    "radio", "recto", "rhino", "salpingo", "scinti", "sigmoido", "spleno", "thoraco",
    "scano", "tomo", "tracheo", "uretero", "uretro", "urethro", "uro", "veino", "antibio",
    "balneo", "ergo", "curie", "hemo", "osteo",
)
"""Greek and Latin roots of organs and of care (a common fact of medical French, written
for vigie), as folded prefixes."""

NOT_PROCEDURES = frozenset({"dichotomie", "trichotomie", "autotomie", "microstomie"})
"""Folded words with a surgical suffix that name no procedure."""

ROOT_CATEGORIES = (
    ("psycho", "mental_health"), ("sismo", "mental_health"), ("electroconvulsivo", "mental_health"),
    ("chimio", "oncology"), ("curie", "oncology"), ("radiotherapie", "oncology"),
    ("amnio", "reproductive"), ("hyster", "reproductive"), ("salping", "reproductive"),
    ("vasect", "reproductive"), ("ovari", "reproductive"), ("episio", "reproductive"),
    ("foeto", "reproductive"), ("colpo", "reproductive"),
)
"""Folded prefixes of procedure words and the special category they reveal; others are
``other_health``."""

_SUFFIX_PATTERN = (
    r"(?:tomi(?:e|s[eé]e?)|rraphie|cent[eéè]se|plastie|scopi(?:e|que)|graphi(?:e|que)|th[eé]rapi(?:e|que)|pexie)"
    r"s?(?![^\W\d_])"
)
_SUFFIX_AT_WORD_END = re.compile(_SUFFIX_PATTERN)
"""Searched in lower case: four times faster than with ``re.IGNORECASE``."""
_SUFFIX_AT_WORD_END_ANY_CASE = re.compile(_SUFFIX_PATTERN, re.IGNORECASE)
_WEAK_SUFFIX_AT_END = re.compile(r"(?:plastie|scopie|graphie|th[eé]rapie|pexie)$")
MIN_ROOT_LETTERS = 3
DERIVED_ENDINGS = ("tomise", "tomisee", "scopique", "graphique", "therapique")
"""Folded endings of the participles and adjectives of procedure words ("splénectomisée",
"trachéotomisé", "échographique", "endoscopique"): read as their noun; an adjective
needs a medical root ("géographique" is no examination)."""


class ProcedureWord(NamedTuple):
    start: int
    end: int
    category: str
    text: str


def is_procedure_code(code: str) -> bool:
    """Whether a CIM-10 code names a procedure or a state of care rather than a disorder:
    a delivery (O80-O84), procreation, pregnancy and post-partum supervision (Z31-Z37, Z39).

    >>> is_procedure_code("O82"), is_procedure_code("Z33"), is_procedure_code("O00"), is_procedure_code("Z30")
    (True, True, False, False)
    """
    head = code.replace(".", "")[:3].upper()
    return "O80" <= head <= "O84" or "Z31" <= head <= "Z37" or head == "Z39"


def procedure_category(folded_word: str) -> str:
    """The special category a procedure word reveals, from its root.

    >>> procedure_category("psychotherapie"), procedure_category("amniocentese"), procedure_category("colectomie")
    ('mental_health', 'reproductive', 'other_health')
    """
    for root, category in ROOT_CATEGORIES:
        if folded_word.startswith(root):
            return category
    return "other_health"


def is_procedure_word(word: str) -> bool:
    """Whether one word is built on a procedure suffix (see the module docstring).

    >>> [is_procedure_word(w) for w in ("appendicectomies", "coronarographie", "photographie", "stomie")]
    [True, True, False, False]
    """
    folded = normalize_term(word).replace(" ", "")
    singular = folded[:-1] if folded.endswith("s") else folded
    if singular in NOT_PROCEDURES:
        return False
    derived = singular.endswith(DERIVED_ENDINGS)
    noun = re.sub(r"isee?$|ique$", "ie", singular) if derived else singular
    for suffix in STRONG_SUFFIXES + WEAK_SUFFIXES:
        if noun.endswith(suffix):
            if len(noun) - len(suffix) < MIN_ROOT_LETTERS:
                return False
            if suffix in STRONG_SUFFIXES or noun.startswith(MEDICAL_ROOTS):
                return True
            return not derived and noun not in common_words_with_weak_suffix()
    return False


@functools.cache
def common_words_with_weak_suffix() -> frozenset[str]:
    """The folded words of the general French lexicon (``scanner/data/french_lexicon.bin.gz``)
    that end in a weak suffix: "biographie", "horoscopie", "galvanoplastie", with or without
    their accents.

    >>> "demographie" in common_words_with_weak_suffix()
    True
    """
    from scanner.name_words import french_lexicon

    lemmas, _forms = french_lexicon()
    return frozenset(
        normalize_term(lemma).replace(" ", "") for lemma in lemmas if _WEAK_SUFFIX_AT_END.search(lemma)
    )


def find_procedure_words(text: str) -> list[ProcedureWord]:
    """Every word of ``text`` built on a procedure suffix, with its category."""
    found = []
    lowered = text.lower()
    if len(lowered) == len(text):
        matches = _SUFFIX_AT_WORD_END.finditer(lowered)
    else:  # a character whose lower case is longer ("İ"): offsets would move
        matches = _SUFFIX_AT_WORD_END_ANY_CASE.finditer(text)
    for match in matches:
        start = match.start()
        while start > 0 and (text[start - 1].isalpha() or (text[start - 1] == "-" and start > 1 and text[start - 2].isalpha())):
            start -= 1
        if found and found[-1].start == start:
            found.pop()  # "cholécystectomie-appendicectomie": one word, found again at its end
        word = text[start:match.end()]
        if is_procedure_word(word):
            folded = normalize_term(word).replace(" ", "")
            found.append(ProcedureWord(start, match.end(), procedure_category(folded), word))
    return found
