"""Rules tables mapping ICD-10 (CIM-10) and ATC codes to a sensitive-health category.

Health categories, most revealing first (used to pick one category for a drug name
that belongs to several ATC classes):

>>> CATEGORY_PRIORITY[:3]
('hiv_sti', 'addiction', 'mental_health')
>>> category_for_icd10("F32.1"), category_for_icd10("F10.2"), category_for_icd10("B20")
('mental_health', 'addiction', 'hiv_sti')
>>> category_for_icd10("E11.9")
'other_health'
>>> category_for_atc("N07BC01"), category_for_atc("J05AR03"), category_for_atc("H03AA01")
('addiction', 'hiv_sti', 'other_health')
"""

from __future__ import annotations

HEALTH_CATEGORIES = (
    "mental_health",
    "hiv_sti",
    "addiction",
    "reproductive",
    "oncology",
    "genetic",
    "disability",
    "other_health",
)
TRAIT_CATEGORIES = ("religion", "sexual_orientation", "ethnic_origin", "political")

CATEGORY_PRIORITY = (
    "hiv_sti",
    "addiction",
    "mental_health",
    "oncology",
    "reproductive",
    "genetic",
    "disability",
    "other_health",
)

# (first code, last code inclusive, category) on the 3-character category; the first
# range that contains the code wins, so narrow ranges come before wide ones.
ICD10_RANGES: tuple[tuple[str, str, str], ...] = (
    ("F10", "F19", "addiction"),  # mental and behavioural disorders due to substance use
    ("F00", "F99", "mental_health"),
    ("X60", "X84", "mental_health"),  # intentional self-harm
    ("B20", "B24", "hiv_sti"),  # HIV disease
    ("A50", "A64", "hiv_sti"),  # infections with a predominantly sexual mode of transmission
    ("Z21", "Z21", "hiv_sti"),  # asymptomatic HIV infection status
    ("C00", "D48", "oncology"),  # neoplasms
    ("O00", "O99", "reproductive"),  # pregnancy, childbirth and the puerperium
    ("Z30", "Z39", "reproductive"),  # contraception, procreation, pregnancy supervision
    ("N97", "N97", "reproductive"),  # female infertility
    ("N46", "N46", "reproductive"),  # male infertility
    ("Q00", "Q99", "genetic"),  # congenital malformations and chromosomal abnormalities
)

# ATC prefixes, longest first where they overlap.
ATC_PREFIXES: tuple[tuple[str, str], ...] = (
    ("J05AR", "hiv_sti"),  # antivirals for HIV, combinations
    ("J05AE", "hiv_sti"),  # protease inhibitors
    ("J05AF", "hiv_sti"),  # nucleoside reverse transcriptase inhibitors
    ("J05AG", "hiv_sti"),  # non-nucleoside reverse transcriptase inhibitors
    ("J05AJ", "hiv_sti"),  # integrase inhibitors
    ("N07B", "addiction"),  # drugs used in addictive disorders (buprenorphine, methadone)
    ("N05A", "mental_health"),  # antipsychotics
    ("N05B", "mental_health"),  # anxiolytics
    ("N05C", "mental_health"),  # hypnotics and sedatives
    ("N06A", "mental_health"),  # antidepressants
    ("N06B", "mental_health"),  # psychostimulants for ADHD
    ("L01", "oncology"),  # antineoplastic agents
    ("L02", "oncology"),  # endocrine therapy of cancer
    ("G03A", "reproductive"),  # hormonal contraceptives
    ("G03G", "reproductive"),  # gonadotropins and ovulation stimulants
    ("G03XB", "reproductive"),  # antiprogestogens (mifepristone)
    ("G02B", "reproductive"),  # topical contraceptives, IUD
    ("G02AD", "reproductive"),  # prostaglandins
)


def _category3(code: str) -> str:
    return code.replace(".", "").strip().upper()[:3]


def category_for_icd10(code: str) -> str:
    """Return the category of an ICD-10 code such as ``F32.1`` or ``F321``."""
    head = _category3(code)
    for first, last, category in ICD10_RANGES:
        if first <= head <= last:
            return category
    return "other_health"


def category_for_atc(code: str) -> str:
    """Return the category of an ATC code such as ``N06AB10``."""
    code = code.strip().upper()
    for prefix, category in ATC_PREFIXES:
        if code.startswith(prefix):
            return category
    return "other_health"


def most_sensitive(categories) -> str:
    """Return the most revealing category among ``categories``."""
    present = set(categories)
    for category in CATEGORY_PRIORITY:
        if category in present:
            return category
    return "other_health"
