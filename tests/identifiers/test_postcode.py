import pytest

from scanner.identifiers import postcode


@pytest.mark.parametrize(
    ("number", "expected"),
    [("69003", True), ("69 003", True), ("20000", True), ("97400", True), ("98800", True),
     ("01000", True), ("00100", False), ("96000", False), ("99000", False), ("6900", False),
     ("690031", False), ("2A000", False), ("", False)],
)
def test_postcode_is_valid_table(number, expected):
    assert postcode.is_valid(number) is expected
