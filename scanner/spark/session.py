"""Spark sessions for ``--engine spark``: pyspark and Java checks, options, the session.

pyspark is imported lazily, only in ``scanner.spark``: vigie works without it, and
``--engine spark`` then stops with exit code 2 and "install vigie[spark]".
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from scanner.errors import UsageError

INSTALL_HINT = "the Spark engine needs pyspark: install vigie[spark] (pip install 'vigie[spark]')"
JAVA_HINT = (
    "the Spark engine needs a Java runtime (17 or later): none at {where}; install one "
    "(e.g. apt-get install default-jre-headless) or set JAVA_HOME"
)


class Engine(str, Enum):
    """Where detection runs."""

    local = "local"
    spark = "spark"


class SparkUnavailable(UsageError):
    """``--engine spark`` without pyspark or without Java (exit code 2)."""


@dataclass(frozen=True)
class SparkOptions:
    """``--spark-master`` and the ``--spark-conf KEY=VALUE`` pairs."""

    master: str = "local[*]"
    conf: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_cli(cls, master: str | None, conf: Iterable[str] | None) -> SparkOptions:
        """Parse the CLI options; a pair without ``=`` is a usage error.

        >>> SparkOptions.from_cli(None, ["spark.sql.shuffle.partitions=4"])
        SparkOptions(master='local[*]', conf=(('spark.sql.shuffle.partitions', '4'),))
        >>> SparkOptions.from_cli("local[2]", ["oops"])
        Traceback (most recent call last):
        scanner.errors.UsageError: --spark-conf 'oops': expected KEY=VALUE
        """
        pairs = []
        for item in conf or ():
            key, sep, value = item.partition("=")
            if not sep or not key.strip():
                raise UsageError(f"--spark-conf {item!r}: expected KEY=VALUE")
            pairs.append((key.strip(), value))
        return cls(master or "local[*]", tuple(pairs))


DEFAULT_CONF = {
    "spark.sql.session.timeZone": "UTC",  # Parquet timestamps render as the local reader's
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
}


def import_pyspark():
    """pyspark's SparkSession class; SparkUnavailable (exit code 2) without pyspark."""
    try:
        import pyspark  # noqa: F401
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkUnavailable(INSTALL_HINT) from None
    return SparkSession


def find_java() -> str:
    """The ``java`` Spark's launcher runs: ``$JAVA_HOME/bin/java`` when JAVA_HOME is set,
    else the one on PATH; SparkUnavailable when there is none."""
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        java = os.path.join(java_home, "bin", "java")
        if os.path.isfile(java) and os.access(java, os.X_OK):
            return java
        raise SparkUnavailable(JAVA_HINT.format(where=f"$JAVA_HOME/bin/java ({java})"))
    java = shutil.which("java")
    if java is None:
        raise SparkUnavailable(JAVA_HINT.format(where="JAVA_HOME (not set) or on PATH"))
    return java


def require_spark() -> None:
    """Stop with SparkUnavailable (exit code 2) unless pyspark and Java are there: checked
    before any work, since without them Spark fails only once its session starts."""
    import_pyspark()
    find_java()


def get_spark(options: SparkOptions = SparkOptions()):
    """A SparkSession for ``options`` (an existing active session is reused as it is)."""
    SparkSession = import_pyspark()
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    find_java()
    if options.master.startswith("local"):
        # local workers must run this interpreter (the one that has vigie installed)
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.master(options.master).appName("vigie")
    given = dict(options.conf)
    for key, value in {**DEFAULT_CONF, **given}.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()

