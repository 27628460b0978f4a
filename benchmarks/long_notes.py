"""Seconds and peak memory of ``vigie scan`` on one long note: cost should grow linearly.

Run: ``python -m benchmarks.long_notes`` (from the repository root, in the virtualenv).
Options: ``--sizes 10000 100000 1000000`` (characters), ``--format jsonl text``.

For each size it writes one note of that many characters (the fixture notes of
``fixtures/notes.jsonl`` one after another, separated by blank lines) as a one-record JSON
Lines file, or as a text file (one record up to 1 MiB, then records of whole lines), scans
it with ``python -m scanner scan FILE -q --jobs 1`` in a fresh process and prints the
seconds, the seconds per 1,000 characters after start-up (the best of three scans of a
100-character note) and the peak RSS of the process (``RUSAGE_CHILDREN`` of a small
parent); then the seconds of the detection alone (``Detector.analyze_texts``, the engine
loaded once in this process), which the start-up's jitter does not blur, and the same per
1,000 characters. Flat seconds per 1,000 characters means linear time.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTES = ROOT / "fixtures" / "notes.jsonl"


def long_note(size: int) -> str:
    """``size`` characters of fixture notes, one after another."""
    notes = [json.loads(line)["text"] for line in NOTES.read_text(encoding="utf-8").splitlines()]
    parts, length, i = [], 0, 0
    while length < size:
        parts.append(notes[i % len(notes)])
        length += len(parts[-1]) + 2
        i += 1
    return "\n\n".join(parts)[:size]


def write_note(folder: Path, size: int, format: str) -> Path:
    text = long_note(size)
    if format == "text":
        path = folder / f"note_{size}.txt"
        path.write_text(text, encoding="utf-8")
    else:
        path = folder / f"note_{size}.jsonl"
        path.write_text(json.dumps({"id": "1", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


MEASURED = """
import resource, subprocess, sys
code = subprocess.call([sys.executable, "-m", "scanner", "scan", sys.argv[1], "-q", "--jobs", "1"],
                       stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(code)
"""
"""vigie run as the child of a small process, whose ``RUSAGE_CHILDREN`` is vigie's peak RSS
(vigie's own would start from this process, which it is forked from)."""


def scan_measured(path: Path) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of ``vigie scan PATH`` in a fresh process."""
    started = time.perf_counter()
    process = subprocess.run([sys.executable, "-c", MEASURED, str(path)], cwd=ROOT, capture_output=True)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"vigie scan {path} failed: {process.stderr.decode()[-2000:]}")
    return seconds, int(process.stdout) / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--format", choices=["jsonl", "text"], default="jsonl")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        tiny = write_note(Path(folder), 100, args.format)
        start_up = min(scan_measured(tiny)[0] for _ in range(3))
        print(f"start-up (a 100-character note, best of 3): {start_up:.2f} s")
        from scanner.detect import Detector

        detector = Detector()
        detector.analyze_texts([long_note(1_000)])  # warm up
        print("| characters | scan s | s per 1,000 characters (after start-up) | peak RSS MB "
              "| detection s (one process) | s per 1,000 characters |")
        print("|---|---|---|---|---|---|")
        for size in args.sizes:
            seconds, peak = scan_measured(write_note(Path(folder), size, args.format))
            started = time.perf_counter()
            detector.analyze_texts([long_note(size)])
            detection = time.perf_counter() - started
            print(f"| {size:,} | {seconds:.1f} | {(seconds - start_up) / size * 1000:.3f} | {peak:.0f} "
                  f"| {detection:.2f} | {detection / size * 1000:.3f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
