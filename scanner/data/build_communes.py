"""Regenerate ``communes_fr.tsv.gz``: the French communes with their INSEE code and postcodes.

Source: the npm package ``@etalab/decoupage-administratif`` 6.0.0 (Etalab; data under the
Licence Ouverte, code MIT), file ``data/communes.json``: INSEE's *Code officiel
géographique* joined with La Poste's *Base officielle des codes postaux*. See
``SOURCES.md`` beside this file. Nothing here runs at scan time.

Kept: the current communes (``type`` ``commune-actuelle``) that have a postcode, metropolitan
and overseas; left out: delegated and associated communes and municipal arrondissements
(Paris, Lyon and Marseille are kept whole, with all their postcodes). One line per commune:
``insee``, ``department``, ``city``, ``postcodes`` (space-separated), sorted by INSEE code;
gzip-compressed without a timestamp, so the file is the same at every build.

Usage::

    npm pack @etalab/decoupage-administratif@6.0.0   # in a scratch folder
    tar xzf etalab-decoupage-administratif-6.0.0.tgz
    python scanner/data/build_communes.py package/data/communes.json
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "communes_fr.tsv.gz"
COLUMNS = ("insee", "department", "city", "postcodes")


def commune_lines(communes: list[dict]) -> list[str]:
    """The TSV lines (header first) of the current communes that have a postcode.

    >>> commune_lines([{"code": "01001", "nom": "L'Abergement-Clémenciat", "departement": "01",
    ...                 "type": "commune-actuelle", "codesPostaux": ["01400"]},
    ...                {"code": "01015", "nom": "Arbignieu", "departement": "01",
    ...                 "type": "commune-deleguee", "codesPostaux": ["01300"]}])
    ['insee\\tdepartment\\tcity\\tpostcodes', "01001\\t01\\tL'Abergement-Clémenciat\\t01400"]
    """
    rows = sorted(
        (c["code"], c["departement"], c["nom"], " ".join(sorted(set(c["codesPostaux"]))))
        for c in communes
        if c.get("type") == "commune-actuelle" and c.get("codesPostaux")
    )
    return ["\t".join(COLUMNS)] + ["\t".join(row) for row in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("communes_json", type=Path, help="data/communes.json of the npm package")
    args = parser.parse_args()
    lines = commune_lines(json.loads(args.communes_json.read_text(encoding="utf-8")))
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as out:
        out.write(("\n".join(lines) + "\n").encode("utf-8"))
    OUTPUT.write_bytes(buffer.getvalue())
    print(f"{OUTPUT.name}: {len(lines) - 1} communes, {len(buffer.getvalue())} bytes")


if __name__ == "__main__":
    main()
