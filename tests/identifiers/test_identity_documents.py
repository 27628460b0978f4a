"""CNI, passport, residence permit, driving licence and INS: structure tables (no key is printed
on the documents; the INS has the NIR's key)."""

import pytest

from scanner.identifiers import cni, driving_licence, ins, passport, residence_permit


@pytest.mark.parametrize(
    ("module", "number", "expected"),
    [
        # CNI, laminated card (1988-2021): YYMM, office, 5 digits
        (cni, "880692310285", "880692310285"),
        (cni, "8806 923 10285", "880692310285"),
        (cni, "0112 2A1 00042", "01122A100042"),  # Corsica
        (cni, "2107.75A.12345", "210775A12345"),
        # CNI, card since 2021: 9 letters and digits, mixed
        (cni, "X4RTBPFW4", "X4RTBPFW4"),
        (cni, "x4rtbpfw4", "X4RTBPFW4"),
        (passport, "12AB34567", "12AB34567"),
        (passport, "12 ab 34567", "12AB34567"),
        (passport, "05-CD-98765", "05CD98765"),
        (residence_permit, "7501234567", "7501234567"),
        (residence_permit, "93 12 34 56 78", "9312345678"),
        (driving_licence, "880675123456", "880675123456"),
        (driving_licence, "88 06 2A 123456", "88062A123456"),
        (driving_licence, "13AB123456789", "13AB123456789"),
        (driving_licence, "13 ab 123 456 789", "13AB123456789"),
        (ins, "1 85 05 78 006 084 91", "185057800608491"),
        (ins, "785057800608482", "785057800608482"),  # a NIA: same layout and key
    ],
)
def test_validate_accepts_the_written_forms(module, number, expected):
    assert module.validate(number) == expected
    assert module.is_valid(number)


@pytest.mark.parametrize(
    ("module", "number"),
    [
        (cni, "881392310285"),  # month 13
        (cni, "870692310285"),  # 1987: before the laminated card
        (cni, "220692310285"),  # 2022: after it
        (cni, "8806923102"),  # 10 characters
        (cni, "123456789"),  # 9 digits: no letter
        (cni, "ABCDEFGHI"),  # 9 letters: no digit
        (cni, "12AB34567"),  # a passport's layout
        (cni, "X4RTBPFW4É"),
        (passport, "1A2B34567"),
        (passport, "12AB3456"),
        (passport, "123434567"),
        (residence_permit, "0012345678"),  # department 00
        (residence_permit, "750123456"),
        (residence_permit, "75012345678"),
        (residence_permit, "75O1234567"),
        (driving_licence, "881375123456"),  # month 13
        (driving_licence, "880600123456"),  # department 00
        (driving_licence, "13AB12345"),  # a passport's length
        (driving_licence, "1AB1234567890"),
        (ins, "185057800608492"),  # wrong key
        (ins, "18505780060849"),
    ],
)
def test_validate_rejects_other_structures(module, number):
    assert not module.is_valid(number)


@pytest.mark.parametrize(
    ("text", "register"),
    [
        ("1.2.250.1.213.1.4.8", "INS-NIR"),
        ("urn:oid:1.2.250.1.213.1.4.9", "INS-NIA"),
        (" 1.2.250.1.213.1.4.10 ", "INS-NIR test"),
        ("1.2.250.1.213.1.4.11", "INS-NIA test"),
        ("1.2.250.1.213.1.4.12", None),
        ("1.2.250.1.213.1.4.80", None),
        ("1.2.250.1.213.1.4.8.1", None),
        ("1.2.250.1.71.4.2.1", None),  # the RPPS's OID
        ("", None),
    ],
)
def test_register_of_names_the_ins_oids_only(text, register):
    assert ins.register_of(text) == register
