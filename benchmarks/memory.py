"""Peak memory of ``read_records`` on small and large inputs: it should stay flat.

Run: ``python benchmarks/memory.py`` (from the repository root, in the virtualenv).
Options: ``--sizes 10000 200000`` (rows), ``--formats mysql csv postgres``.

For each format and size it writes a synthetic export in a temporary folder, reads it with
``read_records`` in a fresh subprocess, and prints the rows read, the seconds taken and the
peak RSS (``resource.getrusage(...).ru_maxrss``). A streaming reader shows about the same
peak RSS for 10k and 200k rows while the file grows 20 times.
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
NAMES = ["MARTIN", "BERNARD", "D'ANGELO", "PETIT", "DURAND", "LEROY", "O'BRIEN", "FAURE"]
FIRST = ["Anne", "Jean", "Hélène", "Noël", "Zoé", "Luc", "Maëlle", "Rémi"]
NOTES = [
    None, None, None,
    "Patiente vue ce jour pour HTA.\nTraitement : amlodipine 5 mg ; revoir dans 3 mois.",
    "Dossier C:\\radio\\2023, dit \"ça va\".",
]
CHILD = """
import resource, sys, time
from scanner.readers import read_records
started = time.perf_counter()
rows = errors = 0
for item in read_records(sys.argv[1]):
    if type(item).__name__ == "Record":
        rows += 1
    else:
        errors += 1
print(rows, errors, round(time.perf_counter() - started, 2), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def rows(count: int, seed: int = 7):
    rng = random.Random(seed)
    for number in range(1, count + 1):
        yield [
            number, rng.choice(NAMES), rng.choice(FIRST), f"19{rng.randint(40, 99)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
            f"{rng.randint(1, 2)}{rng.randint(10**11, 10**12 - 1)}{rng.randint(10, 97)}",
            f"06 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
            f"patient{number}@example.fr", rng.choice(NOTES),
        ]


COLUMNS = ["id", "nom", "prenom", "date_naissance", "nir", "telephone", "email", "observation"]


def _mysql(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(value)
    text = value.replace("\\", "\\\\").replace("'", "\\'").replace('"', '\\"').replace("\n", "\\n")
    return f"'{text}'"


def write_mysql(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8") as fp:
        fp.write("-- MySQL dump 10.13\nCREATE TABLE `patients` (" + ", ".join(f"`{c}` text" for c in COLUMNS)
                 + ", PRIMARY KEY (`id`));\n")
        batch = []
        for row in rows(count):
            batch.append("(" + ",".join(_mysql(v) for v in row) + ")")
            if len(batch) == 1000:
                fp.write("INSERT INTO `patients` VALUES " + ",".join(batch) + ";\n")
                batch = []
        if batch:
            fp.write("INSERT INTO `patients` VALUES " + ",".join(batch) + ";\n")


def write_postgres(path: Path, count: int) -> None:
    def cell(value):
        if value is None:
            return "\\N"
        return str(value).replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")

    with path.open("w", encoding="utf-8") as fp:
        fp.write("-- PostgreSQL database dump\nCREATE TABLE public.patients (" + ", ".join(f"{c} text" for c in COLUMNS) + ");\n")
        fp.write(f"COPY public.patients ({', '.join(COLUMNS)}) FROM stdin;\n")
        for row in rows(count):
            fp.write("\t".join(cell(v) for v in row) + "\n")
        fp.write("\\.\n\nALTER TABLE ONLY public.patients ADD CONSTRAINT patients_pkey PRIMARY KEY (id);\n")


def write_csv(path: Path, count: int) -> None:
    with path.open("w", encoding="cp1252", newline="") as fp:
        writer = csv.writer(fp, delimiter=";", lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for row in rows(count):
            writer.writerow(["" if v is None else v for v in row])


WRITERS = {"mysql": (write_mysql, ".sql"), "postgres": (write_postgres, ".sql"), "csv": (write_csv, ".csv")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 200_000])
    parser.add_argument("--formats", nargs="+", default=["mysql", "csv"], choices=sorted(WRITERS))
    args = parser.parse_args()
    print(f"{'format':<9} {'rows':>8} {'file MB':>8} {'read':>8} {'errors':>6} {'seconds':>8} {'peak RSS MB':>12}")
    with tempfile.TemporaryDirectory() as folder:
        for name in args.formats:
            write, suffix = WRITERS[name]
            for size in args.sizes:
                path = Path(folder) / f"{name}_{size}{suffix}"
                write(path, size)
                result = subprocess.run(
                    [sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, check=True, cwd=ROOT,
                )
                read, errors, seconds, rss_kb = result.stdout.split()
                print(f"{name:<9} {size:>8} {path.stat().st_size / 1e6:>8.1f} {read:>8} {errors:>6} {seconds:>8} "
                      f"{int(rss_kb) / 1024:>12.1f}")
                path.unlink()


if __name__ == "__main__":
    main()
