"""SQLite SQL scripts are read and redacted as SQLite: the copy runs in sqlite3 like the original.

Before, a script with ``[bracket]`` names was read with MySQL rules: every ``CREATE TABLE``
and ``INSERT`` was skipped as unreadable, and a quote in a surrogate was escaped ``\\'``,
which SQLite does not read. Both scripts are run in an in-memory sqlite3 database and
every table's row count is compared.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from scanner.readers import Format, detect_format, read_records
from scanner.models import ReadError
from scanner.redact.pipeline import redact_path
from scanner.redact.policy import RedactionPolicy

KEY = b"sqlite-script-test-key-0123456789abcdef"
REALDATA = Path(__file__).resolve().parents[3] / "shared" / "realdata"
if not REALDATA.exists():
    REALDATA = Path("/work/shared/realdata")
CHINOOK_SQLITE = REALDATA / "dumps" / "chinook" / "Chinook_Sqlite.sql"

SYNTHETIC_SCRIPT = """\
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE [Patient]
(
    [PatientId] INTEGER NOT NULL,
    [Prenom] NVARCHAR(40) NOT NULL,
    [Nom] NVARCHAR(40) NOT NULL,
    [Adresse] NVARCHAR(80),
    [Email] NVARCHAR(60),
    CONSTRAINT [PK_Patient] PRIMARY KEY ([PatientId])
);
CREATE TABLE "Consultation" (id INTEGER PRIMARY KEY AUTOINCREMENT, patient INTEGER, motif TEXT);
INSERT INTO [Patient] ([PatientId], [Prenom], [Nom], [Adresse], [Email]) VALUES
    (1, 'Jeanne', 'Dupré-L''Hermite', '12 rue de l''Église, 42000 Saint-Étienne', 'jeanne.lhermite@exemple.fr'),
    (2, 'Amédée', 'O''Neill', '3 allée des Tilleuls, 69003 Lyon', 'amedee.oneill@exemple.fr');
INSERT INTO "Consultation" VALUES(1, 1, 'Dossier C:\\patients\\lhermite, vue par le Dr Martin');
INSERT INTO "Consultation" VALUES(2, 2, 'Douleur à l''épaule droite');
COMMIT;
"""


def _row_counts(script: str) -> dict[str, int]:
    database = sqlite3.connect(":memory:")
    database.executescript(script)
    tables = [name for (name,) in database.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {table: database.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            for table in tables if not table.startswith("sqlite_")}


def _redacted(source: Path, tmp_path: Path, detector) -> str:
    output = tmp_path / f"redacted_{source.name}"
    summary = redact_path(source, output, RedactionPolicy(key=KEY), detector=detector)
    assert summary.output == output and summary.records_dropped == 0 and summary.unparsed == 0
    return output.read_text(encoding="utf-8")


def test_synthetic_sqlite_script_is_read_and_reloads_with_same_row_counts(tmp_path, detector):
    source = tmp_path / "cabinet.sql"
    source.write_text(SYNTHETIC_SCRIPT, encoding="utf-8")
    assert detect_format(source) is Format.SQLITE_SCRIPT
    records = list(read_records(source))
    assert not [r for r in records if isinstance(r, ReadError)]
    assert {r.fields["Nom"] for r in records if r.table == "Patient"} == {"Dupré-L'Hermite", "O'Neill"}
    assert [r.fields["motif"] for r in records if r.table == "Consultation"][0].startswith("Dossier C:\\patients\\")
    redacted = _redacted(source, tmp_path, detector)
    assert "\\'" not in redacted and "L''Hermite" not in redacted and "jeanne.lhermite" not in redacted
    assert _row_counts(redacted) == _row_counts(SYNTHETIC_SCRIPT) == {"Patient": 2, "Consultation": 2}


def test_chinook_sqlite_script_reloads_with_same_row_counts(tmp_path, detector):
    if not CHINOOK_SQLITE.exists():
        pytest.skip(f"{CHINOOK_SQLITE} is absent (the realdata development set is not here)")
    before = _row_counts(CHINOOK_SQLITE.read_text(encoding="utf-8"))
    after = _row_counts(_redacted(CHINOOK_SQLITE, tmp_path, detector))
    assert len(before) == 11 and all(before.values())
    assert after == before
