"""``--engine spark``: the local engine's scan and redaction, run by Spark.

Only what is Spark's lives here: sessions and the Java check (``session``), reading inputs
through Spark and deciding column plans on the driver (``inputs``), inputs as units of
records made by the executors, straight from Arrow for Parquet (``units``), the scan job
(``scan``: each task runs the local worker's ``ChunkScan`` on a unit of records, the driver
merges the partial summaries) and the redaction job (``redact``). pyspark is imported only when a job
runs: importing this package needs neither pyspark nor Java.
"""

from scanner.spark.session import (
    INSTALL_HINT, Engine, SparkOptions, SparkUnavailable, find_java, get_spark, import_pyspark, require_spark,
)

__all__ = [
    "INSTALL_HINT", "Engine", "SparkOptions", "SparkUnavailable", "find_java", "get_spark", "import_pyspark",
    "require_spark",
]
