"""The offline email check: the public-suffix answer, cached per host, same as uncached."""

import pytest

from recognizers.offline_email_recognizer import _OFFLINE_EXTRACT, OfflineEmailRecognizer, UnlistedSuffixEmailRecognizer


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


EMAILS = [
    "camille.roux@orange.fr", "c.roux@chu-bordeaux.fr", "a@b", "note@interne.localdomain", "Jean.Dupont@WANADOO.FR",
    "a@b@orange.fr", "x@orange.fr.", "mailto://x@orange.fr", "x@orange.fr/dossier", "x@[::1]", "x@orange.fr:25",
    "x@orange.fr?objet", "x@orange.fr#a", " x@orange.fr ", "x@orange.fr\u3002", "x@orange.zz", "x.y-z_0@a-b.c.fr",
]


def test_validate_results_of_a_column_are_those_of_each_address():
    """Addresses in the usual form take a shortcut to their host; any other goes the long way."""
    recognizer = OfflineEmailRecognizer()
    texts = EMAILS + [text.upper() for text in EMAILS] + [text.replace("@", "@@") for text in EMAILS]
    expected = [recognizer.validate_result(text) for text in texts]
    assert recognizer.validate_results(texts) == expected and 0 < sum(expected) < len(texts)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dr A. LABELLE 01.42.37.47.71 tlabelle @ medimail . com", ["tlabelle @ medimail . com"]),
        ("Belgique Tel : + 32 2 548 84 84 info . be @ gsk . com", ["info . be @ gsk . com"]),
        ("mail : jean.dupont @gmail.com ou jean.dupont@ gmail.com", ["jean.dupont @gmail.com", "jean.dupont@ gmail.com"]),
        ("secretariat.cardio@aphp.frMartin Paul transmis le 16/12", ["secretariat.cardio@aphp.fr"]),
        ("écrire à c.roux@chu-bordeaux.fr. Merci", ["c.roux@chu-bordeaux.fr"]),
        # Not addresses: no suffix, or a suffix that is no public one
        ("Prix @ 5 . 00 euros, rdv @ 10 h . Le patient", []),
        ("note @ interne . localdomain", []),
    ],
)
def test_analyze_finds_addresses_as_people_type_them(text, expected):
    results = OfflineEmailRecognizer().analyze(text, ["EMAIL_ADDRESS"])
    assert [text[r.start : r.end] for r in results if r.score >= 0.5] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An internal domain next to an e-mail cue
        ("Échanges avec le référent via mail secretariat.cardio@hop.local.", ["secretariat.cardio@hop.local"]),
        ("Le Dr Morel reste joignable au 0144556677 ou par fgmorel@chu.intra.", ["fgmorel@chu.intra"]),
        ("Courriel : prenom.nom@aphp.intranet", ["prenom.nom@aphp.intranet"]),
        # Without a cue, or with a public suffix (OfflineEmailRecognizer's), or no suffix at all
        ("Le fichier export@serveur.local est prêt.", []),
        ("mail : camille.roux@orange.fr", []),
        ("mail : user@192.168.0.1", []),
    ],
)
def test_engine_reports_unlisted_suffixes_only_next_to_a_cue(analyzer, text, expected):
    results = analyzer.analyze(text=text, language="fr", entities=["EMAIL_ADDRESS"])
    unlisted = [r for r in results if r.recognition_metadata["recognizer_name"] == "UnlistedSuffixEmailRecognizer"]
    assert [text[r.start : r.end] for r in unlisted if r.score >= 0.5] == expected


@pytest.mark.parametrize(
    "text",
    ["a." * 40_000 + "@b.frX", "a.b" * 20_000 + "@ b", "a . " * 20_000 + "@ b . fr", "x" * 100_000 + " @ b . fr"],
    ids=["dotted run", "dotted run, spaced at", "spaced dots", "long word"],
)
def test_analyze_takes_linear_time_on_long_runs_before_an_at(text):
    """Local parts are bounded (64 characters, RFC 5321): a run of "a.a.a..." before an "@"
    took a minute for 80,000 characters with Presidio's unbounded pattern."""
    import time

    started = time.process_time()
    OfflineEmailRecognizer().analyze(text, ["EMAIL_ADDRESS"])
    UnlistedSuffixEmailRecognizer().analyze(text, ["EMAIL_ADDRESS"])
    assert time.process_time() - started < 2
