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
from functools import lru_cache

from scanner.terminology.normalize import normalize

__all__ = ["find_disorders", "is_disorder_word", "is_medical_adjective"]

# Greek and Latin combining forms of medical French, folded (hand-written, common facts).
ROOTS = frozenset("""
    aden adip alveol amib amygdal amyl aneurysm angi ankyl aort appendic arter arteri arthr
    aspergill astrocyt ather atherom azot bacter bacteri blast blephar borreli bronch bronchi
    bronchiol brucell burs calc calcif candid capsul carcin card cardi cephal cerebell cerebr
    cervic chol cholang cholecyst chondr chori choroid chrom cirrh col colon condyl conjonctiv
    coron cortic cost cox crani cryptococc cutan cyst cyt dactyl dent derm dermat diverticul
    duoden embol encephal endocard endometri enter ependym epicondyl epididym epitheli erythr
    fasci fibr filari folliculi gangli gastr gingiv gli glomerul gloss glyc gon granul hamart
    hem hemat hepat herp hidr hist histi histoplasm hydr hyster ile isch ischi kal kerat kyst
    laryng leptospir leuc leuk lip listeri lith lymph lymphaden lymphangi mamm mast melan
    mening meningi mesotheli metr muc my myc mycobacter myel myocard nasopharyng natr necr
    nephr neur neurin nevr oesophag oligodendrogli onych ophtalm orchi oss oste ot ovari
    pancreat papill parotid pericard periton phar pharyng phleb pleur pneum pneumocyst pneumon
    polyp pro proct prostat psych pulmon pyel rachi radicul rect ren retin rhin rhumat salmonell
    salping sarc schistosom schwann scler semin sept septic sial sinus spondyl splen stomat
    strongyl synov tars tend tendin terat thromb thym thyr thyroid toxoplasm trache trichomon
    tubercul tympan ur uret ureter urethr uter uve vagin varic vascul vascular vesic vir vulv
    xanth
""".split())
PREFIXES = frozenset("""
    a an auto brady dys endo epi exo ex extra hemi hyper hypo infra inter intra macro mega
    meso micro mono multi neo oligo pan para peri poly post pre pseudo retro sub supra tachy
    tetra
""".split())
LINKING_VOWELS = ("o", "i", "a")

# Endings that name a disorder; the ones after "+" may follow a prefix alone ("anémie",
# "dysplasie", "atrophie", "hémiplégie", "dyspnée").
DISORDER_ENDINGS = ("ite", "ose", "ome", "iase", "pathie", "algie", "rragie", "rrhee", "cele", "ectasie", "malacie", "megalie", "spasme", "cephalie", "oedeme")
# Blood and urine levels are measurements ("glycémie", "calciurie"); with a prefix they are
# disorders ("hyperglycémie", "hypercalciurie").
LEVEL_ENDINGS = ("emie", "urie")
MEASURED_SUBSTANCES = frozenset("glyc glycos calc kal natr azot chol magnes phosphat protein albumin creatin uric".split())
ENDINGS_AFTER_PREFIX = ("emie", "plasie", "trophie", "plegie", "paresie", "urie", "penie", "pnee", "phasie", "praxie", "taxie", "tonie", "mnesie", "phagie")
_ALL_ENDINGS = tuple(sorted(DISORDER_ENDINGS + ENDINGS_AFTER_PREFIX, key=len, reverse=True))
# Words that break down like a disorder but are not one.
NOT_DISORDERS = frozenset("""
    monotonie sympathie empathie antipathie telepathie homeopathie naturopathie osteopathie
    phagocytose endocytose exocytose pinocytose apoptose mitose meiose diagnose hypnose
    symbiose osmose metamorphose chromosome ribosome lysosome genome microbiome liposome
""".split())

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
    rare rares orpheline orphelines
""".split())
_ADJECTIVE_ENDINGS = (
    "ique", "iques", "aque", "aques", "al", "ale", "aux", "ales", "aire", "aires", "ien",
    "ienne", "iens", "iennes", "eux", "euse", "euses", "e", "es", "ee", "ees", "if", "ive",
    "ifs", "ives", "in", "ine", "ins", "ines",
)

# Heads that name a disorder alone, and heads that need a medical complement.
CLINICAL_HEADS = frozenset("""
    maladie maladies syndrome syndromes tumeur tumeurs infection infections lesion lesions
    pathologie pathologies malformation malformations
""".split())
AMBIGUOUS_HEADS = frozenset("""
    trouble troubles atteinte atteintes affection affections complication complications
    recidive recidives anomalie anomalies insuffisance insuffisances
""".split())
# "assurance maladie", "caisse primaire d'assurance maladie": administrative, not health.
ADMINISTRATIVE_BEFORE = frozenset("assurance assurances".split())
_LINKS = frozenset("de du des d a au aux par".split())
_ARTICLES = frozenset("la le les l un une".split())
# A stage alone ("au stade IV"), not the stage of a term just named ("IRC stade 3").
_STAGE = re.compile(r"(?:(?<= au )|(?<= en )|(?<= de )|^)stade (?:i{1,3}|iv|[0-4])(?: ?[abc])?(?![a-z0-9])")
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
    return stem in MEASURED_SUBSTANCES or (stem[-1:] in LINKING_VOWELS and stem[:-1] in MEASURED_SUBSTANCES)


def _ends_with_root(stem: str) -> bool:
    trimmed = stem[:-1] if stem[-1:] in LINKING_VOWELS else stem
    return any(trimmed.endswith(root) for root in ROOTS if len(root) >= 3)


def is_disorder_word(word: str, known: bool = True) -> bool:
    """``word`` (folded) is a medical compound with a disorder ending; ``known`` says
    whether it is a word of the general French lexicon (then its stem must break down
    entirely into medical parts).

    >>> [is_disorder_word(w) for w in ("neuromyopathie", "pancytopenie", "glucose", "sympathie")]
    [True, True, False, False]
    >>> is_disorder_word("glycemie"), is_disorder_word("hyperglycemie")
    (False, True)
    >>> is_disorder_word("pheochromocytome", known=False), is_disorder_word("pheochromocytome")
    (True, False)
    """
    if len(word) < 5 or word in NOT_DISORDERS:
        return False
    singular = word[:-1] if word.endswith("s") else word
    for ending in _ALL_ENDINGS:
        if singular.endswith(ending):
            stem = singular[: -len(ending)]
            if ending in LEVEL_ENDINGS and _is_measured_substance(stem):
                return False
            need_root = ending not in ENDINGS_AFTER_PREFIX
            if _breaks_down(stem, need_root):
                return True
            if not known and len(stem) >= 5 and _ends_with_root(stem):
                return True
    return False


def is_medical_adjective(word: str) -> bool:
    """``word`` (folded) qualifies a disorder: "chronique", or a medical part with an
    adjective ending ("hepatique", "renale", "cutanees").

    >>> [is_medical_adjective(w) for w in ("hepatiques", "renal", "aigue", "rouge", "grande")]
    [True, True, True, False, False]
    """
    if word in QUALIFYING_ADJECTIVES:
        return True
    for ending in _ADJECTIVE_ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[: -len(ending)]
            if stem in ROOTS or _breaks_down(stem, True):
                return True
    return False


def _is_common_word(word: str) -> bool:
    from scanner.names import is_common_french_word

    return is_common_french_word(word)


def _accented_ite(text: str, offsets: list[int], end: int) -> bool:
    """The folded "-ite" that ends at ``end`` is "-ité" in the text ("qualité")."""
    index = offsets[end - 1]
    char = text[index]
    if char in "éÉ":
        return True
    return index + 1 < len(text) and text[index + 1] == "\u0301"


def _is_capitalised_inside_sentence(text: str, start: int) -> bool:
    """The word at ``start`` is capitalised and follows a word on its line."""
    if not text[start].isupper():
        return False
    before = text[max(0, start - 40) : start].rstrip(" \t\u00a0")
    return bool(before) and (before[-1].isalnum() or before[-1] in "'’,")


def _is_inside_address(text: str, start: int, end: int) -> bool:
    """The word is part of an e-mail address, a URL or an identifier ("secretariat.maladies@")."""
    before = text[start - 1 : start]
    after = text[end : end + 2]
    return before in ("@", ".", "_", "/") or after[:1] in ("@", "_", "/") or (after[:1] == "." and after[1:].isalnum())


def _is_all_capitals(text: str, start: int, end: int) -> bool:
    return text[start:end].isupper()


def _complement_end(words: list[re.Match], i: int, head: str) -> int | None:
    """Index after the last word of the complement of the head ``words[i]``, or None."""
    j = i + 1
    end = None
    while j < len(words) and j - i <= _MAX_COMPLEMENT_WORDS:
        word = words[j].group()
        if is_medical_adjective(word) or is_disorder_word(word):
            end = j + 1
            j += 1
            continue
        if word in _LINKS and j + 1 < len(words):
            k = j + 1
            if words[k].group() in _ARTICLES and k + 1 < len(words):
                k += 1
            target = words[k].group()
            if len(target) > 2 and (_is_medical_noun(target) or head in CLINICAL_HEADS):
                end = k + 1
                j = k + 1
                continue
        break
    return end


def _is_medical_noun(word: str) -> bool:
    if word in CLINICAL_HEADS or word in MEDICAL_NOUNS:
        return True
    singular = word[:-1] if word.endswith(("s", "x")) else word
    return singular in ROOTS or singular in MEDICAL_NOUNS or is_disorder_word(word)


# Body parts and functions a complement may name ("lésions du foie", "troubles de la marche").
MEDICAL_NOUNS = frozenset("""
    foie rein reins coeur poumon poumons cerveau peau sang os moelle estomac intestin colon
    rectum vessie prostate sein seins uterus ovaire ovaires thyroide pancreas rate oeil yeux
    oreille nez gorge bouche langue dent dents gencive levre larynx pharynx trachee bronche
    artere arteres veine veines nerf nerfs muscle muscles tendon articulation genou hanche
    epaule coude poignet cheville rachis colonne vertebre crane orbite retine cornee
    comportement sommeil humeur memoire marche equilibre langage vision audition erection
    rythme conduction coagulation deglutition croissance developpement personnalite
    alimentation conscience vigilance vih vhc vhb virus bacterie streptocoque staphylocoque
    germe pneumocoque champignon parasite
""".split())


def find_disorders(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that name a disorder by the rules above, in order, not overlapping.

    >>> text = "Lésions du foie, troubles de la marche et atteinte hépatique au stade IV."
    >>> [text[s:e] for s, e in find_disorders(text)]
    ['Lésions du foie', 'troubles de la marche', 'atteinte hépatique', 'stade IV']
    >>> find_disorders("Times of Trouble, Black Light Syndrome, atteinte à la vie privée.")
    []
    """
    folded, offsets = normalize(text)
    if not folded:
        return []
    words = list(_WORD.finditer(folded))
    spans: list[tuple[int, int]] = []
    last_end = -1
    for i, match in enumerate(words):
        if match.start() < last_end:
            continue
        word = match.group()
        start = offsets[match.start()]
        end_word = i + 1
        if word in CLINICAL_HEADS or word in AMBIGUOUS_HEADS:
            if _is_capitalised_inside_sentence(text, start):
                continue
            if i > 0 and words[i - 1].group() in ADMINISTRATIVE_BEFORE:
                continue
            complement = _complement_end(words, i, word)
            if complement is None and (word in AMBIGUOUS_HEADS or _is_all_capitals(text, start, offsets[match.end() - 1] + 1)):
                continue
            end_word = complement or end_word
        elif len(word) >= 6 and word.endswith(_SUFFIX_FILTER):
            if _is_capitalised_inside_sentence(text, start):
                continue
            if word.endswith(("ite", "ites")) and _accented_ite(text, offsets, match.end() - (word[-1] == "s")):
                continue
            if not (is_disorder_word(word) or is_disorder_word(word, known=_is_common_word(word))):
                continue
            complement = _complement_end(words, i, word)
            end_word = complement or end_word
        else:
            continue
        end_folded = words[end_word - 1].end()
        if _is_inside_address(text, start, offsets[match.end() - 1] + 1):
            continue
        spans.append((start, offsets[end_folded - 1] + 1))
        last_end = end_folded
    for match in _STAGE.finditer(folded):
        start, end = offsets[match.start()], offsets[match.end() - 1] + 1
        if not any(s < end and start < e for s, e in spans):
            spans.append((start, end))
    return sorted(spans)


_SUFFIX_FILTER = tuple({e + s for e in _ALL_ENDINGS for s in ("", "s")})
