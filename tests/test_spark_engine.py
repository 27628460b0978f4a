"""``--engine spark`` gives the local engine's results: same findings, same report, clean redaction.

One small local Spark session for the whole test session (``local[2]``, 4 shuffle
partitions, no UI); Parquet inputs are split in several partitions on purpose
(``maxPartitionBytes``), so record ids must come from the row index, not the partition.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path

import pytest

from scanner.scan import ScanConfig, scan_paths

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
INPUTS = [
    FIXTURES / "tables" / "patients.parquet",
    FIXTURES / "tables" / "patients.csv",
    FIXTURES / "notes.jsonl",
]
HAS_PYSPARK = importlib.util.find_spec("pyspark") is not None and importlib.util.find_spec("pandas") is not None


@pytest.fixture(scope="session")
def spark():
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]").appName("vigie-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "2")
        .config("spark.driver.memory", "1g")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.files.maxPartitionBytes", "4096")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def both_engines(spark, analyzer, tmp_path_factory):
    """Local and Spark scans of the three fixtures, with their findings and records files."""
    from scanner.detect import Detector
    from scanner.spark.scan import scan_paths_spark

    out = tmp_path_factory.mktemp("engines")
    runs = {}
    for engine in ("local", "spark"):
        config = ScanConfig(findings_path=out / f"{engine}.findings.jsonl", records_path=out / f"{engine}.records.jsonl")
        if engine == "local":
            summary = scan_paths(INPUTS, config, detector=Detector(analyzer))
        else:
            summary = scan_paths_spark(INPUTS, config, spark=spark, analyzer=analyzer)
        runs[engine] = (summary, config)
    return runs


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _report(summary) -> dict:
    report = summary.to_report()
    report.pop("vigie_version", None)
    return report


@pytest.mark.parametrize("source", INPUTS, ids=lambda p: p.name)
@pytest.mark.spark
@pytest.mark.skipif(not HAS_PYSPARK, reason="pyspark is not installed: pip install -e '.[spark]'")
def test_spark_scan_findings_identical(both_engines, source):
    (_, local), (_, spark) = both_engines["local"], both_engines["spark"]
    mine = lambda path: sorted(line for line in _lines(path) if json.loads(line)["source"] == str(source))  # noqa: E731
    assert mine(local.findings_path), "the fixture has findings"
    assert mine(spark.findings_path) == mine(local.findings_path)


@pytest.mark.spark
@pytest.mark.skipif(not HAS_PYSPARK, reason="pyspark is not installed: pip install -e '.[spark]'")
def test_spark_scan_writes_findings_and_records_in_local_order(both_engines):
    (_, local), (_, spark) = both_engines["local"], both_engines["spark"]
    assert _lines(spark.findings_path) == _lines(local.findings_path)
    assert _lines(spark.records_path) == _lines(local.records_path)


@pytest.mark.spark
@pytest.mark.skipif(not HAS_PYSPARK, reason="pyspark is not installed: pip install -e '.[spark]'")
def test_spark_scan_report_identical(both_engines):
    local, spark = _report(both_engines["local"][0]), _report(both_engines["spark"][0])
    assert local["records"]["total"] == 380 and local["persons"]["distinct"] > 0
    for key in local:
        assert spark[key] == local[key], key
    assert spark == local


@pytest.mark.spark
@pytest.mark.skipif(not HAS_PYSPARK, reason="pyspark is not installed: pip install -e '.[spark]'")
def test_spark_scan_reports_unreadable_parts_as_local(spark, analyzer):
    """Unreadable rows travel with their unit's partial summary: same errors, same order."""
    from scanner.detect import Detector
    from scanner.spark.scan import scan_paths_spark

    sources = [FIXTURES / "tables" / "malformed" / "wrong_columns.csv", FIXTURES / "tables" / "patients.csv"]
    local = scan_paths(sources, detector=Detector(analyzer))
    seen = []
    summary = scan_paths_spark(sources, spark=spark, analyzer=analyzer, on_error=seen.append)
    assert local.errors and summary.errors == local.errors == seen
    assert _report(summary) == _report(local)


@pytest.mark.parametrize("row_group_size", [6_000, 1_000], ids=["one row group", "six row groups"])
@pytest.mark.spark
@pytest.mark.skipif(not HAS_PYSPARK, reason="pyspark is not installed: pip install -e '.[spark]'")
def test_spark_scan_parquet_plans_a_column_from_the_chunk_it_first_appears_in(spark, analyzer, tmp_path, row_group_size):
    """A column NULL in its first 4,500 rows gets its plan from a later unit: the Spark
    engine finds that chunk and plans it as locally; the file is split over the cores."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    from faker import Faker

    from scanner.detect import Detector
    from scanner.spark.scan import scan_paths_spark

    fake = Faker("fr_FR")
    Faker.seed(4500)
    rows = 6_000
    source = tmp_path / "late.parquet"
    pq.write_table(pa.table({
        "nom": [fake.last_name() for _ in range(rows)],
        "telephone": [None if i < 4_500 else fake.phone_number() for i in range(rows)],
        "naissance": [fake.date_of_birth().isoformat() for _ in range(rows)],
    }), source, row_group_size=row_group_size)
    configs = {engine: ScanConfig(findings_path=tmp_path / f"{engine}.jsonl") for engine in ("local", "spark")}
    local = scan_paths([source], configs["local"], detector=Detector(analyzer))
    summary = scan_paths_spark([source], configs["spark"], spark=spark, analyzer=analyzer)
    assert local.entities["PHONE_NUMBER"] >= 1_000
    assert _report(summary) == _report(local)
    assert _lines(configs["spark"].findings_path) == _lines(configs["local"].findings_path)


@pytest.mark.spark
@pytest.mark.skipif(not HAS_PYSPARK, reason="pyspark is not installed: pip install -e '.[spark]'")
def test_spark_redact_parquet_is_clean_and_matches_local(spark, analyzer, tmp_path):
    import pyarrow.parquet as pq

    from scanner.redact.pipeline import redact_path
    from scanner.redact.policy import RedactionPolicy
    from scanner.spark.redact import redact_path_spark

    policy = RedactionPolicy(key=b"k" * 32)
    source = FIXTURES / "tables" / "patients.parquet"
    output = tmp_path / "redacted.parquet"
    summary = redact_path_spark(source, output, policy, verify=True, spark=spark, analyzer=analyzer)
    assert summary.output == output and output.is_file()  # one file, as the local engine writes
    assert summary.verified and not summary.verify_failed, summary.residuals[:5]
    assert summary.records_read == 40 and summary.records_dropped == 0 and summary.replacements["FR_NIR"] == 40

    local = redact_path(source, tmp_path / "local.parquet", policy)
    assert summary.replacements == local.replacements and summary.records_redacted == local.records_redacted
    redacted = pq.read_table(output)
    assert redacted.schema.equals(pq.read_table(source).schema)
    assert redacted.to_pylist() == pq.read_table(tmp_path / "local.parquet").to_pylist()
    original_nirs = set(pq.read_table(source).column("nir").to_pylist())
    assert not original_nirs & set(redacted.column("nir").to_pylist())


def test_spark_redact_parquet_renames_a_column_named_after_a_nir(spark, analyzer, tmp_path):
    """A NIR used as a column name is redacted as the local engine does (issue 16)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from scanner.redact.pipeline import redact_path
    from scanner.redact.policy import RedactionPolicy
    from scanner.spark.redact import redact_path_spark

    nir = "185057800608491"
    source = tmp_path / "wide.parquet"
    pq.write_table(pa.table({"id": ["1", "2"], f"note_{nir}": ["RAS", "RAS"]}), source)
    policy = RedactionPolicy(key=b"k" * 32)
    summary = redact_path_spark(source, tmp_path / "spark.parquet", policy, verify=True, spark=spark, analyzer=analyzer)
    assert summary.output is not None and not summary.verify_failed
    local = redact_path(source, tmp_path / "local.parquet", policy)
    assert local.output is not None
    names = pq.read_table(tmp_path / "spark.parquet").column_names
    assert names == pq.read_table(tmp_path / "local.parquet").column_names
    assert names[0] == "id" and nir not in names[1]


@pytest.mark.parametrize("name", ["patients.csv", "patients_cp1252.csv"])
@pytest.mark.spark
@pytest.mark.skipif(not HAS_PYSPARK, reason="pyspark is not installed: pip install -e '.[spark]'")
def test_spark_redact_csv_is_byte_identical_to_local_and_clean(spark, analyzer, tmp_path, name):
    from scanner.detect import Detector
    from scanner.redact.pipeline import redact_path
    from scanner.redact.policy import RedactionPolicy
    from scanner.spark.redact import redact_path_spark

    policy = RedactionPolicy(key=b"k" * 32)
    source = FIXTURES / "tables" / name
    local = redact_path(source, tmp_path / "local.csv", policy, detector=Detector(analyzer))
    output = tmp_path / "spark.csv"
    summary = redact_path_spark(source, output, policy, verify=True, spark=spark, analyzer=analyzer)
    assert summary.output == output and output.is_file()
    assert output.read_bytes() == (tmp_path / "local.csv").read_bytes()
    assert summary.verified and not summary.verify_failed, (summary.residuals[:5], summary.verify_errors[:5])
    assert summary.records_read == local.records_read > 0 and summary.records_dropped == local.records_dropped == 0
    assert summary.replacements == local.replacements and summary.replacements["FR_NIR"] > 0
    assert summary.findings == local.findings and summary.records_redacted == local.records_redacted
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


@pytest.mark.parametrize(
    "key_hex",
    ["a01ca0be2f174eb61ecfd2fcad6dd2fcf5892a4e4cb9f0b3079f992bec190b73",
     "fbf81ee35e5a72fef23e32bf5004c85063ce85f8ff35cdc67cee038bddda21a5"],
)
@pytest.mark.spark
@pytest.mark.skipif(not HAS_PYSPARK, reason="pyspark is not installed: pip install -e '.[spark]'")
def test_spark_redact_verify_agrees_with_local_on_keys_that_broke_ci(spark, analyzer, tmp_path, key_hex):
    """With these keys "M. O'Brien" gets a pseudonym such as "M. E'Denis", whose last part
    is a real name elsewhere in the file: the local pipeline once reported it as a leak (CI
    failed). Both engines keep the pipeline's ``Digests`` and give the same verdict (issue
    19)."""
    from scanner.detect import Detector
    from scanner.redact.pipeline import redact_path
    from scanner.redact.policy import RedactionPolicy
    from scanner.spark.redact import redact_path_spark

    policy = RedactionPolicy(key=bytes.fromhex(key_hex))
    source = FIXTURES / "tables" / "patients_cp1252.csv"
    local = redact_path(source, tmp_path / "local.csv", policy, verify=True, detector=Detector(analyzer))
    summary = redact_path_spark(source, tmp_path / "spark.csv", policy, verify=True, spark=spark, analyzer=analyzer)
    assert (summary.verify_failed, summary.residuals) == (local.verify_failed, local.residuals) == (False, [])
    assert (tmp_path / "spark.csv").read_bytes() == (tmp_path / "local.csv").read_bytes()


def _nir(sex: int, birth: str, department: str, rng) -> str:
    """A valid NIR (computed key, 2A/2B read as 19/18) of someone born on ``birth`` (YYYY-MM-DD)."""
    body = f"{sex}{birth[2:4]}{birth[5:7]}{department}{rng.randint(1, 999):03d}{rng.randint(1, 999):03d}"
    return body + f"{97 - int(body.replace('2A', '19').replace('2B', '18')) % 97:02d}"


def _generated_rows(case: str, rows: int = 60, seed: int = 19) -> list[dict[str, str]]:
    """Synthetic stays (Faker fr_FR) where what one row teaches matters to others: the same
    persons again and again (``repeated_persons``), a NIR given its birth date in a later
    row only (``nir_birth_in_other_row``), the patients' names in the notes of other rows
    (``names_in_notes``)."""
    import random

    from faker import Faker

    fake, rng = Faker("fr_FR"), random.Random(seed)
    fake.seed_instance(seed)
    persons = []
    for _ in range(8):
        sex = rng.choice((1, 2))
        first = fake.first_name_male() if sex == 1 else fake.first_name_female()
        birth = fake.date_of_birth(minimum_age=20, maximum_age=90).isoformat()
        persons.append({"prenom": first, "nom": fake.last_name().upper(), "birth": birth,
                        "nir": _nir(sex, birth, rng.choice(("75", "69", "2A", "13")), rng),
                        "telephone": fake.phone_number()})
    out = []
    for i in range(rows):
        who = persons[rng.randrange(len(persons))]
        other = persons[rng.randrange(len(persons))]
        row = {"id": str(i + 1), "nom": who["nom"], "prenom": who["prenom"], "nir": who["nir"],
               "date_naissance": who["birth"], "telephone": who["telephone"],
               "note": rng.choice(("RAS.", "Patient revu en consultation.", "Bilan sanguin normal."))}
        if case == "nir_birth_in_other_row" and i < rows // 2:  # the birth date comes later
            row["date_naissance"] = ""
        if case == "names_in_notes":
            row["note"] = f"rappel demandé par {other['prenom'].lower()} {other['nom'].lower()} hier soir"
        out.append(row)
    return out


@pytest.mark.parametrize("case, format", [
    ("repeated_persons", "csv"),
    ("nir_birth_in_other_row", "csv"),
    ("nir_birth_in_other_row", "parquet"),
    ("names_in_notes", "parquet"),
])
@pytest.mark.spark
@pytest.mark.skipif(not HAS_PYSPARK, reason="pyspark is not installed: pip install -e '.[spark]'")
def test_spark_redaction_equals_local_where_rows_teach_each_other(spark, analyzer, tmp_path, case, format):
    """Spark runs the local redaction core, first pass included (issue 19): the same file
    (CSV bytes; Parquet schema and cells) and the same --verify verdict as the local engine,
    though the NIR of a row is consistent only through another row's birth date."""
    import csv

    import pyarrow as pa
    import pyarrow.parquet as pq

    from scanner.detect import Detector
    from scanner.redact.pipeline import redact_path
    from scanner.redact.policy import RedactionPolicy
    from scanner.spark.redact import redact_path_spark

    rows = _generated_rows(case)
    source = tmp_path / f"sejours.{format}"
    if format == "csv":
        with source.open("w", encoding="utf-8", newline="") as fp:
            writer = csv.DictWriter(fp, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    else:
        pq.write_table(pa.Table.from_pylist(rows), source)
    policy = RedactionPolicy(key=bytes.fromhex("fbf81ee35e5a72fef23e32bf5004c85063ce85f8ff35cdc67cee038bddda21a5"))
    local_out, spark_out = tmp_path / f"local.{format}", tmp_path / f"spark.{format}"
    local = redact_path(source, local_out, policy, verify=True, detector=Detector(analyzer))
    summary = redact_path_spark(source, spark_out, policy, verify=True, spark=spark, analyzer=analyzer)
    if format == "csv":
        assert spark_out.read_bytes() == local_out.read_bytes()
    else:
        assert pq.read_table(spark_out).schema.equals(pq.read_table(local_out).schema)
        assert pq.read_table(spark_out).to_pylist() == pq.read_table(local_out).to_pylist()
    assert (summary.verify_failed, summary.residuals) == (local.verify_failed, local.residuals)
    assert (summary.findings, summary.replacements, summary.records_redacted) == (
        local.findings, local.replacements, local.records_redacted)
    if case == "nir_birth_in_other_row":  # one NIR, one surrogate, with or without its birth date
        if format == "csv":
            with spark_out.open(encoding="utf-8", newline="") as fp:
                written = list(csv.DictReader(fp))
        else:
            written = pq.read_table(spark_out).to_pylist()
        surrogates: dict[str, set[str]] = {}
        for before, after in zip(rows, written):
            surrogates.setdefault(before["nir"], set()).add(after["nir"])
        assert all(len(found) == 1 for found in surrogates.values()), surrogates


@pytest.mark.spark
@pytest.mark.skipif(not HAS_PYSPARK, reason="pyspark is not installed: pip install -e '.[spark]'")
@pytest.mark.parametrize("name", ["wrong_columns.csv", "bad_byte.csv"])
def test_spark_redact_csv_drops_unreadable_rows_as_local(spark, analyzer, tmp_path_factory, name):
    from scanner.detect import Detector
    from scanner.redact.pipeline import RedactAborted, redact_path
    from scanner.redact.policy import RedactionPolicy
    from scanner.spark.redact import redact_path_spark

    policy = RedactionPolicy(key=b"k" * 32)
    source = FIXTURES / "tables" / "malformed" / name
    if name == "bad_byte.csv":  # UTF-8 with one undecodable line: the reader keeps the row, the writer drops it
        source = tmp_path_factory.mktemp("input") / name
        rows = [f"{i},Hélène DUPONT,1{i:02d} rue de la Paix 75002 Paris".encode() for i in range(1, 9)]
        rows[3] = b"4,Ren\xe9 MARTIN,4 rue Victor Hugo 69002 Lyon"
        source.write_bytes(b"id,nom,adresse\r\n" + b"\r\n".join(rows) + b"\r\n")
    encoding = "utf-8" if name == "bad_byte.csv" else None
    tmp_path = tmp_path_factory.mktemp("out")
    local = redact_path(source, tmp_path / "local.csv", policy, encoding=encoding, detector=Detector(analyzer))
    seen = []
    summary = redact_path_spark(source, tmp_path / "spark.csv", policy, encoding=encoding, spark=spark, analyzer=analyzer, on_error=seen.append)
    assert local.errors and summary.errors == local.errors == seen
    assert summary.records_dropped == local.records_dropped and summary.records_read == local.records_read
    assert (tmp_path / "spark.csv").read_bytes() == (tmp_path / "local.csv").read_bytes()
    with pytest.raises(RedactAborted):
        redact_path_spark(source, tmp_path / "strict.csv", policy, encoding=encoding, strict=True, spark=spark, analyzer=analyzer)
    assert not (tmp_path / "strict.csv").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["local.csv", "spark.csv"]
    # --force replaces an existing output, and only with it
    from scanner.errors import UsageError

    with pytest.raises(UsageError):
        redact_path_spark(source, tmp_path / "spark.csv", policy, encoding=encoding, spark=spark, analyzer=analyzer)
    again = redact_path_spark(source, tmp_path / "spark.csv", policy, encoding=encoding, force=True, spark=spark, analyzer=analyzer)
    assert again.output == tmp_path / "spark.csv"
    assert (tmp_path / "spark.csv").read_bytes() == (tmp_path / "local.csv").read_bytes()


@pytest.mark.spark
@pytest.mark.skipif(not HAS_PYSPARK, reason="pyspark is not installed: pip install -e '.[spark]'")
@pytest.mark.parametrize("options", [
    [],
    ["--generalize", "date_naissance=year,cp=department"],
    ["--date-shift-keep", "weekday", "--operator", "PHONE_NUMBER=mask"],
], ids=["defaults", "generalize", "weekday-mask"])
def test_cli_redact_csv_engine_spark_verify(spark, analyzer, cli_runner, cli_app, tmp_path, options):
    key = tmp_path / "vigie.key"
    assert cli_runner.invoke(cli_app, ["keygen", str(key)]).exit_code == 0
    source = str(FIXTURES / "tables" / "patients_cp1252.csv")
    common = ["--key-file", str(key), "--verify", *options]
    local = cli_runner.invoke(cli_app, ["redact", source, "-o", str(tmp_path / "local.csv"), *common])
    assert local.exit_code == 0, local.output
    result = cli_runner.invoke(cli_app, ["redact", source, "-o", str(tmp_path / "spark.csv"), *common, "--engine", "spark"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "spark.csv").read_bytes() == (tmp_path / "local.csv").read_bytes()
    assert (tmp_path / "spark.csv").read_bytes() != Path(source).read_bytes()


def test_cli_engine_spark_without_pyspark_exits_2(cli_runner, cli_app, monkeypatch):
    import scanner.spark.session as session

    def missing():
        raise session.SparkUnavailable(session.INSTALL_HINT)

    monkeypatch.setattr(session, "import_pyspark", missing)
    result = cli_runner.invoke(cli_app, ["scan", str(INPUTS[2]), "--engine", "spark", "-q"])
    assert result.exit_code == 2
    assert "needs pyspark" in result.output and "pip install" in result.output
    assert "install vigie[spark]" in session.INSTALL_HINT  # (Rich markup in print_error eats "[spark]")


def test_spark_conf_must_be_key_value(cli_runner, cli_app):
    result = cli_runner.invoke(cli_app, ["scan", str(INPUTS[2]), "--engine", "spark", "--spark-conf", "oops", "-q"])
    assert result.exit_code == 2
    assert "KEY=VALUE" in result.output
