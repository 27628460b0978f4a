"""Issue 23's bar for identity documents and the INS: recall >= 0.98 and precision >= 0.95 per
type, on generated notes and table cells that hold them in the forms people write
(``benchmarks.identity_documents``)."""

import pytest

from benchmarks.identity_documents import TYPES, measure

MIN_RECALL, MIN_PRECISION = 0.98, 0.95


@pytest.fixture(scope="module")
def scores(detector):
    return measure(detector, notes=400, rows=400, seed=23)


@pytest.mark.slow
@pytest.mark.parametrize("where", ["notes", "tables"])
@pytest.mark.parametrize("entity_type", TYPES)
def test_identity_documents_are_found_in_the_forms_people_write(scores, where, entity_type):
    score = scores[where][entity_type]
    assert score.true_positives >= 40, score  # every type is well represented
    assert score.recall >= MIN_RECALL, score
    assert score.precision >= MIN_PRECISION, score
