"""``scanner.spark.redact.matched_findings``: each record the driver's writer reads gets the findings
Spark computed for that very record, or the run stops with nothing written (no record is
written from findings of another reading). Pure Python: no Spark needed."""

import pickle

import pytest

from scanner.errors import ScannerError
from scanner.models import Record
from scanner.spark.redact import matched_findings, record_check


def _record(line, record_id, text):
    return Record("patients.csv", None, record_id, {"nom": text}, line)


def _spark_rows(records, found=lambda record: [record.fields["nom"]]):
    """What Spark sends back for ``records``: one chunk, entries (line, id, check, findings)."""
    entries = [(record.line or 0, record.record, record_check(record), found(record)) for record in records]
    return iter([{"detected": pickle.dumps((entries, {"surrogate": "x"}))}])


DRIVER = [_record(2, "1", "Martin"), _record(3, "2", "Durand"), _record(4, "3", "Petit")]


@pytest.mark.parametrize("spark_reads, driver_reads, error", [
    (DRIVER, DRIVER, None),
    (DRIVER, [DRIVER[0], DRIVER[2]], None),  # a line the driver's writer drops: skipped
    (DRIVER[:2], DRIVER, "no Spark result"),  # Spark lost the last record
    ([DRIVER[0], DRIVER[2]], DRIVER, "no Spark result"),  # Spark skipped a line the driver reads
    ([DRIVER[0], _record(3, "2", "Dupont"), DRIVER[2]], DRIVER, "read it differently"),  # a field differs
    ([DRIVER[0], _record(3, "9", "Durand"), DRIVER[2]], DRIVER, "read it differently"),  # the id differs
    ([_record(None, "a", "Roux"), _record(None, "b", "Blanc")],  # Parquet (no lines): an extra leading row
     [_record(None, "b", "Blanc")], "read it differently"),
], ids=["same", "driver-drops-a-line", "spark-lost-last", "spark-skipped-a-line", "field-differs", "id-differs",
        "parquet-extra-row"])
def test_records_get_their_own_findings_or_the_run_stops(spark_reads, driver_reads, error):
    units = iter([[driver_reads]])
    if error is None:
        ((errors, (results, surrogates, learnt)),) = list(matched_findings(units, _spark_rows(spark_reads)))
        assert errors == [] and results == [[record.fields["nom"]] for record in driver_reads]
        assert surrogates == {"surrogate": "x"} and learnt is None
    else:
        with pytest.raises(ScannerError, match=error) as stopped:
            list(matched_findings(units, _spark_rows(spark_reads)))
        assert "nothing written" in str(stopped.value)
        for record in spark_reads + driver_reads:  # the message names no value
            assert record.fields["nom"] not in str(stopped.value)
