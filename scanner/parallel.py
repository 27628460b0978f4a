"""Parallel work on chunks of records: worker processes, results in input order.

The parent process reads, decides how each column is checked (``Detector.prepare``, so
that the decision never depends on which worker saw a column first) and hands chunks to
``jobs`` forked workers, which inherit the already-built analyzer engine (no second model
load) and the work to do. At most ``2 * jobs`` chunks are in flight: memory stays bounded
on any input. Results come back in input order, so the output is the same whatever
``jobs`` is.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from scanner.detect import Detector
from scanner.detect.plans import PlanSpec
from scanner.errors import ScannerError
from scanner.models import ReadError, Record
from scanner.readers import Chunk, items_of
from scanner.readers.csv_export import CsvChunk

T = TypeVar("T")
Work = Callable[[Detector, list[Record]], T]
"""What is done to the records of a chunk, given a detector; its result must pickle."""

_parent: tuple[Detector, Work] | None = None
_worker: tuple[Detector, Work] | None = None
_mapped: Callable | None = None


YOUNG_OBJECTS = 100_000
"""Allocations between two runs of the cyclic garbage collector during bulk work."""


_bulk_jobs: list[tuple[int, int, int]] = []
"""The thresholds before the first bulk job still running, once per running job."""
_bulk_froze = False
"""Whether the first bulk job still running froze the objects alive when it started."""


@contextmanager
def bulk_gc(young: int = YOUNG_OBJECTS) -> Iterator[None]:
    """Run the cyclic garbage collector less often, and not over the engine, for the time
    of a bulk job.

    A chunk makes hundreds of thousands of short-lived objects (cells, hits, findings),
    freed by reference counting; with Python's default threshold (700) the collector ran
    600 times per 20,000 rows and took about 12% of a scan. Every 100,000 allocations it
    takes about 2%. The objects alive when the first bulk job starts (the analyzer engine:
    the model, the terminology table, over a million) are frozen out of the collector
    (``gc.freeze``): scanning them again on every collection cost about 15% of a scan.
    The thresholds are put back, and the objects unfrozen, when the last of the running
    bulk jobs ends, whatever order they end in; forked workers inherit both. A threshold
    of 0 (automatic collection off), and objects someone else froze, are left alone.

    >>> before = gc.get_threshold()
    >>> with bulk_gc():
    ...     gc.get_threshold()[0] == max(100_000, before[0]) or before[0] == 0
    True
    >>> gc.get_threshold() == before, gc.get_freeze_count()
    (True, 0)
    """
    global _bulk_froze
    before = gc.get_threshold()
    if not _bulk_jobs:
        _bulk_froze = gc.get_freeze_count() == 0
        if _bulk_froze:
            gc.freeze()
    _bulk_jobs.append(_bulk_jobs[0] if _bulk_jobs else before)
    if before[0]:
        gc.set_threshold(max(young, before[0]), *before[1:])
    try:
        yield
    finally:
        original = _bulk_jobs.pop()
        if not _bulk_jobs:
            gc.set_threshold(*original)
            if _bulk_froze:
                gc.unfreeze()


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _init_worker() -> None:
    global _worker
    detector, work = _parent
    _worker = (Detector(detector.analyzer), work)


def _run(unit: list[Chunk], plans: dict[tuple, PlanSpec]):
    detector, work = _worker
    detector.install(plans)
    return _analysed(detector, unit, work)


def _analysed(detector: Detector, unit: list[Chunk], work: Work) -> tuple[list[ReadError], T]:
    """The unit's ReadErrors, in order, and ``work(detector, its records)``."""
    records, errors = [], []
    for chunk in unit:
        for item in items_of(chunk):
            (errors if isinstance(item, ReadError) else records).append(item)
    return errors, work(detector, records)


def run_chunks(
    detector: Detector, units: Iterable[list[Chunk]], work: Work, jobs: int = 1
) -> Iterator[tuple[list[ReadError], T]]:
    """The ReadErrors of each unit of consecutive chunks, with ``work(detector, its records)``,
    in input order.

    Column plans are decided chunk by chunk (a new column from the chunk it first appears
    in), so grouping chunks into larger units of work changes nothing in the results; it
    only gives spaCy bigger batches of notes. A CSV chunk whose columns all have plans is
    sent as it is: the worker splits its rows. An input of a single unit is analysed in
    this process (starting workers would cost more than they save).

    >>> units = [[[Record("a.txt", None, "1", {"text": "RAS"})], [ReadError("a.txt", 2, "bad")]]]
    >>> [(errors, len(result)) for errors, result in run_chunks(Detector(), units, lambda d, records: records)]
    [([ReadError(source='a.txt', line=2, message='bad')], 1)]
    """
    with bulk_gc():
        yield from _run_chunks(detector, units, work, jobs)


def _run_chunks(
    detector: Detector, units: Iterable[list[Chunk]], work: Work, jobs: int
) -> Iterator[tuple[list[ReadError], T]]:
    units = iter(units)
    ahead = list(itertools.islice(units, 2))
    if jobs <= 1 or len(ahead) < 2:  # one unit of work: no processes to start
        for unit in itertools.chain(ahead, units):
            yield _analysed(detector, _prepared(detector, unit)[0], work)
        return
    units = itertools.chain(ahead, units)
    global _parent
    _parent = (detector, work)
    with _worker_pool(jobs) as (pool, workers):
        yield from _in_order(pool, workers, ((_run, _prepared(detector, unit)) for unit in units), jobs)


def _in_order(pool, workers: list[multiprocessing.Process], calls: Iterable[tuple[Callable, tuple]],
              jobs: int) -> Iterator:
    """The result of each ``(function, args)`` call sent to ``pool``, in input order, with at
    most ``2 * jobs`` calls in flight (memory stays bounded on any input)."""
    pending: deque = deque()
    for function, args in calls:
        pending.append(pool.apply_async(function, args))
        if len(pending) >= 2 * jobs:
            yield result_of(pending.popleft(), workers)
    while pending:
        yield result_of(pending.popleft(), workers)


R = TypeVar("R")


def map_in_workers(work: Callable[[T], R], items: Iterable[T], jobs: int = 1) -> Iterator[R]:
    """``work(item)`` for each item, in input order, by ``jobs`` workers forked now: they
    inherit everything this process holds at this point (what a first pass learnt), so
    ``work`` may use it; only the items and the results travel (they must pickle). At most
    ``2 * jobs`` items are in flight. With one job, or a single item, nothing is forked.

    >>> list(map_in_workers(len, ["a", "bb", "ccc"], jobs=2))
    [1, 2, 3]
    """
    global _mapped
    with bulk_gc():
        items = iter(items)
        ahead = list(itertools.islice(items, 2))
        if jobs <= 1 or len(ahead) < 2:
            yield from map(work, itertools.chain(ahead, items))
            return
        _mapped = work
        with _worker_pool(jobs, initializer=None) as (pool, workers):
            yield from _in_order(pool, workers, ((_call_mapped, (item,)) for item in itertools.chain(ahead, items)), jobs)


def _call_mapped(item):
    return _mapped(item)


POOL_STOP_SECONDS = 5.0
"""How long the end of a run waits for its pool to stop before killing the workers."""
WORKER_CHECK_SECONDS = 1.0
"""How often a run waiting for a result checks that its workers are alive."""


class WorkerLost(ScannerError):
    """A worker process ended in the middle of a run (killed, out of memory): the run stops
    rather than wait for ever for work that will not come back.

    >>> str(WorkerLost(-9))
    'a worker process was killed by SIGKILL (out of memory?) in the middle of the run; try fewer --jobs'
    """

    exit_code = 4

    def __init__(self, exitcode: int) -> None:
        how = f"was killed by {signal.Signals(-exitcode).name}" if exitcode < 0 else f"exited with code {exitcode}"
        super().__init__(f"a worker process {how} (out of memory?) in the middle of the run; try fewer --jobs")


def result_of(pending: multiprocessing.pool.AsyncResult, workers: list[multiprocessing.Process]) -> T:
    """The result of a unit of work sent to the pool, or ``WorkerLost`` once one of its
    ``workers`` has ended (the pool would start another, but the unit it held, or the
    queue's lock, is lost with it)."""
    while True:
        try:
            return pending.get(WORKER_CHECK_SECONDS)
        except multiprocessing.TimeoutError:
            for worker in workers:
                if worker.exitcode is not None:
                    raise WorkerLost(worker.exitcode) from None


@contextmanager
def _worker_pool(
    jobs: int, initializer: Callable[[], None] | None = _init_worker,
) -> Iterator[tuple[multiprocessing.pool.Pool, list[multiprocessing.Process]]]:
    """``jobs`` forked workers and their processes: closed once the work is done
    (``close_pool``), stopped by ``stop_pool`` when the run ends otherwise."""
    others = set(multiprocessing.active_children())
    pool = multiprocessing.get_context("fork").Pool(jobs, initializer=initializer)
    try:
        yield pool, list(set(multiprocessing.active_children()) - others)
    except BaseException:
        stop_pool(pool, others)
        raise
    close_pool(pool, others)


def close_pool(pool: multiprocessing.pool.Pool, others: set, seconds: float = POOL_STOP_SECONDS) -> None:
    """Let the workers of a pool that has no work left end by themselves (``close``, then
    ``join``), given ``seconds``, else ``stop_pool``.

    ``terminate`` takes the lock of the input queue that an idle worker needs to read its
    stop sentinel: that worker then ends only on its SIGTERM, which it takes as a first
    signal (``scanner.cli.signals``), after its grace of two seconds: a pass that ended
    so took two seconds more, one time in three.

    >>> pool = multiprocessing.get_context("fork").Pool(2)
    >>> pool.apply_async(len, ("ab",)).get(), close_pool(pool, set()), multiprocessing.active_children()
    (2, None, [])
    """
    pool.close()
    joined = False
    try:
        joined = _within(pool.join, "vigie-pool-join", seconds)
    finally:  # a signal while waiting must not leave the workers behind
        if not joined:
            stop_pool(pool, others)


def _within(step: Callable[[], None], name: str, seconds: float) -> bool:
    """Whether ``step()``, run in a thread of its own (left behind if it hangs), ended within
    ``seconds``; a signal that interrupts the wait is raised (callers clean up in a
    ``finally``). An event tells, not ``Thread.is_alive``: Python 3.11 takes a thread whose
    ``join`` a signal interrupted for ended.

    >>> _within(lambda: None, "quick", 1.0)
    True
    """
    done = threading.Event()

    def run() -> None:
        step()
        done.set()

    threading.Thread(target=run, name=name, daemon=True).start()
    return done.wait(seconds)


def stop_pool(pool: multiprocessing.pool.Pool, others: set, seconds: float = POOL_STOP_SECONDS) -> None:
    """``pool.terminate()``, given ``seconds``: past them, every child process not in
    ``others`` (the pool's workers) is killed and the run goes on.

    ``terminate`` first takes the lock of the pool's input queue, which an idle worker holds
    while it waits for work: if that worker has ended holding it (the grace of
    ``scanner.cli.signals`` after a signal sent to the whole group, or a kill), ``terminate``
    waits for ever, so it runs in a thread of its own that is left behind.

    >>> pool = multiprocessing.get_context("fork").Pool(1)
    >>> stop_pool(pool, set()); multiprocessing.active_children()
    []
    """
    stopped = False
    try:
        stopped = _within(pool.terminate, "vigie-pool-stop", seconds)
    finally:  # a signal while waiting must not leave the workers behind
        if not stopped:
            for process in set(multiprocessing.active_children()) - others:
                process.kill()
                process.join()


def _prepared(detector: Detector, unit: list[Chunk]) -> tuple[list[Chunk], dict[tuple, PlanSpec]]:
    """The unit as it is sent to be analysed, and the plans of its columns, decided chunk
    by chunk. A CSV chunk whose columns all have plans goes as it is; any other chunk is
    read here, to decide the plans of the columns it shows first."""
    sent, plans = [], {}
    for chunk in unit:
        if isinstance(chunk, CsvChunk):
            known = detector.plans_of(chunk.table.source, None, chunk.table.header)
            if known is not None:
                plans.update(known)
                sent.append(chunk)
                continue
            chunk = chunk.items()
        plans.update(detector.prepare([r for r in chunk if not isinstance(r, ReadError)]))
        sent.append(chunk)
    return sent, plans
