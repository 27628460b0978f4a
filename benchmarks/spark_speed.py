"""``--engine spark`` against the local engine on the same Parquet table, in one run.

Usage (from the repository root, in the virtualenv, with Java)::

    python -m benchmarks.spark_speed                 # 100,000 rows, 1% notes
    python -m benchmarks.spark_speed --rows 1000000 --json out.json

It generates a patient table (``benchmarks/generate_dump.py``, CSV, written again as
Parquet with pyarrow) and times ``vigie scan --report`` as a user runs it (a subprocess)
with the local engine (all cores), and with ``--engine spark`` on ``local[1]`` and
``local[2]``. Each is run on a 10-row table first: that time is the engine's fixed cost
(interpreter, model, JVM and session start), and the per-row cost is what the big table
adds over it. The reports of the three runs are compared (without their timing fields):
the engines must agree. Figures are ratios measured in the same run; nothing here is a
pass/fail test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VIGIE = [sys.executable, "-m", "scanner"]
ENGINES = {
    "local": [],
    "spark local[1]": ["--engine", "spark", "--spark-master", "local[1]"],
    "spark local[2]": ["--engine", "spark", "--spark-master", "local[2]"],
}
UNTIMED_KEYS = ("vigie_version",)


def to_parquet(csv_path: Path, rows: int | None = None) -> Path:
    """``csv_path`` (its first ``rows`` rows when given) as a Parquet file beside it."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    table = pacsv.read_csv(csv_path)  # every column as text, as the CSV reader sees it
    table = table.cast(pa.schema([field.with_type(pa.string()) for field in table.schema]))
    if rows is not None:
        table = table.slice(0, rows)
    out = csv_path.with_name(f"{csv_path.stem}-{table.num_rows}.parquet")
    pq.write_table(table, out)
    return out


def timed_scan(path: Path, engine: list[str], report: Path) -> float:
    """Seconds of ``vigie scan path --report report`` with ``engine``'s flags."""
    started = time.perf_counter()
    done = subprocess.run([*VIGIE, "scan", str(path), "-q", "--report", str(report), *engine],
                          cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"vigie scan {' '.join(engine)} failed ({done.returncode}):\n{done.stderr}")
    return seconds


def comparable(report: Path) -> dict:
    """The report without what differs between engines that agree (the version string)."""
    data = json.loads(report.read_text())
    return {key: value for key, value in data.items() if key not in UNTIMED_KEYS}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--notes-share", type=float, default=0.01)
    parser.add_argument("--engines", nargs="+", choices=sorted(ENGINES), default=list(ENGINES))
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    figures: dict = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
                     "rows": args.rows, "notes_share": args.notes_share, "runs": {}}
    with tempfile.TemporaryDirectory(prefix="vigie-spark-bench-") as tmp:
        tmp = Path(tmp)
        subprocess.run([sys.executable, "-m", "benchmarks.generate_dump", "--rows", str(args.rows),
                        "--notes-share", str(args.notes_share), "--format", "csv", "--out", str(tmp)],
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        big = to_parquet(tmp / "patients.csv")
        tiny = to_parquet(tmp / "patients.csv", 10)
        reports = {}
        for name in args.engines:
            fixed = timed_scan(tiny, ENGINES[name], tmp / "tiny.json")
            seconds = timed_scan(big, ENGINES[name], tmp / f"{len(reports)}.json")
            reports[name] = comparable(tmp / f"{len(reports)}.json")
            per_row_us = max(seconds - fixed, 0.0) / args.rows * 1e6
            figures["runs"][name] = {"seconds": round(seconds, 1), "fixed_seconds": round(fixed, 1),
                                     "per_row_us": round(per_row_us, 1)}
            print(f"{name:<16} {seconds:>7.1f} s  fixed {fixed:>5.1f} s  {per_row_us:>7.1f} us/row", flush=True)
    local = figures["runs"].get("local")
    for name, run in figures["runs"].items():
        if local and name != "local" and local["per_row_us"]:
            run["per_row_vs_local"] = round(run["per_row_us"] / local["per_row_us"], 2)
    first = next(iter(reports.values()), None)
    figures["reports_identical"] = all(report == first for report in reports.values())
    print(f"machine: {figures['machine']}; {args.rows} rows, {args.notes_share:.0%} notes; "
          f"reports identical: {figures['reports_identical']}")
    for name, run in figures["runs"].items():
        if "per_row_vs_local" in run:
            print(f"{name:<16} per-row cost {run['per_row_vs_local']} x local")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
