"""`--engine spark` without Java or without pyspark: one line and exit 2, before any work."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NOTE = "Mme Camille ROUX, NIR 2 95 10 99 126 111 93, suivie pour un diabète.\n"


def no_java_on_path(tmp: Path) -> dict:
    return {"PATH": str(tmp / "empty-bin")}


def java_home_without_java(tmp: Path) -> dict:
    (tmp / "jdk" / "bin").mkdir(parents=True)
    return {"JAVA_HOME": str(tmp / "jdk")}


def no_pyspark(tmp: Path) -> dict:
    stub = tmp / "stub" / "pyspark"
    stub.mkdir(parents=True)
    (stub / "__init__.py").write_text("raise ImportError('No module named pyspark')\n")
    return {"PYTHONPATH": f"{stub.parent}{os.pathsep}{REPO}"}


@pytest.mark.parametrize(("setup", "message"), [
    (no_java_on_path, "the Spark engine needs a Java runtime (17 or later): none at JAVA_HOME (not set) or on PATH"),
    (java_home_without_java, "the Spark engine needs a Java runtime (17 or later): none at $JAVA_HOME/bin/java ("),
    (no_pyspark, "the Spark engine needs pyspark: install vigie[spark]"),
], ids=["no-java", "bad-java-home", "no-pyspark"])
@pytest.mark.parametrize("command", [
    ["scan", "{note}", "--engine", "spark", "--report", "{out}"],
    ["redact", "{note}", "--engine", "spark", "--output", "{out}"],
], ids=["scan", "redact"])
def test_spark_requirements_checked_up_front(tmp_path, setup, message, command):
    note = tmp_path / "note.txt"
    note.write_text(NOTE, encoding="utf-8")
    out = tmp_path / "out"
    env = {key: value for key, value in os.environ.items() if key != "JAVA_HOME"}
    env.update(setup(tmp_path))
    args = [arg.format(note=note, out=out) for arg in command]

    run = subprocess.run([sys.executable, "-m", "scanner", *args], cwd=REPO, env=env,
                         capture_output=True, text=True, timeout=120)

    assert run.returncode == 2, run.stderr
    assert run.stderr.startswith(f"vigie: {message}") and len(run.stderr.splitlines()) == 1, run.stderr
    assert not out.exists() and run.stdout == ""
