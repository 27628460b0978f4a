"""Column classification from names and samples (pure, no Presidio)."""

import pytest

from scanner.columns import ColumnKind, classify_column, column_words, kind_from_name

K = ColumnKind


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("nom", K.PERSON_NAME), ("NOM", K.PERSON_NAME), ("prenom", K.PERSON_NAME), ("Prénom", K.PERSON_NAME),
        ("nom_naissance", K.PERSON_NAME), ("lastName", K.PERSON_NAME), ("patient.nom", K.PERSON_NAME),
        ("adresse", K.ADDRESS), ("adresse2", K.ADDRESS), ("cp", K.ADDRESS), ("code_postal", K.ADDRESS),
        ("ville", K.ADDRESS), ("Commune", K.ADDRESS),
        ("observation", K.FREE_TEXT), ("notes", K.FREE_TEXT), ("commentaire", K.FREE_TEXT),
        ("antecedents", K.FREE_TEXT), ("Antécédents", K.FREE_TEXT), ("compte_rendu", K.FREE_TEXT),
        ("nir", K.STRUCTURED), ("num_secu", K.STRUCTURED), ("telephone", K.STRUCTURED),
        ("date_naissance", K.STRUCTURED), ("rpps", K.STRUCTURED), ("id", K.KEY), ("patient_id", K.KEY), ("IPP", K.KEY),
        ("uuid", K.KEY), ("idPatient", K.KEY), ("identite", K.STRUCTURED),
        ("nom_etablissement_x", K.STRUCTURED),
    ],
)
def test_kind_from_name_table(name, expected):
    assert kind_from_name(name) == expected


@pytest.mark.parametrize(
    ("name", "sample", "expected"),
    [
        ("c7", ["Patiente vue ce jour pour suivi de son diabète de type 2."], K.FREE_TEXT),
        ("c7", ["HTA", "DT2", ""], K.STRUCTURED),
        ("c7", ["suivi psy depuis 2019, va mieux"], K.FREE_TEXT),
        ("telephone", ["06 12 34 56 78"], K.STRUCTURED),
        ("info", ["Appeler la fille au 06 12 34 56 78 avant de passer"], K.FREE_TEXT),
        ("nom", ["DUPONT"], K.PERSON_NAME),
        ("observation", [""], K.FREE_TEXT),
    ],
)
def test_classify_column_uses_name_then_sample(name, sample, expected):
    assert classify_column(name, sample) == expected


def test_column_words_fold_case_accents_and_camel_case():
    assert column_words("dateNaissance") == ["date", "naissance"]
    assert column_words("N° Sécu") == ["n", "secu"]
