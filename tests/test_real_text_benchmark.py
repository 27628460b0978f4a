"""The real-text benchmark (``python -m benchmarks.real_text``): its scoring on hand-made
spans, and one run on the first documents of each corpus of ``../shared/realdata``."""

import doctest

import pytest

from benchmarks import real_text
from benchmarks.real_text import (
    DEFAULT_DATA,
    Document,
    Tally,
    compare,
    gold_spans,
    misses_of,
    score_spans,
)

SCORES = [
    # (case, labelled spans, predicted spans, {type: (gold, found, exact, predicted, correct)})
    ("same bounds: found and exact",
     [("PERSON", 4, 10)], [("PERSON", 4, 10)], {"PERSON": (1, 1, 1, 1, 1)}),
    ("partial overlap: found, not exact",
     [("ADDRESS", 10, 40)], [("ADDRESS", 10, 25)], {"ADDRESS": (1, 1, 0, 1, 1)}),
    ("one prediction over first name and name finds both",
     [("PERSON", 0, 6), ("PERSON", 7, 13)], [("PERSON", 0, 13)], {"PERSON": (2, 2, 0, 1, 1)}),
    ("two predictions on one span are both correct, the span found once",
     [("DATE_TIME", 0, 20)], [("DATE_TIME", 0, 8), ("DATE_TIME", 12, 20)], {"DATE_TIME": (1, 1, 0, 2, 2)}),
    ("adjacent spans do not overlap",
     [("PHONE_NUMBER", 0, 14)], [("PHONE_NUMBER", 14, 20)], {"PHONE_NUMBER": (1, 0, 0, 1, 0)}),
    ("a prediction of another type does not find the span",
     [("FR_PATIENT_ID", 5, 15)], [("PHONE_NUMBER", 5, 15)],
     {"FR_PATIENT_ID": (1, 0, 0, 0, 0), "PHONE_NUMBER": (0, 0, 0, 1, 0)}),
    ("no prediction at all",
     [("DIAGNOSIS", 0, 5), ("DIAGNOSIS", 9, 20)], [], {"DIAGNOSIS": (2, 0, 0, 0, 0)}),
    ("prediction where nothing is labelled",
     [], [("PERSON", 3, 9)], {"PERSON": (0, 0, 0, 1, 0)}),
    ("nested labels both found by the outer prediction",
     [("DIAGNOSIS", 0, 30), ("DIAGNOSIS", 12, 30)], [("DIAGNOSIS", 0, 30)], {"DIAGNOSIS": (2, 2, 1, 1, 1)}),
]


@pytest.mark.parametrize(("case", "gold", "predicted", "expected"), SCORES, ids=[c[0] for c in SCORES])
def test_score_spans_counts_by_overlap_and_exact_bounds(case, gold, predicted, expected):
    assert score_spans(gold, predicted) == {t: Tally(*counts) for t, counts in expected.items()}


RATIOS = [
    # (tally, recall, precision)
    (Tally(gold=4, found=3, exact=1, predicted=5, correct=4), 0.75, 0.8),
    (Tally(gold=3, found=0, predicted=0), 0.0, None),  # no prediction: no precision, not 1.0
    (Tally(gold=0, predicted=2, correct=0), None, 0.0),  # nothing labelled: no recall
    (Tally(), None, None),
]


@pytest.mark.parametrize(("t", "recall", "precision"), RATIOS)
def test_tally_ratios_are_none_without_a_denominator(t, recall, precision):
    assert (t.recall, t.precision) == (recall, precision)


LABELS = [
    # (corpus labels, vigie types)
    (["NOM", "PRENOM"], ["PERSON", "PERSON"]),
    (["TEL", "MAIL", "SECU"], ["PHONE_NUMBER", "EMAIL_ADDRESS", "FR_NIR"]),
    (["ADRESSE", "VILLE", "ZIP"], ["ADDRESS"] * 3),
    (["DATE", "DATE_NAISSANCE"], ["DATE_TIME"] * 2),
    (["DISO", "CHEM"], ["DIAGNOSIS", "MEDICATION"]),
    (["IPP", "NDA", "HOPITAL"], ["FR_PATIENT_ID", "FR_PATIENT_ID", "HEALTH_FACILITY"]),
    (["PROC"], ["PROCEDURE"]),
    (["ANAT", "LIVB", "GEOG"], []),  # no vigie type: left out
    (["OBJC|CHEM"], ["MEDICATION"]),  # two groups on one span
]


@pytest.mark.parametrize(("labels", "types"), LABELS)
def test_gold_spans_maps_corpus_labels(labels, types):
    entities = [{"start": 3 * i, "end": 3 * i + 2, "label": label} for i, label in enumerate(labels)]
    assert [t for t, _, _ in gold_spans(entities)] == types


def test_misses_of_names_missed_spurious_and_unlabelled_spans():
    text = "Mme LEROY Anne, IPP 8001234567, vue pour une maladie de Crohn, sous chimiothérapie."
    labels = [("NOM", 4, 9), ("PRENOM", 10, 14), ("IPP", 20, 30), ("DISO", 45, 61), ("PROC", 68, 82)]
    gold = gold_spans({"label": label, "start": start, "end": end} for label, start, end in labels)
    document = Document("d1", text, gold, "eds-pseudo", labels)
    predicted = [("PERSON", 4, 9), ("PHONE_NUMBER", 20, 30), ("DIAGNOSIS", 45, 61), ("PERSON", 56, 61),
                 ("DIAGNOSIS", 68, 82), ("MEDICATION", 68, 82)]
    labelled = {"PERSON", "FR_PATIENT_ID", "PHONE_NUMBER", "DIAGNOSIS"}
    misses = list(misses_of(document, compare(document.gold, predicted), labelled))
    assert [(m.kind, m.span, m.label) for m in misses] == [
        ("missed", ("PERSON", 10, 14), ""),
        ("missed", ("FR_PATIENT_ID", 20, 30), "PHONE_NUMBER"),
        ("missed", ("PROCEDURE", 68, 82), "DIAGNOSIS,MEDICATION"),
        ("spurious", ("PHONE_NUMBER", 20, 30), "IPP"),
        ("spurious", ("PERSON", 56, 61), "DISO"),
        ("spurious", ("DIAGNOSIS", 68, 82), "PROC"),
        ("unlabelled", ("MEDICATION", 68, 82), "PROC"),
    ]
    assert misses[0].context == "Mme LEROY [Anne], IPP 8001234567, vue pour une maladie d…"


def test_real_text_doctests():
    assert doctest.testmod(real_text, optionflags=doctest.NORMALIZE_WHITESPACE).failed == 0


def test_main_refuses_a_folder_without_the_corpora(tmp_path, capsys):
    assert real_text.main(["--data", str(tmp_path), "--no-generated"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(tmp_path) in err and "eds_pseudo_dev.jsonl" in err


needs_realdata = pytest.mark.skipif(
    not (DEFAULT_DATA / "eds_pseudo_dev.jsonl").is_file(),
    reason=f"no real corpora at {DEFAULT_DATA} (../shared/realdata beside the repository, or VIGIE_REALDATA): "
    "absent from a fresh clone",
)


@needs_realdata
def test_real_text_runs_on_three_documents_of_each_corpus(analyzer, tmp_path, capsys):
    misses = tmp_path / "misses.tsv"
    assert real_text.main(["--limit", "3", "--no-generated", "--misses", str(misses)]) == 0
    out = capsys.readouterr().out
    report = real_text.evaluate(DEFAULT_DATA, limit=3)
    assert set(report.parts) == {
        "eds-pseudo", "QUAERO MEDLINE", "QUAERO EMEA", "Mantra EMEA", "Mantra MEDLINE", "Mantra PATENTS",
    }
    for name, part in report.parts.items():
        assert part.documents == 3 and sum(part.classes.values()) == 3, name
        for t in part.entities.values():
            assert t.exact <= t.found <= t.gold and t.correct <= t.predicted, name
        assert f"\n{name:<16}" in out
    assert {"PERSON", "FR_PATIENT_ID", "ADDRESS"} <= report.parts["eds-pseudo"].labelled
    assert report.parts["QUAERO EMEA"].labelled == {"DIAGNOSIS", "MEDICATION", "PROCEDURE"}
    assert report.parts["QUAERO EMEA"].entities["MEDICATION"].found > 0
    lines = misses.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(report.misses) + 1 > 1
    # the spans in context go to the file only, never to the terminal
    assert not any(line.split("\t")[-1] in out for line in lines[1:])
