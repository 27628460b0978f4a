"""scanner.cli.signals, in a fresh interpreter (handlers are process-wide)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.hostile.harness import REPO

PROGRAM = """
import os, signal, threading, time
from scanner.cli.signals import Interrupted, install_handlers

class SlowToDelete:
    def __del__(self):
        started = time.time()
        while time.time() - started < 0.6:
            pass

install_handlers()
threading.Timer(0.2, os.kill, (os.getpid(), signal.{name})).start()
try:
    {where}
    time.sleep(5)
    print("not interrupted")
except Interrupted as stop:
    print("interrupted", stop, stop.exit_code)
"""


@pytest.mark.parametrize("name, where, code", [
    ("SIGTERM", "time.sleep(1)", 143),
    ("SIGHUP", "time.sleep(1)", 129),
    ("SIGINT", "sum(i * i for i in range(10**8))", 130),
    ("SIGTERM", "item = SlowToDelete(); del item", 143),  # Python ignores an exception raised in __del__
], ids=["SIGTERM-sleeping", "SIGHUP-sleeping", "SIGINT-computing", "SIGTERM-inside-__del__"])
def test_signal_becomes_interrupted(name, where, code):
    result = subprocess.run([sys.executable, "-c", PROGRAM.format(name=name, where=where)],
                            cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == f"interrupted {name} {code}", result.stderr
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
