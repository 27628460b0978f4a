"""The public API (``import scanner``), used as a notebook or a service would: only the
names of ``scanner.__all__``, on synthetic French text, records and files."""

import json
import subprocess
import sys


def test_import_has_no_side_effects():
    child = """
import gc, json, sys
before = list(sys.meta_path)
import scanner
print(json.dumps({"meta_path": sys.meta_path == before, "frozen": gc.get_freeze_count(),
                  "spacy": "spacy" in sys.modules, "presidio": "presidio_analyzer" in sys.modules}))
"""
    out = subprocess.run([sys.executable, "-c", child], check=True, capture_output=True, text=True)
    assert json.loads(out.stdout) == {"meta_path": True, "frozen": 0, "spacy": False, "presidio": False}
