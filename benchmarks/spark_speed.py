"""``--engine spark`` against the local engine on the same Parquet and CSV tables, in one run.

Usage (from the repository root, in the virtualenv, with Java)::

    python -m benchmarks.spark_speed                 # 100,000 rows, 1% notes, Parquet and CSV
    python -m benchmarks.spark_speed --rows 1000000 --input-format parquet --json out.json
    python -m benchmarks.spark_speed --vigie-root ../main   # the same, with another checkout's vigie

It generates a patient table (``benchmarks/generate_dump.py``, CSV, written again as
Parquet with pyarrow) and times ``vigie scan --report`` as a user runs it (a subprocess)
with the local engine (all cores), and with ``--engine spark`` on ``local[1]`` and
``local[2]``, on each input format. Each is also run on a small table of ``SMALL_ROWS`` rows
(three units of work, so that every core of ``local[2]`` starts its engine): the line through
the two times gives the per-row cost (its slope) and the fixed cost (interpreter, model, JVM,
session and engine start: its value at 0 rows). Issue 19's target is checked on the wall
times: Spark's at most 1.5 times the local engine's plus Spark's fixed cost, which must be
under 30 s. Wall time and CPU time (user + system of the process
tree: the JVM and Spark's Python workers included) are both given; on a shared machine
the CPU time is the steadier. The reports of the runs on one format are compared (without
their version field): the engines must agree. Figures are ratios measured in the same run;
nothing here is a pass/fail test.
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
SMALL_ROWS = 2 * 4096 + 1
"""Rows of the small table: three units of work (``scanner.scan`` units of 4,096 records)."""
TARGET_RATIO = 1.5
TARGET_FIXED_SECONDS = 30.0


FORMATS = ("parquet", "csv")


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


def head_csv(csv_path: Path, rows: int) -> Path:
    """The header and first ``rows`` rows of ``csv_path`` (no multi-line rows in the dump)."""
    out = csv_path.with_name(f"{csv_path.stem}-{rows}.csv")
    with csv_path.open(encoding="utf-8") as source, out.open("w", encoding="utf-8") as sink:
        for _, line in zip(range(rows + 1), source):
            sink.write(line)
    return out


TICKS = os.sysconf("SC_CLK_TCK")


def tree_cpu(root_pid: int, seen: dict[int, float]) -> None:
    """Update ``seen`` (pid -> CPU seconds, user + system) with ``root_pid`` and its live
    descendants, read from ``/proc`` (Linux): Spark's JVM and Python workers are never
    waited for by vigie, so ``getrusage`` would not count them."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        times[pid] = (int(fields[11]) + int(fields[12])) / TICKS
    tree = {root_pid}
    grew = True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grew = True
    for pid in tree & times.keys():
        seen[pid] = max(seen.get(pid, 0.0), times[pid])


def timed_scan(path: Path, engine: list[str], report: Path, root: Path = ROOT) -> tuple[float, float]:
    """Wall and CPU seconds of ``vigie scan path --report report`` with ``engine``'s flags,
    run from the checkout ``root`` (CPU: the process tree, sampled every 0.2 s)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as errors:  # a file, not a pipe: Spark's logs would fill a pipe and block
        process = subprocess.Popen([*VIGIE, "scan", str(path), "-q", "--report", str(report), *engine],
                                   cwd=root, stdout=subprocess.DEVNULL, stderr=errors, text=True)
        seen: dict[int, float] = {}
        while process.poll() is None:
            tree_cpu(process.pid, seen)
            time.sleep(0.2)
        seconds = time.perf_counter() - started
        errors.seek(0)
        stderr = errors.read()
    if process.returncode not in (0, 1):
        raise SystemExit(f"vigie scan {' '.join(engine)} failed ({process.returncode}):\n{stderr}")
    return seconds, sum(seen.values())


def line_through(small_rows: int, small: float, rows: int, big: float) -> tuple[float, float]:
    """Cost per row (microseconds) and fixed cost (seconds) of the line through two runs.

    >>> line_through(10_000, 30.0, 110_000, 40.0)
    (100.0, 29.0)
    """
    per_row = max(big - small, 0.0) / (rows - small_rows)
    return round(per_row * 1e6, 1), round(max(small - per_row * small_rows, 0.0), 1)


def comparable(report: Path) -> dict:
    """The report without what differs between engines that agree (the version string)."""
    data = json.loads(report.read_text())
    return {key: value for key, value in data.items() if key not in UNTIMED_KEYS}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--notes-share", type=float, default=0.01)
    parser.add_argument("--engines", nargs="+", choices=sorted(ENGINES), default=list(ENGINES))
    parser.add_argument("--input-format", nargs="+", choices=FORMATS, default=list(FORMATS))
    parser.add_argument("--vigie-root", type=Path, default=ROOT, help="the checkout whose vigie runs")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    figures: dict = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
                     "rows": args.rows, "notes_share": args.notes_share, "vigie_root": str(args.vigie_root),
                     "formats": {}}
    with tempfile.TemporaryDirectory(prefix="vigie-spark-bench-") as tmp:
        tmp = Path(tmp)
        subprocess.run([sys.executable, "-m", "benchmarks.generate_dump", "--rows", str(args.rows),
                        "--notes-share", str(args.notes_share), "--format", "csv", "--out", str(tmp)],
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        tables = {
            "parquet": (to_parquet(tmp / "patients.csv"), to_parquet(tmp / "patients.csv", SMALL_ROWS)),
            "csv": (tmp / "patients.csv", head_csv(tmp / "patients.csv", SMALL_ROWS)),
        }
        for kind in args.input_format:
            big, tiny = tables[kind]
            runs = figures["formats"][kind] = {}
            reports = {}
            for name in args.engines:
                small, small_cpu = timed_scan(tiny, ENGINES[name], tmp / "tiny.json", args.vigie_root)
                seconds, cpu = timed_scan(big, ENGINES[name], tmp / f"{len(reports)}.json", args.vigie_root)
                reports[name] = comparable(tmp / f"{len(reports)}.json")
                per_row_us, fixed = line_through(SMALL_ROWS, small, args.rows, seconds)
                cpu_per_row_us, fixed_cpu = line_through(SMALL_ROWS, small_cpu, args.rows, cpu)
                runs[name] = {"seconds": round(seconds, 1), "fixed_seconds": round(fixed, 1),
                              "per_row_us": round(per_row_us, 1), "cpu_seconds": round(cpu, 1),
                              "fixed_cpu_seconds": round(fixed_cpu, 1), "cpu_per_row_us": round(cpu_per_row_us, 1)}
                print(f"{kind:<8} {name:<16} {seconds:>7.1f} s  fixed {fixed:>5.1f} s  {per_row_us:>7.1f} us/row"
                      f"  | cpu {cpu:>7.1f} s  fixed {fixed_cpu:>5.1f} s  {cpu_per_row_us:>7.1f} us/row", flush=True)
            local = runs.get("local")
            for name, run in runs.items():
                if local and name != "local":
                    allowed = TARGET_RATIO * local["seconds"] + run["fixed_seconds"]
                    run["target_seconds"] = round(allowed, 1)
                    run["within_target"] = run["seconds"] <= allowed and run["fixed_seconds"] < TARGET_FIXED_SECONDS
                if local and name != "local" and local["per_row_us"]:
                    run["per_row_vs_local"] = round(run["per_row_us"] / local["per_row_us"], 2)
                    if local["cpu_per_row_us"]:
                        run["cpu_per_row_vs_local"] = round(run["cpu_per_row_us"] / local["cpu_per_row_us"], 2)
            first = next(iter(reports.values()), None)
            runs["reports_identical"] = all(report == first for report in reports.values())
            print(f"{kind}: {args.rows} rows, {args.notes_share:.0%} notes; reports identical: "
                  f"{runs['reports_identical']}")
            for name, run in runs.items():
                if isinstance(run, dict) and "per_row_vs_local" in run:
                    print(f"{kind:<8} {name:<16} per-row cost {run['per_row_vs_local']} x local "
                          f"(CPU {run.get('cpu_per_row_vs_local')} x); {run['seconds']} s against at most "
                          f"{run['target_seconds']} s (1.5 x local + fixed): "
                          f"{'within' if run['within_target'] else 'NOT within'} target")
    print(f"machine: {figures['machine']}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
