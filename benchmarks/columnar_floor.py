"""The floor of a columnar scan: what reading a dump and checking its identifier columns
costs when whole columns go through compiled code instead of one cell at a time.

Usage (from the repository root, in the virtualenv)::

    python -m benchmarks.columnar_floor --rows 100000

It generates the benchmark dump (``benchmarks/generate_dump.py``, 1% notes), reads it with
pyarrow's CSV reader and checks the five identifier columns with vectorised operations:
NIR key (mod 97), RPPS Luhn key, phone, e-mail and date shapes. These are the identifier
columns' shapes and checksums only, not vigie's rules (no context, no overseas phone
ranges, no Corsican NIR, no public suffix check), so the figure is a lower bound on the
cost of a columnar engine, to size that next step (issue 7), not a result of vigie. It
prints seconds and rows/s for reading and for the checks, and how many cells passed.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from benchmarks.generate_dump import generate

LUHN_DOUBLED = np.array([0, 2, 4, 6, 8, 1, 3, 5, 7, 9])


def digit_matrix(column: pa.Array, width: int) -> np.ndarray:
    """The digits of a column of ``width``-character ASCII strings, one row per cell."""
    data = np.frombuffer(column.buffers()[2], dtype=np.uint8, count=width * len(column))
    return data.reshape(len(column), width).astype(np.int64) - 48


def check_columns(table: pa.Table) -> dict[str, int]:
    """Cells of each identifier column that pass its shape and key checks."""
    nir = table["nir"].combine_chunks()
    nir_shape = pc.match_substring_regex(nir, r"^[1-478]\d{14}$").to_numpy(zero_copy_only=False)
    digits = digit_matrix(nir, 15)
    body = (digits[:, :13] * (10 ** np.arange(12, -1, -1))).sum(axis=1)
    nir_key = digits[:, 13] * 10 + digits[:, 14]
    rpps = digit_matrix(table["medecin_rpps"].combine_chunks(), 11)
    luhn = rpps[:, 10::-2].sum(axis=1) + LUHN_DOUBLED[rpps[:, 9::-2]].sum(axis=1)
    phone = pc.match_substring_regex(table["telephone"], r"^0[1-9](?:[ .\-]?\d{2}){4}$")
    email = pc.match_substring_regex(table["email"], r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")
    born = table["date_naissance"]
    parsed = pc.strptime(born, format="%Y-%m-%d", unit="s", error_is_null=True)
    dates = pc.equal(pc.strftime(parsed, format="%Y-%m-%d"), born)  # strptime rolls 30 February over
    return {
        "nir": int((nir_shape & (97 - body % 97 == nir_key)).sum()),
        "medecin_rpps": int((luhn % 10 == 0).sum()),
        "telephone": pc.sum(phone).as_py(),
        "email": pc.sum(email).as_py(),
        "date_naissance": pc.sum(dates).as_py(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path, _ = generate(Path(tmp), args.rows, notes_share=0.01)
        with path.open(encoding="utf-8") as fp:
            names = fp.readline().strip().split(",")
        started = time.perf_counter()
        table = pcsv.read_csv(path, convert_options=pcsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string())))
        read = time.perf_counter() - started
        started = time.perf_counter()
        passed = check_columns(table)
        checked = time.perf_counter() - started
    rows = table.num_rows
    print(f"{rows} rows: read {read:.2f} s ({rows / read:,.0f} rows/s), "
          f"identifier checks {checked:.2f} s ({rows / checked:,.0f} rows/s)")
    print("cells passing:", ", ".join(f"{name} {count}" for name, count in passed.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
