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

import functools
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


_PEOPLE_WORDS = frozenset(
    "patient patiente medecin praticien elu elue maire conjoint contact client cliente customer user utilisateur "
    "member membre adherent employee employe salarie staff agent person personne people owner "
    "proprietaire titulaire beneficiaire assure responsable representant signataire student etudiant eleve "
    "teacher enseignant driver conducteur manager".split()
)
"""Words of a person's role: a table of them holds people, ``nom_<role>`` is a person's name."""
_ROLE = "(" + "|".join(sorted(_PEOPLE_WORDS)) + ")s?"

_NAME_HINTS: list[tuple[ColumnKind, re.Pattern]] = [
    (ColumnKind.FREE_TEXT, re.compile(
        r"^(observations?|notes?|commentaires?|comments?|antecedents?|atcd|motifs?|diagnostics?|"
        r"traitements?|compte rendu|cr|textes?|text|descriptions?|remarques?|courriers?|conclusions?|"
        r"histoire|anamnese|synthese|evolution|examen clinique|resume|message|body|contenu)$")),
    (ColumnKind.PERSON_NAME, re.compile(
        r"^(nom|noms|prenom|prenoms|nom naissance|nom usage|nom jeune fille|nom marital|patronyme|name|"
        r"first name|last name|middle name|maiden name|firstname|lastname|surname|given name|family name|"
        r"full name|fullname|nom prenom|prenom nom|username|user name|"
        # a person's name by role: nom_patient, "Prénom de l'élu", contact_name, CustomerName
        rf"(nom|noms|prenom|prenoms|nom usage|nom naissance|name|first name|last name|full name)( de| du| des| d)?( l| la| le)? {_ROLE}|"
        rf"{_ROLE} (name|first name|last name|full name|firstname|lastname|nom|prenom))$")),
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
    """Lower-case, accent-free words of a column name (last path part and its parents).

    >>> column_words("patient.dateNaissance")
    ['patient', 'date', 'naissance']
    """
    return list(_words_of_name(name))


@functools.lru_cache(maxsize=4096)
def _words_of_name(name: str) -> tuple[str, ...]:
    """``column_words``, once per name: redaction asks it of every cell (tens of names)."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    folded = re.sub(r"([a-z])([A-Z])", r"\1 \2", folded).lower()
    return tuple(w for w in re.split(r"[^a-z0-9]+", folded) if w)


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
    "publisher editeur label field champ column colonne variable attribute schema".split()
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
    if column_words(name.rsplit(".", 1)[-1]) not in (["name"], ["nom"]):
        return False
    return _names_one_of(owner_words(name, table), _THING_TABLES)


def owner_words(name: str, table: str | None) -> list[str]:
    """Words of what a column belongs to: its table, and the parents of a nested key (a
    JSON ``schema.fields.0.name`` belongs to ``fields``).

    >>> owner_words("resources.0.schema.fields.0.name", None), owner_words("Name", "MediaType")
    (['resources', '0', 'schema', 'fields', '0'], ['media', 'type'])
    """
    parents = name.rsplit(".", 1)[0] if "." in name else ""
    return column_words(table or "") + column_words(parents)


def _names_one_of(words: Iterable[str], vocabulary: frozenset[str]) -> bool:
    """A word, or its singular, is in ``vocabulary``."""
    return any(w in vocabulary or w[:-1] in vocabulary for w in words)


def is_people_table(table: str | None) -> bool:
    """A table of people (customers, staff, actors, patients, élus...).

    >>> is_people_table("Customer"), is_people_table("app_users"), is_people_table("Track"), is_people_table(None)
    (True, True, False, False)
    """
    return _names_one_of(column_words(table or ""), _PEOPLE_WORDS)


_NAME_PARTICLES = frozenset("de du des d la le van von der den da di dos das del della bin ibn el al ben mac y".split())
_NAME_WORD = re.compile(r"[^\W\d_]+(?:['’\-.][^\W\d_]+)*\.?")
_AMBIGUOUS_NAME_HEADERS = (["name"], ["nom"], ["noms"], ["username"], ["user", "name"])
"""Headers that name a person only when the values say so (and the table is no table of things)."""
NAME_SHAPED_SHARE = 0.5
"""Share of a name column's sampled values that must be shaped like a person's name."""
FIRST_NAME_SHARE = 0.5
"""Share of the values of a bare ``name`` column (outside a table of people) that must hold
a listed first name."""


_PLACEHOLDERS = frozenset("na nc nd nr null none nan inconnu inconnue unknown anonyme anonymous xxx tbd".split())
"""Cell values that stand for no value: they say nothing of a column's kind."""


def fold_placeholder(value: str) -> str:
    """``value`` folded to compare with the placeholders ("N/A" -> "na").

    >>> fold_placeholder("N/A"), fold_placeholder("(Inconnu)")
    ('na', 'inconnu')
    """
    return "".join(c for c in value.casefold() if c.isalnum())


def is_name_shaped(value: str, lowercase: bool = False) -> bool:
    """One to five words, each capitalised or in capitals (or in lower case, with
    ``lowercase``: a column where nothing has a capital), an initial or a particle: the shape
    of a person's name, not of a title, an identifier or a sentence.

    >>> [is_name_shaped(v) for v in ("Jean-Luc N'DIAYE", "van der Berg, Anna", "J. King", "LE GOFF")]
    [True, True, True, True]
    >>> [is_name_shaped(v) for v in ("first_name", "AC/DC", "Track 12", "le chat de la voisine", "mike")]
    [False, False, False, False, False]
    >>> is_name_shaped("mike", lowercase=True), is_name_shaped("jean-luc dupont", lowercase=True)
    (True, True)
    """
    from scanner.name_words import fold, is_capitalised

    words = value.replace(",", " ").split()
    if not 1 <= len(words) <= 5 or any(_NAME_WORD.fullmatch(w) is None for w in words):
        return False
    shaped = 0
    for word in words:
        if fold(word) in _NAME_PARTICLES and len(words) > 1:
            continue
        if not (is_capitalised(word) or word.isupper() or _has_capitalised_parts(word) or lowercase and word.islower()):  # "ROUX" or "Lupus" may be surnames
            return False
        shaped += 1
    return shaped > 0


def _has_capitalised_parts(word: str) -> bool:
    """Each part of a compound surname starts with a capital or is a particle:
    "Dupré-L'Hermite", "Le Gall-d'Estaing".

    >>> _has_capitalised_parts("Dupré-L'Hermite"), _has_capitalised_parts("saint-jean")
    (True, False)
    """
    from scanner.name_words import fold

    parts = [p for p in re.split(r"[-'’]", word) if p]
    return word[:1].isupper() and all(p[:1].isupper() or fold(p) in _NAME_PARTICLES for p in parts)


def has_first_name(value: str) -> bool:
    """A word of ``value`` is a listed first name (INSEE list, see ``scanner.names``).

    >>> has_first_name("Alanis Morissette"), has_first_name("MARY"), has_first_name("Black Sabbath")
    (True, True, False)
    """
    from scanner.name_words import first_names, fold

    names = first_names()
    return any(fold(word) in names for word in value.replace(",", " ").replace("-", " ").split())


def holds_people_names(name: str, table: str | None, sample: Iterable[str]) -> bool:
    """Whether a column whose header announces a name holds people's names: not in a table
    of things, and with values shaped like names; a bare ``name`` outside a table of people,
    and a ``username``, also need listed first names in half of them. An empty sample keeps
    the header's word.

    >>> holds_people_names("LastName", "Customer", ["Gonçalves", "Köhler", "O'Reilly"])
    True
    >>> holds_people_names("name", "fields", ["first_name", "code_insee", "libelle"])
    False
    >>> holds_people_names("Name", "Artist", ["AC/DC", "Accept", "Aerosmith", "Alanis Morissette"])
    False
    """
    if is_thing_name(name, table) or is_credited(name, table):
        return False
    words = column_words(name.rsplit(".", 1)[-1])
    if words not in _AMBIGUOUS_NAME_HEADERS:
        return True  # first_name, nom_naissance, "Nom de l'élu": the header is enough (fail safe)
    values = [v.strip().replace("\ufffd", "x") for v in sample if v and v.strip()]  # x: a byte not decoded
    values = [v for v in values if any(c.isalpha() for c in v) and fold_placeholder(v) not in _PLACEHOLDERS]
    if not values:
        return True
    lowercase = not any(c.isupper() for value in values for c in value)  # a system that lowercases all
    shaped = [v for v in values if is_name_shaped(v, lowercase)]
    if len(shaped) < NAME_SHAPED_SHARE * len(values):
        return False
    owner = owner_words(name, table)
    if words in (["nom"], ["noms"]) or words == ["name"] and (not owner or _names_one_of(owner, _PEOPLE_WORDS)):
        return True  # a French "nom" is a surname: no first name in it
    return sum(map(has_first_name, shaped)) >= FIRST_NAME_SHARE * len(values)


class NameTrust(str, Enum):
    """Which PERSON findings of a column name people."""

    ALL = "all"
    CUED = "cued"  # only names after a cue: a title, a relation, a listed first name beside a SURNAME
    NONE = "none"  # a column of titles, labels or names of things: its "names" are no people


def name_trust(name: str, table: str | None, kind: ColumnKind) -> NameTrust:
    """Which PERSON findings of a column of ``kind`` are kept: all in a name column, in
    health data, in a table of people or of no known kind; none in a column of titles,
    labels, products or their makers, nor in a ``name`` column that holds no people's names;
    only cued ones in other text about things (a film's description).

    >>> name_trust("title", "album", ColumnKind.FREE_TEXT), name_trust("description", "film", ColumnKind.FREE_TEXT)
    (<NameTrust.NONE: 'none'>, <NameTrust.CUED: 'cued'>)
    >>> name_trust("notes", "customer", ColumnKind.FREE_TEXT), name_trust("observation", None, ColumnKind.FREE_TEXT)
    (<NameTrust.ALL: 'all'>, <NameTrust.ALL: 'all'>)
    """
    words, owner = column_words(name.rsplit(".", 1)[-1]), owner_words(name, table)
    if kind is ColumnKind.PERSON_NAME or is_health_named(words) or is_health_named(owner):
        return NameTrust.ALL
    if kind_from_name(name) is ColumnKind.PERSON_NAME:  # a name header whose values are no names
        thing = is_thing_name(name, table) or is_credited(name, table) or _names_one_of(owner, _THING_TABLES)
        return NameTrust.NONE if thing else NameTrust.CUED  # fail safe: cued names still go
    if not _LABEL_WORDS.isdisjoint(words):
        return NameTrust.NONE
    if _names_one_of(owner, _PEOPLE_WORDS):
        return NameTrust.ALL
    if _names_one_of(owner, _THING_TABLES):
        return NameTrust.CUED
    return NameTrust.ALL


_PERSONAL_DATE_WORDS = frozenset(
    "dob ddn dod born ne nee deces death died rdv visite visit visits exam exams acte actes soin soins care cure cures "
    "operation surgery chirurgie accouchement delivery mariage marriage divorce".split()
)
_PERSONAL_DATE_PREFIXES = (
    "nais", "birth", "anniv", "deces", "consult", "admis", "entree", "sortie", "discharg", "hospit",
    "sejour", "rendez", "appointment", "examen", "intervention", "prescri", "vaccin", "accouch",
    "diagnos", "traitement", "treatment",
)
"""Words of a person's life or care: a date in a column or table named so is the person's."""
_BOOKKEEPING_DATE_WORDS = frozenset(
    "update updated maj created create creation cree creee modified modify modification modif modifie deleted "
    "suppression "
    "inserted timestamp hire hired embauche invoice facture facturation order commande payment paiement "
    "rental return retour release shipped shipping expedition livraison publication published import "
    "export sync version expiry expiration".split()
)
"""Words of bookkeeping and trade: a date named so records the database's or a business's
life, not a person's (``last_update``, ``InvoiceDate``, ``date_creation``)."""
_NUMBERED_HEADER = re.compile(r"(column|col|colonne|field|champ|var|c|f|v|x)? ?\d+")
"""A header that only numbers its column (``column_3``, ``c7``, Spark's ``_c0``): it says nothing."""


def holds_personal_dates(name: str, table: str | None, kind: ColumnKind) -> bool:
    """Whether dates found in a column are a person's dates: always where the column speaks
    of a person's life or care (birth, death, a consultation, a stay...) or of health; never
    in a title or a label; all of a free text's; in other columns, all but bookkeeping and
    trade dates (``last_update``, ``HireDate``) and the dates of a table of things (a film's
    ``release_date``): where nothing says whose dates they are, they are a person's (fail safe).

    >>> [holds_personal_dates(c, t, ColumnKind.STRUCTURED) for c, t in (
    ...     ("BirthDate", "Employee"), ("date", "consultations"), ("date_entree", None), ("HireDate", "Employee"))]
    [True, True, True, False]
    >>> [holds_personal_dates(c, t, ColumnKind.STRUCTURED) for c, t in (
    ...     ("last_update", "patients"), ("create_date", "customer"), ("release_date", "film"), ("date", "film"))]
    [False, False, False, False]
    >>> [holds_personal_dates(c, t, ColumnKind.STRUCTURED) for c, t in (
    ...     ("date", None), ("date", "customer"), ("date_nais", None), ("date_naissance", "patient_type"))]
    [True, True, True, True]
    >>> holds_personal_dates("notes", "customer", ColumnKind.FREE_TEXT), holds_personal_dates("Name", "Track", ColumnKind.FREE_TEXT)
    (True, False)
    >>> holds_personal_dates("column_3", None, ColumnKind.STRUCTURED), holds_personal_dates("_c0", None, ColumnKind.STRUCTURED)
    (True, True)
    """
    words, owner = column_words(name.rsplit(".", 1)[-1]), owner_words(name, table)
    if _speaks_of_a_life(words):
        return True  # the column says so, whatever its table (a birth date in "patient_type")
    if not _LABEL_WORDS.isdisjoint(words) or is_thing_name(name, table):
        return False
    if kind is ColumnKind.FREE_TEXT:
        return True
    if not _BOOKKEEPING_DATE_WORDS.isdisjoint(words):
        return False
    if _speaks_of_a_life(owner):
        return True
    return not _names_one_of(owner, _THING_TABLES)  # nothing says whose dates: a person's (fail safe)


def _speaks_of_a_life(words: list[str]) -> bool:
    return any(w in _PERSONAL_DATE_WORDS or w.startswith(_PERSONAL_DATE_PREFIXES) for w in words) or (
        is_health_named(words)
    )


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


_CREDITED_WORDS = frozenset(
    "actor acteur actress actrice artist artiste composer compositeur performer interprete singer chanteur "
    "chanteuse band".split()
)
"""Words of people credited in a catalogue (a film's actors, a track's composer): public
credits, not data subjects."""


def is_credited(name: str, table: str | None) -> bool:
    """A column of people credited in a catalogue, by its name or its table's: their names
    stay (not in health data, where an author is a carer).

    >>> is_credited("first_name", "actor"), is_credited("Composer", "Track"), is_credited("last_name", "customer")
    (True, True, False)
    """
    words, owner = column_words(name.rsplit(".", 1)[-1]), owner_words(name, table)
    if is_health_named(words) or is_health_named(owner):
        return False
    return _names_one_of(words, _CREDITED_WORDS) or _names_one_of(owner, _CREDITED_WORDS)


_PLACE_COLUMN_WORDS = frozenset(
    "district state region province county country pays departement canton territory".split()
)
_PLACE_NAME_WORDS = frozenset("city ville commune localite".split())
_PLACE_TABLES = _THING_TABLES | _PLACE_COLUMN_WORDS


def is_place_reference(name: str, table: str | None) -> bool:
    """A column of places that designate no one: a district, state, region or country, or
    the city of a reference table of places (``city.city``). A person's city stays an
    address.

    >>> is_place_reference("district", "address"), is_place_reference("BillingState", "Invoice")
    (True, True)
    >>> is_place_reference("city", "city"), is_place_reference("City", "Customer"), is_place_reference("ville", None)
    (True, False, False)
    """
    words = column_words(name.rsplit(".", 1)[-1])
    if not words:
        return False
    if words[-1] in _PLACE_COLUMN_WORDS:
        return True
    return words[-1] in _PLACE_NAME_WORDS and _names_one_of(owner_words(name, table), _PLACE_TABLES)


_POSTCODE_HEADER = re.compile(r"^(\w+ )*(cp|code postal|codepostal|postcode|postal code|postalcode|zip|zip code|zipcode)$")
_PHONE_HEADER = re.compile(
    r"^(\w+ )*(phone|telephone|tel|mobile|fax|portable|gsm|cellphone|cell phone|telecopie)( (number|num|numero|no|nr))?$")
_POSTCODE_SHAPE = re.compile(r"[A-Za-z0-9]+(?:[ -][A-Za-z0-9]+)?")
_PHONE_SHAPE = re.compile(r"\+?[\d \t().\-/]+")
_DATE_SHAPE = re.compile(r"\d{1,4}([/.-])\d{1,2}\1\d{1,4}")


def is_postcode_shaped(value: str) -> bool:
    """Three to ten letters and digits (one digit at least), in one or two groups: a postal
    code of any country.

    >>> [is_postcode_shaped(v) for v in ("12227-000", "T6G 2C7", "1010", "SW1A 1AA", "Oslo", "12", "1 rue X")]
    [True, True, True, True, False, False, False]
    """
    value = value.strip()
    return (_POSTCODE_SHAPE.fullmatch(value) is not None and 3 <= sum(c.isalnum() for c in value) <= 10
            and any(c.isdigit() for c in value))


def is_phone_shaped(value: str, min_digits: int = 6) -> bool:
    """``min_digits`` to fifteen digits with the usual separators, with or without ``+``.

    >>> [is_phone_shaped(v) for v in ("14033335568", "+453 3331 9991", "(02) 9876-5432", "12345", "31/02/1990")]
    [True, True, True, False, False]
    """
    value = value.strip()
    return (_PHONE_SHAPE.fullmatch(value) is not None and _DATE_SHAPE.fullmatch(value) is None
            and min_digits <= sum(c.isdigit() for c in value) <= 15)


def header_entity(name: str) -> str | None:
    """The entity type a column's header gives its cells of the right shape (``header_shaped``):
    ADDRESS for a postal code, PHONE_NUMBER for a phone or fax number, whatever the country.

    >>> header_entity("BillingPostalCode"), header_entity("code_postal"), header_entity("fax"), header_entity("total")
    ('ADDRESS', 'ADDRESS', 'PHONE_NUMBER', None)
    """
    joined = " ".join(column_words(name.rsplit(".", 1)[-1]))
    if _POSTCODE_HEADER.match(joined):
        return "ADDRESS"
    if _PHONE_HEADER.match(joined):
        return "PHONE_NUMBER"
    return None


def header_shaped(entity_type: str, value: str) -> bool:
    """Whether ``value`` has the shape of the ``header_entity`` of its column.

    >>> header_shaped("ADDRESS", "H2G 1A7"), header_shaped("PHONE_NUMBER", "H2G 1A7")
    (True, False)
    """
    return is_postcode_shaped(value) if entity_type == "ADDRESS" else is_phone_shaped(value)


LABEL_ABSENT_TYPES = frozenset({"PERSON", "ADDRESS", "DATE_TIME"})
"""What a title or label column holds none of: its names, places and dates belong to a thing
("New York, New York", "Mensagem De Amor (2000)")."""
PLACE_ABSENT_TYPES = frozenset({"PERSON", "ADDRESS"})


def absent_types(name: str, table: str | None, trust: NameTrust) -> frozenset[str]:
    """Entity types a column holds none of, whatever recognizers find in it: names, places
    and dates in a column of titles or labels (``NameTrust.NONE``), names and addresses in a
    column of places that designate no one (``is_place_reference``).

    >>> sorted(absent_types("Name", "Track", NameTrust.NONE)), sorted(absent_types("district", "address", NameTrust.ALL))
    (['ADDRESS', 'DATE_TIME', 'PERSON'], ['ADDRESS', 'PERSON'])
    >>> absent_types("city", "customer", NameTrust.ALL)
    frozenset()
    """
    if trust is NameTrust.NONE:
        return LABEL_ABSENT_TYPES
    if is_place_reference(name, table):
        return PLACE_ABSENT_TYPES
    return frozenset()


def classify_column(name: str, sample: Iterable[str], table: str | None = None) -> ColumnKind:
    """The kind of a column: a telling name wins, else the look of its values.

    A column whose name says "structured" (or nothing) but whose values read like prose is
    free text: notes hide in columns with any name. A name column whose table or values say
    it holds no people's names (``holds_people_names``) is structured: a track's name, a
    schema's field names are no persons.
    """
    by_name = kind_from_name(name)
    if by_name is ColumnKind.PERSON_NAME and not holds_people_names(name, table, sample):
        return ColumnKind.STRUCTURED
    if by_name is ColumnKind.ADDRESS and is_place_reference(name, table):
        return kind_from_values(sample)
    if by_name in (ColumnKind.FREE_TEXT, ColumnKind.PERSON_NAME, ColumnKind.ADDRESS, ColumnKind.KEY):
        return by_name
    return kind_from_values(sample)


_LABEL_CONTEXT = [
    (re.compile(r"\b(titre|carte|permis) (de )?sejour\b|\bcarte (de )?resident\b|\bnum(ero)? etranger\b"), "agdref"),
]
"""Labels of several words in a header and the context word each lends to the column's cells:
a residence permit's number in a ``num_titre_sejour`` column (the word "séjour" alone is a
hospital stay's)."""


def header_context(name: str) -> frozenset[str]:
    """The context words a column's header lends to its cells: its own words, and the
    context word of a label of several words in it.

    >>> sorted(header_context("num_titre_sejour")), sorted(header_context("num_sejour"))
    (['agdref', 'num', 'sejour', 'titre'], ['num', 'sejour'])
    """
    words = column_words(name)
    joined = " ".join(words)
    return frozenset(words) | {word for label, word in _LABEL_CONTEXT if label.search(joined)}


_NUMBER_HEADERS = [
    (re.compile(r"\bsiret\b"), "FR_SIRET"),
    (re.compile(r"\bsiren\b"), "FR_SIREN"),
    (re.compile(r"\b(fiscal|spi)\b"), "FR_TAX_ID"),
    (re.compile(r"\bagdref\b|\b(titre|carte|permis) (de )?sejour\b|\bcarte (de )?resident\b|\bnum(ero)? etranger\b"),
     "FR_RESIDENCE_PERMIT"),
    (re.compile(r"\bfiness\b"), "FR_FINESS"),
    (re.compile(r"\badeli\b"), "FR_ADELI"),
]
"""Headers naming an identifier that may start with 0 (a tax number, an AGDREF of departments
01 to 09), with its type (``identifiers.DIGIT_COUNTS``)."""


def header_digits(name: str) -> int | None:
    """The digit count of the identifier a column's header names, if it may start with 0:
    an integer column drops the leading 0 (``zero_padded``).

    >>> header_digits("num_fiscal"), header_digits("numero_titre_sejour"), header_digits("num_sejour")
    (13, 10, None)
    """
    from scanner.identifiers import DIGIT_COUNTS

    joined = " ".join(column_words(name.rsplit(".", 1)[-1]))
    return next((DIGIT_COUNTS[entity] for header, entity in _NUMBER_HEADERS if header.search(joined)), None)


def zero_padded(value: str, digits: int) -> str:
    """An integer cell left-padded with zeros to ``digits`` (at most 3 zeros: the ones an
    integer column drops), else ``value`` itself.

    >>> zero_padded("701987765493", 13), zero_padded("701987765493.0", 13), zero_padded("12", 13)
    ('0701987765493', '0701987765493', '12')
    """
    number = value.removesuffix(".0")
    if not (number.isascii() and number.isdigit()) or not digits - 3 <= len(number) < digits:
        return value
    return number.zfill(digits)


def is_ins_column(name: str) -> bool:
    """A column the header says holds INS matricules: the word "ins" in it (the NIRs
    found there are INS).

    >>> is_ins_column("matricule_ins"), is_ins_column("patient.INS"), is_ins_column("insee_commune")
    (True, True, False)
    """
    return "ins" in column_words(name.rsplit(".", 1)[-1])


def is_ins_oid_column(sample: Iterable[str]) -> bool:
    """Every non-blank sampled value is an INS OID (``1.2.250.1.213.1.4.8``...): the column
    says the table's NIRs are INS.

    >>> is_ins_oid_column(["1.2.250.1.213.1.4.8", "urn:oid:1.2.250.1.213.1.4.9", ""]), is_ins_oid_column(["1.2.3"])
    (True, False)
    """
    from scanner.identifiers import ins

    values = [v for v in sample if isinstance(v, str) and v.strip()]
    return bool(values) and all(ins.register_of(v) for v in values)
