"""Watchlist: records per watched person, reported by line number, never by value."""

import json

import pytest

from scanner.scan import ScanConfig, scan_paths
from scanner.watchlist import load_watchlist, parse_watchlist

WATCHLIST = """# persons to watch (synthetic)
Camille ROUX

2.95.10.99.126.111.93
roux camille
Hélène Lefèvre
DURAND
1 85 05 78 006 084 99
ROUX Roux
185057800608491
"""

NOTES = [
    {"id": "A", "text": "Mme Camille ROUX, née le 12/10/1995, vue ce jour pour un asthme."},
    {"id": "B", "text": "NIR 2 95 10 99 126 111 93, rappel demain."},
    {"id": "C", "text": "Revue ce jour : Mme Helene LEFEVRE, sans particularité."},
    {"id": "D", "text": "Mme Camille DURAND et M. Paul ROUX, voisins."},
]

CSV = """id,nom,prenom,nir
1,Roux,Camille,
2,LEFÈVRE,Hélène Marie,
3,MARTIN,Jean,185057800608491
"""


@pytest.mark.parametrize(
    ("line", "kind"),
    [("Camille ROUX", "name"), ("2 95 10 99 126 111 93", "nir"), ("2-95-10-99-126-111-93", "nir"),
     ("295109912611193", "nir"), ("2 53 07 2b 073 004 70", "nir"), ("Dr Jean-Pierre MARTIN", "name")],
)
def test_parse_watchlist_accepts_names_and_nirs(line, kind):
    watchlist, warnings = parse_watchlist([line])
    assert warnings == [] and [e.kind for e in watchlist.entries] == [kind]


@pytest.mark.parametrize("line", ["ROUX", "2 95 10 99 126 111 99", "12345", "Mme ROUX", "Camille 2 ROUX"])
def test_parse_watchlist_warns_by_line_number_only(line):
    watchlist, warnings = parse_watchlist(["# header", line])
    assert watchlist.entries == []
    assert warnings == ["watchlist line 2: neither a valid NIR nor a name of two words or more; ignored"]
    assert line not in warnings[0]


def test_watchlist_counts_records_per_line(detector, tmp_path):
    notes = tmp_path / "notes.jsonl"
    notes.write_text("".join(json.dumps(n, ensure_ascii=False) + "\n" for n in NOTES), encoding="utf-8")
    table = tmp_path / "patients.csv"
    table.write_text(CSV, encoding="utf-8")
    listing = tmp_path / "watch.txt"
    listing.write_text(WATCHLIST, encoding="utf-8")
    watchlist, warnings = load_watchlist(listing)
    assert [w.split(":")[0] for w in warnings] == ["watchlist line 7", "watchlist line 8", "watchlist line 9"]
    report = scan_paths([notes, table], ScanConfig(watchlist=watchlist), detector=detector).to_report()
    assert report["watchlist"] == [
        {"line": 2, "records": 2},  # note A (PERSON), row 1 (nom + prenom); not note D (two persons)
        {"line": 4, "records": 1},  # note B (NIR)
        {"line": 5, "records": 2},  # same as line 2, other order and case
        {"line": 6, "records": 2},  # note C (accents folded), row 2 (a second first name)
        {"line": 10, "records": 1},  # row 3 (nir column)
    ]
    text = json.dumps(report, ensure_ascii=False)
    for value in ("Camille", "ROUX", "Lefèvre", "295109912611193", "185057800608491"):
        assert value not in text
