"""Peak memory of ``vigie risk`` (``scanner.risk.measure_paths``): it follows the distinct
quasi-identifier combinations, not the rows.

Run: ``python benchmarks/risk_memory.py`` (from the repository root, in the virtualenv).
Options: ``--sizes 100000 1000000`` (rows).

For each size it writes a synthetic patient CSV (birth date, sex, postcode, diagnosis) in a
temporary folder whose combinations are bounded (birth months of 1940-1999, 2 sexes, 40
postcodes: 57,600 at most),
measures it in a fresh subprocess with the sensitive column named, and prints the rows,
the classes, k_min, the seconds taken and the peak RSS (``ru_maxrss``). Flat memory shows
as about the same peak RSS for 100k and 1M rows once the classes stop growing.
"""

from __future__ import annotations

import argparse
import csv
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIAGNOSES = ["asthme", "diabète de type 2", "cancer du sein", "dépression", "hypertension artérielle", "VIH"]
POSTCODES = [f"{department:02d}{n}00" for department in (13, 33, 59, 67, 69, 75, 76, 92) for n in range(5)]
CHILD = """
import resource, sys, time
from scanner.risk import measure_paths
started = time.perf_counter()
report = measure_paths([sys.argv[1]], sensitive=["diagnostic"], detect_sensitive=False)
table = report.tables[0]
print(table.figures.records, table.figures.classes, table.figures.k_min,
      round(time.perf_counter() - started, 1), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def write_table(path: Path, count: int, seed: int = 7, full_dates: bool = False) -> None:
    """``count`` generated patients; birth dates on the 1st of the month unless ``full_dates``."""
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as fp:
        writer = csv.writer(fp)
        writer.writerow(["id", "date_naissance", "sexe", "cp", "diagnostic"])
        for number in range(1, count + 1):
            born = f"19{rng.randint(40, 99)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28) if full_dates else 1:02d}"
            writer.writerow([number, born, rng.choice("MF"), rng.choice(POSTCODES), rng.choice(DIAGNOSES)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    args = parser.parse_args()
    print(f"{'rows':>9} {'classes':>8} {'k_min':>5} {'seconds':>7} {'peak RSS MiB':>12}")
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            path = Path(folder) / f"patients-{size}.csv"
            write_table(path, size)
            done = subprocess.run([sys.executable, "-c", CHILD, str(path)], cwd=ROOT, capture_output=True, text=True, check=True)
            rows, classes, k_min, seconds, peak = done.stdout.split()
            print(f"{int(rows):>9} {int(classes):>8} {int(k_min):>5} {float(seconds):>7} {int(peak) / 1024:>12.0f}")
            path.unlink()


if __name__ == "__main__":
    main()
