"""Column awareness: what a table column holds, from its name and a sample of its values.

A column is classified once; its cells are then checked with what fits. Only free-text
columns go through spaCy; a ``nom`` column holds names even when spaCy cannot tell from
one token; a ``nir`` column lends the word "nir" as context to its cells.

>>> column_words("patient.date_naissance")
['patient', 'date', 'naissance']
>>> kind_from_name("Prenom"), kind_from_name("num_secu"), kind_from_name("observation")
(<ColumnKind.PERSON_NAME: 'person_name'>, <ColumnKind.STRUCTURED: 'structured'>, <ColumnKind.FREE_TEXT: 'free_text'>)
>>> kind_from_name("num_dossier"), kind_from_name("numeroSejour"), kind_from_name("examen")
(<ColumnKind.KEY: 'key'>, <ColumnKind.KEY: 'key'>, <ColumnKind.STRUCTURED: 'structured'>)
>>> classify_column("x7", ["Patiente vue ce jour pour suivi de son diabète de type 2."])
<ColumnKind.FREE_TEXT: 'free_text'>
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from enum import Enum


class ColumnKind(str, Enum):
    """How the cells of a column are checked."""

    FREE_TEXT = "free_text"  # full NLP pipeline
    PERSON_NAME = "person_name"  # the cell is a name
    ADDRESS = "address"  # the cell is a street address, a postcode or a city
    KEY = "key"  # a record key: identifier patterns only (an id may be a NIR, never a diagnosis)
    STRUCTURED = "structured"  # pattern recognizers, with the column name as context


_NAME_HINTS: list[tuple[ColumnKind, re.Pattern]] = [
    (ColumnKind.FREE_TEXT, re.compile(
        r"^(observations?|notes?|commentaires?|comments?|antecedents?|atcd|motifs?|diagnostics?|"
        r"traitements?|compte rendu|cr|textes?|text|descriptions?|remarques?|courriers?|conclusions?|"
        r"histoire|anamnese|synthese|evolution|examen clinique|resume|message|body|contenu)$")),
    (ColumnKind.PERSON_NAME, re.compile(
        r"^(nom|noms|prenom|prenoms|nom naissance|nom usage|nom jeune fille|patronyme|name|"
        r"first name|last name|firstname|lastname|surname|given name|family name|nom patient|"
        r"prenom patient|nom medecin|prenom medecin|nom prenom|prenom nom)$")),
    (ColumnKind.ADDRESS, re.compile(
        r"^(adresse|adresses|adresse\d|address|address\d|rue|voie|adr|ligne adresse|"
        r"complement adresse|cp|code postal|codepostal|postcode|zip|zip code|ville|commune|"
        r"city|localite|postal code|address line|"
        # a qualified address or city: billing_address, adresse_facturation, shipping_city
        r"(?!(e ?mail|mail|courriel|electronique|ip|mac|web|url|internet)\b)\w+ (address|city|postal code|zip code|postcode)|"
        r"(adresse|ville|code postal) (?!(e ?mail|mail|courriel|electronique|ip|mac|web|url|internet)$)\w+)$")),
    (ColumnKind.KEY, re.compile(
        r"^(id|pk|key|uuid|guid|ipp|nda|ref|reference|(\w+ )?(id|uuid|key|ref)|id \w+|"
        r"(num|numero|no|n) (de )?(dossier|sejour|venue|examen)|(dossier|sejour|venue) (num|numero|no))$")),
]


def column_words(name: str) -> list[str]:
    """Lower-case, accent-free words of a column name (last path part and its parents)."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    folded = re.sub(r"([a-z])([A-Z])", r"\1 \2", folded).lower()
    return [w for w in re.split(r"[^a-z0-9]+", folded) if w]


def kind_from_name(name: str) -> ColumnKind | None:
    """The kind a column's name announces, or None when the name says nothing."""
    words = column_words(name.rsplit(".", 1)[-1])
    joined = " ".join(w for w in words if not w.isdigit() or len(words) == 1)
    for kind, pattern in _NAME_HINTS:
        if pattern.match(joined):
            return kind
    return ColumnKind.STRUCTURED if words else None


FREE_TEXT_MIN_WORDS = 5
FREE_TEXT_MIN_CHARS = 40


def reads_like_prose(value: str) -> bool:
    """Five words or more, or 40 characters with three words (a word has two letters).

    >>> reads_like_prose("suivi psy depuis 2019, va mieux"), reads_like_prose("1 8 5 0 5 7 8 0 0 6 0 8 4 9 1")
    (True, False)
    """
    words = sum(1 for w in value.split() if sum(c.isalpha() for c in w) >= 2)
    return words >= FREE_TEXT_MIN_WORDS or (len(value) >= FREE_TEXT_MIN_CHARS and words >= 3)


_SEARCH_VECTOR = re.compile(r"(?:'(?:[^']|'')+'(?::\d+[A-D]?(?:,\d+[A-D]?)*)? ?)+")


def is_search_vector(value: str) -> bool:
    """A PostgreSQL ``tsvector`` as dumped: quoted lexemes with their positions, an index
    of other columns' words, not prose.

    >>> is_search_vector("'boondock':2 'handicap':1 'must':13"), is_search_vector("Crise de goutte.")
    (True, False)
    """
    return _SEARCH_VECTOR.fullmatch(value.strip()) is not None


def is_search_vector_column(values: Iterable[str]) -> bool:
    """Every non-blank sampled value is a search vector (and there is one)."""
    values = [v for v in values if v and v.strip()]
    return bool(values) and all(map(is_search_vector, values))


def kind_from_values(values: Iterable[str]) -> ColumnKind:
    """FREE_TEXT when any sampled value reads like prose, else STRUCTURED (search vectors are
    no prose)."""
    values = list(values)
    if is_search_vector_column(values):
        return ColumnKind.STRUCTURED
    return ColumnKind.FREE_TEXT if any(map(reads_like_prose, values)) else ColumnKind.STRUCTURED


_HEALTH_WORDS = frozenset("ald acte actes atcd cim icd ttt vih hiv ist soins".split())
_HEALTH_PREFIXES = (
    "diag", "patho", "malad", "antecedent", "traitement", "therap", "medic", "molecul", "allerg",
    "symptom", "handicap", "vaccin", "prescri", "posolog", "sante", "health", "clinic", "disease",
    "disorder", "drug", "religi", "orientation", "sexu", "infection", "addict", "psych",
    # where care is recorded: a label in a table of stays or prescriptions is a health label
    "patient", "consult", "sejour", "hospit", "urgence", "ordonnance", "biolog", "examen", "pharma",
)
_LABEL_WORDS = frozenset(
    "title titre titles titres album albums film films movie movies song songs chanson chansons track tracks "
    "piste pistes artist artiste artists composer compositeur author auteur director realisateur actor acteur "
    "product produit products produits article articles brand marque company societe entreprise employer "
    "employeur publisher editeur genre category categorie playlist label libelle designation intitule".split()
)
_CODE = re.compile(r"[A-Z]{2,3}")
_THING_TABLES = frozenset(
    "album track film movie song chanson piste product produit article brand marque genre playlist media "
    "mediatype type language langue category categorie categories country countries pays city cities ville "
    "region store shop magasin department departement tag status statut company societe entreprise "
    "publisher editeur label".split()
)
"""Words of a table of things, not people: its bare ``name`` column names a thing."""


def is_health_named(words: Iterable[str]) -> bool:
    """A column or table name that speaks of health: its terms are health data.

    >>> is_health_named(["libelle", "diagnostic"]), is_health_named(["actes"]), is_health_named(["acteur"])
    (True, True, False)
    """
    return any(w in _HEALTH_WORDS or w.startswith(_HEALTH_PREFIXES) for w in words)


def is_code_column(sample: Iterable[str]) -> bool:
    """Every sampled value is a code of two or three capitals (a state, a country, a currency),
    most of them no health term: "OH" among them is Ohio, not alcohol.

    >>> is_code_column(["CA", "NY", "OH", "WA", "CA"]), is_code_column(["HTA", "AVC", "VIH"]), is_code_column(["CA", "Lyon"])
    (True, False, False)
    """
    from scanner.terminology import find_terms

    codes = {value.strip() for value in sample if value and value.strip()}
    if len(codes) < 2 or not all(_CODE.fullmatch(code) for code in codes):
        return False
    return sum(1 for code in codes if find_terms(code)) * 2 < len(codes)


def is_thing_name(name: str, table: str | None) -> bool:
    """A bare ``name`` or ``nom`` column in a table of things (tracks, genres, categories,
    products...): the thing's name, not a person's.

    >>> is_thing_name("Name", "Track"), is_thing_name("name", "categories"), is_thing_name("nom", "patient"), is_thing_name("nom", None)
    (True, True, False, False)
    """
    if column_words(name) not in (["name"], ["nom"]):
        return False
    return any(w in _THING_TABLES or w[:-1] in _THING_TABLES for w in column_words(table or ""))


def holds_health_terms(name: str, table: str | None, sample: Iterable[str]) -> bool:
    """Whether health terms found in a column are health data, from where they stand: not in
    a column of titles, labels, products or their makers (a film "COMA", a composer "Dengue"),
    nor in a column of short codes or of search vectors (which index other columns, scanned
    themselves), unless the column's or its table's name speaks of health.

    >>> holds_health_terms("Title", "film", ["ACADEMY DINOSAUR"]), holds_health_terms("libelle", "diagnostics", ["Goutte"])
    (False, True)
    >>> holds_health_terms("State", "Customer", ["SP", "OH", "CA"]), holds_health_terms("c7", None, ["HTA", "DT2"])
    (False, True)
    """
    words = column_words(name)
    if is_health_named(words) or is_health_named(column_words(table or "")):
        return True
    if not _LABEL_WORDS.isdisjoint(words) or is_thing_name(name, table):
        return False
    sample = list(sample)
    return not (is_code_column(sample) or is_search_vector_column(sample))


def classify_column(name: str, sample: Iterable[str], table: str | None = None) -> ColumnKind:
    """The kind of a column: a telling name wins, else the look of its values.

    A column whose name says "structured" (or nothing) but whose values read like prose is
    free text: notes hide in columns with any name. The ``name`` of a table of things is
    structured (``is_thing_name``): a track's name is no person's.
    """
    by_name = kind_from_name(name)
    if by_name is ColumnKind.PERSON_NAME and is_thing_name(name, table):
        return ColumnKind.STRUCTURED
    if by_name in (ColumnKind.FREE_TEXT, ColumnKind.PERSON_NAME, ColumnKind.ADDRESS, ColumnKind.KEY):
        return by_name
    return kind_from_values(sample)
