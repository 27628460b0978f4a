"""scanner.terminology: tables of French clinical sentences (synthetic, no real patient)."""

import pytest

from scanner.terminology import find_terms, get_matcher, is_icd10_code
from scanner.terminology.categories import category_for_atc, category_for_icd10
from scanner.terminology.codes import find_icd10_codes
from scanner.terminology.normalize import normalize, to_original_span


def found(text, entities=None):
    return [(m.text, m.entity_type, m.category) for m in find_terms(text, entities)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # full terms, with and without accents, any case
        ("Diabète de type 2 déséquilibré.", [("Diabète de type 2", "DIAGNOSIS", "other_health")]),
        ("diabete de type 2 desequilibre", [("diabete de type 2", "DIAGNOSIS", "other_health")]),
        ("DIABÈTE DE TYPE 2", [("DIABÈTE DE TYPE 2", "DIAGNOSIS", "other_health")]),
        ("Insuffisance cardiaque à FEVG altérée.", [("Insuffisance cardiaque", "DIAGNOSIS", "other_health")]),
        ("Episode depressif majeur en 2021.", [("Episode depressif majeur", "DIAGNOSIS", "mental_health")]),
        ("Suivie pour schizophrénie.", [("schizophrénie", "DIAGNOSIS", "mental_health")]),
        ("Anorexie mentale à 16 ans.", [("Anorexie mentale", "DIAGNOSIS", "mental_health")]),
        ("Trisomie 21 et mucoviscidose.", [("Trisomie 21", "DIAGNOSIS", "genetic"), ("mucoviscidose", "DIAGNOSIS", "genetic")]),
        ("Paraplégique depuis l'accident, dossier MDPH.", [("Paraplégique", "DIAGNOSIS", "disability"), ("MDPH", "DIAGNOSIS", "disability")]),
        ("Grossesse de 12 SA.", [("Grossesse", "PROCEDURE", "reproductive")]),
        ("Demande d'IVG.", [("IVG", "PROCEDURE", "reproductive")]),
        ("Parcours PMA puis FIV.", [("PMA", "PROCEDURE", "reproductive"), ("FIV", "PROCEDURE", "reproductive")]),
        ("Adénocarcinome prostatique.", [("Adénocarcinome prostatique", "DIAGNOSIS", "oncology")]),
        ("Tumeur maligne du sein gauche.", [("Tumeur maligne du sein", "DIAGNOSIS", "oncology")]),
        # a CIM-10 label from the shipped list, not the lexicon
        ("Shigellose et leptospirose.", [("Shigellose", "DIAGNOSIS", "other_health"), ("leptospirose", "DIAGNOSIS", "other_health")]),
        # plural
        ("Insuffisances cardiaques répétées.", [("Insuffisances cardiaques", "DIAGNOSIS", "other_health")]),
        ("Métastases hépatiques.", [("Métastases hépatiques", "DIAGNOSIS", "oncology")]),
        ("Troubles bipolaires.", [("Troubles bipolaires", "DIAGNOSIS", "mental_health")]),
        # abbreviations and colloquial forms
        ("ATCD : HTA, DT2, BPCO.", [("HTA", "DIAGNOSIS", "other_health"), ("DT2", "DIAGNOSIS", "other_health"), ("BPCO", "DIAGNOSIS", "other_health")]),
        ("IDM en 2015, AVC en 2019.", [("IDM", "DIAGNOSIS", "other_health"), ("AVC", "DIAGNOSIS", "other_health")]),
        ("Patient VIH+ depuis 2010.", [("VIH", "DIAGNOSIS", "hiv_sti")]),
        ("Séropo connu.", [("Séropo", "DIAGNOSIS", "hiv_sti")]),
        ("K du sein opéré.", [("K du sein", "DIAGNOSIS", "oncology"), ("opéré", "PROCEDURE", "other_health")]),
        ("Ancien toxico, OH chronique.", [("toxico", "DIAGNOSIS", "addiction"), ("OH chronique", "DIAGNOSIS", "addiction")]),
        ("ATCD psy lourds, schizo.", [("ATCD psy", "DIAGNOSIS", "mental_health"), ("schizo", "DIAGNOSIS", "mental_health")]),
        ("Éthylisme sevré.", [("Éthylisme", "DIAGNOSIS", "addiction")]),
        # longest match wins over a shorter term inside it
        ("Diabète gestationnel.", [("Diabète gestationnel", "DIAGNOSIS", "reproductive")]),
        ("Dépression du post-partum.", [("Dépression du post-partum", "DIAGNOSIS", "reproductive")]),
    ],
)
def test_find_terms_finds_diagnoses(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("TS médicamenteuse en 2019.", [("TS médicamenteuse", "DIAGNOSIS", "mental_health")]),
        ("ATCD de TS.", [("TS", "DIAGNOSIS", "mental_health")]),
        ("FA paroxystique.", [("FA", "DIAGNOSIS", "other_health")]),
        ("SEP rémittente.", [("SEP", "DIAGNOSIS", "other_health")]),
        ("IRC stade 3.", [("IRC", "DIAGNOSIS", "other_health")]),
        ("Sous PrEP.", [("PrEP", "MEDICATION", "hiv_sti")]),
        # short ambiguous abbreviations in lower case are ordinary words
        ("Il ts'est fa ce sep irc oh", []),
        ("Elle fait ça, sep heures", []),
        ("oh la la, ça fa du bien", []),
        # "néo" needs capitals or a clinical cue
        ("Un néo du sein.", [("néo du sein", "DIAGNOSIS", "oncology")]),
        ("Style néo rétro", []),
        ("ATCD de néo", [("néo", "DIAGNOSIS", "oncology")]),
    ],
)
def test_find_terms_applies_case_rules(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a text that names two disorders is clinical: its ambiguous disorder words count
        (
            "Peu fréquents : vertiges, insomnie, confusion, délire.",
            ["vertiges", "insomnie", "confusion", "délire"],
        ),
        ("Effets observés : somnolence, prurit et chutes.", ["somnolence", "prurit", "chutes"]),
        ("Léthargie, photophobie et faiblesse ; patients immunodéprimés.", ["Léthargie", "photophobie", "faiblesse", "immunodéprimés"]),
        ("Mal de gorge, nez bouché, flou visuel.", ["Mal de gorge", "nez bouché", "flou visuel"]),
        ("Rhabdomyolyse et intoxication au plomb ; anémie.", ["Rhabdomyolyse", "intoxication au plomb", "anémie"]),
        # one disorder is not enough, and other texts keep their sense
        ("Vertiges ; confusion des genres dans le film.", ["Vertiges"]),
        ("Confusion totale, délire de la foule au concert.", []),
        ("Chutes du Niagara, coma idyllique.", []),
        ("Une faiblesse pour le chocolat, quelle lassitude.", []),
    ],
)
def test_find_terms_reads_ambiguous_disorders_in_clinical_text(text, expected):
    assert [m.text for m in find_terms(text, {"DIAGNOSIS"})] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Le patient habite rue de la Paix.",
        "Sa mère l'accompagne.",
        "RDV le 12 mars.",
        "Le sein droit est souple.",
        "Il a mal au dos depuis hier.",
        "Mme Diane Martin, née le 3 mai 1960.",
        "Prendre le bus B20 jusqu'à la gare.",
        "Chambre E119, 2e étage.",
        "Homme de 54 ans, marié, deux enfants.",
        "Contrôle dans 3 mois, bonne évolution.",
        "Fer à repasser, gel douche, art moderne.",
        "Il fait beau, elle sourit et part ce soir.",
        "",
        "   ",
    ],
)
def test_find_terms_ignores_non_health_sentences(text):
    assert find_terms(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Sous Levothyrox 75 µg.", [("Levothyrox", "H03AA01", "other_health")]),
        ("metformine 1000 mg matin et soir", [("metformine", "A10BA02", "other_health")]),
        ("METFORMINE 850", [("METFORMINE", "A10BA02", "other_health")]),
        ("Traitement : Truvada en PrEP.", [("Truvada", "J05AR03", "hiv_sti"), ("PrEP", "J05AR03", "hiv_sti")]),
        ("Epclusa 1 cp/j, Kaftrio le matin", [("Epclusa", "J05AP55", "hiv_sti"), ("Kaftrio", "R07AX32", "genetic")]),
        ("Subutex 8 mg/j.", [("Subutex", "N07BC01", "addiction")]),
        ("méthadone 60 mg", [("méthadone", "N07BC02", "addiction")]),
        ("Zyprexa 10 mg le soir.", [("Zyprexa", "N05AH03", "mental_health")]),
        ("escitalopram 10 mg", [("escitalopram", "N06AB10", "mental_health")]),
        ("tamoxifène depuis 2 ans", [("tamoxifène", "L02BA01", "oncology")]),
        ("Pilule : Leeloo.", [("Leeloo", "G03AA07", "reproductive")]),
        ("Kardégic 75", [("Kardégic", "B01AC06", "other_health")]),
    ],
)
def test_find_terms_finds_medications_with_atc(text, expected):
    got = [(m.text, m.code, m.category) for m in find_terms(text, {"MEDICATION"})]
    assert got == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Témoin de Jéhovah, refuse transfusion.", [("Témoin de Jéhovah", "religion"), ("refuse transfusion", "religion")]),
        ("Musulman, jeûne pendant le ramadan.", [("Musulman", "religion"), ("ramadan", "religion")]),
        ("Catholique pratiquant.", [("Catholique", "religion"), ("pratiquant", "religion")]),
        ("Patient homosexuel, en couple.", [("homosexuel", "sexual_orientation")]),
        ("HSH, partenaires multiples.", [("HSH", "sexual_orientation")]),
        ("Vit avec sa compagne, lesbienne.", [("lesbienne", "sexual_orientation")]),
        ("D'origine maghrébine.", [("D'origine maghrébine", "ethnic_origin")]),
        ("Syndiqué CGT, délégué syndical.", [("Syndiqué", "political"), ("CGT", "political"), ("délégué syndical", "political")]),
        ("Il pratiquait le judo.", []),
    ],
)
def test_find_terms_finds_sensitive_traits(text, expected):
    got = [(m.text, m.category) for m in find_terms(text) if m.entity_type == "SENSITIVE_TRAIT"]
    assert got == expected


@pytest.mark.parametrize(
    "text, code, category",
    [
        ("DP : E11.9", "E11.9", "other_health"),
        ("Code CIM-10 E119", "E11.9", "other_health"),
        ("DAS F32.1", "F32.1", "mental_health"),
        ("diagnostic F10.2", "F10.2", "addiction"),
        ("CIM10 : B20", "B20", "hiv_sti"),
        ("B20", "B20", "hiv_sti"),
        ("codé C50.9", "C50.9", "oncology"),
        ("O04.9", "O04.9", "reproductive"),
        ("Q90.0", "Q90.0", "genetic"),
        ("Z21", "Z21", "hiv_sti"),
        ("U07.1", "U07.1", "other_health"),
    ],
)
def test_find_icd10_codes_accepts_real_codes(text, code, category):
    [match] = find_terms(text)
    assert (match.code, match.category, match.entity_type) == (code, category, "DIAGNOSIS")


@pytest.mark.parametrize(
    "text",
    [
        "Code E99.9",  # E99 is not a CIM-10 category
        "DP : F32.7",  # F32.7 does not exist
        "Code U99",
        "DAS Z99.99",
        "Prendre le bus B20",  # real code, no coding cue, not the whole text
        "vol AF447, siège E12",
        "e11.9",  # lower-case letter: not a code shape
        "E11.9.3",
        "AE11.9",
    ],
)
def test_find_icd10_codes_rejects_invalid_or_uncued_codes(text):
    assert find_icd10_codes(text) == []


def test_is_icd10_code_uses_the_real_list():
    assert is_icd10_code("E11.9") and is_icd10_code("e119") and is_icd10_code("B20")
    assert not is_icd10_code("E99.9") and not is_icd10_code("")


@pytest.mark.parametrize(
    "code, category",
    [
        ("F32.1", "mental_health"), ("F20", "mental_health"), ("F10.2", "addiction"),
        ("F19", "addiction"), ("F20.0", "mental_health"), ("X70", "mental_health"),
        ("B20", "hiv_sti"), ("B24", "hiv_sti"), ("A53.9", "hiv_sti"), ("Z21", "hiv_sti"),
        ("B25", "other_health"), ("C50.9", "oncology"), ("D48.9", "oncology"),
        ("D50", "other_health"), ("O80", "reproductive"), ("Z34.0", "reproductive"),
        ("N97.0", "reproductive"), ("Q90.9", "genetic"), ("E11.9", "other_health"),
        ("I10", "other_health"),
    ],
)
def test_category_for_icd10_follows_rules_table(code, category):
    assert category_for_icd10(code) == category


@pytest.mark.parametrize(
    "code, category",
    [
        ("J05AR03", "hiv_sti"), ("J05AE10", "hiv_sti"), ("J05AF07", "hiv_sti"),
        ("J05AG03", "hiv_sti"), ("J05AB01", "other_health"), ("N05AH03", "mental_health"),
        ("N05BA01", "mental_health"), ("N05CF01", "mental_health"), ("N06AB10", "mental_health"),
        ("N07BC01", "addiction"), ("N07BC02", "addiction"), ("N07BB01", "addiction"),
        ("L01XA01", "oncology"), ("L02BA01", "oncology"), ("G03AA07", "reproductive"),
        ("G03GA05", "reproductive"), ("H03AA01", "other_health"), ("A10BA02", "other_health"),
    ],
)
def test_category_for_atc_follows_rules_table(code, category):
    assert category_for_atc(code) == category


@pytest.mark.parametrize(
    "text, term, qualifier",
    [
        ("Pas de diabète connu.", "diabète", "negated"),
        ("Absence de métastase.", "métastase", "negated"),
        ("Nie toute consommation de cannabis.", "consommation de cannabis", "negated"),
        ("Nie fumer du cannabis.", "cannabis", "negated"),
        ("Aucun ATCD psy.", "ATCD psy", "negated"),
        ("Sérologie VIH négative.", "VIH", "negated"),
        ("Suspicion de SEP.", "SEP", "hypothetical"),
        ("Serait suivi pour schizophrénie.", "schizophrénie", "hypothetical"),
        ("Grossesse ?", "Grossesse", "hypothetical"),
        ("Cancer probable.", "Cancer", "hypothetical"),
        ("Mère : cancer du sein.", "cancer du sein", "family"),
        ("ATCD familiaux : père diabétique.", "diabétique", "family"),
        ("Son frère est schizophrène.", "schizophrène", "family"),
        ("Diabète de type 2 équilibré.", "Diabète de type 2", None),
        ("Pas de fièvre. Diabète de type 2.", "Diabète de type 2", None),
    ],
)
def test_find_terms_records_qualifier(text, term, qualifier):
    [match] = [m for m in find_terms(text) if m.text == term]
    assert match.qualifier == qualifier


@pytest.mark.parametrize(
    "text",
    [
        "Patiente âgée, hospitalisée pour insuffisance cardiaque décompensée.",
        "Œdème aigu du poumon ; cœur : IDM ancien.",
        "Sérologie VIH positive, trithérapie débutée.",
        "  \n\tDépression   sévère\u00a0;  ATCD de TS.",
        "e\u0301thylisme chronique",  # decomposed accent (NFD)
        "Sœur : mucoviscidose. Levothyrox 100 µg.",
    ],
)
def test_find_terms_offsets_map_back_onto_original_text(text):
    matches = find_terms(text)
    assert matches
    for match in matches:
        assert text[match.start : match.end] == match.text
        assert normalize(match.text)[0]  # a real, non-blank span


def test_find_terms_span_covers_decomposed_accents():
    text = "e\u0301thylisme chronique"
    [match] = find_terms(text)
    assert (match.start, match.end) == (0, len(text))


@pytest.mark.parametrize(
    "text, folded",
    [
        ("Diabète", "diabete"),
        ("ŒDÈME", "oedeme"),
        ("l’IVG", "l ivg"),
        ("  a ,  b  ", "a b"),
    ],
)
def test_normalize_folds_and_keeps_offsets(text, folded):
    got, offsets = normalize(text)
    assert got == folded and len(offsets) == len(got)
    start, end = to_original_span(offsets, 0, len(got))
    assert text[start:end].strip() == text.strip()


def test_find_terms_filters_entities_after_overlap_resolution():
    text = "Sous méthadone, OH chronique, musulman."
    assert [m.entity_type for m in find_terms(text, {"MEDICATION"})] == ["MEDICATION"]
    assert {m.entity_type for m in find_terms(text)} == {"MEDICATION", "DIAGNOSIS", "SENSITIVE_TRAIT"}


def test_get_matcher_is_built_once():
    assert get_matcher() is get_matcher()
    assert len(get_matcher()) > 20000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # one disorder named in full ("diabète de type 2") does not make a text clinical
        ("Diabète de type 2. Il a vu le film La rage du tigre.", ["Diabète de type 2"]),
        # a short cue is a whole word: "sa" is none in "salariale", "cas" none in "casquette"
        ("La masse salariale a augmenté.", []),
        ("Le signe de la casquette.", []),
        # a disorder grown over its adjective holds the term inside it once
        ("Cancer du sein métastatique.", ["Cancer du sein métastatique"]),
        # a hyphenated pair of procedures is one word
        ("ATCD : cholécystectomie-appendicectomie.", ["cholécystectomie-appendicectomie"]),
    ],
)
def test_find_terms_gives_one_span_per_term_and_reads_cues_whole(text, expected):
    spans = [(m.start, m.end) for m in find_terms(text)]
    assert [m.text for m in find_terms(text)] == expected
    assert all(end <= next_start for (_, end), (next_start, _) in zip(spans, spans[1:]))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mme Nora Efferalgan 1 g matin et soir.", ["Efferalgan"]),  # a dose and times: a drug
        ("Mme Nora Efferalgan est venue.", []),  # a surname
        ("M. Pierre Lasilix habite ici.", []),
        ("rue Doliprane 1000 mg", ["Doliprane"]),
    ],
)
def test_a_drug_in_a_name_position_counts_with_a_word_of_treatment(text, expected):
    assert [m.text for m in find_terms(text)] == expected
