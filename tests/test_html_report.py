"""The HTML report: self-contained, escaped, masked; and it renders in real headless Chromium."""

import re
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from scanner.html_report import render_html, write_html
from scanner.scan import ScanConfig, scan_paths
from scanner.watchlist import parse_watchlist

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="module")
def fixture_report(detector, tmp_path_factory):
    """The report of the bundled patients table and notes, with a small watchlist."""
    notes = tmp_path_factory.mktemp("notes") / "notes.jsonl"
    notes.write_text("\n".join((FIXTURES / "notes.jsonl").read_text(encoding="utf-8").splitlines()[:60]) + "\n")
    watchlist, _ = parse_watchlist(["Camille ROUX", "2 95 10 99 126 111 93"])
    summary = scan_paths(
        [FIXTURES / "tables" / "patients.csv", notes], ScanConfig(watchlist=watchlist), detector=detector,
    )
    return summary.to_report()


def test_html_report_is_self_contained(fixture_report):
    page = render_html(fixture_report, generated_at="2024-06-11 10:00:00 UTC")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "<style>" in page
    assert "<script" not in page.lower() and "<link" not in page.lower()
    assert not re.search(r"""(src|href)\s*=|url\(|@import""", page, re.IGNORECASE)
    assert set(re.findall(r"https?://[^\s\"'<>]+", page)) <= {"http://www.w3.org/2000/svg"}


def test_html_report_has_sizing_figures_and_metadata(fixture_report):
    page = render_html(fixture_report, generated_at="2024-06-11 10:00:00 UTC")
    for text in ("Records by class", "Special categories", "Columns × entity types", "distinct persons",
                 "duplicate records", "records with free text", "Watchlist (by line number)",
                 "2024-06-11 10:00:00 UTC", f"vigie {fixture_report['vigie_version']}", "report schema 2",
                 "patients.csv"):
        assert text in page, text
    assert fixture_report["examples"]["FR_NIR"] in page


def test_html_report_never_shows_raw_values(fixture_report, fixtures_dir):
    page = render_html(fixture_report)
    header = (fixtures_dir / "tables" / "patients.csv").read_text(encoding="utf-8").splitlines()[1].split(",")
    nir, phone = header[4], header[5]
    assert nir not in page and phone not in page
    assert "Camille ROUX" not in page and "2 95 10 99 126 111 93" not in page


def test_html_report_escapes_every_value():
    report = {
        "schema_version": 2, "inputs": ["<img src=x onerror=alert(1)>"],
        "records": {"total": 1, "sensitive": 1},
        "entities": {"<b>X</b>": 1}, "examples": {"<b>X</b>": "<script>alert(1)</script>"},
        "categories": {"a&b": 1},
        "sources": [{"source": "\"><svg onload=alert(1)>", "table": "<t>", "records": 1, "sensitive_share": 1.0,
                     "columns": [{"column": "<c>", "kind": "free_text", "rows": 1, "findings": {"<e>": 1},
                                  "sensitive_rows": 1, "sensitive_share": 1.0}]}],
        "errors": [{"source": "<s>", "line": 1, "message": "<m>"}],
    }
    page = render_html(report)
    for raw in ("<img", "<script", "<b>X", "<svg onload", "<c>", "<e>", "<s>", "<m>", "<t>"):
        assert raw not in page, raw
    assert "&lt;script&gt;" in page and "a&amp;b" in page


# ------------------------------------------------------------------ real browser


def png_colours(data: bytes) -> int:
    """Distinct pixel colours of an 8-bit PNG (stdlib only: chunks, zlib, row filters)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, []
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour_type = struct.unpack(">IIBB", body[:10])
            assert depth == 8
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + length
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour_type]
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    prev, colours, i = bytearray(stride), set(), 0
    for _ in range(height):
        kind, line = raw[i], bytearray(raw[i + 1 : i + 1 + stride])
        i += 1 + stride
        if kind == 1:
            for x in range(channels, stride):
                line[x] = (line[x] + line[x - channels]) & 255
        elif kind == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif kind in (3, 4):
            for x in range(stride):
                a = line[x - channels] if x >= channels else 0
                b = prev[x]
                if kind == 3:
                    line[x] = (line[x] + ((a + b) >> 1)) & 255
                    continue
                c = prev[x - channels] if x >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        colours.update(bytes(line[x : x + channels]) for x in range(0, stride, channels))
        prev = line
    return len(colours)


def run_chromium(url: str, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *extra, url],
        capture_output=True, text=True, timeout=120,
    )


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install -y chromium)")
def test_html_report_renders_in_headless_chromium(fixture_report, tmp_path):
    page = tmp_path / "report.html"
    write_html(fixture_report, page)
    url = page.resolve().as_uri()

    shot = tmp_path / "report.png"
    result = run_chromium(url, tmp_path, f"--screenshot={shot}", "--window-size=1280,2000",
                          "--enable-logging=stderr", "--v=0")
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.exists() and shot.stat().st_size > 10_000
    assert png_colours(shot.read_bytes()) > 50  # a blank page has one or two
    for marker in ("Uncaught", ":CONSOLE", "Refused to", "net::ERR"):
        assert marker not in result.stderr, result.stderr[-2000:]

    dom = run_chromium(url, tmp_path, "--dump-dom")
    assert dom.returncode == 0
    assert "vigie exposure report" in dom.stdout and dom.stdout.count("<svg") >= 2
    assert 'class="heat"' in dom.stdout


def test_html_report_written_by_the_cli(cli_runner, cli_app, fixtures_dir, tmp_path):
    html = tmp_path / "r.html"
    result = cli_runner.invoke(cli_app, ["scan", str(fixtures_dir / "tables" / "patients.csv"), "--html", str(html)])
    assert result.exit_code == 0, result.output
    page = html.read_text(encoding="utf-8")
    assert "vigie exposure report" in page and "patients.csv" in page
    assert "Columns × entity types" in page
