"""DATE_TIME pseudonyms: shifted per person, intervals kept, same textual format."""

import datetime
import re

import pytest

from scanner.redact import dates
from scanner.redact.dates import DateFormatError, parse_date, shift_date
from scanner.redact.surrogates import DATE_SHIFT_DAYS, SurrogateError, date_offset, surrogate

KEY = bytes(range(32))


@pytest.mark.parametrize(
    "value, days, expected",
    [
        ("12/03/1965", 30, "11/04/1965"),
        ("12-03-1965", -30, "10-02-1965"),
        ("12.03.1965", 365, "12.03.1966"),
        ("3/4/1965", 2, "5/4/1965"),
        ("03/04/1965", 30, "03/05/1965"),
        ("12/03/65", 30, "11/04/65"),
        ("31/12/99", 1, "01/01/00"),
        ("1965-03-12", 30, "1965-04-11"),
        ("1965/03/12", 30, "1965/04/11"),
        ("2020-03-12 14:30:00", -45, "2020-01-27 14:30:00"),
        ("2020-03-12T14:30:00Z", 1, "2020-03-13T14:30:00Z"),
        ("12/03/2020 14h30", 1, "13/03/2020 14h30"),
        ("12/03/2020 à 9h", 1, "13/03/2020 à 9h"),
        ("12 mars 1965", 30, "11 avril 1965"),
        ("1er janvier 2001", 31, "1er février 2001"),
        ("1er janv. 2001", 45, "15 févr. 2001"),
        ("premier mai 2001", 0, "premier mai 2001"),
        ("2 févr. 2020", 27, "29 févr. 2020"),
        ("3 fevrier 2001", 30, "5 mars 2001"),
        ("5 fevrier 2001", -35, "1er janvier 2001"),
        ("12 AOÛT 1999", 20, "1er SEPTEMBRE 1999"),
        ("12 Août 1999", 31, "12 Septembre 1999"),
        ("15 janv. 2020", 31, "15 févr. 2020"),
        ("15 sept 2020", 31, "16 oct 2020"),
        ("  12/03/1965 ", 1, "  13/03/1965 "),
        # as typed in real notes
        ("22|8|1923", 30, "21|9|1923"),
        ("07 . 03 . 1958", 1, "08 . 03 . 1958"),
        ("2 8 0 2 1 9 9 5", 1, "0 1 0 3 1 9 9 5"),
        ("23022018", -1, "22022018"),
    ],
)
def test_shift_date_keeps_the_format(value, days, expected):
    assert shift_date(value, days) == expected


@pytest.mark.parametrize(
    "value",
    ["", "hier", "12/13/2020", "31/04/2001", "12/03-1965", "mars 2020", "12 foo 2020", "1965", "0001-01-01"],
)
def test_shift_date_rejects_what_it_cannot_write_back(value):
    with pytest.raises(DateFormatError):
        shift_date(value, -400)


def test_parse_date_reads_every_format_alike():
    dates = {parse_date(v) for v in ["12/03/1965", "12.03.65", "1965-03-12", "12 mars 1965", "12 MARS 1965 10:00"]}
    assert dates == {datetime.date(1965, 3, 12)}


@pytest.mark.parametrize("value", [
    "1965-03-12", "12/03/1965", " 2000-02-29 ", "29/02/2000", "1900-02-29", "29/02/1900", "31/04/2001",
    "0000-01-01", "0001-01-01", "9999-12-31", "1965-13-01", "00/01/1965", "1965-03-00",
    "12-03-1965", "1965/03/12", "12.03.1965", "12/3/1965", "1965-3-12", "12/03/65", "1965-03-12T10:00",
    "1a/03/1965", "1965-0a-12", "12/03/-965", "+965-03-12", "12/03/ 965", "1965--3-12", "12//031965",
    "١٩٦٥-03-12", "12/03/١٩٦٥", "１９６５-03-12", "12 mars 1965", "2 8 0 2 1 9 9 5", "",
])
def test_parse_date_reads_plain_layouts_as_the_regular_expressions_do(value):
    def parsed(read):
        try:
            return read(value.strip())
        except DateFormatError as error:
            return DateFormatError, str(error)
    assert parsed(parse_date) == parsed(dates._parsed_date)


@pytest.mark.parametrize("person_key", ["nir:1850578006084", "person:dupont jean", "record:a\x1fb\x1fc", None])
def test_date_offset_is_in_range_and_stable(person_key):
    offset = date_offset(KEY, person_key)
    low, high = DATE_SHIFT_DAYS
    assert low <= abs(offset) <= high
    assert offset == date_offset(KEY, person_key)


def test_date_offsets_differ_between_people_and_keys():
    offsets = {date_offset(KEY, f"person {i}") for i in range(50)}
    assert len(offsets) > 30
    assert any(o < 0 for o in offsets) and any(o > 0 for o in offsets)
    assert date_offset(KEY, "p") != date_offset(bytes(32), "p") or date_offset(KEY, "q") != date_offset(bytes(32), "q")


@pytest.mark.parametrize(
    "a, b, fmt",
    [
        ("12/03/1965", "25/12/2020", "%d/%m/%Y"),
        ("2019-02-28", "2019-03-01", "%Y-%m-%d"),
        ("01/01/2000", "29/02/2000", "%d/%m/%Y"),
    ],
)
def test_two_dates_of_one_person_keep_their_interval(a, b, fmt):
    new_a = surrogate("DATE_TIME", a, KEY, person_key="nir:1850578006084")
    new_b = surrogate("DATE_TIME", b, KEY, person_key="nir:1850578006084")
    interval = lambda x, y: (datetime.datetime.strptime(y, fmt) - datetime.datetime.strptime(x, fmt)).days  # noqa: E731
    assert interval(new_a, new_b) == interval(a, b)
    assert new_a != a and new_b != b


def test_mixed_formats_of_one_person_shift_alike():
    person = "person:dupont jean"
    numeric = surrogate("DATE_TIME", "12/03/1965", KEY, person_key=person)
    textual = surrogate("DATE_TIME", "12 mars 1965", KEY, person_key=person)
    assert parse_date(numeric) == parse_date(textual)
    assert re.fullmatch(r"\d\d/\d\d/1965|\d\d/\d\d/196[46]", numeric)


def test_unparseable_date_has_no_surrogate():
    with pytest.raises(SurrogateError):
        surrogate("DATE_TIME", "le mois dernier", KEY, person_key="p")
