"""SIGINT, SIGTERM and SIGHUP become an ``Interrupted`` exception in the main process, so
that every ``finally``/``except BaseException`` cleanup (temporary outputs) runs on the
way out; the CLI then exits 128 + the signal number with one line."""

from __future__ import annotations

import os
import signal
import sys
import threading

HANDLED_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))
RESEND_AFTER = 1.0
"""Seconds after which a signal is raised again if the run has not stopped (an exception
raised in a ``__del__`` or a callback is ignored by Python)."""


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
_resend: threading.Timer | None = None


def _stop(signum: int, frame) -> None:
    global _resend
    if os.getpid() != _main_pid:  # a forked worker: die as the signal says, silently
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    if isinstance(sys.exc_info()[1], Interrupted):  # already stopping: let the cleanup run
        return
    if _resend is not None:
        _resend.cancel()
    _resend = threading.Timer(RESEND_AFTER, os.kill, (os.getpid(), signum))
    _resend.daemon = True
    _resend.start()
    raise Interrupted(signum)


def _unraisable(unraisable) -> None:
    """Python ignores an exception raised in a ``__del__`` or a callback: an ``Interrupted``
    is then dropped silently (the signal is sent again), anything else reported as usual."""
    if not isinstance(unraisable.exc_value, Interrupted):
        sys.__unraisablehook__(unraisable)


def install_handlers() -> None:
    """Turn the handled signals into ``Interrupted``; a signal ignored when vigie starts
    (SIGHUP under nohup) stays ignored."""
    global _main_pid
    _main_pid = os.getpid()
    for signum in HANDLED_SIGNALS:
        if signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, _stop)
    sys.unraisablehook = _unraisable


def stopped() -> None:
    """The ``Interrupted`` has reached the top: ignore further signals, stop resending."""
    for signum in HANDLED_SIGNALS:
        signal.signal(signum, signal.SIG_IGN)
    if _resend is not None:
        _resend.cancel()
