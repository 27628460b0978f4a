"""vigie redact (and redact --verify) against vigie scan on the same generated table, in one run.

Usage (from the repository root, in the virtualenv)::

    python -m benchmarks.redact_speed --rows 100000
    python -m benchmarks.redact_speed --rows 10000 --jobs 1 --json out.json

It generates a patient table (``benchmarks/generate_dump.py``, CSV, 12 columns, ``--notes-share``
of rows with a note) and runs, as a user would (subprocesses, ``$VIGIE_KEY`` fixed), ``vigie
scan``, ``vigie redact`` and ``vigie redact --verify`` on it, each with ``--jobs`` (default: all
cores), in ``--rounds`` rounds of the three (a slow minute of the machine slows each command of
its round). For each: the median over the rounds of its wall time and of the CPU time of its
process tree (user + system, a figure that depends less on other load of the machine), from
runs alone, and its peak memory (PSS of the process tree) from one more run that samples it.
The ratios redact/scan and verify/redact of the medians are what the issue asks of redaction
(at most 3 and 2); each round's ratios are kept in the JSON. Nothing here is a pass/fail test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from benchmarks.speed import ROOT, VIGIE, generate, run_measured

BENCHMARK_KEY = "00" * 32
"""A fixed key: the figures do not depend on it, and a run without one warns."""


def timed(args: list[str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds of the process tree of one command run alone.

    >>> [round(figure) for figure in timed(["true"])]
    [0, 0]
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    run = subprocess.run(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if run.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed ({run.returncode}):\n{run.stderr}")
    return seconds, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def measured(commands: dict[str, list[str]], rounds: int) -> dict[str, dict]:
    """Per command: the medians of its wall and CPU seconds over ``rounds`` rounds of all the
    commands (``timed``), each round's figures, and its peak PSS (MiB) from one more run:
    sampling a tree's ``/proc/*/smaps_rollup`` ten times a second slows a redaction by 3 to 5%
    (its workers fault pages in while the kernel walks them), and a scan not at all, so no
    timed run is sampled.

    >>> figures = measured({"true": ["true"]}, 3); sorted(figures["true"]), len(figures["true"]["rounds"])
    (['cpu_seconds', 'peak_mb', 'rounds', 'seconds'], 3)
    """
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, args in commands.items():
            runs[name].append(timed(args))
    return {name: {
        "seconds": round(statistics.median(wall for wall, _ in runs[name]), 1),
        "cpu_seconds": round(statistics.median(cpu for _, cpu in runs[name]), 1),
        "rounds": [[round(wall, 2), round(cpu, 2)] for wall, cpu in runs[name]],
        "peak_mb": run_measured(args)[1],
    } for name, args in commands.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--notes-share", type=float, default=0.01, help="share of rows with a note")
    parser.add_argument("--jobs", type=int, default=None, help="vigie --jobs (default: all cores)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the three commands (medians)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    os.environ["VIGIE_KEY"] = BENCHMARK_KEY
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    figures: dict = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
                     "rows": args.rows, "notes_share": args.notes_share, "jobs": args.jobs or "all cores"}
    with tempfile.TemporaryDirectory() as tmp:
        path = generate(Path(tmp) / "table", args.rows, args.notes_share)
        out = Path(tmp) / "redacted.csv"
        figures.update(measured({
            "scan": [*VIGIE, "scan", str(path), "-q", *jobs],
            "redact": [*VIGIE, "redact", str(path), "--output", str(out), "--force", *jobs],
            "redact_verify": [*VIGIE, "redact", str(path), "--output", str(out), "--force", "--verify", *jobs],
        }, args.rounds))
    figures["rounds"] = args.rounds
    for name in ("seconds", "cpu_seconds"):
        figures[f"redact_over_scan_{name}"] = round(figures["redact"][name] / figures["scan"][name], 2)
        figures[f"verify_over_redact_{name}"] = round(figures["redact_verify"][name] / figures["redact"][name], 2)
    figures["redact_over_scan_by_round"] = [
        round(redact[0] / scan[0], 2) for scan, redact in zip(figures["scan"]["rounds"], figures["redact"]["rounds"])]
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"machine: {figures['machine']}; {args.rows} rows, {args.notes_share:.0%} notes, jobs: {figures['jobs']}; "
          f"medians of {args.rounds} rounds")
    print(f"{'command':>15} {'wall s':>8} {'CPU s':>8} {'peak MB':>8}")
    for name in ("scan", "redact", "redact_verify"):
        run = figures[name]
        print(f"{name:>15} {run['seconds']:>8} {run['cpu_seconds']:>8} {run['peak_mb']:>8}")
    print(f"redact / scan: {figures['redact_over_scan_seconds']} (wall), {figures['redact_over_scan_cpu_seconds']} (CPU); "
          f"redact --verify / redact: {figures['verify_over_redact_seconds']} (wall), "
          f"{figures['verify_over_redact_cpu_seconds']} (CPU); redact / scan by round: "
          f"{', '.join(map(str, figures['redact_over_scan_by_round']))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
