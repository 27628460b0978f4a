"""Regenerate ``docs/report.png``, the README's picture of the HTML report.

Run from the repository root: ``python docs/make_report_png.py`` (needs /usr/bin/chromium).
It scans the bundled synthetic fixtures (every table of ``fixtures/tables/``, with its
malformed files, and the notes of ``fixtures/notes.jsonl``), writes the HTML report to a
temporary folder and screenshots its top (1280 px wide) in headless Chromium. Synthetic
data only, masked examples only.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scanner.html_report import write_html  # noqa: E402
from scanner.scan import ScanConfig, scan_paths  # noqa: E402
from scanner.watchlist import parse_watchlist  # noqa: E402

OUTPUT = ROOT / "docs" / "report.png"


def main() -> int:
    watchlist, _ = parse_watchlist(["Camille ROUX", "2 95 10 99 126 111 93"])
    inputs = [Path("fixtures/tables"), Path("fixtures/notes.jsonl")]
    os.chdir(ROOT)
    report = scan_paths(inputs, ScanConfig(watchlist=watchlist)).to_report()
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "report.html"
        write_html(report, page, generated_at="2026-11-29 12:00:00 UTC")
        subprocess.run(
            ["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", f"--user-data-dir={tmp}/profile", f"--screenshot={OUTPUT}",
             "--window-size=1280,2000", "--hide-scrollbars", page.as_uri()],
            check=True, capture_output=True,
        )
    print(f"{OUTPUT}: {OUTPUT.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
