"""Regenerate ``last_names_fr.tsv`` from Faker's ``fr_FR`` person provider.

Source: the PyPI package ``Faker`` (MIT licence, Copyright (c) 2012 Daniele Faraglia; the
notice is reproduced in ``SOURCES.md`` beside this file), ``faker/providers/person/fr_FR/__init__.py``,
``Provider.last_names``: the most common surnames in France. Faker is a development
dependency only: vigie reads the committed TSV at run time, never Faker.

Kept: one-word surnames (hyphens allowed), so that a one-token surname is replaced by a
one-token surname ("Da Silva", "Le Gall" are left out).

Usage::

    pip install faker==40.63.0
    python scanner/data/build_last_names.py
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "last_names_fr.tsv"


def fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def build(names: list[str]) -> list[str]:
    """One-word names, deduplicated on their folded form, sorted."""
    kept: dict[str, str] = {}
    for name in names:
        if " " in name or "'" in name:
            continue
        kept.setdefault(fold(name), name)
    return sorted(kept.values(), key=fold)


def main() -> int:
    from faker.providers.person.fr_FR import Provider

    rows = build(list(Provider.last_names))
    OUTPUT.write_text("last_name\n" + "".join(f"{n}\n" for n in rows), encoding="utf-8")
    print(f"{len(rows)} last names -> {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
