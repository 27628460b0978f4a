"""Record classification rules, tested without Presidio."""

import pytest

from scanner.classify import classify
from scanner.models import Finding, RecordClass


def finding(entity_type, category=None, qualifier=None):
    return Finding("notes.jsonl", None, "N1", "text", entity_type, 0, 4, 0.9, "test", category, qualifier)


@pytest.mark.parametrize(
    ("findings", "expected_class", "expected_categories"),
    [
        ([], RecordClass.NONE, ()),
        ([finding("FR_NIR")], RecordClass.ADMINISTRATIVE, ()),
        ([finding("FR_PATIENT_ID")], RecordClass.ADMINISTRATIVE, ()),  # identity data, like a NIR
        ([finding("PERSON"), finding("PHONE_NUMBER"), finding("DATE_TIME")], RecordClass.ADMINISTRATIVE, ()),
        ([finding("DIAGNOSIS", "hiv_sti")], RecordClass.SENSITIVE, ("hiv_sti",)),
        ([finding("DIAGNOSIS", "mental_health", "negated")], RecordClass.SENSITIVE, ("mental_health",)),
        ([finding("DIAGNOSIS", "oncology", "family")], RecordClass.SENSITIVE, ("oncology",)),
        ([finding("MEDICATION", "addiction"), finding("PERSON")], RecordClass.SENSITIVE, ("addiction",)),
        ([finding("SENSITIVE_TRAIT", "religion")], RecordClass.SENSITIVE, ("religion",)),
        ([finding("PROCEDURE", "other_health")], RecordClass.SENSITIVE, ("other_health",)),  # a coloscopie
        ([finding("PROCEDURE", "reproductive"), finding("PERSON")], RecordClass.SENSITIVE, ("reproductive",)),  # an IVG
        ([finding("PROCEDURE", "oncology", "hypothetical")], RecordClass.SENSITIVE, ("oncology",)),
        (
            [finding("DIAGNOSIS", "other_health"), finding("MEDICATION", "mental_health"), finding("DIAGNOSIS", "other_health")],
            RecordClass.SENSITIVE,
            ("mental_health", "other_health"),
        ),
    ],
)
def test_classify_applies_rules_table(findings, expected_class, expected_categories):
    assert classify(findings) == (expected_class, expected_categories)
