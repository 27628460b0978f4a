"""Parallel detection: chunks of records analysed by worker processes, results in input order.

The parent process reads, decides how each column is checked (``Detector.prepare``, so
that the decision never depends on which worker saw a column first) and hands chunks to
``jobs`` forked workers, which inherit the already-built analyzer engine (no second model
load). At most ``2 * jobs`` chunks are in flight: memory stays bounded on any input.
Results come back in input order, so the output is the same whatever ``jobs`` is.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator

from scanner.detect import Detector, PlanSpec
from scanner.models import Finding, ReadError, Record

Chunk = list  # of Record | ReadError

_parent_detector: Detector | None = None
_worker_detector: Detector | None = None


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _init_worker() -> None:
    global _worker_detector
    _worker_detector = Detector(_parent_detector.analyzer)


def _detect(records: list[Record], plans: dict[tuple, PlanSpec]) -> list[list[Finding]]:
    _worker_detector.install(plans)
    return _worker_detector.detect_batch(records)


def detect_chunks(
    detector: Detector, chunks: Iterable[Chunk], jobs: int = 1
) -> Iterator[tuple[Chunk, list[list[Finding]]]]:
    """Each chunk with the findings of its records (ReadErrors skipped), in input order."""
    if jobs <= 1:
        for chunk in chunks:
            yield chunk, detector.detect_batch([r for r in chunk if not isinstance(r, ReadError)])
        return
    global _parent_detector
    _parent_detector = detector
    context = multiprocessing.get_context("fork")
    with context.Pool(jobs, initializer=_init_worker) as pool:
        pending: deque = deque()
        for chunk in chunks:
            records = [r for r in chunk if not isinstance(r, ReadError)]
            pending.append((chunk, pool.apply_async(_detect, (records, detector.prepare(records)))))
            if len(pending) >= 2 * jobs:
                done, result = pending.popleft()
                yield done, result.get()
        while pending:
            done, result = pending.popleft()
            yield done, result.get()
