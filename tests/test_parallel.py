"""`--jobs`: the same findings and report, in the same order, whatever the number of workers."""

import json
import time
from pathlib import Path

import pytest

from scanner import scan
from scanner.detect import Detector
from scanner.models import ReadError, Record
from scanner.parallel import run_chunks
from scanner.readers.sources import chunked
from scanner.classify import verdict
from scanner.readers import declared_schemas, find_input_files, items_of, known_formats, read_chunks, read_records
from scanner.report import ScanSummary
from scanner.scan import ScanConfig, scan_paths
from scanner.watchlist import parse_watchlist

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def findings_with(analyzer, path, jobs, chunk_size, unit_chunks=1):
    detector = Detector(analyzer)
    found = []
    units = chunked(chunked(read_records(path), chunk_size), unit_chunks)
    for chunk, findings_lists in run_chunks(detector, units, Detector.detect_batch, jobs):
        found.extend(f.to_dict(show_value=True) for findings in findings_lists for f in findings)
    return found


@pytest.mark.parametrize(
    ("path", "chunk_size"),
    [
        (FIXTURES / "notes.jsonl", 16),
        (FIXTURES / "tables" / "dump_mysql.sql", 7),
        (FIXTURES / "tables" / "patients_cp1252.csv", 5),
    ],
)
def test_jobs_1_and_2_give_identical_findings(analyzer, path, chunk_size):
    one = findings_with(analyzer, path, 1, chunk_size)
    two = findings_with(analyzer, path, 2, chunk_size)
    grouped = findings_with(analyzer, path, 2, chunk_size, unit_chunks=3)
    assert one and one == two == grouped


def test_scan_cli_jobs_2_writes_same_findings_file(cli_runner, cli_app, tmp_path):
    outputs = []
    for jobs in ("1", "2"):
        findings = tmp_path / f"f{jobs}.jsonl"
        result = cli_runner.invoke(cli_app, ["scan", str(FIXTURES / "tables" / "patients.csv"), "-q", "--jobs", jobs, "--findings", str(findings)])
        assert result.exit_code == 0, result.output
        outputs.append(findings.read_text())
    assert outputs[0] == outputs[1] and outputs[0]


def _report(detector, paths, jobs, watchlist, monkeypatch, chunk_size):
    monkeypatch.setattr(scan, "CHUNK_SIZE", chunk_size)
    errors = []
    summary = scan_paths(paths, ScanConfig(jobs=jobs, watchlist=watchlist), detector=detector, on_error=errors.append)
    return summary.to_report(), errors


def _items_of_run(files):
    """Records and ReadErrors of ``files`` read as one run: its dumps share their CREATE
    TABLEs (``declared_schemas``), as scan reads them."""
    known = dict(known_formats(files))
    schemas = declared_schemas(list(known.items())) if len(files) > 1 else {}
    for path in files:
        for chunk in read_chunks(path, 64, tables=schemas.get(known.get(path))):
            yield from items_of(chunk)


def _added_one_by_one(detector, paths, watchlist):
    """The report with every record added to one summary in order (no partial summaries)."""
    files = find_input_files(paths).files
    summary = ScanSummary(watchlist=watchlist, files=len(files), inputs=[str(p) for p in paths])
    errors = []
    for item in _items_of_run(files):
        if isinstance(item, ReadError):
            summary.add_error(item)
            errors.append(item)
            continue
        [findings] = detector.detect_batch([item])
        summary.add(findings, verdict(item, findings), item, detector.kind_of(item.source, item.table))
    return summary.to_report(), errors


@pytest.mark.parametrize(
    "paths",
    [
        [FIXTURES / "notes.jsonl", FIXTURES / "tables" / "patients.csv"],
        [FIXTURES / "tables" / "dump_postgres.sql", FIXTURES / "tables" / "malformed"],
    ],
)
def test_report_is_the_same_whatever_the_jobs_and_chunks(analyzer, paths, monkeypatch):
    """Workers count their chunks in partial summaries: merged, they must give the same report."""
    rows = [r for p in paths if p.is_file() for r in read_records(p) if not isinstance(r, ReadError)]
    nirs = [f.value for f in Detector(analyzer).detect_batch(rows[:40]) for f in f if f.entity_type == "FR_NIR"]
    watchlist, _ = parse_watchlist(nirs[:3] + ["Camille Roux"])
    reference, reference_errors = _added_one_by_one(Detector(analyzer), paths, watchlist)
    for jobs, chunk_size in [(1, 3), (1, 256), (2, 5), (2, 256)]:
        report, errors = _report(Detector(analyzer), paths, jobs, watchlist, monkeypatch, chunk_size)
        assert json.dumps(report) == json.dumps(reference), (jobs, chunk_size)  # same figures, same order
        assert errors == reference_errors
    assert reference["persons"]["distinct"] > 0 and reference["records"]["total"] > 0
    assert any(hit["records"] for hit in reference["watchlist"])


def test_bulk_gc_restores_thresholds_when_the_last_job_ends():
    """Jobs may end in any order (generators closed late); a threshold of 0 stays 0."""
    import gc

    from scanner.parallel import bulk_gc

    before = gc.get_threshold()
    try:
        first, second = bulk_gc(), bulk_gc()
        first.__enter__()
        second.__enter__()
        assert gc.get_threshold()[0] == 100_000
        first.__exit__(None, None, None)
        assert gc.get_threshold()[0] == 100_000
        second.__exit__(None, None, None)
        assert gc.get_threshold() == before
        gc.set_threshold(0)
        with bulk_gc():
            assert gc.get_threshold()[0] == 0
        assert gc.get_threshold()[0] == 0
    finally:
        gc.set_threshold(*before)


def _messy_csv(path: Path) -> Path:
    """A generated patient table spoiled in every way a CSV reader reports, spread over many
    chunks: bytes that do not decode, rows with a column too many or too few, a carriage
    return in an unquoted field, a quote never closed, quoted multi-line notes, and a
    column that stays empty for the first 300 rows (its plan is decided late)."""
    import csv
    import io

    from benchmarks.generate_dump import COLUMNS, Truth, iter_rows

    lines = [",".join(COLUMNS[:-1] + ["fax", "notes"]).encode()]
    for number, row in enumerate(iter_rows(700, 0.2, 0.1, 11, Truth("csv", path))):
        cells = [value or "" for value in row]
        if cells[-1] and number % 3 == 0:
            cells[-1] += '\n"suite" le lendemain'  # a quoted note on two lines
        fax = "" if number < 300 else f"01 4{number % 10} 12 34 56"
        text = io.StringIO()
        csv.writer(text, lineterminator="").writerow(cells[:-1] + [fax, cells[-1]])
        line = text.getvalue().encode()
        kind = number % 97
        if kind == 13 and number > 480:  # past the 64 KiB the encoding is guessed from
            line = line.replace(b"a", b"\xe9", 1)  # not UTF-8: read with U+FFFD, the error on its line
        elif kind == 29:
            line += b",en trop"
        elif kind == 41:
            line = line.rsplit(b",", 2)[0]
        elif kind == 53:
            line = line.replace(b",", b",x\ry", 1)
        if number == 698:
            line = line.replace(b",", b',"jamais ferm', 1)  # the last rows are read again as rows
        lines.append(line)
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def test_csv_rows_split_by_the_workers_give_the_same_report(analyzer, tmp_path, monkeypatch):
    """A CSV chunk whose columns all have plans goes to a worker unsplit; the report, its
    order and the errors (file, line, message, in order) are those of reading it here."""
    path = _messy_csv(tmp_path / "messy.csv")
    reference, reference_errors = _added_one_by_one(Detector(analyzer), [path], None)
    kinds = {error.message.split()[0] for error in reference_errors}  # every kind of error, many times
    assert kinds == {"cannot", "row", "unbalanced", "unreadable"} and len(reference_errors) > 20
    assert reference["records"]["total"] > 600 and reference["persons"]["distinct"] > 500
    from scanner import parallel
    from scanner.readers.csv_export import CsvChunk

    unsplit = []

    def prepared(detector, unit):
        sent, plans = prepare(detector, unit)
        unsplit.extend(chunk for chunk in sent if isinstance(chunk, CsvChunk))
        return sent, plans

    prepare = parallel._prepared
    monkeypatch.setattr(parallel, "_prepared", prepared)
    for jobs, chunk_size in [(1, 7), (2, 5), (2, 64), (2, 256)]:
        unsplit.clear()
        report, errors = _report(Detector(analyzer), [path], jobs, None, monkeypatch, chunk_size)
        assert json.dumps(report) == json.dumps(reference), (jobs, chunk_size)
        assert errors == reference_errors
        assert unsplit and unsplit[0].rows_before >= 300  # sent unsplit once the late column has its plan


def _mixed_inputs(directory: Path) -> list[Path]:
    """A generated patient table where person keys come every way (a NIR column, a NIR in
    the note only, name and birth date, nothing), blank and whitespace cells; a JSON Lines
    file whose records have fields in many orders and sets, some none; SQL dumps of two
    tables, one with their rows interleaved."""
    import csv
    import random

    from benchmarks.generate_dump import COLUMNS, Truth, iter_rows

    table = directory / "patients.csv"
    with table.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for number, row in enumerate(iter_rows(500, 0.35, 0.2, 5, Truth("csv", table))):
            cells = dict(zip(COLUMNS, (value or "" for value in row)))
            if number % 3 == 0:  # no NIR column: name and birth date, or the note's NIR
                cells["notes"] = f"{cells['notes']} NIR {cells['nir']}" if number % 2 else cells["notes"]
                cells["nir"] = "  " if number % 9 == 0 else ""
            if number % 5 == 0:
                cells["nom"] = cells["prenom"] = ""
            writer.writerow(cells.values())
    notes = directory / "notes.jsonl"
    rows = [json.loads(line) for line in (FIXTURES / "tables" / "patients.jsonl").read_text().splitlines()]
    rng = random.Random(3)
    with notes.open("w", encoding="utf-8") as out:
        for number, row in enumerate(rows):
            if number % 4 == 1:
                row = dict(reversed(list(row.items())))
            if number % 4 == 2:
                row = {"patient": {"nom": row["nom"], "nir": row["nir"]}, "texte": "Suivi pour dépression, sous sertraline."}
            if number % 4 == 3:  # fields in any order, two NIR columns: the first in the record's order is its key
                body = f"1850578006{number:03d}"
                items = list(row.items()) + [("nir_conjoint", f"{body}{97 - int(body) % 97:02d}")]
                rng.shuffle(items)
                row = dict(items)
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            if number % 25 == 0:
                out.write("{}\n")
    dump = directory / "interleaved.sql"  # two tables whose rows alternate
    with dump.open("w", encoding="utf-8") as out:
        for number, row in enumerate(rows):
            note = "Suivi pour dépression." if number % 3 else ""
            out.write(f"INSERT INTO `patients` (`id`,`nom`,`nir`,`observation`) VALUES "
                      f"({number},'{row['nom'].replace(chr(39), chr(39) * 2)}','{row['nir']}','{note}');\n")
            out.write(f"INSERT INTO `rdv` (`patient`,`motif`) VALUES ({number},'contrôle tension');\n")
    return [table, notes, dump, FIXTURES / "tables" / "dump_mysql.sql"]


@pytest.mark.parametrize("watched", [False, True])
def test_counting_column_by_column_gives_the_report_of_counting_record_by_record(analyzer, tmp_path, monkeypatch, watched):
    """A scan counts its records a block of columns at a time (``add_blocks``); the report,
    its order, the records file and the findings file (each record's in its own field
    order) are those of each record detected and added alone."""
    paths = _mixed_inputs(tmp_path)
    rows = [r for r in _items_of_run(find_input_files(paths).files) if not isinstance(r, ReadError)]
    watchlist = None
    if watched:
        nirs = [f.value for f in Detector(analyzer).detect_batch(rows[:60]) for f in f if f.entity_type == "FR_NIR"]
        watchlist, _ = parse_watchlist(nirs[::7] + [rows[1].fields["nom"] + " " + rows[1].fields["prenom"]])
    reference, _ = _added_one_by_one(Detector(analyzer), paths, watchlist)
    alone = Detector(analyzer)
    found_alone = [alone.detect_batch([r])[0] for r in rows]  # each in its own field order
    expected_verdicts = [verdict(r, f).to_dict() for r, f in zip(rows, found_alone)]
    expected_findings = [f.to_dict() for found in found_alone for f in found]
    assert reference["persons"]["method"] == "nir+name_birthdate" and reference["records"]["sensitive"] > 100
    assert len({tuple(r.fields) for r in rows}) > 20  # records of one table with different fields
    assert any(not r.fields for r in rows) and {r.table for r in rows} >= {"patients", "rdv"}
    for chunk_size in (7, 256):
        monkeypatch.setattr(scan, "CHUNK_SIZE", chunk_size)
        records_path, findings_path = tmp_path / "records.jsonl", tmp_path / "findings.jsonl"
        config = ScanConfig(watchlist=watchlist, records_path=records_path, findings_path=findings_path)
        summary = scan_paths(paths, config, detector=Detector(analyzer))
        assert json.dumps(summary.to_report()) == json.dumps(reference), chunk_size
        assert [json.loads(line) for line in records_path.read_text().splitlines()] == expected_verdicts
        assert [json.loads(line) for line in findings_path.read_text().splitlines()] == expected_findings
    if watched:
        assert any(hit["records"] for hit in reference["watchlist"])


def _idle_pool_with_a_lost_lock(workers: int = 2):
    """A pool whose workers were all killed while idle: the one that was waiting for work died
    holding the lock of the input queue, so a plain ``terminate`` waits for ever."""
    import multiprocessing

    others = set(multiprocessing.active_children())
    pool = multiprocessing.get_context("fork").Pool(workers)
    time.sleep(0.5)  # the workers are idle, one of them inside the queue's lock
    for process in set(multiprocessing.active_children()) - others:
        process.kill()
        process.join()
    return pool, others


@pytest.mark.parametrize("stop", ["terminate", "stop_pool"])
def test_a_pool_whose_worker_died_holding_its_lock_still_stops(stop):
    import multiprocessing
    import threading

    from scanner.parallel import stop_pool

    pool, others = _idle_pool_with_a_lost_lock()
    started = time.monotonic()
    if stop == "terminate":  # the hazard: the run would hang here
        stopping = threading.Thread(target=pool.terminate, daemon=True)
        stopping.start()
        stopping.join(3)
        assert stopping.is_alive()
        for process in set(multiprocessing.active_children()) - others:  # the pool's new workers
            process.kill()
            process.join()
    else:
        stop_pool(pool, others, seconds=1)
        assert time.monotonic() - started < 10
    assert set(multiprocessing.active_children()) <= others


def test_a_signal_while_a_pool_closes_leaves_no_worker_behind(monkeypatch):
    """Ctrl-C while the end of a pass waits for its pool to close (its work done): the pool
    is stopped, its workers not left running (Python 3.11 takes a thread whose join a
    signal interrupted for ended)."""
    import multiprocessing
    import multiprocessing.pool
    import os
    import signal
    import threading

    from scanner.parallel import map_in_workers

    others = set(multiprocessing.active_children())
    monkeypatch.setattr(multiprocessing.pool.Pool, "join", lambda self: time.sleep(20))
    interrupt = threading.Timer(1.0, os.kill, (os.getpid(), signal.SIGINT))
    interrupt.start()
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        list(map_in_workers(len, ["a", "bb", "ccc"], jobs=2))
    interrupt.cancel()
    assert time.monotonic() - started < 10
    assert set(multiprocessing.active_children()) <= others


@pytest.mark.parametrize("how, exitcode", [("kill", -9), ("exit", 3)], ids=["SIGKILL", "exit-3"])
def test_a_worker_that_ends_mid_run_stops_the_run(analyzer, how, exitcode):
    """A worker killed (the kernel's out-of-memory killer) or ending while it holds a unit:
    the run stops with WorkerLost instead of waiting for ever for that unit's result."""
    import os
    import signal

    from scanner.parallel import WorkerLost

    def work(detector, records):
        if any(record.record == "13" for record in records):
            os.kill(os.getpid(), signal.SIGKILL) if how == "kill" else os._exit(3)
        return len(records)

    units = [[[Record("notes.txt", None, str(unit * 10 + i), {"text": "RAS"}) for i in range(10)]] for unit in range(6)]
    started = time.monotonic()
    with pytest.raises(WorkerLost) as lost:
        list(run_chunks(Detector(analyzer), units, work, jobs=2))
    assert time.monotonic() - started < 30
    assert str(exitcode if exitcode > 0 else signal.Signals(-exitcode).name) in str(lost.value)
    assert lost.value.exit_code == 4
