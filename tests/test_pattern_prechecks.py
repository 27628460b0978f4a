"""Cheap checks that skip work on free text change no result.

A free text that a recognizer's ``TEXT_NEEDS`` (or an e-mail recognizer's ``@``) rules out is
one no pattern matches, and one a pattern's ``PATTERN_NEEDS`` rules out one that pattern does
not match: ``FastPatternRunner.matches`` (the notes path, with the pre-checks) gives exactly
``spans`` (every pattern run). Patterns that check something cheap first (a
digit, the end of their cues) match as without it. Both on tricky synthetic texts, random
ones, every fixture text and, when present, the shared real texts (``../shared/realdata``
beside the repository, or ``VIGIE_REALDATA``)."""

import json
import os
import random
from pathlib import Path

import pytest
import regex

from presidio_analyzer.predefined_recognizers import IbanRecognizer

from recognizers.fr_patient_id_recognizer import AFTER_ID_CUE, PATIENT_ID_SHAPE
from recognizers.iban_recognizer import CheckedIbanRecognizer
from scanner.compat.fast_patterns import FastPatternRunner
from scanner.detect.cells import cell_checker
from scanner.engine import build_recognizers

ROOT = Path(__file__).resolve().parent.parent
REALDATA = Path(os.environ.get("VIGIE_REALDATA") or ROOT.parent / "shared" / "realdata")
RUNNERS = [c for c in map(cell_checker, build_recognizers()) if isinstance(c, FastPatternRunner)]
PRE_CHECKED = [r for r in RUNNERS if r.text_needs is not None or r.needs_at or any(r.pattern_needs)]

TRICKY = [
    # IP addresses: IPv4, IPv6 full and shortened, mapped, embedded, zone, prefix, OIDs
    "poste 10.0.0.12 ce jour", "IP 192.168.001.1/24.", "8.8.8.8", "1.2.250.1.213.1.4.8", "v 1.2.3.4.5",
    "2001:db8:85a3:0:0:8a2e:370:7334", "2001:DB8::1", "::1", "fe80::1%eth0", "::ffff:192.168.1.1",
    "64:ff9b::192.0.2.33", "a:b:c:d:e:f:0:1", "A:B:C:D:E:F:0:1/64", "h 14:30:00:12", "::", "1::", "x::y",
    # URLs: scheme, www, bare domain, capitals, letters that fold to ASCII, glued sentences
    "https://www.doctolib.fr/rdv?x=1", "WWW.EXEMPLE.COM", "voir doctolib.fr/medecin", "lien : ameli.fr.",
    "patient.Il va bien", "J15.Le bilan", "site exemple.\u212aY", "site exemple.\u017fe", "exemple.\u0130t",
    "exemple.\u0131t", "ftp://a.b.org", "E11.9 et 3.5", "x-.com", "a..fr", "www2.x.net",
    # patient and stay numbers: letters inside, after "n° ID", beside a date, Unicode digits
    "IPP : 2003H847569", "n°ID: 80123456", "n° id : AB123456", "Julie Petit | F | 25/10/1980 | 9857598456",
    "NDA 12345 6", "ab1c2d3e4f5g6", "IPP \u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668",
    "1\u0662345\u06676", "| 01/02/2000 | \u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669 |",
    "n°id 1\u212a2345678", "dossier 12AB3\u017f45678",
    # INS: matricule and OID either way
    "2 59 07 08 431 539 23 ^^^&1.2.250.1.213.1.4.8&ISO", "OID 1.2.250.1.213.1.4.10 : 185057800608491",
    "1.2.250.1.213.1.4.11 185057800608491", "1.2.250.1.213.1.4 185057800608491",
    # e-mails: plain, typed with blanks, glued to the next word
    "a@b.fr", "jean . dupont @ exemple . fr", "marie@exemple.frVu ce jour", "sans arobase.fr", "@", "x@y",
    # month names and abbreviations, in every pattern that needs one
    "le 1er janv. 2001", "12 févr 2020", "Fév 2020", "revu mi-août", "AOÛT 2021", "sept. 2019", "le douze décembre",
    "15 DÉC. 2000", "entre mai et décembre 2023", "mai-juin 1971", "2019 mars", "mars 3, 2020", "janvier 15, 2020",
    "le premier mai", "vingt et un juin 65", "fin Juillet", "courant nov", "3 oct 99", "deux avril mille neuf cent",
    "le 3 fevrier 2020", "fevr 2019", "Maintenant", "décès en 2019", "Docteur X, septique", "\u212aJANVIER 2020",
    # streets: number, type and name, with a suffix, spelled, abbreviated, in capitals
    "12 rue de la Paix", "3 bis, avenue Foch 75016 Paris", "deux allée des Roses", "12 av. Jean Jaurès, 75011",
    "5 CH. DES VIGNES", "7 lieu-dit Le Bourg", "8 lieu dit Les Champs", "9 rond point Nord",
    "4 résidence Les Pins, à Brest", "10A\tbd\tX",
    "au cours de la nuit", "mise en place", "route de Lyon",
    # identity card numbers after their labels
    "CNI n° 880692310285", "carte d'identité : X4RTBPFW4", "Carte nationale d’identite 12 34 56 78 90 12",
    "CNIE: AB12CD345",
    # IBANs: grouped, compact, with hyphens, lower case (no match), letters inside, glued
    "FR76 3000 6000 0112 3456 7890 189", "IBAN FR7630006000011234567890189.", "DE89 3704 0044 0532 0130 00",
    "GB82-WEST-1234-5698-7654-32", "fr76 3000 6000 0112 3456 7890 189", "IBAN : FR14 2004 1010 0505 0001 3M02 606",
    "xFR7630006000011234567890189", "AB12",
    "", " ", "\n", "é", "12/03/2024",
]


def _texts_of(path: Path) -> list[str]:
    if path.suffix == ".jsonl":
        return [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [path.read_text(encoding="utf-8")]


def fixture_texts() -> list[str]:
    return [text for path in [ROOT / "fixtures" / "notes.jsonl", *sorted((ROOT / "fixtures" / "notes").glob("*.txt"))]
            for text in _texts_of(path)]


def real_texts() -> list[str]:
    """The shared real texts, none when they are absent."""
    return [text for path in sorted((REALDATA / "text").glob("*.jsonl")) for text in _texts_of(path)]


def random_texts(seed: int, count: int = 600) -> list[str]:
    """Short texts of the characters the pre-checks look at, and of those that fold to them."""
    rng = random.Random(seed)
    alphabet = "0123456789....::::  -/|@abcdefABCDEFhikstwxzéÀ\u212a\u017f\u0130\u0131\u0661\u0662\n"
    pieces = [*TRICKY, "n°id ", "1.2.250.1.213.1.4.", "www.", ".fr", "::", "2001:db8:", " | 01/02/2000 | "]
    texts = []
    for _ in range(count):
        parts = [rng.choice(pieces) if rng.random() < 0.3 else "".join(rng.choices(alphabet, k=rng.randint(1, 12)))
                 for _ in range(rng.randint(1, 5))]
        texts.append("".join(parts))
    return texts


def assert_same_with_and_without_pre_check(runner: FastPatternRunner, texts: list[str]) -> None:
    for text in texts:
        with_pre_check = [(r.start, r.end, r.score) for r in runner.matches(text)]
        assert with_pre_check == runner.spans(text, rescored=False), (runner.recognizer.name, text)


def test_some_recognizers_have_a_pre_check():
    names = {r.recognizer.name for r in PRE_CHECKED}
    assert {"FrIpRecognizer", "FrUrlRecognizer", "FrPatientIdRecognizer", "FrInsRecognizer",
            "OfflineEmailRecognizer", "FrDateRecognizer"} <= names


@pytest.mark.parametrize("runner", PRE_CHECKED, ids=lambda r: r.recognizer.name)
def test_pattern_needs_name_patterns(runner):
    recognizer = runner.recognizer
    assert set(getattr(recognizer, "PATTERN_NEEDS", {})) <= {p.name for p in recognizer.patterns}
    assert sum(need is not None for need in runner.pattern_needs) == len(getattr(recognizer, "PATTERN_NEEDS", {}))


@pytest.mark.parametrize("runner", PRE_CHECKED, ids=lambda r: r.recognizer.name)
def test_tricky_texts_match_with_the_pre_check_as_without(runner):
    assert_same_with_and_without_pre_check(runner, TRICKY)
    assert any(runner.spans(text, rescored=False) for text in TRICKY), "the table tests nothing for this recognizer"


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("runner", PRE_CHECKED, ids=lambda r: r.recognizer.name)
def test_random_texts_match_with_the_pre_check_as_without(runner, seed):
    assert_same_with_and_without_pre_check(runner, random_texts(seed))


@pytest.mark.parametrize("runner", PRE_CHECKED, ids=lambda r: r.recognizer.name)
def test_fixture_texts_match_with_the_pre_check_as_without(runner):
    assert_same_with_and_without_pre_check(runner, fixture_texts())


@pytest.mark.skipif(not (REALDATA / "text").is_dir(),
                    reason=f"no real texts at {REALDATA / 'text'} (../shared/realdata beside the repository, or VIGIE_REALDATA)")
@pytest.mark.parametrize("runner", PRE_CHECKED, ids=lambda r: r.recognizer.name)
def test_real_texts_match_with_the_pre_check_as_without(runner):
    texts = real_texts()
    assert texts
    assert_same_with_and_without_pre_check(runner, texts)


FIRST_CHECK_TEXTS = [
    "NIR 1 85 05 78 006 084 36", "sécu 2 9 5 1 0 9 9 1 2 6 1 1 1 0 0", "185057800608491", "2A 004", "1850578006084",
    "impôts 12 34 567 890 123", "0123456789012", "\u0661 85 05 78 006 084 36",
    "le 12/03/2024", "du 3.4.65 au 05-06-1970", "le 12/05 à 10h", "né le 03051956", "12 03 2024", "1 2 0 3 2 0 2 4",
    "0 1 1 5 2 0 2 1", "du 18 au 29/03/2020", "les 18 et 19 janvier", "revu fin septembre", "mi-mars", "courant mai",
    "habite à Lyon", "née le 03/05/1950 à Brest", "natif du Lonzac", "la ville d’Évry", "originaire d'Alger",
    "domiciliée à Nantes", "né dans Paris", "quartier de Caen", "Habite À Brest", "\u0661\u0662/03/2024",
]
ADDED_CHECKS = [
    ("FrDateRecognizer", name, r"(?=\d)") for name in (
        "date dd/mm/yyyy", "date d.m.yy", "date dd mm yyyy", "date typed digit by digit", "date dd/mm after a cue",
        "date typed digit by digit, with a slip", "date ddmmyyyy after a cue")
] + [
    ("FrNirRecognizer", name, r"(?=\d)") for name in ("NIR (grouped or compact)", "NIR without key", "NIR typed digit by digit")
] + [
    ("FrTaxIdRecognizer", "Tax number", r"(?=\d)"),
    ("FrDateRecognizer", "day before a second day", "(?<= )"),
    ("FrDateRecognizer", "month after a cue", r"(?<=[ \-])"),
    ("FrAddressRecognizer", "City after a cue", r"(?<=[àseu]\s|d[’'])"),
]


@pytest.mark.parametrize(("recognizer", "name", "added"), ADDED_CHECKS, ids=[name for _, name, _ in ADDED_CHECKS])
def test_patterns_match_as_without_their_cheap_first_check(recognizer, name, added):
    """What a pattern checks first, cheaply, is implied by the rest: the same matches without it."""
    [runner] = [r for r in RUNNERS if r.recognizer.name == recognizer]
    [(pattern, (_, now, _))] = [(p, c) for p, c in zip(runner.recognizer.patterns, runner.patterns) if p.name == name]
    assert added in pattern.regex
    before = regex.compile(pattern.regex.replace(added, "", 1), runner.recognizer.global_regex_flags)
    texts = [*FIRST_CHECK_TEXTS, *TRICKY, *random_texts(7), *fixture_texts(), *real_texts()]
    for text in texts:
        assert [m.span() for m in now.finditer(text)] == [m.span() for m in before.finditer(text)], text
    assert any(now.search(text) for text in texts), "no text tests this pattern"


def test_number_after_id_cue_is_the_same_with_its_look_ahead_first():
    """The cue's look-behinds are tried after the number's look-ahead: the same matches."""
    flags = regex.IGNORECASE | regex.MULTILINE | regex.DOTALL
    before = regex.compile(PATIENT_ID_SHAPE.replace(r"\b", r"\b" + AFTER_ID_CUE, 1), flags)
    [runner] = [r for r in RUNNERS if r.recognizer.name == "FrPatientIdRecognizer"]
    now = runner.patterns[1][1]
    for text in [*TRICKY, *random_texts(7), *fixture_texts(), *real_texts()]:
        assert [m.span() for m in now.finditer(text)] == [m.span() for m in before.finditer(text)], text


def test_checked_iban_recognizer_gives_presidios_results():
    """The IBAN recognizer skips texts without an IBAN's start: Presidio's results otherwise."""
    [recognizer] = [r for r in build_recognizers() if isinstance(r, CheckedIbanRecognizer)]
    assert recognizer.checked and recognizer.name == "IbanRecognizer"
    texts = [*TRICKY, *random_texts(5), *fixture_texts(), *real_texts()]
    found = 0
    for text in texts:
        ours = recognizer.analyze(text, recognizer.supported_entities)
        presidio = IbanRecognizer.analyze(recognizer, text, recognizer.supported_entities)
        rows = [[(r.entity_type, r.start, r.end, r.score, r.recognition_metadata["recognizer_name"]) for r in results]
                for results in (ours, presidio)]
        assert rows[0] == rows[1], text
        found += bool(ours)
    assert found >= 4
