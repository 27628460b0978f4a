"""Detection quality on the labelled synthetic notes must stay above the issue targets.

The same measurement prints as a table with ``python -m benchmarks.quality``.
"""

import pytest

from benchmarks.quality import evaluate

TARGETS = [
    # entity, minimum recall, minimum precision
    ("FR_NIR", 0.99, 0.98),
    ("PHONE_NUMBER", 0.99, 0.98),
    ("EMAIL_ADDRESS", 0.99, 0.98),
    ("FR_RPPS", 0.98, 0.90),
    ("IBAN_CODE", 0.95, 0.95),
    ("DATE_TIME", 0.95, 0.95),
    ("ADDRESS", 0.90, 0.90),
    ("DIAGNOSIS", 0.90, 0.90),
    ("MEDICATION", 0.90, 0.90),
    ("SENSITIVE_TRAIT", 0.90, 0.85),
    ("PERSON", 0.93, 0.90),
]


@pytest.fixture(scope="module")
def quality(analyzer):
    return evaluate()


@pytest.mark.parametrize(("entity_type", "recall", "precision"), TARGETS)
def test_quality_meets_targets(quality, entity_type, recall, precision):
    score = quality.entities[entity_type]
    assert score.recall >= recall, f"{entity_type} recall {score.recall:.3f}"
    assert score.precision >= precision, f"{entity_type} precision {score.precision:.3f}"


def test_quality_record_class_accuracy(quality):
    assert quality.class_accuracy >= 0.97
