"""scanner.facilities and HEALTH_FACILITY end to end: names after a facility word, well-known
hospitals alone, categories of psychiatric facilities, record classes and redaction."""

import csv

import pytest

from scanner import facilities
from scanner.classify import classify
from scanner.models import Finding, RecordClass
from scanner.redact.pipeline import redact_path
from scanner.redact.policy import RedactionPolicy


def _found(text):
    return [text[m.start : m.end] for m in facilities.find_facilities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A name after a facility word: the span is the name, articles and qualifiers kept
        ("Hospitalisée à l'Hôpital Robert Debré du 3 au 9 mai.", ["Robert Debré"]),
        ("Suivi à l'hôpital Saint-Antoine le 15/02/2023.", ["Saint-Antoine"]),
        ("Bilan fait à Hôpital la Pitié Salpêtrière, 47 boulevard de l'Hôpital", ["la Pitié Salpêtrière"]),
        ("Opérée à l'Hôpital Européen Georges-Pompidou en 2019.", ["Européen Georges-Pompidou"]),
        ("Courrier du CHU de Bordeaux, service de cardiologie.", ["Bordeaux"]),
        ("Transfert vers le CHU d'Angers.", ["Angers"]),
        ("Centre hospitalier universitaire de Nantes - FINESS 440000289", ["Nantes"]),
        ("Centre Hospitalier Sud Francilien, pôle femme-enfant", ["Sud Francilien"]),
        ("Admise à la clinique Val d'Ouest le 20 mai 2019.", ["Val d'Ouest"]),
        ("Groupe hospitalier Paris Saint-Joseph", ["Paris Saint-Joseph"]),
        ("Vu au laboratoire de biochimie - HOP Avicenne\nMédecin : Dr Roux", ["Avicenne"]),
        ("Résidente de l'EHPAD Les Tilleuls depuis 2020.", ["Les Tilleuls"]),
        ("Traitée à l'Institut Curie pour un rétinoblastome.", ["Curie"]),
        ("Dr Hantonne, Centre de Santé de Belleville, 88 boulevard de Belleville", ["Belleville"]),
        ("Contact: Jefferson University Hospital - source 31712", ["Jefferson University Hospital"]),
        # A letterhead: the names on the upper-case lines after the facility word
        ("GROUPE HOSPITALIER\nH.MONDOR\nALBERT CHENEVIER\nService de néphrologie", ["H.MONDOR", "ALBERT CHENEVIER"]),
        # A well-known hospital written alone after "à", "au" or a bracket
        ("Revue à Bichat le 08/09/2029 pour réévaluation.", ["Bichat"]),
        ("Plastie mitrale en 2003 (St Louis).", ["St Louis"]),
        ("Suivi à Mondor tous les trois mois.", ["Mondor"]),
        ("Opérée à la Timone en 2015, revue à la Pitié-Salpêtrière.", ["Timone", "Pitié-Salpêtrière"]),
        # Not facilities
        ("Hôpital de jour le 4 mars, puis retour à domicile.", []),
        ("EXAMEN CLINIQUE\nPatient calme. Examen clinique Normal.", []),
        ("Chefs de Clinique Assistants : Dr Z. Albert", []),
        ("Données de l'Institut National de la Statistique", []),
        ("Aphasie de Broca après l'AVC; loi de Bichat.", []),
        ("Hôpital Bichat Service de pneumologie", ["Bichat"]),
    ],
)
def test_find_facilities_finds_names_of_facilities(text, expected):
    assert _found(text) == expected


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Suivie au CMP de Belleville depuis 2018.", "mental_health"),
        ("Hospitalisé au CHS de Ville-Évrard.", "mental_health"),
        ("Clinique psychiatrique des Trois Cyprès", "mental_health"),
        ("Centre de Santé Mentale Paris-Est", "mental_health"),
        ("Orienté vers le CSAPA Le Cap.", "addiction"),
        ("Dépistage au CeGIDD de Montreuil.", "hiv_sti"),
        ("Consultation au CHU de Lille.", None),
    ],
)
def test_find_facilities_gives_the_category_a_facility_reveals(text, category):
    [match] = facilities.find_facilities(text)
    assert match.category == category


def _finding(entity_type, category=None):
    return Finding("s", None, "1", "note", entity_type, 0, 5, 0.95, "r", category)


@pytest.mark.parametrize(
    ("findings", "expected"),
    [
        ([_finding("HEALTH_FACILITY")], RecordClass.ADMINISTRATIVE),
        ([_finding("PERSON"), _finding("HEALTH_FACILITY", "mental_health")], RecordClass.SENSITIVE),
        ([_finding("HEALTH_FACILITY", "addiction")], RecordClass.SENSITIVE),
    ],
)
def test_classify_a_psychiatric_facility_is_sensitive(findings, expected):
    assert classify(findings)[0] is expected


def test_facility_names_are_not_persons(analyzer):
    text = "Patiente admise à l'Hôpital Robert Debré puis suivie à l'hôpital Henri Mondor."
    results = analyzer.analyze(text=text, language="fr")
    found = {(text[r.start : r.end], r.entity_type) for r in results if r.score >= 0.5}
    assert ("Robert Debré", "HEALTH_FACILITY") in found
    assert ("Henri Mondor", "HEALTH_FACILITY") in found
    assert not any(entity == "PERSON" for _, entity in found)


def test_redact_replaces_facility_names_by_a_placeholder(tmp_path, detector):
    source = tmp_path / "notes.csv"
    with source.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["observation"], ["Transférée à l'Hôpital Robert Debré le 3 mai."]])
    output = tmp_path / "out.csv"
    redact_path(source, output, RedactionPolicy(key=bytes(range(32))), detector=detector)
    with output.open(encoding="utf-8") as f:
        [row] = list(csv.DictReader(f))
    assert "Robert Debré" not in row["observation"]
    assert "Hôpital <HEALTH_FACILITY>" in row["observation"]
