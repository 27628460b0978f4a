"""vigie against vanilla Presidio on the same generated dump, in one run.

Usage (from the repository root, in the virtualenv)::

    python -m benchmarks.speed                       # 100k rows, 1% and 35% notes
    python -m benchmarks.speed --rows 1000000 --shares 0.01 --json out.json

For each notes share it generates a patient dump (``benchmarks/generate_dump.py``, CSV,
12 columns) and measures:

- ``vigie scan`` as a user runs it (a subprocess, all cores, ``--report``): wall time,
  rows/s overall and after start-up, notes/s, and the peak RSS of the whole process tree;
- vanilla Presidio on the first ``--sample`` rows of the same file:
  ``BatchAnalyzerEngine.analyze_dict`` over all columns, French spaCy model, default
  recognizers (its email check made offline so the benchmark opens no connection);
- the recall of both on those sample rows, per entity type both detect, against the truth
  the generator knows (each administrative cell holds exactly one known entity).

It also times the full French pipeline on realistic notes (``fixtures/notes.jsonl``) in
one process: notes/s. Figures are ratios measured in the same run on the same data;
nothing here is a pass/fail test.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VIGIE = [sys.executable, "-m", "scanner"]
SHARED_ENTITIES = ("PERSON", "PHONE_NUMBER", "EMAIL_ADDRESS", "DATE_TIME")
"""Entity types both vanilla Presidio (French) and vigie report."""


def tree_rss_kb(pid: int) -> int:
    """Memory of ``pid`` and all its descendants, in KiB (Linux /proc): the sum of their
    proportional set sizes, so pages that forked workers share are counted once."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup") as fp:
                total += next(int(line.split()[1]) for line in fp if line.startswith("Pss:"))
            with open(f"/proc/{current}/task/{current}/children") as fp:
                todo.extend(int(child) for child in fp.read().split())
        except (OSError, StopIteration):
            continue
    return total


def run_measured(args: list[str]) -> tuple[float, int]:
    """Run a command; return (seconds, peak memory of its process tree in MiB, PSS)."""
    started = time.perf_counter()
    process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0

    def sample() -> None:
        nonlocal peak
        while process.poll() is None:
            peak = max(peak, tree_rss_kb(process.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - started
    sampler.join()
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed ({process.returncode}):\n{stderr}")
    return seconds, peak // 1024


def generate(out: Path, rows: int, share: float) -> Path:
    subprocess.run(
        [sys.executable, "-m", "benchmarks.generate_dump", "--rows", str(rows), "--notes-share", str(share),
         "--format", "csv", "--out", str(out)],
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
    )
    return out / "patients.csv"


def sample_rows(path: Path, count: int) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fp:
        reader = csv.DictReader(fp)
        return [row for _, row in zip(range(count), reader)]


def expected_cells(rows: list[dict[str, str]]) -> dict[tuple[int, str], str]:
    """(row, column) -> the entity type the generator put there (administrative columns)."""
    from benchmarks.generate_dump import ADMIN_FINDINGS

    return {(i, column): entity for i, row in enumerate(rows) for column, entity in ADMIN_FINDINGS.items() if row.get(column)}


def recall(found: set[tuple[int, str, str]], expected: dict[tuple[int, str], str]) -> dict[str, float]:
    per_type: dict[str, list[int]] = {}
    for (i, column), entity in expected.items():
        hits = per_type.setdefault(entity, [0, 0])
        hits[1] += 1
        hits[0] += (i, column, entity) in found
    return {entity: hit / total for entity, (hit, total) in sorted(per_type.items())}


def vanilla_presidio(rows: list[dict[str, str]]) -> tuple[float, set[tuple[int, str, str]]]:
    """Rows/s of vanilla Presidio over all columns, and the (row, column, entity) it found."""
    import tldextract
    from presidio_analyzer import AnalyzerEngine, BatchAnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    offline = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    tldextract.extract = offline  # Presidio's email check would download the suffix list
    nlp = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy", "models": [{"lang_code": "fr", "model_name": "fr_core_news_sm"}],
    }).create_engine()
    batch = BatchAnalyzerEngine(AnalyzerEngine(nlp_engine=nlp, supported_languages=["fr"]))
    columns = {column: [row[column] for row in rows] for column in rows[0]}
    started = time.perf_counter()
    results = list(batch.analyze_dict(columns, language="fr"))
    seconds = time.perf_counter() - started
    found = set()
    for column_result in results:
        for i, cell_results in enumerate(column_result.recognizer_results):
            found.update((i, column_result.key, r.entity_type) for r in cell_results)
    return len(rows) / seconds, found


def vigie_found(path: Path, count: int) -> set[tuple[int, str, str]]:
    from scanner.detect import Detector
    from scanner.models import ReadError
    from scanner.readers import read_records

    records = []
    for item in read_records(path):
        if not isinstance(item, ReadError):
            records.append(item)
        if len(records) == count:
            break
    found = set()
    for i, findings in enumerate(Detector().detect_batch(records)):
        found.update((i, f.field, f.entity_type) for f in findings)
    return found


def notes_per_second(repeat: int = 4) -> float:
    from scanner.detect import Detector

    notes = [json.loads(line)["text"] for line in (ROOT / "fixtures" / "notes.jsonl").read_text().splitlines()]
    detector = Detector()
    detector.analyze_texts(notes[:20])  # warm up
    texts = notes * repeat
    started = time.perf_counter()
    detector.analyze_texts(texts)
    return len(texts) / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--shares", type=float, nargs="+", default=[0.01, 0.35])
    parser.add_argument("--sample", type=int, default=300, help="rows given to vanilla Presidio")
    parser.add_argument("--jobs", type=int, default=None, help="vigie --jobs (default: all cores)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    figures: dict = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
                     "rows": args.rows, "runs": []}
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    with tempfile.TemporaryDirectory() as tmp:
        tiny = Path(tmp) / "tiny.csv"
        tiny.write_text("id,nom\n1,ROUX\n", encoding="utf-8")
        startup, _ = run_measured([*VIGIE, "scan", str(tiny), "-q", *jobs])
        figures["startup_seconds"] = round(startup, 2)
        figures["notes_per_second_one_process"] = round(notes_per_second(), 1)
        for share in args.shares:
            path = generate(Path(tmp) / f"share{share}", args.rows, share)
            seconds, rss = run_measured([*VIGIE, "scan", str(path), "-q", "--report", str(Path(tmp) / "r.json"), *jobs])
            notes = json.loads((Path(tmp) / "r.json").read_text())["free_text"]["records"]
            rows = sample_rows(path, args.sample)
            expected = expected_cells(rows)
            presidio_rate, presidio_found = vanilla_presidio(rows)
            vigie_rate = args.rows / seconds
            run = {
                "notes_share": share,
                "vigie_seconds": round(seconds, 1),
                "vigie_rows_per_second": round(vigie_rate),
                "vigie_rows_per_second_after_startup": round(args.rows / max(seconds - startup, 1e-9)),
                "vigie_notes_per_second": round(notes / seconds, 1),
                "vigie_peak_rss_mb": rss,
                "presidio_rows_per_second": round(presidio_rate, 1),
                "ratio": round(vigie_rate / presidio_rate, 1),
                "recall_vigie": recall(vigie_found(path, args.sample), expected),
                "recall_presidio": recall(presidio_found, expected),
            }
            figures["runs"].append(run)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"machine: {figures['machine']}; start-up {figures['startup_seconds']} s; "
          f"full pipeline on fixture notes: {figures['notes_per_second_one_process']} notes/s (1 process)")
    print(f"{'notes':>6} {'rows':>9} {'vigie s':>8} {'rows/s':>8} {'notes/s':>8} {'RSS MB':>7} {'presidio rows/s':>16} {'ratio':>7}")
    for run in figures["runs"]:
        print(f"{run['notes_share']:>6.0%} {args.rows:>9} {run['vigie_seconds']:>8} {run['vigie_rows_per_second']:>8} "
              f"{run['vigie_notes_per_second']:>8} {run['vigie_peak_rss_mb']:>7} {run['presidio_rows_per_second']:>16} {run['ratio']:>7}")
        for entity in SHARED_ENTITIES:
            print(f"       recall {entity:<14} vigie {run['recall_vigie'].get(entity, 0):.3f}   presidio {run['recall_presidio'].get(entity, 0):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
