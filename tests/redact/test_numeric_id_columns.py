"""Identifiers stored as numbers: a float column ('4982597919074830.0') and an integer one
(no leading 0, no 2A/2B; a tax number or AGDREF of '07...' stored as '7...') are redacted,
every row kept, each replacement fitting its type.

Synthetic values: random digits with computed Luhn and mod-511 keys.
"""

from __future__ import annotations

import random
import sqlite3

import pytest
from stdnum import luhn

from scanner.identifiers import DIGIT_COUNTS, payment_card, residence_permit, siren, siret, tax_id
from scanner.redact.pipeline import redact_path
from scanner.redact.policy import RedactionPolicy

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

KEY = b"numeric-id-columns-key-0123456789abcdef"
ROWS = 40


def _numbers() -> dict[str, list[int]]:
    draw = random.Random(7)

    def digits(n: int) -> str:
        return "".join(str(draw.randrange(10)) for _ in range(n))

    def with_luhn(body: str) -> int:
        return int(body + luhn.calc_check_digit(body))

    cards = [with_luhn("4" + digits(14)) for _ in range(ROWS)]
    sirens = [with_luhn(str(draw.randrange(1, 10)) + digits(7)) for _ in range(ROWS)]
    sirets = [with_luhn(f"{s}{digits(4)}") for s in sirens]
    bodies = [str(draw.randrange(0, 4)) + digits(9) for _ in range(ROWS)]  # a quarter start with 0
    return {"carte_bancaire": cards, "siren": sirens, "siret": sirets,
            "num_fiscal": [int(b + tax_id.calc_check_digits(b)) for b in bodies],
            "num_titre_sejour": [int(f"{draw.randrange(1, 96):02d}{digits(8)}") for _ in range(ROWS)]}


NUMBERS = _numbers()
VALID = {"carte_bancaire": payment_card.is_valid, "siren": siren.is_valid, "siret": siret.is_valid,
         "num_fiscal": tax_id.is_valid, "num_titre_sejour": residence_permit.is_valid}
TYPES = {"carte_bancaire": "float64", "siren": "int64", "siret": "int64", "num_fiscal": "float64",
         "num_titre_sejour": "int64"}
WIDTHS = {"carte_bancaire": 16, "siren": 9, "siret": 14, "num_fiscal": DIGIT_COUNTS["FR_TAX_ID"],
          "num_titre_sejour": DIGIT_COUNTS["FR_RESIDENCE_PERMIT"]}


def _check(before: dict[str, list], after: dict[str, list]) -> None:
    for column, values in before.items():
        assert len(after[column]) == ROWS, column
        for old, new in zip(values, after[column]):
            text = str(int(new))
            assert int(new) != int(old) and len(text) == len(str(int(old))), (column, old)
            assert VALID[column](text.zfill(WIDTHS[column])), (column, old)


@pytest.mark.slow
def test_parquet_float_and_integer_columns_are_redacted_every_row_kept(tmp_path, detector):
    source, output = tmp_path / "paiements.parquet", tmp_path / "out.parquet"
    pq.write_table(pa.table({c: pa.array(v, TYPES[c]) for c, v in NUMBERS.items()}), source)
    summary = redact_path(source, output, RedactionPolicy(key=KEY), verify=True, detector=detector)
    assert summary.verified and not summary.errors and summary.records_dropped == 0
    table = pq.read_table(output)
    assert [str(t) for t in table.schema.types] == [TYPES[c].replace("float64", "double") for c in NUMBERS]
    _check(NUMBERS, table.to_pydict())


@pytest.mark.slow
def test_sqlite_real_and_integer_columns_are_redacted_every_row_kept(tmp_path, detector):
    source, output = tmp_path / "paiements.sqlite", tmp_path / "out.sqlite"
    with sqlite3.connect(source) as db:
        db.execute("CREATE TABLE paiements (carte_bancaire REAL, siren INTEGER, siret INTEGER, num_fiscal INTEGER,"
                   " num_titre_sejour INTEGER)")
        db.executemany("INSERT INTO paiements VALUES (?, ?, ?, ?, ?)", zip(*NUMBERS.values()))
    summary = redact_path(source, output, RedactionPolicy(key=KEY), verify=True, detector=detector)
    assert summary.verified and not summary.errors and summary.records_dropped == 0
    with sqlite3.connect(output) as db:
        rows = db.execute("SELECT * FROM paiements").fetchall()
    assert {type(v).__name__ for row in rows for v in row[1:]} == {"int"}
    _check(NUMBERS, dict(zip(NUMBERS, zip(*rows))))
