"""Rules that find disorders the dictionary does not list, from how French names them.

Two rules, over the folded text of :mod:`scanner.terminology.normalize`:

- **Medical word formation**: a word built from Greek or Latin medical parts with a
  disorder ending ("neuromyopathie", "pancytopénie", "entérocolite", "angiomyolipome").
  Its stem must break down entirely into known parts (``ROOTS``, ``PREFIXES``), or, for a
  word that is not in the general French lexicon, end with one. The parts are a small
  hand-written list of common facts of medical French (anatomy, tissues, organisms);
  "glucose", "sympathie", "qualité" ("-ité") or "Marguerite" do not break down that way.
- **Generic heads**: "maladie", "syndrome", "tumeur", "infection", "lésion"... with their
  complement ("maladie de Kaposi", "infection à VIH", "lésions du foie", "troubles de la
  marche", "atteinte hépatique", "stade IV"); a head that is also an everyday word
  ("troubles", "atteinte", "affection", "récidive") needs its medical complement.

A capitalised word inside a sentence is a name or a title ("Black Light Syndrome"), not a
disorder; administrative phrases ("assurance maladie") are left out.

>>> text = "Pancytopénie et entérocolite ; maladie de Kaposi, assurance maladie."
>>> [text[s:e] for s, e in find_disorders(text)]
['Pancytopénie', 'entérocolite', 'maladie de Kaposi']
>>> find_disorders("La qualité du glucose, par sympathie.")
[]
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from itertools import islice
from typing import NamedTuple

from scanner.terminology.matcher import CONTEXT_WINDOW_WORDS, DIAGNOSIS, is_cue_word
from scanner.terminology.normalize import normalize
from scanner.terminology.procedures import is_procedure_word

__all__ = [
    "find_disorders", "is_disorder_word", "is_medical_adjective", "is_prefixed_disorder", "qualified_end",
]

# Greek and Latin combining forms of medical French, folded (hand-written, common facts).
ROOTS = frozenset("""
    abdomin acanth acr aden adip alveol amib amygdal amyl aneurysm angi ankyl aort appendic
    arter arteri arthr aspergill astrocyt ather atherom audit azot bacter bacteri bilharzi
    blast blephar borreli bronch bronchi bronchiol brucell burs calc calcif calcin candid
    capsul carcin card cardi cephal cerebell cerebr cervic chol cholang cholecyst chondr
    chori choroid chromat cirrh col colon condyl conjonctiv coron cortic cost cox cran crani
    carotid clavicul connectiv crur cryptococc cutan cylindr cyst cyt dactyl dent derm dermat disc diverticul duoden
    embol embry encephal endocard endometri enter ependym epicondyl epididym epiglott
    epitheli erythr faci fasci febr fibr filari folliculi gangli gastr gingiv gli globulin
    glomerul gloss glyc gon granul gynec hamart helminth hem hemat hepat herp hidr hist
    histi histoplasm hydatid hydr hypophys hyster ile intestin isch ischi kal kerat kyst
    laryng leptospir leuc leuk lip listeri lith lomb lymph lymphaden lymphang lymphangi mamm
    mast maxill medull melan mening meningi mesenter mesotheli metr mitr mnes muc muqu muscul my
    myc mycobacter myel myocard myos myx nasopharyng natr necr nephr neur neurin neuron
    neutr nevr oesophag oligodendrogli omat onych ophtalm orchi ornith oss oste ot ovari
    pancreat papill parotid pericard periton phar pharyng phleb plasm pleur pneum pneumocyst
    pneumon polyp pro proct prolactin prostat psittac psych pulmon pyel rachi radicul rect
    ren retin rhin rotul rhumat salmonell salping sarc schistosom schwann scler semin sept septic
    sial sinus splen spondyl sten stomat strongyl synov tars tend tendin terat thromb thym
    surren tibi thyr thyroid toxoplasm trochanter trache traumat trichomon tricuspid tubercul tympan ur uret ureter ocul
    urethr uter uve vagin varic vascul vascular vein vesic vir visu vulv xanth
""".split())
PREFIXES = frozenset("""
    a an auto brady dys endo epi exo ex extra hemi hyper hypo infra inter intra macro mega
    meso micro mono multi neo oligo pan para peri poly post pre pseudo retro sub supra tachy
    tetra
""".split())
LINKING_VOWELS = ("o", "i", "a")

# Endings that name a disorder after a medical part ("entérocolite", "lombalgie"); those of
# ENDINGS_AFTER_PREFIX may follow a prefix alone ("anémie", "dysplasie", "hémiplégie").
DISORDER_ENDINGS = (
    "ite", "ose", "ome", "iase", "pathie", "algie", "rragie", "rrhee", "cele", "ectasie",
    "malacie", "megalie", "spasme", "cephalie", "oedeme", "dermie", "mastie", "lyse",
)
# Blood and urine levels are measurements ("glycémie", "calciurie"); with a prefix they are
# disorders ("hyperglycémie", "hypercalciurie").
LEVEL_ENDINGS = ("emie", "urie")
MEASURED_SUBSTANCES = frozenset(
    "glyc glycos calc kal natr azot chol magnes phosphat protein albumin creatin uric".split()
)
_LEVEL_FORMS = tuple(ending + plural for ending in LEVEL_ENDINGS for plural in ("", "s"))
ENDINGS_AFTER_PREFIX = (
    "emie", "plasie", "trophie", "plegie", "paresie", "urie", "penie", "pnee", "phasie",
    "praxie", "taxie", "tonie", "mnesie", "phagie",
)
_ALL_ENDINGS = tuple(sorted(DISORDER_ENDINGS + ENDINGS_AFTER_PREFIX, key=len, reverse=True))
# Words that break down like a disorder but are not one.
NOT_DISORDERS = frozenset("""
    monotonie sympathie empathie antipathie telepathie homeopathie naturopathie osteopathie
    phagocytose endocytose exocytose pinocytose apoptose mitose meiose diagnose hypnose
    symbiose osmose metamorphose chromosome ribosome lysosome genome microbiome liposome
    agonie calcite dolomite hematite anhydrite ancolie autocephalie epitaxie phlebotome
    granulite austenite hachemite metempsychose ergonome astronome gastronome agronome
    metronome autonome econome antonie hydrolyse thrombolyse
""".split())

# "hypertension", "hypersensibilité", "dyskinésie": an excess, a lack or a disorder of a
# function. What follows the prefix is a state noun ("-ie", "-ose", "-émie") or one of the
# functions below; not "hyperréalisme", "hypoténuse", "dystopie", "hypothèque", the drugs
# and diets named after them ("hypoglycémiant", "hypocalorique") or organs ("hypophyse").
DISORDER_PREFIXES = ("hyper", "hypo", "dys")
PREFIXED_STATE_ENDINGS = ("ie", "ies", "ose", "oses")
PREFIXED_FUNCTIONS = frozenset("""
    tension tensions tendu tendue tendus tendues sensibilite sensibilites sensible sensibles
    activite activites actif active actifs actives secretion secretions ventilation perfusion
    salivation pigmentation hydratation stimulation vigilance sexualite fonction fonctions
    fonctionnel fonctionnelle fonctionnels fonctionnelles signal signaux excitabilite
    motilite mobilite fertilite tensif tensive tensifs tensives sudation debit
""".split())
NOT_PREFIXED_DISORDERS = frozenset("""
    hypothese hypotheses hypocrisie hypocrisies dystopie dystopies hypergamie hypocrite
    hypoxanthine
""".split())
ANATOMY_PREFIXES = (
    "hypophys", "hypothalam", "hypoderm", "hypogastr", "hypochondr", "hypocondr", "hypogloss",
    "hypopharyn", "hypothes", "hypotheq", "hypothec", "hypothet",
)

# Adjectives that qualify a disorder ("chronique", "aiguë"), folded.
QUALIFYING_ADJECTIVES = frozenset("""
    aigu aigue aigus aigues chronique chroniques grave graves severe severes maligne malignes
    malin malins benigne benignes benin benins evolutive evolutif recidivante recidivant
    congenitale congenital congenitaux congenitales hereditaire hereditaires primitive primitif
    secondaire secondaires metastatique metastatiques opportuniste opportunistes generalise
    generalisee generalises localise localisee diffus diffuse diffuses necrosant necrosante
    necrosants necrosantes infectieux infectieuse infectieuses inflammatoire inflammatoires
    tumoral tumorale tumoraux tumorales invasif invasive invasives bilaterale bilateral
    allergique allergiques toxique toxiques auto immune immun immune immunes hemorragique
    hemorragiques ischemique ischemiques degeneratif degenerative degeneratives cancereux
    cancereuse cancereuses fonctionnel fonctionnelle fonctionnels mentale mental mentaux
    mentales psychiatrique psychiatriques neurologique neurologiques cognitif cognitifs
    cognitive cognitives digestif digestifs digestive digestives respiratoire respiratoires
    cardiaque cardiaques urinaire urinaires sanguin sanguins sexuellement transmissible
    transmissibles nosocomiale nosocomiales virale virales viral viraux bacterienne
    bacteriennes fongique fongiques parasitaire parasitaires professionnelle professionnelles
    rare rares orpheline orphelines palpable palpables herpetique herpetiques nodulaire
    nodulaires hydatique hydatiques anaphylactique anaphylactiques paranoide paranoides
    maniaque maniaques indesirable indesirables anormal anormale anormaux anormales
    involontaire involontaires incontrolable incontrolables incontrole incontrolee incontroles
    incontrolees confusionnel confusionnelle confusionnels confusionnelles orthostatique
    orthostatiques neurotoxique neurotoxiques diarrheique diarrheiques carentiel carentielle
    carentiels carentielles symptomatique symptomatiques asymptomatique asymptomatiques
    immunitaire immunitaires accidentel accidentelle accidentels accidentelles medicamenteux
    medicamenteuse medicamenteuses operatoire operatoires postoperatoire postoperatoires
""".split())
_ADJECTIVE_ENDINGS = (
    "ique", "iques", "aque", "aques", "al", "ale", "aux", "ales", "aire", "aires", "ien",
    "ienne", "iens", "iennes", "eux", "euse", "euses", "e", "es", "ee", "ees", "if", "ive",
    "ifs", "ives", "in", "ine", "ins", "ines", "ile", "iles", "en", "enne", "ens", "ennes",
    "el", "elle", "els", "elles",
)

# Heads that name a disorder alone, and heads that need a medical complement.
CLINICAL_HEADS = frozenset("""
    maladie maladies tumeur tumeurs infection infections lesion lesions
    malformation malformations symptome symptomes kyste kystes
    nodule nodules polype polypes ulcere ulceres fistule fistules abces hernie hernies
    hemorragie hemorragies embolie embolies anevrysme anevrysmes anevrisme anevrismes
    epanchement epanchements tumefaction tumefactions inflammation inflammations eczema
    paralysie paralysies ulceration ulcerations spasme spasmes caillot caillots prolapsus
    varice varices goitre goitres ictere icteres syncope syncopes ulcus algie algies
""".split())
AMBIGUOUS_HEADS = frozenset("""
    syndrome syndromes pathologie pathologies trouble troubles atteinte atteintes affection affections complication complications
    recidive recidives anomalie anomalies insuffisance insuffisances fracture fractures
    masse masses plaie plaies traumatisme traumatismes occlusion obstruction dilatation
    signe signes luxation entorse brulure brulures deficit deficits retrecissement
    calcification calcifications insuffisant insuffisants insuffisante insuffisantes
    eruption eruptions confusion rupture ruptures perforation perforations intoxication
    intoxications reflux sequelle sequelles
""".split())
# Heads that are a disorder only with their complement, whatever the context ("perte de
# poids", "réaction allergique", "baisse de la pression artérielle", "effets indésirables",
# "mouvements anormaux", "problèmes de comportement", "état confusionnel").
COMPLEMENTED_HEADS = frozenset("""
    perte pertes reaction reactions augmentation augmentations elevation elevations baisse
    baisses diminution diminutions reduction reductions hausse hausses effet effets evenement
    evenements manifestation manifestations mouvement mouvements probleme problemes difficulte
    difficultes etat etats desequilibre desequilibres gonflement gonflements episode episodes
    accident accidents forme formes
""".split())
# Heads whose complement is an adjective only: "état confusionnel", "forme kystique", not
# "état d'équilibre", "forme de la lettre".
ADJECTIVE_COMPLEMENTED_HEADS = frozenset("""
    etat etats effet effets mouvement mouvements episode episodes forme formes
""".split())
# Ambiguous heads that are also adjectives or participles ("une solution trouble", "les
# concentrations atteintes"): alone in a clinical text, they are nouns after a determiner.
ADJECTIVE_HEADS = frozenset("""
    trouble troubles atteinte atteintes insuffisant insuffisants insuffisante insuffisantes
""".split())
DETERMINERS = frozenset("le la les l un une des du de d ces ce cet cette ses son sa leur leurs".split())
# Heads whose complement may be a substance ("intoxication au lithium, par l'antimoine").
SUBSTANCE_HEADS = frozenset("intoxication intoxications".split())
SUBSTANCE_LINKS = frozenset("a au aux par".split())
# Heads whose complement may be a procedure ("complications de la vagotomie").
PROCEDURE_HEADS = frozenset("complication complications sequelle sequelles accident accidents".split())
SURGERY_NOUNS = frozenset("chirurgie chirurgies intervention interventions operation operations".split())
_HEADS = CLINICAL_HEADS | AMBIGUOUS_HEADS | COMPLEMENTED_HEADS
# Heads that an eponym makes a disorder ("syndrome de Cushing", "maladie de Kaposi").
EPONYM_HEADS = CLINICAL_HEADS | {"syndrome", "syndromes"}
# "assurance maladie", "caisse primaire d'assurance maladie": administrative, not health.
ADMINISTRATIVE_BEFORE = frozenset("assurance assurances".split())
_LINKS = frozenset("de du des d a au aux par".split())
_ARTICLES = frozenset("la le les l un une".split())
# A stage alone ("au stade IV"), not the stage of a term just named ("IRC stade 3").
_STAGE = re.compile(
    r"(?:(?<= au )|(?<= en )|(?<= de )|^)stade (?:i{1,3}|iv|[0-4])(?: ?[abc])?(?![a-z0-9])"
)
_WORD = re.compile(r"[a-z]+")
_MAX_COMPLEMENT_WORDS = 4


@lru_cache(maxsize=65536)
def _breaks_down(stem: str, need_root: bool) -> bool:
    """``stem`` is a run of prefixes and roots (with linking vowels), one root at least
    when ``need_root``."""
    if not stem:
        return not need_root
    for size in range(min(len(stem), 16), 0, -1):
        part = stem[:size]
        is_root = part in ROOTS
        if not is_root and part not in PREFIXES:
            continue
        rest = stem[size:]
        if _breaks_down(rest, need_root and not is_root):
            return True
        if is_root and rest[:1] in LINKING_VOWELS and _breaks_down(rest[1:], False):
            return True
    return False


def _is_measured_substance(stem: str) -> bool:
    if stem[-1:] in LINKING_VOWELS:
        stem = stem[:-1]
    return stem in MEASURED_SUBSTANCES


def _ends_with_root(stem: str) -> bool:
    trimmed = stem[:-1] if stem[-1:] in LINKING_VOWELS else stem
    return any(trimmed[-size:] in ROOTS for size in range(3, min(len(trimmed), 16) + 1))


@lru_cache(maxsize=65536)
def is_disorder_word(word: str, known: bool = True) -> bool:
    """``word`` (folded) is a medical compound with a disorder ending; ``known`` says
    whether it is a word of the general French lexicon (then its stem must break down
    entirely into medical parts).

    >>> [is_disorder_word(w) for w in ("neuromyopathie", "pancytopenie", "glucose", "sympathie")]
    [True, True, False, False]
    >>> [is_disorder_word(w) for w in ("glycemie", "hyperglycemie", "exencephalie")]
    [False, True, True]
    >>> is_disorder_word("pheochromocytome", known=False), is_disorder_word("pheochromocytome")
    (True, False)
    """
    singular = word[:-1] if word.endswith("s") else word
    if len(word) < 5 or singular in NOT_DISORDERS:
        return False
    for ending in _ALL_ENDINGS:
        if singular.endswith(ending):
            stem = singular[: -len(ending)]
            if ending in LEVEL_ENDINGS and _is_measured_substance(stem):
                return False
            need_root = ending not in ENDINGS_AFTER_PREFIX
            if stem and _breaks_down(stem, need_root):
                return True
            # an unknown "-ite" word is as often a "-ité" noun typed without its accent
            if not known and ending != "ite" and len(stem) >= 5 and _ends_with_root(stem):
                return True
    if singular.endswith("ie"):
        return _is_prefixed_compound(singular[:-2])  # "exencéphalie", "macroglossie"
    return False


def _is_prefixed_compound(stem: str) -> bool:
    """``stem`` is a prefix, then medical parts ending with a root: "ex|encephal"."""
    if stem[-1:] in LINKING_VOWELS:
        return False
    return any(
        stem.startswith(prefix) and _breaks_down(stem[len(prefix) :], True) for prefix in PREFIXES
    )


def is_prefixed_disorder(word: str) -> bool:
    """``word`` (folded) names an excess, a lack or a disorder of a function:
    "hypertension", "hypersensibilite", "dyskinesies"; not "hypothese", "hypoglycemiant",
    "hyperrealisme".

    >>> words = ("hypertension", "hyperparathyroidisme", "hypothermie")
    >>> words += ("hypothese", "hypoglycemiant", "hyperrealisme")
    >>> [is_prefixed_disorder(w) for w in words]
    [True, True, True, False, False, False]
    """
    prefix = next((p for p in DISORDER_PREFIXES if word.startswith(p)), None)
    if prefix is None or len(word) < 8 or word in NOT_PREFIXED_DISORDERS:
        return False
    if word.startswith(ANATOMY_PREFIXES):
        return False
    rest = word[len(prefix) :]
    if rest in PREFIXED_FUNCTIONS or rest.endswith(PREFIXED_STATE_ENDINGS):
        return True
    if rest.endswith(("isme", "ismes")):  # "hyperparathyroïdisme", not "hyperréalisme"
        return _breaks_down(rest[: rest.rindex("isme")], True)
    return is_medical_adjective(rest)  # "hypothyroïdien"


@lru_cache(maxsize=65536)
def is_medical_adjective(word: str) -> bool:
    """``word`` (folded) qualifies a disorder: "chronique", or a medical part with an
    adjective ending ("hepatique", "renale", "cutanees").

    >>> words = ("hepatiques", "renal", "aigue", "cutaneo", "cranio", "neuropathique", "rouge", "grande")
    >>> [is_medical_adjective(w) for w in words]
    [True, True, True, True, True, True, False, False]
    """
    if word in QUALIFYING_ADJECTIVES:
        return True
    if word.endswith(("ique", "iques")):  # "neuropathique", "pancytopénique": of a disorder
        stem = word[: word.rindex("ique")]
        if is_disorder_word(stem + "ie"):
            return True
    if word.endswith("o") and len(word) > 4:  # the first part of "cutanéo-muqueux", "cranio-"
        return word[:-1] in ROOTS or is_medical_adjective(word[:-1])
    for ending in _ADJECTIVE_ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[: -len(ending)]
            if stem in ROOTS or _breaks_down(stem, True):
                return True
    return False


@lru_cache(maxsize=65536)
def _is_common_word(word: str) -> bool:
    from scanner.name_words import is_common_french_word

    return is_common_french_word(word)


def _ends_with_e_acute(text: str, offsets: list[int], end: int) -> bool:
    """The folded "-ite"/"-ose" that ends at ``end`` is "-ité"/"-osé" in the text
    ("qualité", "nécrosé")."""
    index = offsets[end - 1]
    char = text[index]
    if char in "éÉ":
        return True
    return index + 1 < len(text) and text[index + 1] == "\u0301"


def _is_capitalised_inside_sentence(text: str, start: int, end: int) -> bool:
    """The word ``text[start:end]`` is capitalised, not upper case, and follows a word on
    its line: a title or a name ("Black Light Syndrome"), not a heading in capitals."""
    if not text[start].isupper() or text[start:end].isupper():
        return False
    before = text[max(0, start - 40) : start].rstrip(" \t\u00a0")
    return bool(before) and (before[-1].isalnum() or before[-1] in "'’,")


def _is_disorder_word_at(text: str, offsets: list[int], match: re.Match) -> bool:
    """The word of ``match`` is a disorder by its ending ("-ite" but not "-ité")."""
    word = match.group()
    last_e = match.end() - (word[-1] == "s")
    if word.endswith(("ite", "ites", "ose", "oses")) and _ends_with_e_acute(text, offsets, last_e):
        return False
    return is_disorder_word(word, known=_is_common_word(word))


def _has_clinical_cue(near: list[str]) -> bool:
    """One of the words ``near`` a head is a clinical cue ("bilan", "suivi")."""
    return any(is_cue_word(DIAGNOSIS, word) for word in near)


def _is_inside_address(text: str, start: int, end: int) -> bool:
    """The word is part of an e-mail address, a URL or an identifier ("secretariat.maladies@")."""
    before = text[start - 1 : start]
    after = text[end : end + 2]
    if before in ("@", ".", "_", "/") or after[:1] in ("@", "_", "/"):
        return True
    return after[:1] == "." and after[1:].isalnum()


class _Word(NamedTuple):
    """A folded word after a head, where it ends in the folded text, whether it is
    capitalised in the text, and the text between it and the word before it."""

    folded: str
    end: int
    capitalised: bool
    gap: str


def _words_after(text: str, folded: str, offsets: list[int], position: int) -> list[_Word]:
    """The words of ``folded`` after ``position`` that a complement may span."""
    words = []
    previous_end = offsets[position - 1] + 1
    for match in islice(_WORD.finditer(folded, position), 3 * _MAX_COMPLEMENT_WORDS):
        start = offsets[match.start()]
        words.append(_Word(match.group(), match.end(), text[start].isupper(), text[previous_end:start]))
        previous_end = offsets[match.end() - 1] + 1
    return words


_JOINING = frozenset(" \t\u00a0-'’")
_LISTING = frozenset(" \t\u00a0-,")


def _is_joined(word: _Word, separators: frozenset = _JOINING) -> bool:
    return set(word.gap) <= separators


def _complement_length(following: list[_Word], head: str) -> int:
    """How many of the words ``following`` a head are its complement ("du foie": 2), in
    the same phrase; a list of eponyms counts ("de Lian, Siguier et Welti")."""
    length = 0
    j = 0
    while j < len(following) and j < _MAX_COMPLEMENT_WORDS and _is_joined(following[j]):
        word = following[j].folded
        if is_medical_adjective(word):
            j += 1
            length = j
            continue
        if word in _LINKS and j + 1 < len(following) and head not in ADJECTIVE_COMPLEMENTED_HEADS:
            k = j + 2 if following[j + 1].folded in _ARTICLES and j + 2 < len(following) else j + 1
            target = following[k].folded
            if not all(_is_joined(w) for w in following[j + 1 : k + 1]):
                break
            if target in CLINICAL_HEADS or target in AMBIGUOUS_HEADS:
                break  # "atteinte d'une maladie de Willebrand": the second head is the disorder
            eponym = following[k].capitalised and head in EPONYM_HEADS
            if len(target) > 2 and (eponym or _is_medical_noun(target) or _completes_head(head, word, target)):
                j = k + 1
                length = j
                if eponym:
                    return _eponyms_end(following, j)
                continue
            if _is_qualified(following, k + 1):  # "de la pression artérielle", not "fiscale"
                j = k + 2
                length = j
                continue
        break
    return length


def _completes_head(head: str, link: str, target: str) -> bool:
    """``target`` after ``link`` completes a head that takes a substance or a procedure."""
    if head in SUBSTANCE_HEADS:
        return link in SUBSTANCE_LINKS
    return head in PROCEDURE_HEADS and (target in SURGERY_NOUNS or is_procedure_word(target))


def _is_qualified(following: list[_Word], i: int) -> bool:
    """``following[i]`` is a medical adjective in the same phrase as the word before it."""
    return i < len(following) and _is_joined(following[i]) and is_medical_adjective(following[i].folded)


def _stands_alone(head: str, surface: str, before: list[str], following: list[_Word], clinical: bool) -> bool:
    """A head without a complement still names a disorder: not a participle before a
    disease, not a heading in capitals, and, if it is ambiguous, in a clinical text or
    near a clinical cue."""
    if _introduces_head(following) or surface.isupper() or head in COMPLEMENTED_HEADS:
        return False
    if head not in AMBIGUOUS_HEADS:
        return True
    if clinical and (head not in ADJECTIVE_HEADS or before[-1:] and before[-1] in DETERMINERS):
        return True
    return _has_clinical_cue(before + [w.folded for w in following[:CONTEXT_WINDOW_WORDS]])


def _introduces_head(following: list[_Word]) -> bool:
    """The words after a head name another head: "atteinte d'une maladie" (a participle)."""
    words = [w.folded for w in following[:3]]
    rest = words[1:] if words[:1] and words[0] in _LINKS else []
    if rest[:1] and rest[0] in _ARTICLES:
        rest = rest[1:]
    return bool(rest) and (rest[0] in CLINICAL_HEADS or rest[0] in AMBIGUOUS_HEADS)


def _eponyms_end(following: list[_Word], j: int) -> int:
    """End of a list of eponyms that starts before ``j``: ", Siguier et Welti"."""
    names = j
    while (
        names < len(following)
        and following[names].capitalised
        and following[names].folded != "et"
        and _is_joined(following[names], _LISTING)
    ):
        names += 1
    if (
        names > j
        and names + 1 < len(following)
        and following[names].folded == "et"
        and following[names + 1].capitalised
        and _is_joined(following[names], _LISTING)
        and _is_joined(following[names + 1], _LISTING)
    ):
        return names + 2
    return j


def _is_medical_noun(word: str) -> bool:
    if word in MEDICAL_NOUNS or word.endswith(_LEVEL_FORMS):  # "de la créatininémie"
        return True
    singular = word[:-1] if word.endswith(("s", "x")) else word
    return singular in ROOTS or singular in MEDICAL_NOUNS or is_disorder_word(word)


# Body parts and functions a complement may name ("lésions du foie", "troubles de la marche",
# "difficulté à respirer").
MEDICAL_NOUNS = frozenset("""
    foie rein reins coeur poumon poumons cerveau peau sang os moelle estomac intestin colon
    rectum vessie prostate sein seins uterus ovaire ovaires thyroide pancreas rate oeil yeux
    oreille nez gorge bouche langue dent dents gencive levre larynx pharynx trachee bronche
    artere arteres veine veines nerf nerfs muscle muscles tendon articulation genou hanche
    epaule coude poignet cheville rachis colonne vertebre crane orbite retine cornee
    comportement sommeil humeur memoire marche equilibre langage vision audition erection
    rythme conduction coagulation deglutition croissance developpement personnalite
    alimentation conscience vigilance vih vhc vhb virus bacterie streptocoque staphylocoque
    germe pneumocoque champignon parasite demarche appetit poids connaissance cheveux urine
    urines selles odorat gout parole elocution concentration globule globules plaquettes
    leucocytes lymphocytes neutrophiles hemoglobine creatinine transaminases plexus visage
    membre membres pied pieds jambe jambes bras dos cou thorax abdomen ventre
    bassin ganglion ganglions vaisseau vaisseaux uretere intolerance respirer avaler marcher
    dormir uriner
""".split())


def find_disorders(
    text: str, normalized: tuple[str, list[int]] | None = None, clinical: bool = False
) -> list[tuple[int, int]]:
    """Spans of ``text`` that name a disorder by the rules above, in order, not overlapping;
    ``normalized`` is ``normalize(text)`` when the caller has it already; in a ``clinical``
    text (see :func:`scanner.terminology.matcher.is_clinical_text`) an ambiguous head
    needs no cue.

    >>> text = "Lésions du foie, troubles de la marche et atteinte hépatique au stade IV."
    >>> [text[s:e] for s, e in find_disorders(text)]
    ['Lésions du foie', 'troubles de la marche', 'atteinte hépatique', 'stade IV']
    >>> find_disorders("Times of Trouble, Black Light Syndrome, atteinte à la vie privée.")
    []
    >>> find_disorders("Des fractures ont été rapportées."), find_disorders("Des fractures.", clinical=True)
    ([], [(4, 13)])
    >>> text = "Syndrome de Lian, Siguier et Welti ; atteinte d'une maladie de Willebrand."
    >>> [text[s:e] for s, e in find_disorders(text)]
    ['Syndrome de Lian, Siguier et Welti', 'maladie de Willebrand']
    """
    folded, offsets = normalized or normalize(text)
    spans: list[tuple[int, int]] = []
    last_end = -1
    for match in _CANDIDATE.finditer(folded):
        if match.start() < last_end:
            continue
        word = match.group()
        is_head = word in _HEADS
        if not (is_head or word.endswith(_ENDING_FORMS) or word.startswith(DISORDER_PREFIXES)):
            continue
        start, end = offsets[match.start()], offsets[match.end() - 1] + 1
        if _is_capitalised_inside_sentence(text, start, end) or _is_inside_address(text, start, end):
            continue
        if is_head:
            following = _words_after(text, folded, offsets, match.end())
            before = folded[max(0, match.start() - 100) : match.start()].split()[-CONTEXT_WINDOW_WORDS:]
            if before[-1:] and before[-1] in ADMINISTRATIVE_BEFORE:
                continue
            length = _complement_length(following, word)
            if not length and not _stands_alone(word, text[start:end], before, following, clinical):
                continue
        elif is_prefixed_disorder(word) or (
            word.endswith(_ENDING_FORMS) and _is_disorder_word_at(text, offsets, match)
        ):
            following = _words_after(text, folded, offsets, match.end())
            length = _complement_length(following, word)
        else:
            continue
        last_end = following[length - 1].end if length else match.end()
        spans.append((start, offsets[last_end - 1] + 1))
    for match in _STAGE.finditer(folded):
        start, end = offsets[match.start()], offsets[match.end() - 1] + 1
        if not any(s < end and start < e for s, e in spans):
            spans.append((start, end))
    return sorted(spans)


def qualified_end(text: str, normalized: tuple[str, list[int]], end: int) -> int:
    """Where a disorder that ends at ``end`` in ``text`` ends with the adjectives of
    disorders right after it ("Albinisme héréditaire", "rhumatisme inflammatoire chronique");
    ``normalized`` is ``normalize(text)``.

    >>> text = "Albinisme héréditaire en race rouge."
    >>> text[: qualified_end(text, normalize(text), 9)]
    'Albinisme héréditaire'
    """
    folded, offsets = normalized
    position = bisect_left(offsets, end)
    if position >= len(folded) or position == 0:
        return end
    length = 0
    following = _words_after(text, folded, offsets, position)
    while length < min(len(following), _MAX_COMPLEMENT_WORDS) and _is_qualified(following, length):
        length += 1
    return offsets[following[length - 1].end - 1] + 1 if length else end


def _alternation(words) -> str:
    """A regular expression that matches any of ``words``, written as a trie (the ``re``
    module tries a flat alternation one word at a time).

    >>> _alternation(["kyste", "kystes", "kerat"])
    'k(?:erat|yste(?:s)?)'
    """
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            body = (body if len(branches) > 1 else f"(?:{body})") + "?"
        return body

    return pattern(tree)


# Heads, prefixed words and words ending in "e" or "s" (every disorder ending does); the
# endings themselves are checked in Python, faster than a regular expression would.
_CANDIDATE = re.compile(
    r"\b(?:" + _alternation(_HEADS) + r"\b"
    + r"|(?:hyper|hypo|dys)[a-z]{3,}+|[a-z]{5,}+(?<=[es]))"
)
_ENDING_FORMS = tuple(ending + plural for ending in (*_ALL_ENDINGS, "ie") for plural in ("", "s"))
