"""Live database reading against the dump of the same data: rows per second and peak memory.

Run (from the repository root, in the virtualenv, with the servers installed)::

    python -m benchmarks.live_db --rows 100000 1000000 --server postgres mariadb

For each server and size it writes the synthetic ``patients`` dump of
``benchmarks.generate_dump``, loads it into a throwaway PostgreSQL or MariaDB server (unix
socket in a temporary directory, as the tests start it), then reads the same rows twice in a fresh subprocess each: from the dump
file (``read_records``) and from the live database (``read_database``), and prints rows,
seconds, rows per second and peak RSS. ``--scan`` also times a whole ``scan_paths`` (the
detection is the same for both; it dominates). A streaming reader shows about the same
peak RSS for every size.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.generate_dump import generate
from tests.redact.servers import TIMEOUT, start_mariadb, start_postgres

ROOT = Path(__file__).resolve().parents[1]
SERVERS = {"postgres": (start_postgres, "postgres"), "mariadb": (start_mariadb, "mysql")}
"""Server -> how to start it, and the ``generate_dump`` format it loads."""
CHILD = """
import resource, sys, time
from scanner.readers import read_records
from scanner.readers.live_db import read_database
from scanner.scan import ScanConfig, scan_paths
source, scan = sys.argv[1], sys.argv[2] == "scan"
started = time.perf_counter()
if scan:
    summary = scan_paths([source], ScanConfig(jobs=1))
    rows, errors = summary.records, summary.unparsed
else:
    items = read_database(source) if "://" in source else read_records(source)
    rows = errors = 0
    for item in items:
        if type(item).__name__ == "Record" and item.table is not None:
            rows += 1
        elif type(item).__name__ == "ReadError":
            errors += 1
print(rows, errors, round(time.perf_counter() - started, 2), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def measure(source: str, scan: bool) -> tuple[int, int, float, int]:
    """Rows, errors, seconds and peak RSS (KiB) of reading (or scanning) ``source`` in a fresh process."""
    result = subprocess.run([sys.executable, "-c", CHILD, source, "scan" if scan else "read"],
                            capture_output=True, text=True, cwd=ROOT, check=True, timeout=3600)
    rows, errors, seconds, rss = result.stdout.split()
    return int(rows), int(errors), float(seconds), int(rss)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--server", nargs="+", choices=sorted(SERVERS), default=["postgres"])
    parser.add_argument("--scan", action="store_true", help="time a whole scan too (slow: detection)")
    args = parser.parse_args(argv)
    print(f"{'server':<8} {'rows':>9} {'source':<6} {'what':<4} {'seconds':>8} {'rows/s':>9} {'peak RSS MiB':>12}")
    for kind in args.server:
        start, dump_format = SERVERS[kind]
        with start() as server, tempfile.TemporaryDirectory(prefix="vigie-live-bench-") as folder:
            for size in args.rows:
                dump, _ = generate(Path(folder) / str(size), size, fmt=dump_format)
                database = server.new_database("bench")
                load = ["-d", database, "-v", "ON_ERROR_STOP=1", "-f", "-"] if kind == "postgres" else [database]
                with dump.open("rb") as fp:
                    subprocess.run(server.client + load, stdin=fp, check=True, capture_output=True, timeout=TIMEOUT * 10)
                for label, source in (("dump", str(dump)), ("live", server.url(database))):
                    for scan in (False, True) if args.scan else (False,):
                        rows, errors, seconds, rss = measure(source, scan)
                        assert rows == size and errors == 0, (label, rows, errors)
                        print(f"{kind:<8} {size:>9,} {label:<6} {'scan' if scan else 'read':<4} {seconds:>8.2f} "
                              f"{rows / seconds:>9,.0f} {rss / 1024:>12.0f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
