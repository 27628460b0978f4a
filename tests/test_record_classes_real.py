"""Record classes on real clinical text: health content makes a record sensitive, identity
data alone makes it administrative.

Reads the development set (``../shared/realdata/text`` beside the repository, or
``VIGIE_REALDATA``; see its README for schemas and licences: eds-pseudo BSD-3-Clause,
QUAERO GFDL, Mantra GPL-3.0) and skips when it is absent. Documents are picked by their
``id``; none of their text is copied here.
"""

import pytest

from benchmarks.real_text import CORPORA, DEFAULT_DATA, read_corpus
from scanner.classify import SENSITIVE_ENTITIES, classify
from scanner.models import Record, RecordClass

pytestmark = pytest.mark.skipif(
    not (DEFAULT_DATA / "eds_pseudo_dev.jsonl").is_file(),
    reason=f"no real corpora at {DEFAULT_DATA} (../shared/realdata beside the repository, or VIGIE_REALDATA)",
)

HEALTH_LABELS = {"DIAGNOSIS", "MEDICATION"}
"""What QUAERO and Mantra label DISO and CHEM: a document holding one speaks of health."""


@pytest.fixture(scope="module")
def classified(detector):
    """``{corpus part: [(document, class, findings)]}`` for eds-pseudo, and the EMEA drug
    leaflets of QUAERO and Mantra."""
    parts = {}
    for corpus in CORPORA:
        documents, _ = read_corpus(DEFAULT_DATA / corpus.file, corpus)
        documents = [d for d in documents if d.part in ("eds-pseudo", "QUAERO EMEA", "Mantra EMEA")]
        records = [Record(corpus.file, None, d.id, {"text": d.text}) for d in documents]
        for document, findings in zip(documents, detector.detect_batch(records)):
            parts.setdefault(document.part, []).append((document, classify(findings)[0], findings))
    return parts


def by_id(classified, part):
    return {document.id: (record_class, findings) for document, record_class, findings in classified[part]}


def test_every_health_finding_makes_a_real_document_sensitive(classified):
    for part, documents in classified.items():
        for document, record_class, findings in documents:
            if any(f.entity_type in SENSITIVE_ENTITIES for f in findings):
                assert record_class is RecordClass.SENSITIVE, (part, document.id)
            else:
                assert record_class is not RecordClass.SENSITIVE, (part, document.id)


@pytest.mark.parametrize(
    ("part", "floor"),
    [("QUAERO EMEA", 1.0), ("Mantra EMEA", 0.82)],  # 23 of 23 and 68 of 80 today; the goal is 0.98
)
def test_real_documents_about_health_are_sensitive(classified, part, floor):
    about_health = [c for d, c, _ in classified[part] if any(g[0] in HEALTH_LABELS for g in d.gold)]
    sensitive = sum(c is RecordClass.SENSITIVE for c in about_health)
    assert about_health and sensitive / len(about_health) >= floor


@pytest.mark.parametrize(
    "document",
    [
        "edspseudo-template-0003", "edspseudo-template-0013", "edspseudo-template-0028",  # staff, phones
        "edspseudo-template-0031", "edspseudo-template-0032", "edspseudo-template-0102",
        "edspseudo-template-0109", "edspseudo-template-0159", "edspseudo-template-0165",
        "edspseudo-template-0209", "edspseudo-test_simple_rules-0", "edspseudo-test_addresses-1",
    ],
)
def test_identity_only_letters_are_administrative(classified, document):
    record_class, findings = by_id(classified, "eds-pseudo")[document]
    assert record_class is RecordClass.ADMINISTRATIVE, [(f.entity_type, f.value) for f in findings]


def test_surnames_in_real_letters_are_no_sensitive_trait(classified):
    traits = [(document.id, f.value) for document, _, findings in classified["eds-pseudo"]
              for f in findings if f.entity_type == "SENSITIVE_TRAIT"]
    assert traits == [("edspseudo-template-0227", "catholique"), ("edspseudo-template-0227", "pratiquant")]


def missing(*words):
    return pytest.mark.xfail(reason=f"health words not found yet: {', '.join(words)}", strict=False)


@pytest.mark.parametrize(
    "document",
    [
        "edspseudo-template-0029", "edspseudo-template-0046", "edspseudo-template-0156",
        "edspseudo-template-0199", "edspseudo-template-0200", "edspseudo-template-0227",
        "edspseudo-template-0020", "edspseudo-template-0023", "edspseudo-template-0087",  # procedures
        "edspseudo-template-0126", "edspseudo-template-0153", "edspseudo-template-0194",
        "edspseudo-template-0223", "edspseudo-template-0225",
        "edspseudo-template-0021", "edspseudo-template-0147",  # a syndrome, a drug by its INN stem
        pytest.param("edspseudo-template-0007", marks=missing("plastie mitrale (procedure)")),
        pytest.param("edspseudo-template-0037", marks=missing("prélèvement (procedure)")),
        pytest.param("edspseudo-template-0149", marks=missing("nifurtimox (drug)")),
        pytest.param("edspseudo-template-0151", marks=missing("injection de 40 mg (a dose: an unknown drug name)")),
        pytest.param("edspseudo-template-0193", marks=missing("prise de sang", "vitamine D diminué (finding)")),
    ],
)
def test_letters_about_care_are_sensitive(classified, document):
    record_class, findings = by_id(classified, "eds-pseudo")[document]
    assert record_class is RecordClass.SENSITIVE, [(f.entity_type, f.value) for f in findings]
