"""SIGINT, SIGTERM and SIGHUP become an ``Interrupted`` exception in the main process, so
that every ``finally``/``except BaseException`` cleanup (temporary outputs) runs on the
way out; the CLI then exits 128 + the signal number with one line.

A forked worker (``--jobs``) must not die at once: dead while it holds a lock of the
pool's queues (an idle worker holds one while it waits for work) or halfway through
sending a result, it would leave the main process hanging in ``Pool.terminate`` (which
``scanner.parallel.stop_pool`` bounds, killing the workers, as a last resort). A signal
sent to the whole group (Ctrl-C, ``kill`` of the group) reaches the main process too,
which stops the pool: so a worker's first signal only makes the next SIGTERM (the pool's
``terminate``, sent once the queues are no longer used) end it at once, and the worker
ends by itself ``WORKER_GRACE`` seconds later anyway (a SIGTERM meant for it alone, or the
pool's arriving together with the first signal: the kernel then delivers them as one).
Handlers are never switched to SIG_DFL on the way: a signal already caught for a handler
that is gone makes Python raise "OSError: Signal 15 ignored due to race condition"."""

from __future__ import annotations

import os
import signal
import sys
import threading

HANDLED_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))
RESEND_AFTER = 0.05
"""Seconds after which a signal whose ``Interrupted`` Python ignored is sent again."""
WORKER_GRACE = 2.0
"""Seconds a worker lives after its first signal (for the main process to stop the pool)."""


class Interrupted(BaseException):
    """A signal stopped the run (a BaseException: no ``except Exception`` swallows it).

    >>> str(Interrupted(signal.SIGTERM)), Interrupted(signal.SIGTERM).exit_code
    ('SIGTERM', 143)
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.exit_code = 128 + signum


_main_pid = os.getpid()
_worker_signalled = False


def _stop(signum: int, frame) -> None:
    if os.getpid() != _main_pid:  # a forked worker: see the module docstring
        _in_worker(signum)
        return
    if isinstance(sys.exc_info()[1], Interrupted):  # already stopping: let the cleanup run
        return
    raise Interrupted(signum)


def _in_worker(signum: int) -> None:
    global _worker_signalled
    if _worker_signalled and signum == signal.SIGTERM:
        os._exit(128 + signum)
    if not _worker_signalled:
        _worker_signalled = True
        ending = threading.Timer(WORKER_GRACE, os._exit, (128 + signal.SIGTERM,))
        ending.daemon = True
        ending.start()


def _unraisable(unraisable) -> None:
    """Python ignores an exception raised in a ``__del__`` or a callback: an ``Interrupted``
    lost there is raised again (its signal is sent again from a thread, so that it is not
    handled inside this hook), anything else reported as usual."""
    if isinstance(unraisable.exc_value, Interrupted):
        resend = threading.Timer(RESEND_AFTER, os.kill, (os.getpid(), unraisable.exc_value.signum))
        resend.daemon = True
        resend.start()
    else:
        sys.__unraisablehook__(unraisable)


def _forked() -> None:
    """In a forked worker, the handled signals are blocked in the main thread (and so in the
    threads it starts later, native ones of numeric libraries included) and taken by one
    thread that applies ``_in_worker``. Else the kernel may hand a SIGTERM to a native
    thread: Python's handler then waits for the main thread, which, blocked on a pool lock,
    never runs it, and the pool's ``terminate`` waits for that worker for ever."""
    taken = {signum for signum in HANDLED_SIGNALS if signal.getsignal(signum) is _stop}  # not SIGHUP under nohup
    if taken:
        signal.pthread_sigmask(signal.SIG_BLOCK, taken)
        threading.Thread(target=_take_worker_signals, args=(taken,), name="vigie-worker-signals", daemon=True).start()


def _take_worker_signals(taken: set[int]) -> None:
    while True:
        _in_worker(signal.sigwait(taken))


_fork_hook_installed = False


def install_handlers() -> None:
    """Turn the handled signals into ``Interrupted``; a signal ignored when vigie starts
    (SIGHUP under nohup) stays ignored."""
    global _main_pid, _fork_hook_installed
    _main_pid = os.getpid()
    if not _fork_hook_installed:
        os.register_at_fork(after_in_child=_forked)
        _fork_hook_installed = True
    for signum in HANDLED_SIGNALS:
        if signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, _stop)
    sys.unraisablehook = _unraisable


def stopped() -> None:
    """The ``Interrupted`` has reached the top: further signals are ignored (by a handler
    that does nothing, not SIG_IGN: see the module docstring)."""
    for signum in HANDLED_SIGNALS:
        signal.signal(signum, _ignore)


def _ignore(signum: int, frame) -> None:
    """A signal that comes once vigie is stopping."""
