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
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from scanner.detect import Detector, PlanSpec
from scanner.models import ReadError, Record

Chunk = list  # of Record | ReadError
T = TypeVar("T")
Work = Callable[[Detector, list[Record]], T]
"""What is done to the records of a chunk, given a detector; its result must pickle."""

_parent: tuple[Detector, Work] | None = None
_worker: tuple[Detector, Work] | None = None


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of ``size`` items (the last one shorter), read as they come.

    >>> list(chunked(range(5), 2))
    [[0, 1], [2, 3], [4]]
    """
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


YOUNG_OBJECTS = 100_000
"""Allocations between two runs of the cyclic garbage collector during bulk work."""


_bulk_jobs: list[tuple[int, int, int]] = []
"""The thresholds before the first bulk job still running, once per running job."""


@contextmanager
def bulk_gc(young: int = YOUNG_OBJECTS) -> Iterator[None]:
    """Run the cyclic garbage collector less often for the time of a bulk job.

    A chunk makes hundreds of thousands of short-lived objects (cells, hits, findings),
    freed by reference counting; with Python's default threshold (700) the collector ran
    600 times per 20,000 rows and took about 12% of a scan. Every 100,000 allocations it
    takes about 2%. The thresholds are put back when the last of the running bulk jobs
    ends, whatever order they end in; forked workers inherit them. A threshold of 0
    (automatic collection off) is left alone.

    >>> before = gc.get_threshold()
    >>> with bulk_gc():
    ...     gc.get_threshold()[0] == max(100_000, before[0]) or before[0] == 0
    True
    >>> gc.get_threshold() == before
    True
    """
    before = gc.get_threshold()
    _bulk_jobs.append(_bulk_jobs[0] if _bulk_jobs else before)
    if before[0]:
        gc.set_threshold(max(young, before[0]), *before[1:])
    try:
        yield
    finally:
        original = _bulk_jobs.pop()
        if not _bulk_jobs:
            gc.set_threshold(*original)


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


def _run(records: list[Record], plans: dict[tuple, PlanSpec]):
    detector, work = _worker
    detector.install(plans)
    return work(detector, records)


def run_chunks(
    detector: Detector, units: Iterable[list[Chunk]], work: Work, jobs: int = 1
) -> Iterator[tuple[Chunk, T]]:
    """Each unit of consecutive chunks, joined, with ``work(detector, its records)`` (ReadErrors
    left out), in input order.

    Column plans are decided chunk by chunk (a new column from the chunk it first appears
    in), so grouping chunks into larger units of work changes nothing in the results; it
    only gives spaCy bigger batches of notes. An input of a single unit is analysed in
    this process (starting workers would cost more than they save).

    >>> units = [[[Record("a.txt", None, "1", {"text": "RAS"})], [ReadError("a.txt", 2, "bad")]]]
    >>> [(len(items), len(result)) for items, result in run_chunks(Detector(), units, lambda d, records: records)]
    [(2, 1)]
    """
    with bulk_gc():
        yield from _run_chunks(detector, units, work, jobs)


def _run_chunks(detector: Detector, units: Iterable[list[Chunk]], work: Work, jobs: int) -> Iterator[tuple[Chunk, T]]:
    units = iter(units)
    ahead = list(itertools.islice(units, 2))
    if jobs <= 1 or len(ahead) < 2:  # one unit of work: no processes to start
        for unit in itertools.chain(ahead, units):
            records = _prepared(detector, unit)[0]
            yield [item for chunk in unit for item in chunk], work(detector, records)
        return
    units = itertools.chain(ahead, units)
    global _parent
    _parent = (detector, work)
    context = multiprocessing.get_context("fork")
    with context.Pool(jobs, initializer=_init_worker) as pool:
        pending: deque = deque()
        for unit in units:
            items = [item for chunk in unit for item in chunk]
            pending.append((items, pool.apply_async(_run, _prepared(detector, unit))))
            if len(pending) >= 2 * jobs:
                done, result = pending.popleft()
                yield done, result.get()
        while pending:
            done, result = pending.popleft()
            yield done, result.get()


def _prepared(detector: Detector, unit: list[Chunk]) -> tuple[list[Record], dict[tuple, PlanSpec]]:
    """The unit's records and the plans of their columns, decided chunk by chunk."""
    records, plans = [], {}
    for chunk in unit:
        chunk_records = [r for r in chunk if not isinstance(r, ReadError)]
        plans.update(detector.prepare(chunk_records))
        records.extend(chunk_records)
    return records, plans
