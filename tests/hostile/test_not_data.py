"""Folders hold data and other files: code, documents and images met in a walk are left
out and counted as "skipped (not data)" (``skipped_not_data``), never read as a broken dump
nor copied unscanned by `vigie redact`; ``--include-other-files`` reads them as text."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.hostile.harness import assert_clean, assert_no_raw, nir_with_key, run_vigie

GENERATOR = Path(__file__).resolve().parents[2] / "fixtures" / "tables" / "generate_tables.py"
NIRS = [nir_with_key("1850775123456"), nir_with_key("2920213055123")]
KEY = "8" * 64


def make_folder(root: Path, with_image: bool) -> Path:
    """An export folder: one CSV of patients, the script that made it (its SQL text looks
    like a truncated dump), a README quoting a NIR, and maybe a PNG logo."""
    folder = root / "export"
    (folder / "docs").mkdir(parents=True)
    (folder / "patients.csv").write_text(f"id,nom,nir\n1,Hélène Marchand,{NIRS[0]}\n", encoding="utf-8")
    shutil.copy(GENERATOR, folder / "generate_tables.py")
    (folder / "docs" / "README.md").write_text(f"# Export\n\nExemple : patient NIR {NIRS[1]}.\n", encoding="utf-8")
    if with_image:
        (folder / "docs" / "logo.PNG").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)))
    return folder


@pytest.mark.parametrize(("args", "with_image", "code", "files", "not_data", "warned"), [
    ([], True, 0, 1, 3, "skipped (not data): 3 files of code, documents or images"),
    (["--include-other-files"], False, 0, 3, 0, None),
    (["--include-other-files"], True, 3, 4, 0, None),  # the PNG read as text: a binary file
], ids=["left-out", "included-as-text", "included-image-unreadable"])
def test_scan_counts_what_is_not_data(tmp_path, args, with_image, code, files, not_data, warned):
    folder = make_folder(tmp_path, with_image)
    report = tmp_path / "report.json"

    run = run_vigie(["scan", folder, "--report", report, "-j", "1", *args])

    assert_clean(run, code)
    data = json.loads(report.read_text())
    assert (data["files"], data["skipped_not_data"]) == (files, not_data)
    assert "truncated" not in run.stderr and "generate_tables.py" not in run.stderr
    assert (warned in run.stderr) if warned else "not data" not in run.stderr
    if code == 3:
        assert "logo.PNG: binary file" in run.stderr and data["records"]["unparsed"] == 1
    assert_no_raw(run, NIRS)


def test_a_script_named_on_the_command_line_is_read_as_text(tmp_path):
    folder = make_folder(tmp_path, with_image=False)
    run = run_vigie(["scan", folder / "generate_tables.py", "-q"])
    assert_clean(run, 0)


@pytest.mark.parametrize(("args", "written"), [
    ([], ["patients.csv"]),
    (["--include-other-files"], ["docs/README.md", "generate_tables.py", "patients.csv"]),
], ids=["left-out-of-the-copy", "redacted-as-text"])
def test_redact_never_copies_unscanned_files(tmp_path, args, written):
    folder = make_folder(tmp_path, with_image=False)
    out = tmp_path / "redacted"

    run = run_vigie(["redact", folder, "--output", out, *args], outputs=out, env={"VIGIE_KEY": KEY})

    assert_clean(run, 0)
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == written
    assert ("skipped (not data): 2 files" in run.stderr) is not args
    assert_no_raw(run, NIRS)
