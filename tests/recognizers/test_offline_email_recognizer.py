"""The offline email check: the public-suffix answer, cached per host, same as uncached."""

import pytest

from recognizers.offline_email_recognizer import _OFFLINE_EXTRACT, OfflineEmailRecognizer


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("camille.roux@orange.fr", True),
        ("c.roux@chu-bordeaux.fr", True),
        ("secretariat@cabinet.medecin.gouv.fr", True),
        ("x@ex.co.uk", True),
        ("note@interne.localdomain", False),
        ("a@b", False),
        ("user@192.168.0.1", False),
        ("Jean.Dupont@WANADOO.FR", True),
        ("a@b@orange.fr", True),
    ],
)
def test_validate_result_is_the_uncached_public_suffix_answer(email, expected):
    recognizer = OfflineEmailRecognizer()
    first, second = recognizer.validate_result(email), recognizer.validate_result(email)
    assert first == second == expected == (_OFFLINE_EXTRACT(email).suffix != "")
