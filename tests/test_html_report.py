"""The HTML report: self-contained, escaped, masked; and it renders in real headless Chromium."""

import json
import re
import struct
import subprocess
import zlib
import html
from html import escape
from pathlib import Path

import pytest

from scanner.html_report import render_html, write_html
from scanner.scan import ScanConfig, scan_paths
from scanner.watchlist import parse_watchlist

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CHROMIUM = Path("/usr/bin/chromium")


def _e(text: str) -> str:
    return escape(text, quote=True)

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


# ------------------------------------------------------------------ reflow

MEASURE = """<script>
for (const details of document.querySelectorAll("details")) details.open = true;
const width = document.documentElement.clientWidth;
let right = 0, widest = "";
for (const element of document.body.querySelectorAll("*")) {
  const box = element.getBoundingClientRect();
  if (box.right > right) { right = box.right; widest = element.tagName + " " + (element.textContent || "").slice(0, 80); }
}
const rows = [...document.querySelectorAll(".errors tbody tr")].map(row => row.getBoundingClientRect().height);
const out = document.createElement("pre");
out.id = "measure";
out.textContent = JSON.stringify({width, scrollWidth: document.documentElement.scrollWidth, right, widest,
                                  errorRow: Math.max(0, ...rows)});
document.body.appendChild(out);
</script>"""


def measure_layout(page: str, width: int, tmp_path: Path) -> dict:
    """Render ``page`` at ``width`` px in headless Chromium with every section open, and
    measure the right edge of its widest element and the tallest row of unreadable parts
    (a measuring script added to a copy: the report itself forbids scripts)."""
    copy = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page).replace("</body>", MEASURE + "</body>")
    path = tmp_path / f"measure-{width}.html"
    path.write_text(copy, encoding="utf-8")
    result = run_chromium(path.resolve().as_uri(), tmp_path, "--dump-dom", f"--window-size={width},900", "--hide-scrollbars")
    assert result.returncode == 0, result.stderr[-2000:]
    found = re.search(r'<pre id="measure">(.*?)</pre>', result.stdout, re.DOTALL)
    assert found, result.stdout[-2000:]
    return json.loads(html.unescape(found.group(1)))


def crowded_report() -> dict:
    """A synthetic report: very long paths, many sources and tables, every entity type,
    long messages of unreadable parts."""
    deep = "/srv/incident-2026-11/" + "/".join(f"extraction_{i:02}_hopital_regional_nord_ouest" for i in range(6))
    types = ["ADDRESS", "DATE_TIME", "DIAGNOSIS", "EMAIL_ADDRESS", "FR_ADELI", "FR_FINESS", "FR_NIR", "FR_RPPS",
             "HEALTH_FACILITY", "IBAN_CODE", "MEDICATION", "PERSON", "PHONE_NUMBER", "PROCEDURE", "SENSITIVE_TRAIT"]
    sources = []
    for i in range(40):
        columns = [
            {"column": f"{t.lower()}_colonne_avec_un_nom_tres_long_{i}", "kind": "free_text" if t == "DIAGNOSIS" else "structured",
             "rows": 12345, "findings": {t: 12345 - j, "PERSON": 99999}, "sensitive_rows": 345 if t == "DIAGNOSIS" else 0,
             "sensitive_share": 0.028 if t == "DIAGNOSIS" else 0.0}
            for j, t in enumerate(types)
        ]
        sources.append({"source": f"{deep}/dump_{i:02}_sans_espaces_{'x' * 80}.sql", "table": f"table_{i:02}_{'y' * 60}",
                         "records": 12345, "sensitive": 345, "sensitive_share": 0.028, "columns": columns})
    return {
        "schema_version": 2, "vigie_version": "0.1.0", "inputs": [deep + "/" + "z" * 200],
        "files": 40, "skipped_not_data": 3,
        "records": {"total": 493800, "sensitive": 13800, "administrative": 400000, "none": 80000, "unparsed": 150},
        "entities": {t: 1234567 for t in types}, "examples": {t: "*" * 60 for t in types},
        "categories": {"mental_health": 1234, "hiv_sti": 567}, "findings_by_category": {"mental_health": 2345},
        "persons": {"distinct": 123456, "method": "nir+name_birthdate"}, "duplicates": 2345,
        "free_text": {"records": 123456, "sensitive": 13800}, "sources": sources,
        "watchlist": [{"line": i, "records": i} for i in range(1, 20)],
        "errors": [{"source": f"{deep}/broken_{i}.sql", "line": i,
                    "message": "unexpected end of file inside a quoted literal in the INSERT statement starting on "
                               f"line {i} (truncated dump?) " * 4} for i in range(150)],
    }


@pytest.fixture(scope="module")
def every_fixture_report(detector):
    return scan_paths([FIXTURES], ScanConfig(jobs=1), detector=detector).to_report()


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install -y chromium)")
@pytest.mark.parametrize("width", [1280, 700])
@pytest.mark.parametrize("which", ["fixtures", "crowded"])
def test_html_report_reflows_without_horizontal_overflow(which, width, every_fixture_report, tmp_path):
    report = every_fixture_report if which == "fixtures" else crowded_report()
    found = measure_layout(render_html(report, generated_at="2026-11-29 12:00:00 UTC"), width, tmp_path)
    assert found["width"] == width, found
    assert found["right"] <= width and found["scrollWidth"] <= width, found
    assert found["errorRow"] < 60, found  # two lines of message at most


@pytest.fixture(scope="module")
def tables_report(detector):
    return scan_paths([FIXTURES / "tables"], ScanConfig(jobs=1), detector=detector).to_report()


@pytest.mark.parametrize("which", ["tables", "every fixture"])
def test_html_report_holds_every_column_health_first(which, tables_report, every_fixture_report):
    report = tables_report if which == "tables" else every_fixture_report
    page = render_html(report)
    heat = page[page.index('<table class="heat">'):page.index("</table>", page.index('<table class="heat">'))]
    head = heat[:heat.index("</thead>")]
    types = re.findall(r'<th class="t"[^>]*>([A-Z_]+)</th>', head)
    assert set(types) == set(report["entities"]) and types[0] == "DIAGNOSIS"
    rows = re.findall(r"<tr><td><b>([^<]+)</b><br><code[^>]*>([^<]+)</code>", heat)
    pairs = [(s, c) for s in report["sources"] for c in s["columns"] if c["findings"]]
    assert len(rows) == len(pairs)  # nothing cut
    names = [name.rsplit(".", 1)[-1] for name, _ in rows]
    first_identity = heat.index("Identity and contact columns")
    for health in ("motif", "observation"):
        assert health in names and heat.index(f".{health}</b>") < first_identity
    details = page[page.index("<h2>Sources and tables</h2>"):]
    for source in report["sources"]:
        assert _e(source["source"]) in details
        if source["table"]:
            assert f"<summary><b>{_e(source['table'])}</b>" in details
        for column in source["columns"]:
            if column["findings"]:
                assert f"<b>{_e(column['column'])}</b>" in details
    assert "more columns" not in page
    for text in ("identity or contact data only", "nothing found", "Next steps", "vigie redact INPUT"):
        assert text in page, text


@pytest.mark.parametrize(("path", "shown", "title"), [
    ("fixtures/tables/patients.csv", "fixtures/tables/patients.csv", False),
    ("/srv/" + "a" * 70 + "/export/patients.csv", "…/export/patients.csv", True),
    ("/srv/" + "b" * 90, "…" + "b" * 55, True),
])
def test_long_paths_are_shortened_with_the_full_path_as_tooltip(path, shown, title):
    report = {"schema_version": 2, "records": {"total": 1, "administrative": 1},
              "sources": [{"source": path, "table": None, "records": 1, "sensitive": 0, "sensitive_share": 0.0,
                           "columns": [{"column": "nir", "kind": "structured", "rows": 1, "findings": {"FR_NIR": 1},
                                        "sensitive_rows": 0, "sensitive_share": 0.0}]}]}
    page = render_html(report)
    assert f">{shown}</code>" in page
    assert (f'title="{path}"' in page) is title
