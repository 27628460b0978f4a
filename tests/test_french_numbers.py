"""scanner.french_numbers: numbers written in French words, as in spelled-out dates."""

import pytest

from scanner.french_numbers import parse_french_number


@pytest.mark.parametrize(
    "text, expected",
    [
        ("un", 1),
        ("douze", 12),
        ("dix-huit", 18),
        ("vingt et un", 21),
        ("trente-et-un", 31),
        ("soixante-dix", 70),
        ("soixante et onze", 71),
        ("quatre-vingts", 80),
        ("quatre-vingt-dix-neuf", 99),
        ("septante-cinq", 75),  # Belgium, Switzerland
        ("nonante", 90),
        ("cent", 100),
        ("deux cents", 200),
        ("mille neuf cent soixante-cinq", 1965),
        ("mil neuf cent cinquante deux", 1952),
        ("deux mille dix-sept", 2017),
        ("deux-mille vingt", 2020),
        ("Mille Neuf Cent Quatre-Vingt 2", 1982),  # a trailing figure
        ("douze mars", None),
        ("", None),
        ("et", None),
    ],
)
def test_parse_french_number_reads_words_and_figures(text, expected):
    assert parse_french_number(text) == expected
